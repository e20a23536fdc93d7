// Every GraphQL document the demo sends to the gateway, each a typed operation: the types of its answer and its
// variables are what GraphQL Code Generator generates from the document against the gateway's schema
// (`npm run codegen` writes them to generated/operations.ts). Each document is written out whole, no interpolation,
// so that the generator and a test (gateway-api/test/unit/schema.test.ts) pluck every one from the source.
import type {
  AddToPoolMutation,
  AddToPoolMutationVariables,
  ClosePoolMutation,
  ClosePoolMutationVariables,
  CommissionUnitsMutation,
  CommissionUnitsMutationVariables,
  CompleteLotQaReleaseMutation,
  CompleteLotQaReleaseMutationVariables,
  ConsortiumQuery,
  ConsortiumQueryVariables,
  ContinueLookBackMutation,
  ContinueLookBackMutationVariables,
  CreateLotMutation,
  CreateLotMutationVariables,
  CreatePoolMutation,
  CreatePoolMutationVariables,
  DispatchShipmentMutation,
  DispatchShipmentMutationVariables,
  DonationProgressOfQuery,
  DonationProgressOfQueryVariables,
  DonorDonationsQuery,
  DonorDonationsQueryVariables,
  EnrolStoryDeviceMutation,
  EnrolStoryDeviceMutationVariables,
  GoverningRuleSetQuery,
  GoverningRuleSetQueryVariables,
  IndexedHeightQuery,
  IndexedHeightQueryVariables,
  LoginMutation,
  LoginMutationVariables,
  LookBackCaseOfQuery,
  LookBackCaseOfQueryVariables,
  LotOfQuery,
  LotOfQueryVariables,
  OpenLookBackMutation,
  OpenLookBackMutationVariables,
  PackCaseMutation,
  PackCaseMutationVariables,
  PoolOfQuery,
  PoolOfQueryVariables,
  QuarantineDonationsMutation,
  QuarantineDonationsMutationVariables,
  ReceiveShipmentMutation,
  ReceiveShipmentMutationVariables,
  RecordDonationMutation,
  RecordDonationMutationVariables,
  RecordProcessStepMutation,
  RecordProcessStepMutationVariables,
  RecordScreeningMutation,
  RecordScreeningMutationVariables,
  RecordStorageMutation,
  RecordStorageMutationVariables,
  RecordTestResultMutation,
  RecordTestResultMutationVariables,
  ReleaseDonationsMutation,
  ReleaseDonationsMutationVariables,
  ReleaseLotByRegulatorMutation,
  ReleaseLotByRegulatorMutationVariables,
  ShipCasesMutation,
  ShipCasesMutationVariables,
  ShipmentOfQuery,
  ShipmentOfQueryVariables,
  ShippingCaseOfQuery,
  ShippingCaseOfQueryVariables,
  SignLotQaReleaseMutation,
  SignLotQaReleaseMutationVariables,
  StoreJsonDocumentMutation,
  StoreJsonDocumentMutationVariables,
  TestResultsOfQuery,
  TestResultsOfQueryVariables,
  UnitOfQuery,
  UnitOfQueryVariables,
} from './generated/operations';
import { DONATION_SUMMARY_FIELDS, LOT_SUMMARY_FIELDS } from './fragments';
import { operation } from './operation';

// ---- signing in ------------------------------------------------------------------------------------------------------

export const Login = operation<LoginMutation, LoginMutationVariables>(/* GraphQL */ `
  mutation Login($org: String!, $username: String!, $password: String!) {
    login(org: $org, username: $username, password: $password) {
      token
    }
  }
`);

/** The story's own key for the person, made on Node's WebCrypto as the explorer makes one in a browser. */
export const EnrolStoryDevice = operation<EnrolStoryDeviceMutation, EnrolStoryDeviceMutationVariables>(/* GraphQL */ `
  mutation EnrolStoryDevice($label: String!, $certificateRequest: String!) {
    enrolDevice(label: $label, certificateRequest: $certificateRequest) {
      id
    }
  }
`);

// ---- reading the projection ------------------------------------------------------------------------------------------

export const IndexedHeight = operation<IndexedHeightQuery, IndexedHeightQueryVariables>(/* GraphQL */ `
  query IndexedHeight {
    networkStatus {
      indexedHeight
    }
  }
`);

/** Every member whole, for the chaincode's own reader of the registry to check. */
export const Consortium = operation<ConsortiumQuery, ConsortiumQueryVariables>(/* GraphQL */ `
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
`);

