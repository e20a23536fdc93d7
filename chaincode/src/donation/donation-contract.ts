// The Donation contract: a plasma bag from collection to release for pooling (screening, storage, holds,
// quarantine, release, destruction). Shipment, Pool and LookBack move it further through the same life cycle.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AT_STATION_STATUSES, isAtStation } from './at-station';
import { AuthorisedContract } from '../access/authorised-contract';
import { DESTRUCTION_SIGNER_ROLE, LATE_ENTRY_SIGNER_ROLE } from '../access/roles';
import { callerCommonName, callerMspId } from '../access/identity';
import { parseCertificate, personMarks } from '../signatures/certificate';
import { findFacilityOwner, getOrganisation } from '../consortium/registry';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { normaliseDinKey, parseDin } from '../identifiers/din';
import { fromBytes, toCanonicalJson } from '../ledger/canonical';
import { callerActor, changeStamp, REASON_INPUT_FIELDS, REASON_RULE } from '../ledger/change';
import { emitEvent, having, type ObjectRef } from '../ledger/events';
import { readState } from '../ledger/state';
import { excursionKey, newExcursionRecord } from '../cold-chain/excursion-record';
import { acceptSignature, recordDigest, type SignableRecord } from '../signatures/electronic-signature';
import { assertNotAhead } from '../access/endorsement-time';
import { ownedBy } from '../consortium/ownership';
import { HOUR_MS, isoFromTimestamp, transactionTime, utcIso } from '../time';
import { equalTo, OBJECT_RULE, oneOf, parseJson, readList, readObject, temperatureBetween, withoutUndefined } from '../validation';
import { assertCustodian, custodianOf } from './custody';
import { destructionRecord, readDestructionOrder } from './destruction';
import {
  CORRECTABLE_FIELDS,
  CORRECTION_INPUT_FIELDS,
  CORRECTION_REVIEW_INPUT_FIELDS,
  DONATION_INPUT_FIELDS,
  donationKey,
  correctionValueOf,
  type DonationCorrection,
  EXCURSION_FIELDS,
  LABEL_CORRECTION_INPUT_FIELDS,
  LABEL_FOUND_RULE,
  LOCATION_RULE,
  newDonation,
  readExcursion,
  reprintedDinRule,
  STORAGE_INPUT_FIELDS,
  type Donation,
  type DonationHold,
  type LabelCorrection,
} from './donation';
import { ruleSetOfDonation } from './donation-rules';
import type { RuleSet } from '../rules/rule-set';
import { findDonation, getDonation, getDonations, putDonation, readDinsJson } from './donation-store';
import { describeDeferral, deferralAt, findDonor, withinInterval } from './donor';
import { donationsOfDonor, indexDonation } from './donor-index';
import { advance, assertStep } from './life-cycle';
import { assessRelease } from './release-rules';
import { concludeScreening, readScreening, readScreeningDetail, screeningHashOnChannel, storeScreening } from './screening';
import { holdForExcursion } from './temperature-hold';
import { assertNoStandingFailure } from './retest';

const donationRefs = (donations: readonly Donation[]): ObjectRef[] => donations.map(({ din }) => ({ type: 'donation', id: din }));

/** The donation a scanner's input describes, as the caller's station collected it now (not yet checked against the ledger). */
async function collectedDonation(ctx: Context, given: unknown): Promise<Donation> {
  const input = readObject(given, 'donation', DONATION_INPUT_FIELDS, '');
  const { din, checkCharacter, facility } = parseDin(input.values.din);
  const donation = newDonation({
    ...input.values,
    din,
    checkCharacter,
    facility,
    station: callerMspId(ctx),
    operator: callerCommonName(ctx),
    status: 'collected',
    recordedAt: transactionTime(ctx),
    recordedTxId: ctx.stub.getTxID(),
    lastChange: changeStamp(ctx),
  });
  await assertNotAhead(ctx, donation.collectionEnd, 'collectionEnd');
  return donation;
}

const isLate = (donation: Donation, lateEntryHours: number): boolean =>
  Date.parse(donation.recordedAt) - Date.parse(donation.collectionEnd) > lateEntryHours * HOUR_MS;

const readLateEntry = (json: string): string =>
  readObject(parseJson(json, 'lateEntry'), 'lateEntry', ['reason']).required('reason', REASON_RULE);

