// A donation (one plasma bag) from collection to pool: the state object, validated on every read and write.
// Its life cycle (which status may follow which) lives in life-cycle.ts.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ValidationError } from '../errors';
import { computeDinCheckCharacter, DIN_RULE } from '../identifiers/din';
import { identifierRule } from '../identifiers/identifier';
import { type Actor, newActor, newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { newElectronicSignature, type ElectronicSignature } from '../signatures/electronic-signature';
import { ISO_INSTANT_RULE } from '../time';
import {
  ANY_RULE,
  ARRAY_RULE,
  equalTo,
  IDENTIFIER_RULE,
  integerBetween,
  matching,
  numberBetween,
  OBJECT_RULE,
  oneOf,
  readList,
  readObject,
  SHA256_HEX_RULE,
  temperatureBetween,
  text,
  withoutUndefined,
  type FieldReader,
  type Rule,
} from '../validation';

export const DONATION_STATUSES = [
  'collected',
  'screened',
  'rejected',
  'stored',
  'shipped',
  'received',
  'quarantined',
  'released',
  'pooled',
  'on-hold',
  'destroyed',
  'interdicted',
] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];

/** The public part of station screening; the detail (values, instruments) is private to the station and factory. */
export interface Screening {
  readonly conclusion: 'negative' | 'reactive';
  readonly analytes: readonly string[];
  /** SHA-256 of the private detail as stored in the collection: what Fabric's private data hash shows to all. */
  readonly detailHash: string;
  readonly collection: string;
  readonly screenedAt: string;
}

export interface Storage {
  readonly location: string;
  readonly temperatureC: number;
  readonly storedAt: string;
}

/** A temperature reading above the storage limit, as recorded by the custodian. */
export interface Excursion {
  readonly maxTemperatureC: number;
  readonly durationHours: number;
  readonly location: string;
}

export const HOLD_KINDS = ['temperature', 'label', 'retest'] as const;

/** A finding made while the bag was already on hold (on receipt of a bag held in transit), resolved with the hold. */
export interface HoldFinding {
  readonly kind: (typeof HOLD_KINDS)[number];
  readonly since: string;
  readonly excursion?: Excursion;
}

export interface DonationHold {
  readonly kind: (typeof HOLD_KINDS)[number];
  /** The status the donation returns to when the hold is resolved. */
  readonly from: DonationStatus;
  readonly since: string;
  readonly excursion?: Excursion;
  /** The device excursion (ColdChain:RaiseExcursion) that raised the hold: its repeat reports revise `excursion`. */
  readonly excursionId?: string;
  /** Further findings that stand with the hold; ResolveHold returns the bag only when every one of them allows it. */
  readonly laterFindings?: readonly HoldFinding[];
  /** The failed re-test that raised a `retest` hold: only its investigation, closing it as invalidated, lifts the hold. */
  readonly resultId?: string;
}

export interface DonationRelease {
  readonly releasedAt: string;
  readonly jurisdiction: string;
  readonly holdDays: number;
  /** The later donation of the same donor whose negative screening allowed the release. */
  readonly laterNegativeDin: string;
}

export interface Destruction {
  readonly method: string;
  readonly reason: string;
  readonly destroyedAt: string;
  readonly signature: ElectronicSignature;
}

/**
 * A donation recorded long after its collection (more than the rule set's lateEntryHours): the station QA's reason
 * and electronic signature. Its hold counts from its recording, never from the stated collection.
 */
export interface LateEntry {
  readonly reason: string;
  readonly signature: ElectronicSignature;
}

/**
 * A mislabelled bag's label corrected by its custodian's QA (Donation:CorrectLabel): what the wrong label showed, the
 * reprinted label as scanned (it must carry this DIN, its check character and product code), and why.
 */
export interface LabelCorrection {
  readonly found: string;
  readonly reprintedDin: string;
  readonly reprintedProductCode: string;
  readonly reason: string;
  readonly correctedAt: string;
}

export interface Interdiction {
  readonly caseId: string;
  readonly reason: string;
  readonly at: string;
  readonly statusBefore: DonationStatus;
}

