// Every GraphQL document the demo sends to the gateway, each a typed operation: its answer typed with the chaincode's
// own records (the projection holds them as the ledger keeps them), its variables with the input types of the schema
// (gateway-api/src/graphql/modules/*/*.graphql). Each document is written out whole, no interpolation, so a test
// plucks every one from the source and validates it against the schema.
import type {
  Donation,
  EventPayloads,
  Lot,
  LookBackCase,
  LookBackProgress,
  Organisation,
  Pool,
  Product,
  RuleSet,
  Shipment,
  ShippingCase,
  TestResult,
  Unit,
} from '@plasma/chaincode';
import { operation } from './operation';

/**
 * The fields `K` of a chaincode record as a GraphQL selection answers them: a field the record leaves out comes as
 * null. Nested records are selected with their own `Answered` in place of the field.
 */
export type Answered<TRecord, K extends keyof TRecord> = {
  readonly [P in K]-?: undefined extends TRecord[P] ? Exclude<TRecord[P], undefined> | null : TRecord[P];
};

/** What storeDocument's `json` (the schema's JsonDocument) takes: any JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

// ---- the schema's input types, as the demo fills them ----------------------------------------------------------------

/** DonationInput: the nine items a bag scan records, less the station and operator, which come from the certificate. */
export type DonationInput = Pick<
  Donation,
  'din' | 'productCode' | 'donorPseudonym' | 'collectionStart' | 'collectionEnd' | 'volumeMl' | 'deviceSerial' | 'anticoagulantLot'
>;

export interface ScreeningTestInput {
  readonly analyte: string;
  readonly method: string;
  readonly result: string;
  readonly value?: number;
  readonly unit?: string;
  readonly conclusion: 'negative' | 'reactive';
  readonly instrument: string;
  readonly reagentLot?: string;
}

export interface ScreeningInput {
  readonly tests: readonly ScreeningTestInput[];
  readonly testedAt: string;
  readonly lab: string;
}

/** StorageInput: the donation's storage less its time, which is the transaction's. */
export type StorageInput = Omit<NonNullable<Donation['storage']>, 'storedAt'>;

export type ShipmentDispatchInput = Pick<Shipment, 'shipmentId' | 'destination' | 'dins' | 'temperatureC'> & {
  readonly loggerDevice?: string;
};

export interface ShipmentReceiptInput {
  readonly receivedDins: readonly string[];
  readonly temperatureC: number;
  readonly labelsChecked: boolean;
  readonly damagedDins?: readonly string[];
  readonly labelMismatchDins?: readonly string[];
}

/** TestResultInput: a result less what the transaction adds (its id, analyst, organisation, investigation, stamp). */
export type TestResultInput = Omit<TestResult, 'resultId' | 'analyst' | 'organisation' | 'investigation' | 'lastChange'>;

export interface PoolInput {
  /** With its check character. */
  readonly poolDin: string;
  readonly jurisdiction?: string;
}

export interface LotInput {
  readonly lotId: string;
  readonly product: Product;
  readonly pools: readonly string[];
  readonly jurisdiction?: string;
}

export interface ProcessStepInput {
  readonly step: string;
  readonly parameterDataHash: string;
  readonly equipment: string;
  readonly start: string;
  readonly end: string;
}

export type ShippingCaseInput = Pick<ShippingCase, 'caseCode' | 'units'>;

export interface CaseShipmentInput {
  readonly shipmentId: string;
  readonly destination: string;
  readonly cases: readonly string[];
}

export interface LookBackWindowInput {
  readonly from?: string;
  readonly to?: string;
  readonly jurisdiction?: string;
}

export type QaReleaseSignature = 'QA_REVIEW' | 'QP_RELEASE';
export type TestSubjectKind = 'DONATION' | 'POOL' | 'LOT';

// ---- the records as the demo reads them: one selection of each ---------------------------------------------------------

/** A demo donation's place on the story's path. */
export type DonationProgress = Answered<Donation, 'din' | 'status' | 'recordedAt'>;
export type PoolProgress = Answered<Pool, 'poolDin' | 'status'>;
export type LotProgress = Answered<Lot, 'lotId' | 'status' | 'stepCount' | 'pools'> & {
  readonly holds: readonly Answered<Lot['holds'][number], 'kind' | 'ref'>[];
};
/** A lot and the release signatures it still needs, and those waiting in the gateway for the other one. */
export interface LotReleaseProgress {
  readonly lot: LotProgress;
  readonly awaitingSignatures: readonly string[];
  readonly signedWaiting: readonly { readonly meaning: string }[];
}
export type DemoRuleSet = Answered<RuleSet, 'jurisdiction' | 'holdDays' | 'storageLimitC' | 'mandatoryTests'>;