/** What station QA signs for a late entry: the scanner's input as given, and the reason it comes late. */
const lateEntryRecord = (donationJson: string, reason: string, donation: Donation): SignableRecord => ({
  type: 'late-entry',
  id: donation.din,
  content: { donation: parseJson(donationJson, 'donation'), station: donation.station, reason },
});

/** A label correction as QA enters it: the reprinted label must carry this bag's DIN, check character and product code. */
function readLabelCorrection(ctx: Context, donation: Donation, correctionJson: string): LabelCorrection {
  const f = readObject(parseJson(correctionJson, 'correction'), 'correction', LABEL_CORRECTION_INPUT_FIELDS);
  return {
    found: f.required('found', LABEL_FOUND_RULE),
    reprintedDin: f.required('reprintedDin', reprintedDinRule(donation.din + donation.checkCharacter)),
    reprintedProductCode: f.required(
      'reprintedProductCode',
      equalTo(donation.productCode, `must be ${donation.productCode}, the product code the bag was recorded with`),
    ),
    reason: f.required('reason', REASON_RULE),
    correctedAt: transactionTime(ctx),
  };
}

/**
 * The hold once its label finding is corrected: undefined when nothing else holds the bag, otherwise the rest (a warm
 * arrival, a reefer excursion in transit) for ResolveHold to judge. Refuses a bag not held for its label.
 */
function holdWithoutLabel(donation: Donation): DonationHold | undefined {
  const { hold } = donation;
  if (donation.status !== 'on-hold' || hold === undefined || ![hold, ...(hold.laterFindings ?? [])].some(({ kind }) => kind === 'label')) {
    const state = donation.status === 'on-hold' && hold !== undefined ? `on a ${hold.kind} hold` : donation.status;
    throw new ConflictError(
      `donation ${donation.din} is ${state}, not held for its label; only a bag held for a label mismatch found on receipt has its label corrected`,
    );
  }
  const { laterFindings, ...first } = hold;
  const later = (laterFindings ?? []).filter(({ kind }) => kind !== 'label');
  if (hold.kind !== 'label') return { ...first, ...(later.length > 0 ? { laterFindings: later } : {}) };
  const [next, ...rest] = later;
  return next === undefined ? undefined : { ...next, from: hold.from, ...(rest.length > 0 ? { laterFindings: rest } : {}) };
}

/**
 * Refuses a donation whose donor was deferred when its collection started or is deferred now, when it is recorded (a
 * collection stated as begun before the deferral does not slip past it), or which started within the rule set's
 * donationIntervalDays of another donation of the donor (before or after it: a late entry may fall between two). An
 * index entry counts only when the donation it points to is the donor's and started when the entry says.
 */
async function assertDonorMayGive(ctx: Context, donation: Donation, { jurisdiction, donationIntervalDays }: RuleSet): Promise<void> {
  const donor = await findDonor(ctx, donation.donorPseudonym);
  const deferral = deferralAt(donor, donation.collectionStart) ?? deferralAt(donor, donation.recordedAt);
  if (deferral !== undefined) {
    throw new ValidationError('donorPseudonym', `names a donor ${describeDeferral(deferral)}: a deferred donor is not collected`);
  }
  for (const entry of await donationsOfDonor(ctx, donation.donorPseudonym)) {
    if (!withinInterval(entry.collectionStart, donation.collectionStart, donationIntervalDays)) continue;
    const other = await findDonation(ctx, entry.din);
    if (other?.donorPseudonym !== donation.donorPseudonym || utcIso(other.collectionStart) !== entry.collectionStart) continue;
    throw new ValidationError(
      'collectionStart',
      `is within ${donationIntervalDays} days of the same donor's donation ${entry.din} (collection started ${entry.collectionStart}); ` +
        `the ${jurisdiction} rule set asks at least ${donationIntervalDays} days between two donations of one donor`,
    );
  }
}

/** Refuses a donation that may not be recorded: another organisation's facility, a DIN already recorded, a donor who may not give. */
async function assertCollectable(ctx: Context, donation: Donation, ruleSet: RuleSet): Promise<void> {
  const owner = await findFacilityOwner(ctx, donation.facility);
  if (owner !== donation.station) {
    const registered = owner === undefined ? 'is not registered to any organisation' : `belongs to another organisation (${owner})`;
    throw new ForbiddenError(
      `the facility ${donation.facility} of DIN ${donation.din} ${registered}; ${donation.station} may record only DINs of its own facilities`,
    );
  }
  if ((await readState(ctx, donationKey(ctx, donation.din))) !== undefined) {
    throw new ConflictError(`donation ${donation.din} is already recorded`);
  }
  await assertDonorMayGive(ctx, donation, ruleSet);
}

