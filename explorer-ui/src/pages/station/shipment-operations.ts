// Shipments between a station and the factory: the shipment as the ledger keeps it, dispatching stored bags, and
// receiving them with the checks on arrival (count, labels, temperature).
import type {
  DispatchShipmentMutation,
  DispatchShipmentMutationVariables,
  ReceiveShipmentMutation,
  ReceiveShipmentMutationVariables,
  ShipmentIndexedQuery,
  ShipmentIndexedQueryVariables,
  ShipmentQuery,
  ShipmentQueryVariables,
} from '../../graphql/generated/operations';
import { CHANGE_STAMP_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

/** The shipment as the ledger keeps it, whole. */
export type ShipmentRecord = NonNullable<ShipmentQuery['shipment']>;

export const SHIPMENT = operation<ShipmentQuery, ShipmentQueryVariables>(
  /* GraphQL */ `
    query Shipment($shipmentId: String!) {
      shipment(shipmentId: $shipmentId) {
        shipmentId
        station
        destination
        dins
        count
        volumeMl
        temperatureC
        dispatchedAt
        loggerDevice
        status
        receipt {
          receivedAt
          receivedBy
          count
          temperatureC
          labelsChecked
          discrepancies {
            kind
            dins
          }
        }
        lastChange {
          ...ChangeStampFields
        }
      }
    }
  `,
  [CHANGE_STAMP_FIELDS],
);

/** Whether the projection holds the shipment yet: its page reads from there. */
export const SHIPMENT_INDEXED = operation<ShipmentIndexedQuery, ShipmentIndexedQueryVariables>(/* GraphQL */ `
  query ShipmentIndexed($shipmentId: String!) {
    shipment(shipmentId: $shipmentId) {
      shipmentId
    }
  }
`);

export const DISPATCH_SHIPMENT = operation<DispatchShipmentMutation, DispatchShipmentMutationVariables>(/* GraphQL */ `
  mutation DispatchShipment($shipment: ShipmentDispatchInput!) {
    dispatchShipment(shipment: $shipment) {
      shipmentId
      destination
      count
      status
    }
  }
`);

export const RECEIVE_SHIPMENT = operation<ReceiveShipmentMutation, ReceiveShipmentMutationVariables>(/* GraphQL */ `
  mutation ReceiveShipment($shipmentId: String!, $receipt: ShipmentReceiptInput!) {
    receiveShipment(shipmentId: $shipmentId, receipt: $receipt) {
      shipmentId
      status
    }
  }
`);