// ---- signing in ------------------------------------------------------------------------------------------------------

export const Login = operation<{ login: { token: string } }, { org: string; username: string; password: string }>(/* GraphQL */ `
  mutation Login($org: String!, $username: String!, $password: String!) {
    login(org: $org, username: $username, password: $password) {
      token
    }
  }
`);

// ---- reading the projection ------------------------------------------------------------------------------------------

export const IndexedHeight = operation<{ networkStatus: { indexedHeight: number } }>(/* GraphQL */ `
  query IndexedHeight {
    networkStatus {
      indexedHeight
    }
  }
`);

/** Every member whole, for the chaincode's own reader of the registry to check. */
export const Consortium = operation<{ consortium: { organisations: readonly Answered<Organisation, keyof Organisation>[] } | null }>(
  /* GraphQL */ `
    query Consortium {
      consortium {
        organisations {
          mspId
          name
          kind
          facilities
          jurisdiction
          caCertificate
          retiredCaCertificates
        }
      }
    }
  `,
);

export const GoverningRuleSet = operation<{ ruleSet: DemoRuleSet | null }, { jurisdiction: string }>(/* GraphQL */ `
  query GoverningRuleSet($jurisdiction: String!) {
    ruleSet(jurisdiction: $jurisdiction) {
      jurisdiction
      holdDays
      storageLimitC
      mandatoryTests {
        donation
        pool
        lot
      }
    }
  }
`);

/** A donor's donations, in collection order. */
export const DonorDonations = operation<{ downstreamOfDonor: { donations: readonly string[] } }, { pseudonym: string }>(/* GraphQL */ `
  query DonorDonations($pseudonym: String!) {
    downstreamOfDonor(pseudonym: $pseudonym) {
      donations
    }
  }
`);

export const DonationProgressOf = operation<{ donation: DonationProgress | null }, { din: string }>(/* GraphQL */ `
  query DonationProgressOf($din: String!) {
    donation(din: $din) {
      din
      status
      recordedAt
    }
  }
`);

export const ShipmentOf = operation<{ shipment: Answered<Shipment, 'shipmentId' | 'status'> | null }, { shipmentId: string }>(
  /* GraphQL */ `
    query ShipmentOf($shipmentId: String!) {
      shipment(shipmentId: $shipmentId) {
        shipmentId
        status
      }
    }
  `,
);

export const PoolOf = operation<{ pool: PoolProgress | null }, { poolDin: string }>(/* GraphQL */ `
  query PoolOf($poolDin: String!) {
    pool(poolDin: $poolDin) {
      poolDin
      status
    }
  }
`);

export const LotOf = operation<{ lot: LotReleaseProgress | null }, { lotId: string }>(/* GraphQL */ `
  query LotOf($lotId: String!) {
    lot(lotId: $lotId) {
      lot {
        lotId
        status
        stepCount
        pools
        holds {
          kind
          ref
        }
      }
      awaitingSignatures
      signedWaiting {
        meaning
      }
    }
  }
`);

export const TestResultsOf = operation<
  { testResults: readonly Answered<TestResult, 'analyte' | 'conclusion'>[] },
  { kind: TestSubjectKind; id: string }
>(/* GraphQL */ `
  query TestResultsOf($kind: TestSubjectKind!, $id: String!) {
    testResults(kind: $kind, id: $id) {
      analyte
      conclusion
    }
  }
`);

export const UnitOf = operation<{ unit: Answered<Unit, 'code' | 'status'> | null }, { code: string }>(/* GraphQL */ `
  query UnitOf($code: String!) {
    unit(code: $code) {
      code
      status
    }
  }
`);

export const ShippingCaseOf = operation<{ shippingCase: Answered<ShippingCase, 'caseCode' | 'status'> | null }, { caseCode: string }>(
  /* GraphQL */ `
    query ShippingCaseOf($caseCode: String!) {
      shippingCase(caseCode: $caseCode) {
        caseCode
        status
      }
    }
  `,
);

export const LookBackCaseOf = operation<{ lookBackCase: Answered<LookBackCase, 'caseId' | 'status'> | null }, { caseId: string }>(
  /* GraphQL */ `
    query LookBackCaseOf($caseId: String!) {
      lookBackCase(caseId: $caseId) {
        caseId
        status
      }
    }
  `,
);