export const GoverningRuleSet = operation<GoverningRuleSetQuery, GoverningRuleSetQueryVariables>(/* GraphQL */ `
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
export const DonorDonations = operation<DonorDonationsQuery, DonorDonationsQueryVariables>(/* GraphQL */ `
  query DonorDonations($pseudonym: String!) {
    downstreamOfDonor(pseudonym: $pseudonym) {
      donations
    }
  }
`);

export const DonationProgressOf = operation<DonationProgressOfQuery, DonationProgressOfQueryVariables>(
  /* GraphQL */ `
    query DonationProgressOf($din: String!) {
      donation(din: $din) {
        ...DonationSummaryFields
      }
    }
  `,
  [DONATION_SUMMARY_FIELDS],
);

export const ShipmentOf = operation<ShipmentOfQuery, ShipmentOfQueryVariables>(/* GraphQL */ `
  query ShipmentOf($shipmentId: String!) {
    shipment(shipmentId: $shipmentId) {
      shipmentId
      status
    }
  }
`);

export const PoolOf = operation<PoolOfQuery, PoolOfQueryVariables>(/* GraphQL */ `
  query PoolOf($poolDin: String!) {
    pool(poolDin: $poolDin) {
      poolDin
      status
    }
  }
`);

export const LotOf = operation<LotOfQuery, LotOfQueryVariables>(
  /* GraphQL */ `
    query LotOf($lotId: String!) {
      lot(lotId: $lotId) {
        lot {
          ...LotSummaryFields
        }
        awaitingSignatures
        signedWaiting {
          meaning
        }
      }
    }
  `,
  [LOT_SUMMARY_FIELDS],
);

export const TestResultsOf = operation<TestResultsOfQuery, TestResultsOfQueryVariables>(/* GraphQL */ `
  query TestResultsOf($kind: TestSubjectKind!, $id: String!) {
    testResults(kind: $kind, id: $id) {
      analyte
      conclusion
    }
  }
`);

export const UnitOf = operation<UnitOfQuery, UnitOfQueryVariables>(/* GraphQL */ `
  query UnitOf($code: String!) {
    unit(code: $code) {
      code
      status
    }
  }
`);

export const ShippingCaseOf = operation<ShippingCaseOfQuery, ShippingCaseOfQueryVariables>(/* GraphQL */ `
  query ShippingCaseOf($caseCode: String!) {
    shippingCase(caseCode: $caseCode) {
      caseCode
      status
    }
  }
`);

export const LookBackCaseOf = operation<LookBackCaseOfQuery, LookBackCaseOfQueryVariables>(/* GraphQL */ `
  query LookBackCaseOf($caseId: String!) {
    lookBackCase(caseId: $caseId) {
      caseId
      status
    }
  }
`);

// ---- collection ------------------------------------------------------------------------------------------------------

export const RecordDonation = operation<RecordDonationMutation, RecordDonationMutationVariables>(
  /* GraphQL */ `
    mutation RecordDonation($input: DonationInput!) {
      recordDonation(input: $input) {
        ...DonationSummaryFields
      }
    }
  `,
  [DONATION_SUMMARY_FIELDS],
);

export const RecordScreening = operation<RecordScreeningMutation, RecordScreeningMutationVariables>(
  /* GraphQL */ `
    mutation RecordScreening($din: String!, $screening: ScreeningInput!) {
      recordScreening(din: $din, screening: $screening) {
        ...DonationSummaryFields
      }
    }
  `,
  [DONATION_SUMMARY_FIELDS],
);

export const RecordStorage = operation<RecordStorageMutation, RecordStorageMutationVariables>(
  /* GraphQL */ `
    mutation RecordStorage($dins: [String!]!, $storage: StorageInput!) {
      recordStorage(dins: $dins, storage: $storage) {
        ...DonationSummaryFields
      }
    }
  `,
  [DONATION_SUMMARY_FIELDS],
);

// ---- shipping --------------------------------------------------------------------------------------------------------

export const DispatchShipment = operation<DispatchShipmentMutation, DispatchShipmentMutationVariables>(/* GraphQL */ `
  mutation DispatchShipment($shipment: ShipmentDispatchInput!) {
    dispatchShipment(shipment: $shipment) {
      shipmentId
      status
    }
  }
`);

export const ReceiveShipment = operation<ReceiveShipmentMutation, ReceiveShipmentMutationVariables>(/* GraphQL */ `
  mutation ReceiveShipment($shipmentId: String!, $receipt: ShipmentReceiptInput!) {
    receiveShipment(shipmentId: $shipmentId, receipt: $receipt) {
      shipmentId
      status
    }
  }
`);

export const QuarantineDonations = operation<QuarantineDonationsMutation, QuarantineDonationsMutationVariables>(
  /* GraphQL */ `
    mutation QuarantineDonations($dins: [String!]!) {
      quarantineDonations(dins: $dins) {
        ...DonationSummaryFields
      }
    }
  `,
  [DONATION_SUMMARY_FIELDS],
);

// ---- pooling ---------------------------------------------------------------------------------------------------------

export const ReleaseDonations = operation<ReleaseDonationsMutation, ReleaseDonationsMutationVariables>(
  /* GraphQL */ `
    mutation ReleaseDonations($dins: [String!]!) {
      releaseDonations(dins: $dins) {
        ...DonationSummaryFields
      }
    }
  `,
  [DONATION_SUMMARY_FIELDS],
);

export const CreatePool = operation<CreatePoolMutation, CreatePoolMutationVariables>(/* GraphQL */ `
  mutation CreatePool($pool: PoolInput!) {
    createPool(pool: $pool) {
      poolDin
      status
    }
  }
`);

export const AddToPool = operation<AddToPoolMutation, AddToPoolMutationVariables>(/* GraphQL */ `
  mutation AddToPool($poolDin: String!, $dins: [String!]!) {
    addToPool(poolDin: $poolDin, dins: $dins) {
      poolDin
      added
      count
    }
  }
`);

export const ClosePool = operation<ClosePoolMutation, ClosePoolMutationVariables>(/* GraphQL */ `
  mutation ClosePool($poolDin: String!) {
    closePool(poolDin: $poolDin) {
      poolDin
      status
    }
  }
`);

// ---- testing and manufacture -----------------------------------------------------------------------------------------

/** A JSON document (raw data, process parameters) stored off-chain; the ledger cites its SHA-256. */
export const StoreJsonDocument = operation<StoreJsonDocumentMutation, StoreJsonDocumentMutationVariables>(/* GraphQL */ `
  mutation StoreJsonDocument($fileName: String!, $json: JsonDocument!) {
    storeDocument(fileName: $fileName, mediaType: "application/json", json: $json) {
      document {
        sha256
      }
    }
  }
`);

export const RecordTestResult = operation<RecordTestResultMutation, RecordTestResultMutationVariables>(/* GraphQL */ `
  mutation RecordTestResult($result: TestResultInput!) {
    recordTestResult(result: $result) {
      resultId
      analyte
      conclusion
    }
  }
`);

export const CreateLot = operation<CreateLotMutation, CreateLotMutationVariables>(
  /* GraphQL */ `
    mutation CreateLot($lot: LotInput!) {
      createLot(lot: $lot) {
        ...LotSummaryFields
      }
    }
  `,
  [LOT_SUMMARY_FIELDS],
);

export const RecordProcessStep = operation<RecordProcessStepMutation, RecordProcessStepMutationVariables>(/* GraphQL */ `
  mutation RecordProcessStep($lotId: String!, $step: ProcessStepInput!) {
    recordProcessStep(lotId: $lotId, step: $step) {
      seq
      digest
    }
  }
`);

// ---- release ---------------------------------------------------------------------------------------------------------

export const SignLotQaRelease = operation<SignLotQaReleaseMutation, SignLotQaReleaseMutationVariables>(
  /* GraphQL */ `
    mutation SignLotQaRelease($lotId: String!, $signature: QaReleaseSignature!, $password: String!) {
      signLotQaRelease(lotId: $lotId, signature: $signature, password: $password) {
        lotId
        lot {
          ...LotSummaryFields
        }
        waitingFor
        signedWaiting {
          meaning
        }
      }
    }
  `,
  [LOT_SUMMARY_FIELDS],
);

export const CompleteLotQaRelease = operation<CompleteLotQaReleaseMutation, CompleteLotQaReleaseMutationVariables>(
  /* GraphQL */ `
    mutation CompleteLotQaRelease($lotId: String!) {
      completeLotQaRelease(lotId: $lotId) {
        ...LotSummaryFields
      }
    }
  `,
  [LOT_SUMMARY_FIELDS],
);

export const ReleaseLotByRegulator = operation<ReleaseLotByRegulatorMutation, ReleaseLotByRegulatorMutationVariables>(
  /* GraphQL */ `
    mutation ReleaseLotByRegulator($lotId: String!, $password: String!) {
      releaseLotByRegulator(lotId: $lotId, password: $password) {
        ...LotSummaryFields
      }
    }
  `,
  [LOT_SUMMARY_FIELDS],
);

// ---- distribution ----------------------------------------------------------------------------------------------------

export const CommissionUnits = operation<CommissionUnitsMutation, CommissionUnitsMutationVariables>(/* GraphQL */ `
  mutation CommissionUnits($lotId: String!, $units: [String!]!) {
    commissionUnits(lotId: $lotId, units: $units) {
      lotId
      commissioned
      unitCount
    }
  }
`);

export const PackCase = operation<PackCaseMutation, PackCaseMutationVariables>(/* GraphQL */ `
  mutation PackCase($lotId: String!, $shippingCase: ShippingCaseInput!) {
    packCase(lotId: $lotId, shippingCase: $shippingCase) {
      caseCode
      status
    }
  }
`);

export const ShipCases = operation<ShipCasesMutation, ShipCasesMutationVariables>(/* GraphQL */ `
  mutation ShipCases($shipment: CaseShipmentInput!) {
    shipCases(shipment: $shipment) {
      shipmentId
      cases
      units
    }
  }
`);

// ---- look-back -------------------------------------------------------------------------------------------------------

export const OpenLookBack = operation<OpenLookBackMutation, OpenLookBackMutationVariables>(/* GraphQL */ `
  mutation OpenLookBack($donorPseudonym: String!, $reason: String!, $window: LookBackWindowInput!) {
    openLookBack(donorPseudonym: $donorPseudonym, reason: $reason, window: $window) {
      caseId
      status
    }
  }
`);

export const ContinueLookBack = operation<ContinueLookBackMutation, ContinueLookBackMutationVariables>(/* GraphQL */ `
  mutation ContinueLookBack($caseId: String!) {
    continueLookBack(caseId: $caseId) {
      caseId
      status
    }
  }
`);
