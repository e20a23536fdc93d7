// The sections in the header, and who sees each: everyone reads (traceability is shared by design), while
// a section for doing something appears only to those the role matrix lets do it.
import type { Transaction } from '../session/permissions';
import type { SessionValue } from '../session/session';

export interface Section {
  readonly label: string;
  readonly to: string;
  /** The transactions that make the section worth showing; any one of them is enough. Absent: everyone. */
  readonly forWhoMay?: readonly Transaction[];
  /** A section of the gateway's own (no chaincode transaction): for this role only. */
  readonly forRole?: string;
}

export const SECTIONS: readonly Section[] = [
  { label: 'Record donation', to: '/station/donations/new', forWhoMay: ['Donation:RecordDonation', 'Donation:RecordLateDonation'] },
  // Those at the chair, and those who defer donors.
  { label: 'Donors', to: '/donors', forWhoMay: ['Donation:RecordDonation', 'Donor:DeferDonor'] },
  { label: 'Shipments', to: '/station/shipments', forWhoMay: ['Shipment:DispatchShipment', 'Shipment:ReceiveShipment'] },
  { label: 'Plasma stock', to: '/custody', forWhoMay: ['Donation:QuarantineDonations', 'Donation:ReleaseDonations', 'Pool:CreatePool'] },
  { label: 'Lot release', to: '/lots', forWhoMay: ['Lot:QaRelease', 'Lot:RegulatorRelease', 'Lot:PlaceOnHold', 'Lot:CreateLot'] },
  // Those who define the products' master batch records, follow them in production, or release lots against them.
  {
    label: 'Master records',
    to: '/master-records',
    forWhoMay: ['Lot:DefineMasterBatchRecord', 'Lot:RecordProcessStep', 'Lot:RegulatorRelease'],
  },
  // Those who may not open a look-back themselves (an inspector) may ask for one.
  { label: 'Look-back', to: '/look-backs', forWhoMay: ['LookBack:OpenLookBack', 'LookBack:RequestLookBack'] },
  { label: 'Cold chain', to: '/cold-chain' },
  { label: 'Audit trail', to: '/audit' },
  { label: 'Network', to: '/network' },
  { label: 'Rules', to: '/rules' },
  { label: 'People', to: '/people', forRole: 'admin' },
];

export const sectionsFor = (session: SessionValue): Section[] =>
  SECTIONS.filter(
    (s) =>
      (s.forWhoMay === undefined || s.forWhoMay.some((t) => session.may(t))) &&
      (s.forRole === undefined || s.forRole === session.person.role),
  );
