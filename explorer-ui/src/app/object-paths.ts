// The address of each kind of object's page, in one place so every link agrees.
import { href } from '../router/router';

export const paths = {
  donation: (din: string) => href('/donations', din),
  donor: (pseudonym: string) => href('/donors', pseudonym),
  pool: (din: string) => href('/pools', din),
  lot: (lotId: string) => href('/lots', lotId),
  lotRelease: (lotId: string) => `${href('/lots', lotId)}/release`,
  masterRecord: (productCode: string) => href('/master-records', productCode),
  vial: (code: string) => href('/vials', code),
  block: (number: number) => href('/blocks', number),
  transaction: (id: string) => href('/transactions', id),
  lineage: (kind: string, id: string) => href('/lineage', kind, id),
  lookBack: (caseId: string) => href('/look-backs', caseId),
  coldChain: (device: string) => href('/cold-chain', device),
  /** The temperature curve of the reefer logger a shipment travelled with. */
  shipmentColdChain: (shipmentId: string) => `/cold-chain?${new URLSearchParams({ shipment: shipmentId }).toString()}`,
  shipment: (id: string) => href('/shipments', id),
} as const;

/**
 * The page of a ledger object named by its type as the chaincode names it (donation, pool, lot, unit, shipment,
 * look-back-case) or as the lineage names it (vial); undefined for the kinds the explorer has no page of.
 */
export function objectPage(type: string, id: string): string | undefined {
  switch (type) {
    case 'donation':
      return paths.donation(id);
    case 'pool':
      return paths.pool(id);
    case 'lot':
      return paths.lot(id);
    case 'unit':
    case 'vial':
      return paths.vial(id);
    case 'shipment':
      return paths.shipment(id);
    case 'look-back-case':
      return paths.lookBack(id);
    default:
      return undefined;
  }
}