/** The nine collection items of the reference design, what the chaincode derives, and the life-cycle record. */
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
  readonly lateEntry?: LateEntry;
  /** Who holds the bag: the station until the factory receives it (absent means the station). */
  readonly custodian?: string;
  readonly screening?: Screening;
  readonly storage?: Storage;
  readonly shipmentId?: string;
  readonly receivedAt?: string;
  readonly hold?: DonationHold;
  /** Excursions so far; the rule set's allowance caps them. */
  readonly excursionCount?: number;
  readonly release?: DonationRelease;
  readonly poolDin?: string;
  readonly destruction?: Destruction;
  readonly interdiction?: Interdiction;
  /** The latest label correction; earlier ones are in the key's history (the audit trail). */
  readonly labelCorrection?: LabelCorrection;
  /** Corrections of a mistyped collection item, each proposed by one person and reviewed by another; the last may wait. */
  readonly corrections?: readonly DonationCorrection[];
  /** Absent only on records written before the life cycle existed (RecordDonation's first version). */
  readonly lastChange?: ChangeStamp;
}

/** The collection items a correction may change: none that names the bag or the donor, or that times a rule. */
export const CORRECTABLE_FIELDS = ['volumeMl', 'deviceSerial', 'anticoagulantLot'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];
export const CORRECTION_STATUSES = ['proposed', 'applied', 'rejected'] as const;

/**
 * A mistyped collection item corrected under the two-person rule (EU GMP Annex 11 §9): the station's staff propose the
 * new value with a reason, the station's QA, another person, applies it or rejects it with a reason. The original value
 * stays on the record (`from`) and in the key's history.
 */
export interface DonationCorrection {
  readonly field: CorrectableField;
  /** The values as text, whatever the item (millilitres as digits): one shape for every correction. */
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly proposedBy: Actor;
  /** The proposer certificate's person marks (signatures/certificate.ts personMarks): the reviewer shares none. */
  readonly proposerMarks: readonly string[];
  readonly proposedAt: string;
  readonly status: (typeof CORRECTION_STATUSES)[number];
  readonly reviewedBy?: Actor;
  readonly reviewerMarks?: readonly string[];
  readonly reviewedAt?: string;
  /** Why a correction was rejected. */
  readonly rejectionReason?: string;
}

const PRODUCT_CODE_RULE = matching(
  /^[A-Z][0-9]{4}[0-9A-Z]{3}$/,
  'must be an ISBT 128 product code: a capital letter, 4 digits, then 3 digits or capital letters, e.g. E0701V00',
);
export const DONOR_PSEUDONYM_RULE = matching(
  /^[0-9a-f]{64}$/,
  'must be exactly 64 lowercase hex characters: the HMAC-SHA256 keyed donor pseudonym; ' +
    'personal data (name, ID number) never goes on the ledger',
);
const VOLUME_RULE = integerBetween(50, 1000, 'millilitres');
const LOT_OR_SERIAL = /^[A-Za-z0-9._/-]{1,64}$/;
const DEVICE_SERIAL_RULE = matching(LOT_OR_SERIAL, 'must be the apheresis device serial: 1 to 64 of A-Z a-z 0-9 . _ / -');
const ANTICOAGULANT_LOT_RULE = matching(LOT_OR_SERIAL, 'must be the anticoagulant/bag-set lot: 1 to 64 of A-Z a-z 0-9 . _ / -');
const TEXT_RULE = text(256);
/** A correction's values as a stored record keeps them. */
const STORED_VALUE_RULE = text(64);
/** Each correctable item's own rule, which the corrected value must pass as the original did. */
export const CORRECTION_VALUE_RULES: Readonly<Record<CorrectableField, Rule<number> | Rule<string>>> = {
  volumeMl: VOLUME_RULE,
  deviceSerial: DEVICE_SERIAL_RULE,
  anticoagulantLot: ANTICOAGULANT_LOT_RULE,
};
export const LOCATION_RULE = identifierRule('location');
export const DURATION_RULE = numberBetween(0, 24 * 365, 'hours');
export const EXCURSION_TEMPERATURE_RULE = temperatureBetween(-80, 40);

const MAX_COLLECTION_MS = 4 * 60 * 60 * 1000;

/** What a station's scanner sends to Donation:RecordDonation; station and operator come from the caller's certificate. */
export const DONATION_INPUT_FIELDS = [
  'din',
  'productCode',
  'donorPseudonym',
  'collectionStart',
  'collectionEnd',
  'volumeMl',
  'deviceSerial',
  'anticoagulantLot',
] as const satisfies readonly (keyof Donation)[];