/** Writes a new donation, owned by its station, with its donor index entry. */
async function writeCollected(ctx: Context, donation: Donation): Promise<void> {
  await putDonation(ctx, donation);
  await ownedBy(ctx, donationKey(ctx, donation.din), donation.station);
  await indexDonation(ctx, donation);
}

/** Writes a new donation of the caller's own facility, once, with its donor index entry and its event. */
async function recordCollected(ctx: Context, donation: Donation, ruleSet: RuleSet): Promise<string> {
  await assertCollectable(ctx, donation, ruleSet);
  await writeCollected(ctx, donation);
  emitEvent(ctx, 'DonationRecorded', donation.din, donation, donationRefs([donation]));
  return toCanonicalJson(donation);
}

/** Refuses a donation entered after the rule set's lateEntryHours: that one is a late entry, signed by station QA. */
function assertInTime(donation: Donation, { lateEntryHours }: RuleSet): void {
  if (isLate(donation, lateEntryHours)) {
    throw new ValidationError(
      'collectionEnd',
      `is more than ${lateEntryHours} hours before the recording (${donation.recordedAt}); a late entry needs the station QA's ` +
        'signed late-entry record (Donation:RecordLateDonation), and its hold counts from its recording',
    );
  }
}

/** Bags a station records in one transaction: a tray of scans. */
export const MAX_TRAY = 100;

/**
 * Refuses a bag whose DIN or donor an earlier bag of the tray has: the ledger's own checks cannot see the tray's writes,
 * so a repeated DIN or a donor giving twice within the interval would pass them.
 */
function assertOnceInTray(tray: readonly Donation[], bag: Donation): void {
  const sameDin = tray.findIndex(({ din }) => din === bag.din);
  if (sameDin >= 0) {
    throw new ValidationError('din', `repeats DIN ${bag.din} of donations[${sameDin}]: a tray holds each bag and each donor once`);
  }
  const sameDonor = tray.findIndex(({ donorPseudonym }) => donorPseudonym === bag.donorPseudonym);
  if (sameDonor >= 0) {
    throw new ValidationError(
      'donorPseudonym',
      `names the donor of another bag of donations[${sameDonor}]: a tray holds each bag and each donor once`,
    );
  }
}

/** Runs the checks of the tray's bag at `index`: a refused field is named as the tray's, donations[index].<field>. */
async function trayBag<T>(index: number, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(`donations[${index}].${error.field}`, error.rule);
    throw error;
  }
}

/** Corrections a bag may have had: each rewrites the record, which every later step of the bag carries. */
export const MAX_CORRECTIONS = 10;

/** The caller certificate's person marks: a correction's reviewer shares none with its proposer. */
const callerMarks = (ctx: Context): string[] =>
  // The shim gives the creator's certificate as bytes (a Uint8Array, whose own toString lists numbers).
  personMarks(parseCertificate(Buffer.from(ctx.clientIdentity.getIDBytes()).toString('utf8'), 'caller'));

/** The donation, refused unless the caller's station holds it and it has not left the station's hands. */
async function correctableDonation(ctx: Context, din: string, action: string): Promise<Donation> {
  const donation = await getDonation(ctx, normaliseDinKey(din));
  assertCustodian(ctx, donation, action);
  if (!isAtStation(donation.status)) {
    throw new ConflictError(
      `donation ${donation.din} is ${donation.status}; a collection item is corrected only before the bag ships (${AT_STATION_STATUSES.join(', ')})`,
    );
  }
  return donation;
}

@Info({ title: 'Donation', description: 'Plasma donations (bags), keyed by their ISBT 128 DIN, from collection to release' })
export class DonationContract extends AuthorisedContract {
  constructor() {
    super('Donation');
  }

  /**
   * Records a collected donation from a JSON object of the DONATION_INPUT_FIELDS; returns the stored record. A donation whose
   * collection ended more than the rule set's lateEntryHours before now is a late entry (RecordLateDonation).
   */
  @Transaction()
  @Returns('string')
  async RecordDonation(ctx: Context, donationJson: string): Promise<string> {
    const donation = await collectedDonation(ctx, parseJson(donationJson, 'donation'));
    const ruleSet = await ruleSetOfDonation(ctx, donation);
    assertInTime(donation, ruleSet);
    return recordCollected(ctx, donation, ruleSet);
  }

