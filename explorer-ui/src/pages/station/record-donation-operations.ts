// Recording a collected bag: the nine items of the scan, signed on the ledger by the signed-in collector.
import type { Donation } from '@plasma/chaincode/browser';
import type { Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';

export interface DonationInput {
  readonly din: string;
  readonly productCode: string;
  readonly donorPseudonym: string;
  readonly collectionStart: string;
  readonly collectionEnd: string;
  readonly volumeMl: number;
  readonly deviceSerial: string;
  readonly anticoagulantLot: string;
}

export const RECORD_DONATION = operation<{ recordDonation: Selected<Donation, 'din' | 'checkCharacter' | 'status'> }, { input: DonationInput }>(/* GraphQL */ `
  mutation RecordDonation($input: DonationInput!) { recordDonation(input: $input) { din checkCharacter status } }`);