export const DONATION_FIELDS: readonly (keyof Donation)[] = [
  'din',
  'checkCharacter',
  'facility',
  'productCode',
  'donorPseudonym',
  'station',
  'operator',
  'collectionStart',
  'collectionEnd',
  'volumeMl',
  'deviceSerial',
  'anticoagulantLot',
  'status',
  'recordedAt',
  'recordedTxId',
  'lateEntry',
  'custodian',
  'screening',
  'storage',
  'shipmentId',
  'receivedAt',
  'hold',
  'excursionCount',
  'release',
  'poolDin',
  'destruction',
  'interdiction',
  'labelCorrection',
  'corrections',
  'lastChange',
];

export const LATE_ENTRY_FIELDS = ['reason', 'signature'];
export const SCREENING_FIELDS = ['conclusion', 'analytes', 'detailHash', 'collection', 'screenedAt'];
export const STORAGE_FIELDS = ['location', 'temperatureC', 'storedAt'];
/** What Donation:RecordStorage takes: the bags' location and temperature; the time is the transaction's. */
export const STORAGE_INPUT_FIELDS = ['location', 'temperatureC'];
export const HOLD_FIELDS = ['kind', 'from', 'since', 'excursion', 'excursionId', 'laterFindings', 'resultId'];
export const HOLD_FINDING_FIELDS = ['kind', 'since', 'excursion'];
export const DONATION_RELEASE_FIELDS = ['releasedAt', 'jurisdiction', 'holdDays', 'laterNegativeDin'];
export const DESTRUCTION_FIELDS = ['method', 'reason', 'destroyedAt', 'signature'];
export const INTERDICTION_FIELDS = ['caseId', 'reason', 'at', 'statusBefore'];
export const DONATION_CORRECTION_FIELDS = [
  'field',
  'from',
  'to',
  'reason',
  'proposedBy',
  'proposerMarks',
  'proposedAt',
  'status',
  'reviewedBy',
  'reviewerMarks',
  'reviewedAt',
  'rejectionReason',
];
/** What Donation:ProposeCorrection takes; who and when come from the transaction. */
export const CORRECTION_INPUT_FIELDS = ['field', 'to', 'reason'];
/** What Donation:ReviewCorrection takes. */
export const CORRECTION_REVIEW_INPUT_FIELDS = ['decision', 'reason'];
export const LABEL_CORRECTION_FIELDS = ['found', 'reprintedDin', 'reprintedProductCode', 'reason', 'correctedAt'];
/** What Donation:CorrectLabel takes; the time is the transaction's. */
export const LABEL_CORRECTION_INPUT_FIELDS = ['found', 'reprintedDin', 'reprintedProductCode', 'reason'];
/** What a mislabelled bag's label showed, as QA describes it. */
export const LABEL_FOUND_RULE = text(256);
/** A reprinted label carries the bag's own DIN and check character (14 characters, as scanned); a correction never renames a bag. */
export const reprintedDinRule = (din14: string): Rule<string> =>
  equalTo(din14, `must be ${din14}, this bag's DIN with its check character as the reprinted label carries it`);

/**
 * A correction's value as the record keeps it (text, whatever the item) read as the item's own value: a whole number
 * of millilitres for volumeMl. Refused, naming `name`, unless it passes the item's rule as the original did.
 */
export function correctionValueOf(field: CorrectableField, text: unknown, name: string): number | string {
  const rule = CORRECTION_VALUE_RULES[field];
  if (typeof text !== 'string') throw new ValidationError(name, `must be text: ${rule.text}`);
  const value = field === 'volumeMl' && /^[0-9]{1,5}$/.test(text) ? Number(text) : text;
  if (!rule.test(value)) throw new ValidationError(name, rule.text);
  return value;
}