  /**
   * Records a tray of donations of the caller's station in one transaction: `donationsJson` is a JSON array of 1 to
   * MAX_TRAY donations as RecordDonation takes them, each checked by the same rules as one. One bag that may not be
   * recorded refuses the whole tray, naming it (`donations[i].<field>`, or its DIN), and nothing is written: the station
   * scans that bag again and sends the tray anew. A DIN appears once a tray, and a donor gives once a tray (the donor
   * interval is checked against the ledger, which does not yet hold the tray's other bags). Answers the DINs recorded.
   */
  @Transaction()
  @Returns('string')
  async RecordDonations(ctx: Context, donationsJson: string): Promise<string> {
    const inputs = readList(parseJson(donationsJson, 'donations'), 'donations', OBJECT_RULE, { min: 1, max: MAX_TRAY });
    const donations: Donation[] = [];
    for (const [index, input] of inputs.entries()) {
      const donation = await trayBag(index, async () => {
        const bag = await collectedDonation(ctx, input);
        assertOnceInTray(donations, bag);
        const ruleSet = await ruleSetOfDonation(ctx, bag);
        assertInTime(bag, ruleSet);
        await assertCollectable(ctx, bag, ruleSet);
        return bag;
      });
      donations.push(donation);
    }
    for (const donation of donations) await writeCollected(ctx, donation);
    const station = callerMspId(ctx);
    emitEvent(ctx, 'DonationsRecorded', station, { station, donations }, donationRefs(donations));
    return toCanonicalJson({ station, dins: donations.map(({ din }) => din), count: donations.length });
  }

  /**
   * Records a donation entered after the rule set's lateEntryHours (a scanner that was offline, a paper record): the
   * donation as for RecordDonation, `lateEntryJson` `{ reason }`, and the station QA's electronic signature (meaning
   * late-entry) over the record GetLateEntryRecord returns. Its hold counts from its recording, never from the stated
   * collection, so a late entry cannot shorten the hold.
   */
  @Transaction()
  @Returns('string')
  async RecordLateDonation(ctx: Context, donationJson: string, lateEntryJson: string, signatureJson: string): Promise<string> {
    const donation = await collectedDonation(ctx, parseJson(donationJson, 'donation'));
    const reason = readLateEntry(lateEntryJson);
    const ruleSet = await ruleSetOfDonation(ctx, donation);
    const { lateEntryHours } = ruleSet;
    if (!isLate(donation, lateEntryHours)) {
      throw new ValidationError(
        'collectionEnd',
        `is within ${lateEntryHours} hours of the recording; record the donation with Donation:RecordDonation`,
      );
    }
    const signature = await acceptSignature(
      ctx,
      parseJson(signatureJson, 'signature'),
      'signature',
      lateEntryRecord(donationJson, reason, donation),
      {
        meaning: 'late-entry',
        roles: [LATE_ENTRY_SIGNER_ROLE],
        mspIds: [donation.station],
      },
    );
    return recordCollected(
      ctx,
      newDonation({ ...donation, lateEntry: { reason, signature }, lastChange: changeStamp(ctx, reason) }),
      ruleSet,
    );
  }