// ---- collection ------------------------------------------------------------------------------------------------------

export const RecordDonation = operation<{ recordDonation: DonationProgress }, { input: DonationInput }>(/* GraphQL */ `
  mutation RecordDonation($input: DonationInput!) {
    recordDonation(input: $input) {
      din
      status
      recordedAt
    }
  }
`);

export const RecordScreening = operation<{ recordScreening: DonationProgress }, { din: string; screening: ScreeningInput }>(/* GraphQL */ `
  mutation RecordScreening($din: String!, $screening: ScreeningInput!) {
    recordScreening(din: $din, screening: $screening) {
      din
      status
      recordedAt
    }
  }
`);

export const RecordStorage = operation<{ recordStorage: readonly DonationProgress[] }, { dins: readonly string[]; storage: StorageInput }>(
  /* GraphQL */ `
    mutation RecordStorage($dins: [String!]!, $storage: StorageInput!) {
      recordStorage(dins: $dins, storage: $storage) {
        din
        status
        recordedAt
      }
    }
  `,
);

// ---- shipping --------------------------------------------------------------------------------------------------------

export const DispatchShipment = operation<
  { dispatchShipment: Answered<Shipment, 'shipmentId' | 'status'> },
  { shipment: ShipmentDispatchInput }
>(/* GraphQL */ `
  mutation DispatchShipment($shipment: ShipmentDispatchInput!) {
    dispatchShipment(shipment: $shipment) {
      shipmentId
      status
    }
  }
`);

export const ReceiveShipment = operation<
  { receiveShipment: Answered<Shipment, 'shipmentId' | 'status'> },
  { shipmentId: string; receipt: ShipmentReceiptInput }
>(/* GraphQL */ `
  mutation ReceiveShipment($shipmentId: String!, $receipt: ShipmentReceiptInput!) {
    receiveShipment(shipmentId: $shipmentId, receipt: $receipt) {
      shipmentId
      status
    }
  }
`);

export const QuarantineDonations = operation<{ quarantineDonations: readonly DonationProgress[] }, { dins: readonly string[] }>(
  /* GraphQL */ `
    mutation QuarantineDonations($dins: [String!]!) {
      quarantineDonations(dins: $dins) {
        din
        status
        recordedAt
      }
    }
  `,
);

// ---- pooling ---------------------------------------------------------------------------------------------------------

export const ReleaseDonations = operation<{ releaseDonations: readonly DonationProgress[] }, { dins: readonly string[] }>(/* GraphQL */ `
  mutation ReleaseDonations($dins: [String!]!) {
    releaseDonations(dins: $dins) {
      din
      status
      recordedAt
    }
  }
`);

export const CreatePool = operation<{ createPool: PoolProgress }, { pool: PoolInput }>(/* GraphQL */ `
  mutation CreatePool($pool: PoolInput!) {
    createPool(pool: $pool) {
      poolDin
      status
    }
  }
`);

export const AddToPool = operation<
  { addToPool: Pick<EventPayloads['DonationsPooled'], 'poolDin' | 'added' | 'count'> },
  { poolDin: string; dins: readonly string[] }
>(/* GraphQL */ `
  mutation AddToPool($poolDin: String!, $dins: [String!]!) {
    addToPool(poolDin: $poolDin, dins: $dins) {
      poolDin
      added
      count
    }
  }
`);

export const ClosePool = operation<{ closePool: PoolProgress }, { poolDin: string }>(/* GraphQL */ `
  mutation ClosePool($poolDin: String!) {
    closePool(poolDin: $poolDin) {
      poolDin
      status
    }
  }
`);

// ---- testing and manufacture -----------------------------------------------------------------------------------------

/** A JSON document (raw data, process parameters) stored off-chain; the ledger cites its SHA-256. */
export const StoreJsonDocument = operation<{ storeDocument: { document: { sha256: string } } }, { fileName: string; json: JsonValue }>(
  /* GraphQL */ `
    mutation StoreJsonDocument($fileName: String!, $json: JsonDocument!) {
      storeDocument(fileName: $fileName, mediaType: "application/json", json: $json) {
        document {
          sha256
        }
      }
    }
  `,
);

export const RecordTestResult = operation<
  { recordTestResult: Answered<TestResult, 'resultId' | 'analyte' | 'conclusion'> },
  { result: TestResultInput }