function readCorrections(fields: FieldReader): DonationCorrection[] | undefined {
  const list = fields.optional('corrections', ARRAY_RULE);
  return list?.map((value, index) => {
    const name = `${fields.path('corrections')}[${index}]`;
    const f = readObject(value, name, DONATION_CORRECTION_FIELDS);
    const field = f.required('field', oneOf(CORRECTABLE_FIELDS));
    const reviewedBy = f.optional('reviewedBy', OBJECT_RULE);
    const marks = (list: unknown[], key: string): string[] => readList(list, f.path(key), SHA256_HEX_RULE, { max: 4 });
    const reviewerMarks = f.optional('reviewerMarks', ARRAY_RULE);
    return withoutUndefined({
      field,
      // As text, without the item's rule: a rule tightened later must not make a past correction unreadable.
      from: f.required('from', STORED_VALUE_RULE),
      to: f.required('to', STORED_VALUE_RULE),
      reason: f.required('reason', REASON_RULE),
      proposedBy: newActor(f.required('proposedBy', OBJECT_RULE), f.path('proposedBy')),
      proposerMarks: marks(f.required('proposerMarks', ARRAY_RULE), 'proposerMarks'),
      proposedAt: f.required('proposedAt', ISO_INSTANT_RULE),
      status: f.required('status', oneOf(CORRECTION_STATUSES)),
      reviewedBy: reviewedBy === undefined ? undefined : newActor(reviewedBy, f.path('reviewedBy')),
      reviewerMarks: reviewerMarks === undefined ? undefined : marks(reviewerMarks, 'reviewerMarks'),
      reviewedAt: f.optional('reviewedAt', ISO_INSTANT_RULE),
      rejectionReason: f.optional('rejectionReason', REASON_RULE),
    });
  });
}

/** Validates a donation record; errors name the field as the record (and the RecordDonation input) does. */
export function newDonation(value: unknown): Donation {
  const fields = readObject(value, 'donation', DONATION_FIELDS, '');
  const din = fields.required('din', DIN_RULE);
  const expectedCheckCharacter = computeDinCheckCharacter(din);
  const checkCharacter = fields.required(
    'checkCharacter',
    equalTo(expectedCheckCharacter, `must be ${expectedCheckCharacter}, the ISO 7064 mod 37-2 check character of the DIN`),
  );
  const facility = fields.required('facility', equalTo(din.slice(0, 5), 'must be the FIN of the DIN: its first 5 characters'));
  const nested = <T>(key: string, read: (reader: FieldReader) => T, known: string[]): T | undefined => {
    const object = fields.optional(key, OBJECT_RULE);
    return object === undefined ? undefined : read(readObject(object, key, known));
  };
  const lastChange = fields.optional('lastChange', ANY_RULE);
  const donation: Donation = withoutUndefined({
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
    status: fields.required('status', oneOf(DONATION_STATUSES)),
    recordedAt: fields.required('recordedAt', ISO_INSTANT_RULE),
    recordedTxId: fields.required('recordedTxId', TEXT_RULE),
    lateEntry: nested(
      'lateEntry',
      (f) => ({
        reason: f.required('reason', REASON_RULE),
        signature: newElectronicSignature(f.required('signature', ANY_RULE), f.path('signature')),
      }),
      LATE_ENTRY_FIELDS,
    ),
    custodian: fields.optional('custodian', MSP_ID_RULE),
    screening: nested('screening', readScreening, SCREENING_FIELDS),
    storage: nested(
      'storage',
      (f) => ({
        location: f.required('location', LOCATION_RULE),
        temperatureC: f.required('temperatureC', temperatureBetween(-80, 40)),
        storedAt: f.required('storedAt', ISO_INSTANT_RULE),
      }),
      STORAGE_FIELDS,
    ),
    shipmentId: fields.optional('shipmentId', IDENTIFIER_RULE),
    receivedAt: fields.optional('receivedAt', ISO_INSTANT_RULE),
    hold: nested('hold', readHold, HOLD_FIELDS),
    excursionCount: fields.optional('excursionCount', integerBetween(0, 1000, 'excursions')),
    release: nested(
      'release',
      (f) => ({
        releasedAt: f.required('releasedAt', ISO_INSTANT_RULE),
        jurisdiction: f.required('jurisdiction', text(10)),
        holdDays: f.required('holdDays', integerBetween(0, 365, 'days')),
        laterNegativeDin: f.required('laterNegativeDin', DIN_RULE),
      }),
      DONATION_RELEASE_FIELDS,
    ),
    poolDin: fields.optional('poolDin', DIN_RULE),
    destruction: nested(
      'destruction',
      (f) => ({
        method: f.required('method', TEXT_RULE),
        reason: f.required('reason', REASON_RULE),
        destroyedAt: f.required('destroyedAt', ISO_INSTANT_RULE),
        signature: newElectronicSignature(f.required('signature', ANY_RULE), f.path('signature')),
      }),
      DESTRUCTION_FIELDS,
    ),
    interdiction: nested(
      'interdiction',
      (f) => ({
        caseId: f.required('caseId', IDENTIFIER_RULE),
        reason: f.required('reason', REASON_RULE),
        at: f.required('at', ISO_INSTANT_RULE),
        statusBefore: f.required('statusBefore', oneOf(DONATION_STATUSES)),
      }),
      INTERDICTION_FIELDS,
    ),
    labelCorrection: nested(
      'labelCorrection',
      (f) => ({
        found: f.required('found', LABEL_FOUND_RULE),
        reprintedDin: f.required('reprintedDin', reprintedDinRule(din + checkCharacter)),
        reprintedProductCode: f.required('reprintedProductCode', PRODUCT_CODE_RULE),
        reason: f.required('reason', REASON_RULE),
        correctedAt: f.required('correctedAt', ISO_INSTANT_RULE),
      }),
      LABEL_CORRECTION_FIELDS,
    ),
    corrections: readCorrections(fields),
    lastChange: lastChange === undefined ? undefined : newChangeStamp(lastChange),
  });

  const start = Date.parse(donation.collectionStart);
  const end = Date.parse(donation.collectionEnd);
  if (end <= start) {
    throw new ValidationError('collectionEnd', 'must be after collectionStart');
  }
  if (end - start > MAX_COLLECTION_MS) {
    throw new ValidationError('collectionEnd', 'must be at most 4 hours after collectionStart');
  }
  if (donation.labelCorrection !== undefined && donation.labelCorrection.reprintedProductCode !== donation.productCode) {
    throw new ValidationError(
      'labelCorrection.reprintedProductCode',
      `must be ${donation.productCode}, the product code the bag was recorded with`,
    );
  }
  assertStatusRecord(donation);
  return donation;
}

