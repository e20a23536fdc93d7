// A lineage as GS1 EPCIS 2.0 (JSON-LD binding): each chaincode event the lineage is made of becomes the EPCIS
// event that says the same thing in GS1's vocabulary (CBV 2.0) — pooling and fractionation as TransformationEvents,
// collection, tests, shipping, receiving, holds and releases as ObjectEvents, packing as AggregationEvents. Pure:
// records in, document out; the vocabulary choices and URI forms are documented in docs/epcis.md.
import { type Donation, EVENT_NAMES, type EventName, type EventPayloads, type Product } from '@plasma/chaincode';
import { DEFAULT_IDENTIFIER_OPTIONS, identifiers, type IdentifierOptions, type Identifiers } from './identifiers';
import type { LedgerEvent } from './ledger-events';

/** The GS1 EPCIS 2.0 JSON-LD context, which gives CBV words (bizSteps, dispositions...) their meaning. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
/** Prefix of this project's extension fields (GS1 allows namespaced user extensions). */
export const EXTENSION_PREFIX = 'pt';
/** Ledger times are UTC. */
const UTC = '+00:00';

type Extension = `${typeof EXTENSION_PREFIX}:${string}`;
type Extensions = { readonly [key: Extension]: unknown };

interface Location {
  readonly id: string;
}
interface SourceElement {
  readonly type: 'owning_party' | 'location';
  readonly source: string;
}
interface DestinationElement {
  readonly type: 'owning_party' | 'location';
  readonly destination: string;
}
interface QuantityElement {
  readonly epcClass: string;
}
interface BizTransaction {
  readonly type: 'desadv' | 'testres';
  readonly bizTransaction: string;
}
interface SensorElement {
  readonly sensorReport: readonly { readonly type: 'Temperature'; readonly value: number; readonly uom: 'CEL' }[];
}

/** What every event carries: when, where, why, and (extensions) the ledger transaction it was made from. */
interface EventCommon extends Extensions {
  readonly eventID: string;
  readonly eventTime: string;
  readonly eventTimeZoneOffset: string;
  readonly recordTime: string;
  readonly bizStep: string;
  readonly disposition?: string;
  readonly readPoint?: Location;
  readonly bizLocation?: Location;
  readonly bizTransactionList?: readonly BizTransaction[];
  readonly sourceList?: readonly SourceElement[];
  readonly destinationList?: readonly DestinationElement[];
  readonly sensorElementList?: readonly SensorElement[];
  readonly ilmd?: Extensions | Readonly<Record<`cbvmda:${string}`, unknown>>;
}

export interface ObjectEvent extends EventCommon {
  readonly type: 'ObjectEvent';
  readonly action: 'ADD' | 'OBSERVE' | 'DELETE';
  readonly epcList?: readonly string[];
  readonly quantityList?: readonly QuantityElement[];
}

export interface AggregationEvent extends EventCommon {
  readonly type: 'AggregationEvent';
  readonly action: 'ADD';
  readonly parentID: string;
  readonly childEPCs: readonly string[];
}

export interface TransformationEvent extends EventCommon {
  readonly type: 'TransformationEvent';
  readonly inputEPCList: readonly string[];
  readonly outputEPCList?: readonly string[];
  readonly outputQuantityList?: readonly QuantityElement[];
  readonly transformationID: string;
}

export type EpcisEvent = ObjectEvent | AggregationEvent | TransformationEvent;

export interface EpcisDocument extends Extensions {
  readonly '@context': readonly [string, { readonly [EXTENSION_PREFIX]: string }];
  readonly type: 'EPCISDocument';
  readonly schemaVersion: '2.0';
  readonly creationDate: string;
  readonly epcisBody: { readonly eventList: readonly EpcisEvent[] };
}

export type LineageSubject = { readonly kind: 'lot'; readonly lotId: string } | { readonly kind: 'donation'; readonly din: string };