>(/* GraphQL */ `
  mutation RecordTestResult($result: TestResultInput!) {
    recordTestResult(result: $result) {
      resultId
      analyte
      conclusion
    }
  }
`);

export const CreateLot = operation<{ createLot: LotProgress }, { lot: LotInput }>(/* GraphQL */ `
  mutation CreateLot($lot: LotInput!) {
    createLot(lot: $lot) {
      lotId
      status
      stepCount
      pools
      holds {
        kind
        ref
      }
    }
  }
`);

export const RecordProcessStep = operation<
  { recordProcessStep: { seq: number; digest: string } },
  { lotId: string; step: ProcessStepInput }
>(/* GraphQL */ `
  mutation RecordProcessStep($lotId: String!, $step: ProcessStepInput!) {
    recordProcessStep(lotId: $lotId, step: $step) {
      seq
      digest
    }
  }
`);

// ---- release ---------------------------------------------------------------------------------------------------------

export const SignLotQaRelease = operation<
  {
    signLotQaRelease: { lotId: string; lot: LotProgress | null; waitingFor: string | null; signedWaiting: readonly { meaning: string }[] };
  },
  { lotId: string; signature: QaReleaseSignature; password: string }
>(/* GraphQL */ `
  mutation SignLotQaRelease($lotId: String!, $signature: QaReleaseSignature!, $password: String!) {
    signLotQaRelease(lotId: $lotId, signature: $signature, password: $password) {
      lotId
      lot {
        lotId
        status
        stepCount
        pools
        holds {
          kind
          ref
        }
      }
      waitingFor
      signedWaiting {
        meaning
      }
    }
  }
`);

export const CompleteLotQaRelease = operation<{ completeLotQaRelease: LotProgress }, { lotId: string }>(/* GraphQL */ `
  mutation CompleteLotQaRelease($lotId: String!) {
    completeLotQaRelease(lotId: $lotId) {
      lotId
      status
      stepCount
      pools
      holds {
        kind
        ref
      }
    }
  }
`);

export const ReleaseLotByRegulator = operation<{ releaseLotByRegulator: LotProgress }, { lotId: string; password: string }>(/* GraphQL */ `
  mutation ReleaseLotByRegulator($lotId: String!, $password: String!) {
    releaseLotByRegulator(lotId: $lotId, password: $password) {
      lotId
      status
      stepCount
      pools
      holds {
        kind
        ref
      }
    }
  }
`);

// ---- distribution ----------------------------------------------------------------------------------------------------

export const CommissionUnits = operation<
  { commissionUnits: EventPayloads['UnitsCommissioned'] },
  { lotId: string; units: readonly string[] }
>(/* GraphQL */ `
  mutation CommissionUnits($lotId: String!, $units: [String!]!) {
    commissionUnits(lotId: $lotId, units: $units) {
      lotId
      commissioned
      unitCount
    }
  }
`);

export const PackCase = operation<
  { packCase: Answered<ShippingCase, 'caseCode' | 'status'> },
  { lotId: string; shippingCase: ShippingCaseInput }
>(/* GraphQL */ `
  mutation PackCase($lotId: String!, $shippingCase: ShippingCaseInput!) {
    packCase(lotId: $lotId, shippingCase: $shippingCase) {
      caseCode
      status
    }
  }
`);

export const ShipCases = operation<
  { shipCases: Pick<EventPayloads['CasesShipped'], 'shipmentId' | 'cases' | 'units'> },
  { shipment: CaseShipmentInput }
>(/* GraphQL */ `
  mutation ShipCases($shipment: CaseShipmentInput!) {
    shipCases(shipment: $shipment) {
      shipmentId
      cases
      units
    }
  }
`);

// ---- look-back -------------------------------------------------------------------------------------------------------

export const OpenLookBack = operation<
  { openLookBack: Pick<LookBackProgress, 'caseId' | 'status'> },
  { donorPseudonym: string; reason: string; window: LookBackWindowInput }
>(/* GraphQL */ `
  mutation OpenLookBack($donorPseudonym: String!, $reason: String!, $window: LookBackWindowInput!) {
    openLookBack(donorPseudonym: $donorPseudonym, reason: $reason, window: $window) {
      caseId
      status
    }
  }
`);

export const ContinueLookBack = operation<{ continueLookBack: Pick<LookBackProgress, 'caseId' | 'status'> }, { caseId: string }>(
  /* GraphQL */ `
    mutation ContinueLookBack($caseId: String!) {
      continueLookBack(caseId: $caseId) {
        caseId
        status
      }
    }
  `,
);