function readScreening(f: FieldReader): Screening {
  return {
    conclusion: f.required('conclusion', oneOf(['negative', 'reactive'] as const)),
    analytes: readList(f.required('analytes', ANY_RULE), f.path('analytes'), text(40), { min: 1, max: 30, unique: true }),
    detailHash: f.required('detailHash', SHA256_HEX_RULE),
    collection: f.required('collection', text(64)),
    screenedAt: f.required('screenedAt', ISO_INSTANT_RULE),
  };
}

function readFinding(f: FieldReader): HoldFinding {
  const excursion = f.optional('excursion', OBJECT_RULE);
  return withoutUndefined({
    kind: f.required('kind', oneOf(HOLD_KINDS)),
    since: f.required('since', ISO_INSTANT_RULE),
    excursion: excursion === undefined ? undefined : readExcursion(readObject(excursion, f.path('excursion'), EXCURSION_FIELDS)),
  });
}

function readHold(f: FieldReader): DonationHold {
  const laterFindings = f.optional('laterFindings', ANY_RULE);
  return withoutUndefined({
    ...readFinding(f),
    from: f.required('from', oneOf(DONATION_STATUSES)),
    excursionId: f.optional('excursionId', identifierRule('excursion')),
    resultId: f.optional('resultId', IDENTIFIER_RULE),
    laterFindings:
      laterFindings === undefined
        ? undefined
        : readList(laterFindings, f.path('laterFindings'), OBJECT_RULE, { max: HOLD_KINDS.length }).map((finding, index) =>
            readFinding(readObject(finding, `${f.path('laterFindings')}[${index}]`, HOLD_FINDING_FIELDS)),
          ),
  });
}

export const EXCURSION_FIELDS = ['maxTemperatureC', 'durationHours', 'location'];

export function readExcursion(f: FieldReader): Excursion {
  return {
    maxTemperatureC: f.required('maxTemperatureC', EXCURSION_TEMPERATURE_RULE),
    durationHours: f.required('durationHours', DURATION_RULE),
    location: f.required('location', LOCATION_RULE),
  };
}

/** A status carries the record that explains it: a pooled donation names its pool, a held one its hold... */
function assertStatusRecord(donation: Donation): void {
  const needs: Partial<Record<DonationStatus, keyof Donation>> = {
    screened: 'screening',
    rejected: 'screening',
    stored: 'storage',
    shipped: 'shipmentId',
    received: 'receivedAt',
    released: 'release',
    pooled: 'poolDin',
    'on-hold': 'hold',
    destroyed: 'destruction',
    interdicted: 'interdiction',
  };
  const field = needs[donation.status];
  // A donation rejected on receipt (damaged bag) was screened negative; either way it carries its screening.
  if (field !== undefined && donation[field] === undefined && donation.lastChange !== undefined) {
    throw new ValidationError(field, `is required when the status is ${donation.status}`);
  }
}

export function donationKey(ctx: Context, din: string): string {
  return compositeKey(ctx, 'donation', [din]);
}