/** Everything the document is made from. */
export interface EpcisLineage {
  readonly subject: LineageSubject;
  readonly channel: string;
  /** The lineage's chaincode events in ledger order (block, then position in the block). */
  readonly events: readonly LedgerEvent[];
  /** The product of every lot the events name: a lot is exported as a class of product (GTIN + lot). */
  readonly lotProducts: ReadonlyMap<string, Product>;
  /** The ISBT 128 facilities (FIN) of each organisation, by MSP ID: where its transactions happened. */
  readonly facilitiesOf: ReadonlyMap<string, readonly string[]>;
}

export interface EpcisDocumentOptions {
  readonly createdAt: Date;
  readonly identifiers?: IdentifierOptions;
}

/** The extension namespace under the deployment's identifier domain. */
export const extensionNamespace = (options: IdentifierOptions): string => `${options.base}/ns/epcis/`;

/** The fields of an event that its chaincode event decides; eventID, times and the ledger extensions are added once. */
type Decided<E extends EpcisEvent> = Omit<E, keyof EventCommon> & Partial<EventCommon> & Pick<EventCommon, 'bizStep'>;
type EventBody = Decided<ObjectEvent> | Decided<AggregationEvent> | Decided<TransformationEvent>;

export function epcisDocument(lineage: EpcisLineage, options: EpcisDocumentOptions): EpcisDocument {
  const idOptions = options.identifiers ?? DEFAULT_IDENTIFIER_OPTIONS;
  const ids = identifiers(idOptions);
  const eventList = lineage.events.flatMap((event) =>
    bodiesOf(event, ids, lineage).map((body, index) => withLedgerPlace(body, event, index, ids, lineage.channel)),
  );
  return {
    '@context': [EPCIS_CONTEXT, { [EXTENSION_PREFIX]: extensionNamespace(idOptions) }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: options.createdAt.toISOString(),
    'pt:lineageOf': subjectUri(lineage, ids),
    'pt:channel': lineage.channel,
    epcisBody: { eventList },
  };
}

function subjectUri(lineage: EpcisLineage, ids: Identifiers): string {
  const { subject } = lineage;
  if (subject.kind === 'donation') return ids.din(subject.din);
  const product = lineage.lotProducts.get(subject.lotId);
  if (product === undefined) throw new Error(`lot ${subject.lotId}: its product is not known, so it has no EPC class`);
  return ids.lotClass(subject.lotId, product);
}

/** Times and the way back to the chain: the transaction id, its block and the chaincode event. */
function withLedgerPlace(body: EventBody, event: LedgerEvent, index: number, ids: Identifiers, channel: string): EpcisEvent {
  return {
    eventTime: event.timestamp,
    ...body,
    eventTimeZoneOffset: UTC,
    recordTime: event.timestamp,
    eventID: ids.event(channel, event.txId, index),
    'pt:transactionId': event.txId,
    'pt:blockNumber': event.blockNumber,
    'pt:chaincodeEvent': event.name,
  };
}

const temperatureReading = (temperatureC: number): SensorElement[] => [
  { sensorReport: [{ type: 'Temperature', value: temperatureC, uom: 'CEL' }] },
];

/** A lot's disposition follows its status on the ledger: any hold withdraws it, release by the regulator frees it for sale. */
function lotDisposition(lot: EventPayloads['LotCreated']): string {
  if (lot.status === 'recalled') return 'recalled';
  if (lot.holds.length > 0) return 'non_sellable_other';
  if (lot.status === 'released') return 'sellable_not_accessible';
  if (lot.status === 'qa-released') return 'conformant';
  return 'in_progress';
}

/**
 * What a mapping needs besides its event: the identifiers and the lineage's master data, seen from the event. Its
 * functions are closures over the event (mappers destructure them), not methods.
 */
interface Mapping {
  readonly ids: Identifiers;
  /** IDs of the objects of `type` the transaction changed. */
  readonly objectsOf: (type: string) => string[];
  /** Where the submitting organisation acted: the facility the first DIN was collected at, or its first. */
  readonly location: (dins?: readonly string[]) => Pick<EventCommon, 'readPoint' | 'bizLocation'>;
  readonly lotClass: (lotId: string) => QuantityElement[];
  /** Instance/lot master data of newly commissioned vials: their lot and expiry. */
  readonly lotIlmd: (lotId: string) => Pick<EventCommon, 'ilmd'>;
  readonly dinUris: (dins: readonly string[]) => string[];
  /** A plasma shipment goes from a station (party and place) to a factory. */
  readonly parties: (from: string, to: string) => Pick<EventCommon, 'sourceList' | 'destinationList'>;
}

function mappingOf(event: LedgerEvent, ids: Identifiers, lineage: EpcisLineage): Mapping {
  const objectsOf = (type: string): string[] => event.objects.filter((o) => o.type === type).map((o) => o.id);
  const location = (dins: readonly string[] = []): Pick<EventCommon, 'readPoint' | 'bizLocation'> => {
    const facilities = lineage.facilitiesOf.get(event.creatorMsp) ?? [];
    // A station with several facilities acted where the bag was collected (a DIN starts with its FIN).
    const fin = facilities.find((f) => dins[0]?.startsWith(f)) ?? facilities[0];
    return fin === undefined ? {} : { readPoint: { id: ids.facility(fin) }, bizLocation: { id: ids.facility(fin) } };
  };
  const lotClass = (lotId: string): QuantityElement[] => {
    const product = lineage.lotProducts.get(lotId);
    return product === undefined ? [] : [{ epcClass: ids.lotClass(lotId, product) }];
  };
  const lotIlmd = (lotId: string): Pick<EventCommon, 'ilmd'> => {
    const product = lineage.lotProducts.get(lotId);
    return product === undefined ? {} : { ilmd: { 'cbvmda:lotNumber': lotId, 'cbvmda:itemExpirationDate': product.expiry } };
  };
  const dinUris = (dins: readonly string[]): string[] => dins.map(ids.din);
  const parties = (from: string, to: string): Pick<EventCommon, 'sourceList' | 'destinationList'> => {
    const facilityOf = (mspId: string): string[] => (lineage.facilitiesOf.get(mspId) ?? []).slice(0, 1);
    return {
      sourceList: [
        { type: 'owning_party', source: ids.organisation(from) },
        ...facilityOf(from).map((fin) => ({ type: 'location', source: ids.facility(fin) }) as const),
      ],
      destinationList: [
        { type: 'owning_party', destination: ids.organisation(to) },
        ...facilityOf(to).map((fin) => ({ type: 'location', destination: ids.facility(fin) }) as const),
      ],
    };
  };
  return { ids, objectsOf, location, lotClass, lotIlmd, dinUris, parties };
}

/** The EPCIS events one chaincode event of `N` becomes (most become one; a receipt with damaged or held bags, more). */
type Mapper<N extends EventName> = (event: LedgerEvent<N>, m: Mapping) => EventBody[];

const lotInspected: Mapper<'LotQaReleased' | 'LotReleasedByRegulator' | 'LotHoldReleased'> = (event, { lotClass, location }) => [
  {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    quantityList: lotClass(event.data.lotId),
    bizStep: 'inspecting',
    disposition: lotDisposition(event.data),
    ...location(),
  },
];

const lookBackStep: Mapper<'LookBackOpened' | 'LookBackProgressed' | 'LookBackCompleted'> = (event, { ids, objectsOf, lotClass }) => {
  // Interdicted bags and marked pools are withdrawn from use; lots made from them go on a look-back hold.
  const withdrawn = [...objectsOf('donation'), ...objectsOf('pool')].map(ids.din);
  const held = objectsOf('lot').flatMap(lotClass);
  const lookBack = { 'pt:lookBackCase': ids.lookBackCase(event.data.caseId) };
  return [
    ...(withdrawn.length === 0
      ? []
      : [
          {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            epcList: withdrawn,
            bizStep: 'holding',
            disposition: 'unavailable',
            ...lookBack,
          } as const,
        ]),
    ...(held.length === 0
      ? []
      : [
          {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            quantityList: held,
            bizStep: 'holding',
            disposition: 'non_sellable_other',
            ...lookBack,
          } as const,
        ]),
  ];
};

/** A bag collected: commissioned at its station's facility when its collection ended, with what the bag carries. */
const collected = (d: Donation, { ids, location }: Mapping): EventBody => ({
  type: 'ObjectEvent',
  action: 'ADD',
  epcList: [ids.din(d.din)],
  bizStep: 'commissioning',
  disposition: 'active',
  eventTime: d.collectionEnd,
  ...location([d.din]),
  ilmd: {
    'pt:isbt128ProductCode': d.productCode,
    'pt:volumeMl': d.volumeMl,
    'pt:apheresisDeviceSerial': d.deviceSerial,
    'pt:anticoagulantLot': d.anticoagulantLot,
  },
});

/**
 * Every chaincode event, and what it becomes in an export: `null` for those that change no physical object's
 * custody or state (governance, the batch record's inner steps, look-back paperwork, cold-chain anchors), which the
 * export leaves out. A new event in the catalogue fails to compile here until someone decides.
 */
const MAPPERS: { readonly [N in EventName]: Mapper<N> | null } = {
  ConsortiumInitialised: null,
  RegistryChanged: null,
  RegistryChangeProposed: null,
  RegistryChangeApproved: null,
  RegistryChangeWithdrawn: null,
  RuleSetsSeeded: null,
  RuleSetChanged: null,
  DonationRecorded: ({ data }, m) => [collected(data, m)],
  DonationsRecorded: ({ data }, m) => data.donations.map((d) => collected(d, m)),
  DonationScreened: ({ data: d }, { ids, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: [ids.din(d.din)],
      bizStep: 'inspecting',
      disposition: d.screening.conclusion === 'negative' ? 'conformant' : 'non_conformant',
      eventTime: d.screening.screenedAt,
      ...location([d.din]),
      'pt:screeningConclusion': d.screening.conclusion,
      'pt:analytes': d.screening.analytes,
    },
  ],
  DonationStored: ({ data }, { dinUris, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: dinUris(data.dins),
      bizStep: 'storing',
      ...location(data.dins),
      sensorElementList: temperatureReading(data.temperatureC),
      'pt:storageLocation': data.location,
    },
  ],
  DonationsPutOnHold: ({ data }, { dinUris, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: dinUris(data.dins),
      bizStep: 'holding',
      disposition: 'unavailable',
      ...location(data.dins),
      'pt:holdKind': data.kind,
    },
  ],
  DonationHoldResolved: ({ data }, { ids, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: [ids.din(data.din)],
      bizStep: 'inspecting',
      ...location([data.din]),
      'pt:status': data.status,
    },
  ],
  // CBV 2.0 has no relabelling step: the reprinted label is checked against the bag's record (inspecting); the bag stays
  // unavailable while an excursion still holds it, otherwise it is back where it was, as after a resolved hold.
  LabelCorrected: ({ data }, { ids, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: [ids.din(data.din)],
      bizStep: 'inspecting',
      ...(data.status === 'on-hold' ? { disposition: 'unavailable' } : {}),
      eventTime: data.labelCorrection.correctedAt,
      ...location([data.din]),
      'pt:status': data.status,
      'pt:labelFound': data.labelCorrection.found,
      'pt:reprintedLabel': data.labelCorrection.reprintedDin,
    },
  ],
  DonationsQuarantined: ({ data }, { dinUris, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: dinUris(data.dins),
      bizStep: 'holding',
      disposition: 'unavailable',
      ...location(),
    },
  ],
  DonationsReleased: ({ data }, { dinUris, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: dinUris(data.dins),
      bizStep: 'inspecting',
      disposition: 'available',
      ...location(),
    },
  ],
  DonationDestroyed: ({ data }, { ids, location }) => [
    {
      type: 'ObjectEvent',
      action: 'DELETE',
      epcList: [ids.din(data.din)],
      bizStep: 'destroying',
      disposition: 'destroyed',
      eventTime: data.destruction.destroyedAt,
      ...location([data.din]),
      'pt:destructionMethod': data.destruction.method,
    },
  ],
  // A corrected collection item is a change of the record, not of the bag: nothing moves.
  DonationCorrectionProposed: null,
  DonationCorrectionReviewed: null,
  // A deferral concerns a person, not a physical object: nothing moves.
  DonorDeferred: null,
  DeferralLifted: null,
  ShipmentDispatched: ({ data: s }, { ids, dinUris, location, parties }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: dinUris(s.dins),
      bizStep: 'shipping',
      disposition: 'in_transit',
      eventTime: s.dispatchedAt,
      ...location(s.dins),
      bizTransactionList: [{ type: 'desadv', bizTransaction: ids.plasmaShipment(s.shipmentId) }],
      ...parties(s.station, s.destination),
      sensorElementList: temperatureReading(s.temperatureC),
    },
  ],
  ShipmentReceived: ({ data }, { ids, objectsOf, location, parties }) =>
    receivingBodies(data, objectsOf('donation'), ids, location(), parties(data.station, data.destination)),
  TestResultRecorded: ({ data: r }, { ids, lotClass, location }) => {
    const what = r.subject.kind === 'lot' ? { quantityList: lotClass(r.subject.id) } : { epcList: [ids.din(r.subject.id)] };
    return [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        ...what,
        bizStep: 'inspecting',
        disposition: r.conclusion === 'pass' ? 'conformant' : 'non_conformant',
        eventTime: r.testedAt,
        ...location(),
        bizTransactionList: [{ type: 'testres', bizTransaction: ids.testResult(r.resultId) }],
        'pt:analyte': r.analyte,
        'pt:method': r.method,
        'pt:result': r.result,
        'pt:specification': r.specification,
        'pt:outOfSpecification': r.oos,
        'pt:rawDataSha256': r.rawDataHash,
      },
    ];
  },
  // The laboratory's investigation changes no object: the hold it lifts or confirms is the lot's and the bag's own event.
  OosInvestigationClosed: null,
  // A pool becomes an object when its first chunk is pooled into it (DonationsPooled).
  PoolCreated: null,
  // Every chunk of a pool is one transformation (same ID): its inputs accumulate, its output is the pool.
  DonationsPooled: ({ data: p }, { ids, objectsOf, dinUris, location }) => [
    {
      type: 'TransformationEvent',
      inputEPCList: dinUris(objectsOf('donation')),
      outputEPCList: [ids.din(p.poolDin)],
      transformationID: ids.din(p.poolDin),
      bizStep: 'commissioning',
      disposition: 'in_progress',
      ...location(),
      'pt:processStep': 'pooling',
      'pt:poolChunk': p.chunk,
      'pt:chunkMerkleRoot': p.chunkRoot,
    },
  ],
  PoolClosed: ({ data: p }, { ids, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: [ids.din(p.poolDin)],
      bizStep: 'inspecting',
      disposition: 'completeness_verified',
      eventTime: p.closedAt,
      ...location(),
      'pt:donationCount': p.count,
      'pt:volumeMl': p.volumeMl,
      'pt:merkleRoot': p.merkleRoot,
    },
  ],
  LotCreated: ({ data: lot }, { ids, dinUris, location }) => {
    const output = ids.lotClass(lot.lotId, lot.product);
    // The lot's ID is its transformation's: a later event about the same fractionation names the same one.
    return [
      {
        type: 'TransformationEvent',
        inputEPCList: dinUris(lot.pools),
        outputQuantityList: [{ epcClass: output }],
        transformationID: output,
        bizStep: 'creating_class_instance',
        disposition: 'in_progress',
        ...location(),
        ilmd: { 'cbvmda:lotNumber': lot.lotId, 'cbvmda:itemExpirationDate': lot.product.expiry, 'pt:productName': lot.product.name },
        'pt:processStep': 'fractionation',
      },
    ];
  },
  // The batch record's steps and deviations stay in the dossier; the lot's disposition changes are its own events.
  ProcessStepRecorded: null,
  DeviationRaised: null,
  DeviationClosed: null,
  LotQaReleased: lotInspected,
  LotReleasedByRegulator: lotInspected,
  LotPutOnHold: ({ data }, { lotClass, location }) => {
    const hold = data.holds.at(-1);
    return [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        quantityList: lotClass(data.lotId),
        bizStep: 'holding',
        disposition: lotDisposition(data),
        ...location(),
        ...(hold && { 'pt:holdKind': hold.kind, 'pt:holdReason': hold.reason }),
      },
    ];
  },
  LotHoldReleased: lotInspected,
  // A product's master batch record is governance of how lots are made, not a physical object's custody or state.
  MasterBatchRecordDefined: null,
  LotRecalled: ({ data }, { lotClass, location }) => [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      quantityList: lotClass(data.lotId),
      bizStep: 'holding',
      disposition: 'recalled',
      ...location(),
      'pt:recallReason': data.recall.reason,
    },
  ],
  UnitsCommissioned: ({ data }, { ids, location, lotIlmd }) => [
    {
      type: 'ObjectEvent',
      action: 'ADD',
      epcList: data.commissioned.map((code) => ids.unit(code)),
      bizStep: 'commissioning',
      disposition: 'active',
      ...location(),
      ...lotIlmd(data.lotId),
    },
  ],
  CasePacked: ({ data }, { ids, location }) => [
    {
      type: 'AggregationEvent',
      action: 'ADD',
      parentID: ids.case(data.caseCode),
      childEPCs: data.units.map((code) => ids.unit(code)),
      bizStep: 'packing',
      disposition: 'container_closed',
      ...location(),
    },
  ],
  CasesShipped: (event, { ids, location }) => {
    const s = event.data;
    return [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        epcList: s.cases.map((code) => ids.case(code)),
        bizStep: 'shipping',
        disposition: 'in_transit',
        eventTime: s.shippedAt,
        ...location(),
        bizTransactionList: [{ type: 'desadv', bizTransaction: ids.caseShipment(s.shipmentId) }],
        sourceList: [{ type: 'owning_party', source: ids.organisation(event.creatorMsp) }],
        destinationList: [{ type: 'owning_party', destination: ids.party(s.destination) }],
      },
    ];
  },
  LookBackOpened: lookBackStep,
  LookBackProgressed: lookBackStep,
  LookBackCompleted: lookBackStep,
  // A request and its decline change nothing; the case the request opens is LookBackOpened. A conclusion's outcome
  // reaches the objects through the lot's own events (a hold lifted, a recall).
  LookBackRequested: null,
  LookBackRequestDeclined: null,
  LookBackConcluded: null,
  DeviceRegistered: null,
  ReadingsAnchored: null,
  SecurityLogAnchored: null,
};

