// What the donation page asks: the donation as the ledger recorded it (nine scan items and its status).
import { operation } from '../../graphql/operation';

export interface DonationRecord {
  readonly din: string;
  readonly checkCharacter: string;
  readonly facility: string;
  readonly productCode: string;
  readonly donorPseudonym: string;
  readonly station: string;
  readonly operator: string;
  readonly collectionStart: string;
  readonly collectionEnd: string;
  readonly volumeMl: number;
  readonly deviceSerial: string;
  readonly anticoagulantLot: string;
  readonly status: string;
  readonly recordedAt: string;
  readonly recordedTxId: string;
}

export const DONATION_FIELDS = `din checkCharacter facility productCode donorPseudonym station operator collectionStart collectionEnd
  volumeMl deviceSerial anticoagulantLot status recordedAt recordedTxId`;

export const DONATION = operation<{ donation: DonationRecord | null }, { din: string }>(
  `query Donation($din: String!) { donation(din: $din) { ${DONATION_FIELDS} } }`,
);