  /** The record a station QA person signs to approve the late entry of `donationJson` for `lateEntryJson`'s reason. */
  @Transaction(false)
  @Returns('string')
  async GetLateEntryRecord(ctx: Context, donationJson: string, lateEntryJson: string): Promise<string> {
    const record = lateEntryRecord(
      donationJson,
      readLateEntry(lateEntryJson),
      await collectedDonation(ctx, parseJson(donationJson, 'donation')),
    );
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  /**
   * Records the station's screening of a donation. The detail travels as transient data (`screening`:
   * `{ tests: [{ analyte, method, result, value?, unit?, conclusion, instrument, reagentLot? }], testedAt, lab }`)
   * into the station's private collection; the donation keeps the conclusion and the detail's hash.
   * Every mandatory screening test of the station's jurisdiction must be reported; one reactive test rejects the bag.
   */
  @Transaction()
  @Returns('string')
  async RecordScreening(ctx: Context, din: string): Promise<string> {
    const donation = await getDonation(ctx, normaliseDinKey(din));
    if (donation.station !== callerMspId(ctx)) {
      throw new ForbiddenError(`donation ${donation.din} was collected by ${donation.station}; only that station screens it`);
    }
    const now = transactionTime(ctx);
    const ruleSet = await ruleSetOfDonation(ctx, donation);
    const detail = await readScreeningDetail(ctx, donation, callerCommonName(ctx));
    const conclusion = concludeScreening(detail, ruleSet.mandatoryTests.donation);
    const step = conclusion === 'negative' ? 'screen-negative' : 'screen-reactive';
    assertStep(donation, step); // refuse before writing private data
    const screening = await storeScreening(ctx, donation, detail, conclusion, now);
    const screened = advance(donation, step, { screening }, changeStamp(ctx));
    await putDonation(ctx, screened);
    emitEvent(ctx, 'DonationScreened', screened.din, having(screened, 'screening'), donationRefs([screened]));
    return toCanonicalJson(screened);
  }

  /** Records frozen storage of screened donations: `storageJson` is `{ location, temperatureC }`, at or below the limit. */
  @Transaction()
  @Returns('string')
  async RecordStorage(ctx: Context, dinsJson: string, storageJson: string): Promise<string> {
    const donations = await getDonations(ctx, readDinsJson(dinsJson, 'dins'));
    const f = readObject(parseJson(storageJson, 'storage'), 'storage', STORAGE_INPUT_FIELDS);
    const location = f.required('location', LOCATION_RULE);
    const temperatureC = f.required('temperatureC', temperatureBetween(-80, 40));
    const now = transactionTime(ctx);
    const stored: Donation[] = [];
    for (const donation of donations) {
      assertCustodian(ctx, donation, 'store');
      const { storageLimitC, jurisdiction } = await ruleSetOfDonation(ctx, donation);
      if (temperatureC > storageLimitC) {
        throw new ValidationError(
          'storage.temperatureC',
          `must be at or below the ${jurisdiction} storage limit of ${storageLimitC} °C; record an excursion instead`,
        );
      }
      stored.push(advance(donation, 'store', { storage: { location, temperatureC, storedAt: now } }, changeStamp(ctx)));
    }
    for (const donation of stored) await putDonation(ctx, donation);
    emitEvent(ctx, 'DonationStored', stored[0]!.din, { dins: stored.map(({ din }) => din), location, temperatureC }, donationRefs(stored));
    return toCanonicalJson(stored);
  }

  /**
   * Puts donations on hold after a storage temperature excursion: `excursionJson` is
   * `{ location, maxTemperatureC, durationHours }`, warmer than the storage limit. Only their custodian records it.
   */
  @Transaction()
  @Returns('string')
  async RecordTemperatureExcursion(ctx: Context, dinsJson: string, excursionJson: string): Promise<string> {
    const donations = await getDonations(ctx, readDinsJson(dinsJson, 'dins'));
    const excursion = readExcursion(readObject(parseJson(excursionJson, 'excursion'), 'excursion', EXCURSION_FIELDS));
    for (const donation of donations) assertCustodian(ctx, donation, 'record an excursion of');
    const held = await holdForExcursion(ctx, donations, excursion);
    for (const donation of held) await putDonation(ctx, donation);
    emitEvent(
      ctx,
      'DonationsPutOnHold',
      held[0]!.din,
      { dins: held.map(({ din }) => din), kind: 'temperature', excursion },
      donationRefs(held),
    );
    return toCanonicalJson(held);
  }

  /**
   * Returns a held donation to where it was, with QA's reason (`{ reason }`), resolving the hold and every later
   * finding with it. A temperature hold resolves only when each excursion lies within the jurisdiction's allowance
   * (otherwise the bag must be destroyed), and a device excursion's hold only once the device reported it ended.
   */
  @Transaction()
  @Returns('string')
  async ResolveHold(ctx: Context, din: string, resolutionJson: string): Promise<string> {
    const donation = await getDonation(ctx, normaliseDinKey(din));
    const reason = readObject(parseJson(resolutionJson, 'resolution'), 'resolution', REASON_INPUT_FIELDS).required('reason', REASON_RULE);
    assertCustodian(ctx, donation, 'resolve a hold of');
    const { hold } = donation;
    if (hold?.kind === 'retest') {
      throw new ConflictError(
        `donation ${donation.din} is held for failed re-test ${hold.resultId ?? ''}; the laboratory lifts it by closing the result's investigation as invalidated`,
      );
    }
    if (hold?.excursionId !== undefined) {
      const state = await readState(ctx, excursionKey(ctx, hold.excursionId));
      if (state !== undefined && newExcursionRecord(state).endedAt === undefined) {
        throw new ConflictError(
          `donation ${donation.din} is held by device excursion ${hold.excursionId}, which is still running; ` +
            'its hold can be resolved once the device reports the excursion ended',
        );
      }
    }
    // The hold and every later finding with it (a label or warm arrival of a bag held in transit) must allow the return.
    const excursions = [hold?.excursion, ...(hold?.laterFindings ?? []).map(({ excursion }) => excursion)].filter((e) => e !== undefined);
    if (excursions.length > 0) {
      const { excursionAllowance: allowance, jurisdiction } = await ruleSetOfDonation(ctx, donation);
      const count = donation.excursionCount ?? 1;
      for (const excursion of excursions) {
        if (
          excursion.maxTemperatureC >= allowance.maxTemperatureC ||
          excursion.durationHours > allowance.maxHours ||
          count > allowance.maxCount
        ) {
          throw new ConflictError(
            `the excursion of donation ${donation.din} (${excursion.maxTemperatureC} °C for ${excursion.durationHours} h at ${excursion.location}, ` +
              `excursion ${count}) exceeds the ${jurisdiction} allowance (colder than ${allowance.maxTemperatureC} °C, at most ${allowance.maxHours} h, ` +
              `${allowance.maxCount} time(s)); the bag must be destroyed`,
          );
        }
      }
    }
    const resolved = advance(donation, 'resolve-hold', {}, changeStamp(ctx, reason));
    await putDonation(ctx, resolved);
    emitEvent(ctx, 'DonationHoldResolved', resolved.din, resolved, donationRefs([resolved]));
    return toCanonicalJson(resolved);
  }

  /**
   * Corrects the label of a bag held for a label mismatch found on receipt, by its custodian's QA: `correctionJson` is
   * `{ found, reprintedDin, reprintedProductCode, reason }` — what the wrong label showed, the reprinted label as
   * scanned (this bag's DIN with its check character, and its product code) and why. The label finding leaves the hold:
   * a bag held for nothing else returns to where it was; one also held for an excursion stays on hold for ResolveHold.
   */
  @Transaction()
  @Returns('string')
  async CorrectLabel(ctx: Context, din: string, correctionJson: string): Promise<string> {
    const donation = await getDonation(ctx, normaliseDinKey(din));
    const labelCorrection = readLabelCorrection(ctx, donation, correctionJson);
    assertCustodian(ctx, donation, 'correct the label of');
    const hold = holdWithoutLabel(donation);
    const stamp = changeStamp(ctx, labelCorrection.reason);
    const corrected =
      hold === undefined
        ? advance(donation, 'resolve-hold', { labelCorrection }, stamp)
        : advance(donation, 'revise-hold', { hold, labelCorrection }, stamp);
    await putDonation(ctx, corrected);
    emitEvent(ctx, 'LabelCorrected', corrected.din, having(corrected, 'labelCorrection'), donationRefs([corrected]));
    return toCanonicalJson(corrected);
  }

  /**
   * Proposes the correction of a mistyped collection item (EU GMP Annex 11 §9), `correctionJson` `{ field, to, reason }`
   * with `field` one of CORRECTABLE_FIELDS: by the station's staff while the bag is at the station, before it ships.
   * Nothing changes until the station's QA, another person, applies it (ReviewCorrection).
   */
  @Transaction()
  @Returns('string')
  async ProposeCorrection(ctx: Context, din: string, correctionJson: string): Promise<string> {
    const donation = await correctableDonation(ctx, din, 'propose a correction of');
    const f = readObject(parseJson(correctionJson, 'correction'), 'correction', CORRECTION_INPUT_FIELDS);
    const field = f.required('field', oneOf(CORRECTABLE_FIELDS));
    // As text, as a form types it; a number is taken as its digits.
    const typed = f.values.to;
    const to = correctionValueOf(field, typeof typed === 'number' ? String(typed) : typed, f.path('to'));
    const reason = f.required('reason', REASON_RULE);
    if (to === donation[field]) throw new ValidationError('correction.to', `must differ from the ${field} recorded (${String(to)})`);
    if (donation.corrections?.at(-1)?.status === 'proposed') {
      throw new ConflictError(`donation ${donation.din} has a correction waiting for QA review; it is applied or rejected first`);
    }
    if ((donation.corrections?.length ?? 0) >= MAX_CORRECTIONS) {
      throw new ConflictError(`donation ${donation.din} has had ${MAX_CORRECTIONS} corrections, the most a bag may; QA looks into why`);
    }
    const correction: DonationCorrection = withoutUndefined({
      field,
      from: String(donation[field]),
      to: String(to),
      reason,
      proposedBy: callerActor(ctx),
      proposerMarks: callerMarks(ctx),
      proposedAt: transactionTime(ctx),
      status: 'proposed' as const,
    });
    const proposed = newDonation({
      ...donation,
      corrections: [...(donation.corrections ?? []), correction],
      lastChange: changeStamp(ctx, reason),
    });
    await putDonation(ctx, proposed);
    emitEvent(ctx, 'DonationCorrectionProposed', proposed.din, having(proposed, 'corrections'), donationRefs([proposed]));
    return toCanonicalJson(proposed);
  }

  /**
   * The station QA's review of the correction waiting on a donation, `reviewJson` `{ decision: apply | reject, reason? }`
   * (a reason to reject, and only then): by another person than its proposer. Applying changes the item; the original stays in the
   * correction's `from` and in the key's history.
   */
  @Transaction()
  @Returns('string')
  async ReviewCorrection(ctx: Context, din: string, reviewJson: string): Promise<string> {
    const donation = await correctableDonation(ctx, din, 'review a correction of');
    const f = readObject(parseJson(reviewJson, 'review'), 'review', CORRECTION_REVIEW_INPUT_FIELDS);
    const decision = f.required('decision', oneOf(['apply', 'reject'] as const));
    // Applying carries the proposer's reason into the record's stamp; a reviewer's own words would be dropped, so none
    // is taken with an application.
    if (decision === 'apply' && f.values.reason !== undefined) {
      throw new ValidationError('review.reason', "is given only to reject: an applied correction carries its proposer's reason");
    }
    const rejectionReason = decision === 'reject' ? f.required('reason', REASON_RULE) : undefined;
    const corrections = donation.corrections ?? [];
    const waiting = corrections.at(-1);
    if (waiting?.status !== 'proposed') throw new ConflictError(`donation ${donation.din} has no correction waiting for review`);
    const reviewerMarks = callerMarks(ctx);
    if (reviewerMarks.some((mark) => waiting.proposerMarks.includes(mark)))
      throw new ForbiddenError(`the correction of ${donation.din} is reviewed by another person than its proposer`);
    const reviewed: DonationCorrection = withoutUndefined({
      ...waiting,
      status: decision === 'apply' ? ('applied' as const) : ('rejected' as const),
      reviewedBy: callerActor(ctx),
      reviewerMarks,
      reviewedAt: transactionTime(ctx),
      rejectionReason: decision === 'reject' ? rejectionReason : undefined,
    });
    const updated = newDonation({
      ...donation,
      ...(decision === 'apply' ? { [waiting.field]: correctionValueOf(waiting.field, waiting.to, 'correction.to') } : {}),
      corrections: [...corrections.slice(0, -1), reviewed],
      lastChange: changeStamp(ctx, decision === 'apply' ? waiting.reason : rejectionReason),
    });
    await putDonation(ctx, updated);
    emitEvent(ctx, 'DonationCorrectionReviewed', updated.din, having(updated, 'corrections'), donationRefs([updated]));
    return toCanonicalJson(updated);
  }

  /** Puts received donations into quarantine (inventory hold) at the factory that holds them. */
  @Transaction()
  @Returns('string')
  async QuarantineDonations(ctx: Context, dinsJson: string): Promise<string> {
    const donations = await getDonations(ctx, readDinsJson(dinsJson, 'dins'));
    const quarantined = donations.map((donation) => {
      assertCustodian(ctx, donation, 'quarantine');
      return advance(donation, 'quarantine', {}, changeStamp(ctx));
    });
    for (const donation of quarantined) await putDonation(ctx, donation);
    emitEvent(ctx, 'DonationsQuarantined', quarantined[0]!.din, { dins: quarantined.map(({ din }) => din) }, donationRefs(quarantined));
    return toCanonicalJson(quarantined);
  }

  /**
   * Releases quarantined donations for pooling. Each needs its jurisdiction's hold period served from its recording
   * and a later donation of the same donor screened negative.
   */
  @Transaction()
  @Returns('string')
  async ReleaseDonations(ctx: Context, dinsJson: string): Promise<string> {
    const donations = await getDonations(ctx, readDinsJson(dinsJson, 'dins'));
    const now = transactionTime(ctx);
    const released: Donation[] = [];
    for (const donation of donations) {
      assertCustodian(ctx, donation, 'release');
      assertStep(donation, 'release'); // the status first: it explains more than the rules
      await assertNoStandingFailure(ctx, donation, 'released');
      const release = await assessRelease(ctx, donation, await ruleSetOfDonation(ctx, donation), now);
      released.push(advance(donation, 'release', { release }, changeStamp(ctx)));
    }
    for (const donation of released) await putDonation(ctx, donation);
    emitEvent(ctx, 'DonationsReleased', released[0]!.din, { dins: released.map(({ din }) => din) }, donationRefs(released));
    return toCanonicalJson(released);
  }

  /**
   * Destroys a rejected, held or interdicted bag with a signed destruction record: `destructionJson` is
   * `{ method, reason }`; `signatureJson` the custodian QA's electronic signature (meaning destruction) over the
   * record GetDestructionRecord returns.
   */
  @Transaction()
  @Returns('string')
  async DestroyDonation(ctx: Context, din: string, destructionJson: string, signatureJson: string): Promise<string> {
    const donation = await getDonation(ctx, normaliseDinKey(din));
    const order = readDestructionOrder(destructionJson);
    assertCustodian(ctx, donation, 'destroy');
    assertStep(donation, 'destroy');
    const custodian = await getOrganisation(ctx, custodianOf(donation));
    const signature = await acceptSignature(ctx, parseJson(signatureJson, 'signature'), 'signature', destructionRecord(donation, order), {
      meaning: 'destruction',
      roles: custodian.kind === 'station' || custodian.kind === 'factory' ? [DESTRUCTION_SIGNER_ROLE[custodian.kind]] : [],
      mspIds: [custodian.mspId],
    });
    const destroyed = advance(
      donation,
      'destroy',
      {
        destruction: { ...order, destroyedAt: transactionTime(ctx), signature },
      },
      changeStamp(ctx, order.reason),
    );
    await putDonation(ctx, destroyed);
    emitEvent(ctx, 'DonationDestroyed', destroyed.din, having(destroyed, 'destruction'), donationRefs([destroyed]));
    return toCanonicalJson(destroyed);
  }

  /** The record a QA person signs to destroy this donation as described by `destructionJson`, and its digest. */
  @Transaction(false)
  @Returns('string')
  async GetDestructionRecord(ctx: Context, din: string, destructionJson: string): Promise<string> {
    const record = destructionRecord(await getDonation(ctx, normaliseDinKey(din)), readDestructionOrder(destructionJson));
    return toCanonicalJson({ record, digest: recordDigest(record) });
  }

  /** The donation with this DIN, given with or without its check character. */
  @Transaction(false)
  @Returns('string')
  async GetDonation(ctx: Context, din: string): Promise<string> {
    return toCanonicalJson(await getDonation(ctx, normaliseDinKey(din)));
  }

  /** Every version of the donation: a JSON array of `{ txId, timestamp, isDelete, value }`, in the peer's order. */
  @Transaction(false)
  @Returns('string')
  async GetDonationHistory(ctx: Context, din: string): Promise<string> {
    const din13 = normaliseDinKey(din);
    const history = [];
    for await (const modification of ctx.stub.getHistoryForKey(donationKey(ctx, din13))) {
      history.push({
        txId: modification.txId,
        timestamp: isoFromTimestamp(modification.timestamp),
        isDelete: modification.isDelete,
        value: modification.isDelete ? null : newDonation(fromBytes(modification.value)),
      });
    }
    if (history.length === 0) {
      throw new NotFoundError(`donation ${din13} is not recorded`);
    }
    return toCanonicalJson(history);
  }

  /**
   * The private screening detail of a donation, for members of its collection (the station and the factory),
   * with the hash the channel holds for it and whether the two agree.
   */
  @Transaction(false)
  @Returns('string')
  async GetScreeningDetail(ctx: Context, din: string): Promise<string> {
    const donation = await getDonation(ctx, normaliseDinKey(din));
    const caller = await getOrganisation(ctx, callerMspId(ctx));
    if (caller.kind === 'station' && caller.mspId !== donation.station) {
      throw new ForbiddenError(`the screening detail of donation ${donation.din} is private to ${donation.station} and the factory`);
    }
    const screening = await readScreening(ctx, donation);
    if (screening === undefined) {
      throw new NotFoundError(`donation ${donation.din} has no screening detail on this peer`);
    }
    const channelHash = await screeningHashOnChannel(ctx, donation);
    return toCanonicalJson({
      din: donation.din,
      ...screening,
      channelHash: channelHash ?? null,
      publicHash: donation.screening!.detailHash,
    });
  }
}