/** The chaincode events an export is made of; any other is left out. */
export const MAPPED_EVENT_NAMES: readonly EventName[] = EVENT_NAMES.filter((name) => MAPPERS[name] !== null);

function bodiesOf(event: LedgerEvent, ids: Identifiers, lineage: EpcisLineage): EventBody[] {
  // One cast where TypeScript cannot follow that the event's name picks its mapper's type.
  const mapper = MAPPERS[event.name] as Mapper<EventName> | null;
  return mapper === null ? [] : mapper(event, mappingOf(event, ids, lineage));
}

/**
 * A receipt: the bags that arrived in order are received; damaged ones (rejected by the chaincode) and those held
 * for a label mismatch or a warm container are each their own event, so each has one disposition.
 */
function receivingBodies(
  shipment: EventPayloads['ShipmentReceived'],
  arrived: readonly string[],
  ids: Identifiers,
  location: Pick<EventCommon, 'readPoint' | 'bizLocation'>,
  parties: Pick<EventCommon, 'sourceList' | 'destinationList'>,
): EventBody[] {
  const listed = (kind: string): Set<string> =>
    new Set(shipment.receipt.discrepancies.filter((d) => d.kind === kind).flatMap((d) => d.dins));
  const damaged = listed('damaged');
  const held = new Set([...listed('label'), ...listed('temperature')]);
  const groups: [string, string[]][] = [
    ['in_progress', arrived.filter((din) => !damaged.has(din) && !held.has(din))],
    ['damaged', arrived.filter((din) => damaged.has(din))],
    ['unavailable', arrived.filter((din) => !damaged.has(din) && held.has(din))],
  ];
  return groups
    .filter(([, dins]) => dins.length > 0)
    .map(([disposition, dins]) => ({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: dins.map(ids.din),
      bizStep: 'receiving',
      disposition,
      eventTime: shipment.receipt.receivedAt,
      ...location,
      bizTransactionList: [{ type: 'desadv', bizTransaction: ids.plasmaShipment(shipment.shipmentId) }],
      ...parties,
      sensorElementList: temperatureReading(shipment.receipt.temperatureC),
    }));
}
