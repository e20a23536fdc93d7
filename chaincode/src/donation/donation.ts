// A donation (one plasma bag) as recorded at collection: the state object, validated on every read and write.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ValidationError } from '../errors';
import { computeDinCheckCharacter, DIN_RULE } from '../identifiers/din';
import { ISO_INSTANT_RULE } from '../time';
import { equalTo, integerBetween, matching, readObject } from '../validation';

export type DonationStatus = 'collected';

/** The nine collection items of the reference design, plus what the chaincode derives and stamps. */
export interface Donation {
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
  readonly status: DonationStatus;
  readonly recordedAt: string;
  readonly recordedTxId: string;
}

const PRODUCT_CODE_RULE = matching(
  /^[A-Z][0-9]{4}[0-9A-Z]{3}$/,
  'must be an ISBT 128 product code: a capital letter, 4 digits, then 3 digits or capital letters, e.g. E0701V00',
);
const DONOR_PSEUDONYM_RULE = matching(
  /^[0-9a-f]{64}$/,
  'must be exactly 64 lowercase hex characters: the HMAC-SHA256 keyed donor pseudonym; ' +
    'personal data (name, ID number) never goes on the ledger',
);
const VOLUME_RULE = integerBetween(50, 1000, 'millilitres');
const LOT_OR_SERIAL = /^[A-Za-z0-9._/-]{1,64}$/;
const DEVICE_SERIAL_RULE = matching(LOT_OR_SERIAL, 'must be the apheresis device serial: 1 to 64 of A-Z a-z 0-9 . _ / -');
const ANTICOAGULANT_LOT_RULE = matching(LOT_OR_SERIAL, 'must be the anticoagulant/bag-set lot: 1 to 64 of A-Z a-z 0-9 . _ / -');
const TEXT_RULE = matching(/^\S(?:.{0,254}\S)?$/, 'must be 1 to 256 characters, without leading or trailing spaces');

const MAX_COLLECTION_MS = 4 * 60 * 60 * 1000;
// Collection times come from the station's clock, the transaction time from the client's: allow them to differ a little.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const FIELDS: readonly (keyof Donation)[] = [
  'din', 'checkCharacter', 'facility', 'productCode', 'donorPseudonym', 'station', 'operator',
  'collectionStart', 'collectionEnd', 'volumeMl', 'deviceSerial', 'anticoagulantLot',
  'status', 'recordedAt', 'recordedTxId',
];

/** Validates a donation record; errors name the field as the record (and the RecordDonation input) does. */
export function newDonation(value: unknown): Donation {
  const fields = readObject(value, 'donation', FIELDS, '');
  const din = fields.required('din', DIN_RULE);
  const expectedCheckCharacter = computeDinCheckCharacter(din);
  const checkCharacter = fields.required(
    'checkCharacter',
    equalTo(expectedCheckCharacter, `must be ${expectedCheckCharacter}, the ISO 7064 mod 37-2 check character of the DIN`),
  );
  const facility = fields.required('facility', equalTo(din.slice(0, 5), 'must be the FIN of the DIN: its first 5 characters'));
  const donation: Donation = {
    din,
    checkCharacter,
    facility,
    productCode: fields.required('productCode', PRODUCT_CODE_RULE),
    donorPseudonym: fields.required('donorPseudonym', DONOR_PSEUDONYM_RULE),
    station: fields.required('station', MSP_ID_RULE),
    operator: fields.required('operator', TEXT_RULE),
    collectionStart: fields.required('collectionStart', ISO_INSTANT_RULE),
    collectionEnd: fields.required('collectionEnd', ISO_INSTANT_RULE),
    volumeMl: fields.required('volumeMl', VOLUME_RULE),
    deviceSerial: fields.required('deviceSerial', DEVICE_SERIAL_RULE),
    anticoagulantLot: fields.required('anticoagulantLot', ANTICOAGULANT_LOT_RULE),
    status: fields.required('status', equalTo('collected', 'must be collected')),
    recordedAt: fields.required('recordedAt', ISO_INSTANT_RULE),
    recordedTxId: fields.required('recordedTxId', TEXT_RULE),
  };

  const start = Date.parse(donation.collectionStart);
  const end = Date.parse(donation.collectionEnd);
  if (end <= start) {
    throw new ValidationError('collectionEnd', 'must be after collectionStart');
  }
  if (end - start > MAX_COLLECTION_MS) {
    throw new ValidationError('collectionEnd', 'must be at most 4 hours after collectionStart');
  }
  if (end > Date.parse(donation.recordedAt) + CLOCK_SKEW_MS) {
    throw new ValidationError(
      'collectionEnd',
      `must not be later than the transaction time (${donation.recordedAt}) plus 5 minutes of clock skew`,
    );
  }
  return donation;
}

export function donationKey(ctx: Context, din: string): string {
  return ctx.stub.createCompositeKey('donation', [din]);
}
