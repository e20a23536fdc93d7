// Recording a collected bag: the nine items of the scan, signed on the ledger by the signed-in collector.
import { operation } from '../../graphql/operation';
import { DONATION_FIELDS, type DonationRecord } from '../donation/donation-operations';

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

export const RECORD_DONATION = operation<{ recordDonation: DonationRecord }, { input: DonationInput }>(
  `mutation RecordDonation($input: DonationInput!) { recordDonation(input: $input) { ${DONATION_FIELDS} } }`,
);
