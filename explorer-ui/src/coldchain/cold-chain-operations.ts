// The gateway's cold-chain queries: the devices (freezers, reefer loggers, process skids), their readings summarised
// into time buckets for a curve, and the excursions judged against the storage rule.
import { operation } from '../graphql/operation';

export interface ColdChainDevice {
  readonly id: string;
  readonly kind: string;
  readonly site: string;
  readonly location: string | null;
  readonly model: string | null;
  readonly serialNumber: string | null;
  /** The storage limit of the device's jurisdiction; null when none applies (a process skid). */
  readonly storageLimitC: number | null;
}

export interface ReadingBucket {
  readonly node: string;
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Readings whose OPC UA status was not Good: not counted in min, max and mean. */
  readonly notGood: number;
}

export interface ColdChainExcursion {
  readonly id: string;
  readonly device: string;
  readonly node: string;
  readonly startedAt: string;
  /** Null while the excursion lasts. */
  readonly endedAt: string | null;
  readonly peakValue: number;
  readonly peakReadingId: string;
  readonly severity: string;
  readonly limitC: number | null;
  readonly reportedTxId: string | null;
  /** Why the ingest could not put its latest state on the ledger (the ledger refused it, or its evidence); null otherwise. */
  readonly reportRefusal: string | null;
}

export const COLD_CHAIN_DEVICES = operation<{ coldChainDevices: readonly ColdChainDevice[] }>(/* GraphQL */ `
  query ColdChainDevices { coldChainDevices { id kind site location model serialNumber storageLimitC } }`);

export interface CurveWindow {
  readonly from: string;
  readonly to: string;
}

/** One device's (or one shipment's) temperature curve over a window, with the device's excursions in it. */
export const DEVICE_CURVE = operation<
  { coldChainReadings: readonly ReadingBucket[]; coldChainExcursions: readonly ColdChainExcursion[] },
  CurveWindow & { device: string; buckets: number }
>(/* GraphQL */ `
  query DeviceCurve($device: ID!, $from: DateTime!, $to: DateTime!, $buckets: Int!) {
    coldChainReadings(device: $device, node: "temperature", from: $from, to: $to, buckets: $buckets) { node from to count min max mean notGood }
    coldChainExcursions(device: $device, from: $from, to: $to) {
      id device node startedAt endedAt peakValue peakReadingId severity limitC reportedTxId reportRefusal
    }
  }`,
);

export const SHIPMENT_CURVE = operation<{ coldChainReadings: readonly ReadingBucket[] }, CurveWindow & { shipmentId: string; buckets: number }>(/* GraphQL */ `
  query ShipmentCurve($shipmentId: ID!, $from: DateTime!, $to: DateTime!, $buckets: Int!) {
    coldChainReadings(shipmentId: $shipmentId, node: "temperature", from: $from, to: $to, buckets: $buckets) { node from to count min max mean notGood }
  }`,
);

/** Excursions of every device within a window, with the devices to say where each was. */
export const EXCURSIONS = operation<
  { coldChainExcursions: readonly ColdChainExcursion[]; coldChainDevices: readonly ColdChainDevice[] },
  { from?: string; to?: string; limit: number }
>(/* GraphQL */ `
  query Excursions($from: DateTime, $to: DateTime, $limit: Int!) {
    coldChainExcursions(from: $from, to: $to, limit: $limit) {
      id device node startedAt endedAt peakValue peakReadingId severity limitC reportedTxId reportRefusal
    }
    coldChainDevices { id kind site location model serialNumber storageLimitC }
  }`,
);
