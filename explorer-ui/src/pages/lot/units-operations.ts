// A lot's serialisation and shipping: its vials not yet packed, its cases and where each shipped case went, and the
// packaging line's three steps (commission vial codes, pack them into a case, ship packed cases).
import type {
  CommissionUnitsMutation,
  CommissionUnitsMutationVariables,
  LotCasesQuery,
  LotCasesQueryVariables,
  PackCaseMutation,
  PackCaseMutationVariables,
  ShipCasesMutation,
  ShipCasesMutationVariables,
  UnpackedUnitsQuery,
  UnpackedUnitsQueryVariables,
} from '../../graphql/generated/operations';
import { operation } from '../../graphql/operation';

/** The vials commissioned and not packed yet: what a case may take. */
export const UNPACKED_UNITS = operation<UnpackedUnitsQuery, UnpackedUnitsQueryVariables>(/* GraphQL */ `
  query UnpackedUnits($lotId: String!) {
    unitsOfLot(lotId: $lotId, status: "commissioned", first: 500) {
      code
      commissionedAt
    }
  }
`);

export const LOT_CASES = operation<LotCasesQuery, LotCasesQueryVariables>(/* GraphQL */ `
  query LotCases($lotId: String!) {
    lotDistribution(lotIds: [$lotId]) {
      unitCount
      packedUnitCount
      shippedUnitCount
      cases {
        caseCode
        count
        status
        packedAt
        shipment {
          shipmentId
          destination
          shippedAt
        }
      }
    }
  }
`);

export const COMMISSION_UNITS = operation<CommissionUnitsMutation, CommissionUnitsMutationVariables>(/* GraphQL */ `
  mutation CommissionUnits($lotId: String!, $units: [String!]!) {
    commissionUnits(lotId: $lotId, units: $units) {
      unitCount
    }
  }
`);

export const PACK_CASE = operation<PackCaseMutation, PackCaseMutationVariables>(/* GraphQL */ `
  mutation PackCase($lotId: String!, $shippingCase: ShippingCaseInput!) {
    packCase(lotId: $lotId, shippingCase: $shippingCase) {
      caseCode
      count
    }
  }
`);

export const SHIP_CASES = operation<ShipCasesMutation, ShipCasesMutationVariables>(/* GraphQL */ `
  mutation ShipCases($shipment: CaseShipmentInput!) {
    shipCases(shipment: $shipment) {
      shipmentId
      units
    }
  }
`);
