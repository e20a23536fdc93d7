// The chaincode events an EPCIS export is made from, as the indexer stored them (ledger_events): each parsed at
// this boundary into the few fields the export uses, so the mapping works on typed records. Events the export does
// not map (rule sets, batch-record steps, deviations, cold-chain anchors...) parse to undefined. Field meanings:
// docs/chaincode.md, Events.
import { z } from 'zod';

/** Where a chaincode event sits on the chain: enough for an inspector to find the transaction again. */
export interface LedgerPlace {
  readonly txId: string;
  readonly blockNumber: number;
  /** The transaction's time (the chaincode's only clock), ISO 8601 UTC. */
  readonly timestamp: string;
  /** MSP ID of the organisation whose member submitted the transaction. */
  readonly creatorMsp: string;
  /** Every business object the transaction changed, main one first. */
  readonly objects: readonly { readonly type: string; readonly id: string }[];
}

const dinList = z.array(z.string()).min(1);
const temperature = z.number();

const donationRecord = z.object({
  din: z.string(),
  productCode: z.string(),
  volumeMl: z.number(),
  collectionEnd: z.string(),
  deviceSerial: z.string(),
  anticoagulantLot: z.string(),
  status: z.string(),
  screening: z.object({ conclusion: z.enum(['negative', 'reactive']), analytes: z.array(z.string()), screenedAt: z.string() }).optional(),
  destruction: z.object({ method: z.string(), destroyedAt: z.string() }).optional(),
});

const shipmentRecord = z.object({
  shipmentId: z.string(),
  station: z.string(),
  destination: z.string(),
  dins: dinList,
  temperatureC: temperature,
  dispatchedAt: z.string(),
  receipt: z.object({
    receivedAt: z.string(),
    temperatureC: temperature,
    discrepancies: z.array(z.object({ kind: z.string(), dins: z.array(z.string()) })),
  }).optional(),
});

const product = z.object({ name: z.string(), gtin: z.string().optional(), cnProductCode: z.string().optional(), expiry: z.string() });
const lotRecord = z.object({
  lotId: z.string(),
  factory: z.string(),
  product,
  pools: z.array(z.string()).min(1),
  status: z.string(),
  holds: z.array(z.object({ kind: z.string(), ref: z.string(), reason: z.string() })),
  recall: z.object({ reason: z.string() }).optional(),
});

/** Each mapped event's `data`, by event name. */
const eventData = {
  DonationRecorded: donationRecord,
  DonationScreened: donationRecord.extend({ screening: donationRecord.shape.screening.unwrap() }),
  DonationStored: z.object({ dins: dinList, location: z.string(), temperatureC: temperature }),
  DonationsPutOnHold: z.object({ dins: dinList, kind: z.string() }),
  DonationHoldResolved: donationRecord,
  DonationsQuarantined: z.object({ dins: dinList }),
  DonationsReleased: z.object({ dins: dinList }),
  DonationDestroyed: donationRecord.extend({ destruction: donationRecord.shape.destruction.unwrap() }),
  ShipmentDispatched: shipmentRecord,
  ShipmentReceived: shipmentRecord.extend({ receipt: shipmentRecord.shape.receipt.unwrap() }),
  TestResultRecorded: z.object({
    resultId: z.string(),
    subject: z.object({ kind: z.enum(['donation', 'pool', 'lot']), id: z.string() }),
    analyte: z.string(),
    method: z.string(),
    result: z.string(),
    specification: z.string(),
    conclusion: z.enum(['pass', 'fail']),
    oos: z.boolean(),
    testedAt: z.string(),
    rawDataHash: z.string(),
  }),
  DonationsPooled: z.object({ poolDin: z.string(), chunk: z.number(), chunkRoot: z.string(), added: z.number(), count: z.number() }),
  PoolClosed: z.object({ poolDin: z.string(), count: z.number(), volumeMl: z.number(), merkleRoot: z.string(), closedAt: z.string() }),
  LotCreated: lotRecord,
  LotQaReleased: lotRecord,
  LotReleasedByRegulator: lotRecord,
  LotPutOnHold: lotRecord,
  LotHoldReleased: lotRecord,
  LotRecalled: lotRecord.extend({ recall: lotRecord.shape.recall.unwrap() }),
  UnitsCommissioned: z.object({ lotId: z.string(), commissioned: z.array(z.string()).min(1) }),
  CasePacked: z.object({ caseCode: z.string(), lotId: z.string(), units: z.array(z.string()).min(1) }),
  CasesShipped: z.object({ shipmentId: z.string(), destination: z.string(), shippedAt: z.string(), cases: z.array(z.string()).min(1) }),
  LookBackOpened: z.object({ caseId: z.string() }),
  LookBackProgressed: z.object({ caseId: z.string() }),
  LookBackCompleted: z.object({ caseId: z.string() }),
} as const;

export type MappedEventName = keyof typeof eventData;
/** The chaincode events an export is made of; any other event is left out. */
export const MAPPED_EVENT_NAMES = Object.keys(eventData) as readonly MappedEventName[];
export type EventData<N extends MappedEventName> = z.infer<(typeof eventData)[N]>;

/** One mapped chaincode event: its name, its data, and its place on the chain. */
export type LedgerEvent = { [N in MappedEventName]: LedgerPlace & { readonly name: N; readonly data: EventData<N> } }[MappedEventName];

const isMapped = (name: string): name is MappedEventName => Object.hasOwn(eventData, name);

/** The stored event as the export reads it; undefined for events the export does not map. */
export function parseLedgerEvent(name: string, data: unknown, place: LedgerPlace): LedgerEvent | undefined {
  if (!isMapped(name)) return undefined;
  const parsed = eventData[name].safeParse(data);
  if (!parsed.success) {
    throw new Error(`ledger event ${name} of transaction ${place.txId} does not have the fields its export needs: ${parsed.error.message}`);
  }
  return { ...place, name, data: parsed.data } as LedgerEvent;
}
