// Shipments between a station and the factory: the shipment as the ledger keeps it, dispatching stored bags, and
// receiving them with the checks on arrival (count, labels, temperature).
import type { Shipment } from '@plasma/chaincode/browser';
import type { Answer, Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';

export type ShipmentRecord = Answer<Shipment>;

export const SHIPMENT = operation<{ shipment: ShipmentRecord | null }, { shipmentId: string }>(/* GraphQL */ `
  query Shipment($shipmentId: String!) {
    shipment(shipmentId: $shipmentId) {
      shipmentId station destination dins count volumeMl temperatureC dispatchedAt loggerDevice status
      receipt { receivedAt receivedBy count temperatureC labelsChecked discrepancies { kind dins } }
      lastChange { txId at by { mspId name role } transaction reason }
    }
  }`);

/** Whether the projection holds the shipment yet: its page reads from there. */
export const SHIPMENT_INDEXED = operation<{ shipment: Selected<Shipment, 'shipmentId'> | null }, { shipmentId: string }>(/* GraphQL */ `
  query ShipmentIndexed($shipmentId: String!) { shipment(shipmentId: $shipmentId) { shipmentId } }`);

export interface ShipmentDispatchInput {
  readonly shipmentId: string;
  readonly destination: string;
  readonly dins: readonly string[];
  readonly temperatureC: number;
  readonly loggerDevice?: string;
}

export const DISPATCH_SHIPMENT = operation<
  { dispatchShipment: Selected<Shipment, 'shipmentId' | 'destination' | 'count' | 'status'> },
  { shipment: ShipmentDispatchInput }
>(/* GraphQL */ `
  mutation DispatchShipment($shipment: ShipmentDispatchInput!) { dispatchShipment(shipment: $shipment) { shipmentId destination count status } }`);

export interface ShipmentReceiptInput {
  readonly receivedDins: readonly string[];
  readonly temperatureC: number;
  readonly labelsChecked: true;
  readonly damagedDins?: readonly string[];
  readonly labelMismatchDins?: readonly string[];
}

export const RECEIVE_SHIPMENT = operation<
  { receiveShipment: Selected<Shipment, 'shipmentId' | 'status'> },
  { shipmentId: string; receipt: ShipmentReceiptInput }
>(/* GraphQL */ `
  mutation ReceiveShipment($shipmentId: String!, $receipt: ShipmentReceiptInput!) {
    receiveShipment(shipmentId: $shipmentId, receipt: $receipt) { shipmentId status }
  }`);
