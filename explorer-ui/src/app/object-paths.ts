// The address of each kind of object's page, in one place so every link agrees.
import { href } from '../router/router';

export const paths = {
  donation: (din: string) => href('/donations', din),
  pool: (din: string) => href('/pools', din),
  lot: (lotId: string) => href('/lots', lotId),
  lotRelease: (lotId: string) => `${href('/lots', lotId)}/release`,
  vial: (code: string) => href('/vials', code),
  block: (number: number) => href('/blocks', number),
  transaction: (id: string) => href('/transactions', id),
  lineage: (kind: string, id: string) => href('/lineage', kind, id),
  lookBack: (caseId: string) => href('/look-backs', caseId),
  coldChain: (device: string) => href('/cold-chain', device),
  shipment: (id: string) => href('/station/shipments', id),
} as const;
