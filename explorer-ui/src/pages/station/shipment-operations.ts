// Shipments between a station and the factory: dispatching stored bags, and receiving them with the checks on
// arrival (count, labels, temperature).
import { operation } from '../../graphql/operation';

export interface ShipmentRecord {
  readonly shipmentId: string;
  readonly station: string;
  readonly destination: string;
  readonly dins: readonly string[];
  readonly count: number;
  readonly volumeMl: number;
  readonly temperatureC: number;
  readonly dispatchedAt: string;
  /** The station's reefer data logger that travelled with the bags, when one did. */
  readonly loggerDevice?: string;
  readonly status: string;
  readonly receipt?: { readonly receivedAt: string; readonly receivedBy: string; readonly count: number; readonly temperatureC: number };
}

export const DISPATCH_SHIPMENT = operation<{ dispatchShipment: ShipmentRecord }, {
  shipment: { shipmentId: string; destination: string; dins: readonly string[]; temperatureC: number; loggerDevice?: string };
}>('mutation DispatchShipment($shipment: JSON!) { dispatchShipment(shipment: $shipment) }');

export const RECEIVE_SHIPMENT = operation<{ receiveShipment: unknown }, {
  shipmentId: string;
  receipt: { receivedDins: readonly string[]; temperatureC: number; labelsChecked: true };
}>('mutation ReceiveShipment($shipmentId: String!, $receipt: JSON!) { receiveShipment(shipmentId: $shipmentId, receipt: $receipt) }');
