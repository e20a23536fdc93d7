// The gateway's cold-chain queries: the devices (freezers, reefer loggers, process skids), their readings summarised
// into time buckets for a curve, and the excursions judged against the storage rule.
import type {
  ColdChainDevicesQuery,
  ColdChainDevicesQueryVariables,
  DeviceCurveQuery,
  DeviceCurveQueryVariables,
  ExcursionsQuery,
  ExcursionsQueryVariables,
  ShipmentCurveQuery,
  ShipmentCurveQueryVariables,
} from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/** A freezer, reefer logger or process skid; its storageLimitC is its jurisdiction's, null when none applies (a skid). */
export type ColdChainDevice = ColdChainDevicesQuery['coldChainDevices'][number];

/** A time bucket of a curve; readings whose OPC UA status was not Good are counted in notGood, not in min, max, mean. */
export type ReadingBucket = ShipmentCurveQuery['coldChainReadings'][number];

/** An excursion judged against the storage rule: endedAt null while it lasts, reportRefusal why the ledger refused it. */
export type ColdChainExcursion = ExcursionsQuery['coldChainExcursions'][number];

export const COLD_CHAIN_DEVICES = operation<ColdChainDevicesQuery, ColdChainDevicesQueryVariables>(/* GraphQL */ `
  query ColdChainDevices {
    coldChainDevices {
      id
      kind
      site
      location
      model
      serialNumber
      storageLimitC
    }
  }
`);

/** One device's (or one shipment's) temperature curve over a window, with the device's excursions in it. */
export const DEVICE_CURVE = operation<DeviceCurveQuery, DeviceCurveQueryVariables>(/* GraphQL */ `
  query DeviceCurve($device: ID!, $from: DateTime!, $to: DateTime!, $buckets: Int!) {
    coldChainReadings(device: $device, node: "temperature", from: $from, to: $to, buckets: $buckets) {
      node
      from
      to
      count
      min
      max
      mean
      notGood
    }
    coldChainExcursions(device: $device, from: $from, to: $to) {
      id
      device
      node
      startedAt
      endedAt
      peakValue
      peakReadingId
      severity
      limitC
      reportedTxId
      reportRefusal
    }
  }
`);

export const SHIPMENT_CURVE = operation<ShipmentCurveQuery, ShipmentCurveQueryVariables>(/* GraphQL */ `
  query ShipmentCurve($shipmentId: ID!, $from: DateTime!, $to: DateTime!, $buckets: Int!) {
    coldChainReadings(shipmentId: $shipmentId, node: "temperature", from: $from, to: $to, buckets: $buckets) {
      node
      from
      to
      count
      min
      max
      mean
      notGood
    }
  }
`);

/** Excursions of every device within a window, with the devices to say where each was. */
export const EXCURSIONS = operation<ExcursionsQuery, ExcursionsQueryVariables>(/* GraphQL */ `
  query Excursions($from: DateTime, $to: DateTime, $limit: Int!) {
    coldChainExcursions(from: $from, to: $to, limit: $limit) {
      id
      device
      node
      startedAt
      endedAt
      peakValue
      peakReadingId
      severity
      limitC
      reportedTxId
      reportRefusal
    }
    coldChainDevices {
      id
      kind
      site
      location
      model
      serialNumber
      storageLimitC
    }
  }
`);
