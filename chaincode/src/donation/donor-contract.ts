// The Donor contract: deferrals of a donor, recorded by a station's QA or the regulator, which RecordDonation honours
// at every station of the jurisdiction. Who may defer is narrowed so that no station can turn away another station's
// donors: a station defers a donor it collected from, or one no station has collected from yet.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerMspId } from '../access/identity';
import { getOrganisation } from '../consortium/registry';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { callerActor, changeStamp, REASON_INPUT_FIELDS } from '../ledger/change';
import { emitEvent } from '../ledger/events';
import { DAY_MS, transactionTime } from '../time';
import { oneOf, parseJson, readObject } from '../validation';
import { LIFT_REASONS } from './deferral-kinds';
import { DONOR_PSEUDONYM_RULE } from './donation';
import { donationsOfDonor, someDonationOfDonor } from './donor-index';
import { DEFERRAL_ID_RULE, inForceAt, type Deferral, type Donor, findDonor, newDonor, putDonor, readDeferralInput } from './donor';

/** A temporary deferral lasts at least a day and at most five years; longer is a permanent one, which says so. */
const MIN_TEMPORARY_DAYS = 1;
const MAX_TEMPORARY_DAYS = 5 * 366;
/**
 * Deferrals a donor's record holds at most, lifted and ended ones included: every change rewrites the record, so an
 * organisation deferring and lifting in a loop must not make each of the donor's donations costly to check.
 */
export const MAX_DEFERRALS_PER_DONOR = 50;

function readPseudonym(donorPseudonym: string): string {
  if (!DONOR_PSEUDONYM_RULE.test(donorPseudonym)) throw new ValidationError('donorPseudonym', DONOR_PSEUDONYM_RULE.text);
  return donorPseudonym;
}

/** Refuses a station that would defer a donor only other stations collected from; the regulator may defer anyone. */
async function assertMayDefer(ctx: Context, donorPseudonym: string): Promise<void> {
  const caller = await getOrganisation(ctx, callerMspId(ctx));
  if (caller.kind === 'regulator') return;
  if ((await donationsOfDonor(ctx, donorPseudonym)).length === 0) return; // a new donor, turned away at their first visit
  if (await someDonationOfDonor(ctx, donorPseudonym, ({ station }) => station === caller.mspId)) return;
  throw new ForbiddenError(
    `${caller.mspId} has not collected from this donor, whom other stations have; the regulator or a station that collected from the donor defers them`,
  );
}

@Info({ title: 'Donor', description: 'Deferrals of donors, by pseudonym: a deferred donor is not collected' })
export class DonorContract extends AuthorisedContract {
  constructor() {
    super('Donor');
  }

  /**
   * Defers a donor from now, `deferralJson` `{ kind: temporary | permanent, reason: a category, until? }` (`until`
   * for a temporary deferral only, after now). Returns the donor's record with the deferral last.
   */
  @Transaction()
  @Returns('string')
  async DeferDonor(ctx: Context, donorPseudonym: string, deferralJson: string): Promise<string> {
    const pseudonym = readPseudonym(donorPseudonym);
    const input = readDeferralInput(parseJson(deferralJson, 'deferral'));
    const now = transactionTime(ctx);
    if (input.until !== undefined) {
      const days = (Date.parse(input.until) - Date.parse(now)) / DAY_MS;
      if (days < MIN_TEMPORARY_DAYS) {
        throw new ValidationError('deferral.until', `must be at least a day after now (${now}): a deferral starts when it is recorded`);
      }
      if (days > MAX_TEMPORARY_DAYS) {
        throw new ValidationError('deferral.until', `must be within ${MAX_TEMPORARY_DAYS} days; a longer deferral is a permanent one`);
      }
    }
    await assertMayDefer(ctx, pseudonym);
    const before = await findDonor(ctx, pseudonym);
    // One deferral in force per organisation (a change of mind lifts it first), and a bounded record.
    const own = before?.deferrals.find((d) => d.deferredBy.mspId === callerMspId(ctx) && inForceAt(d, now));
    if (own !== undefined) {
      throw new ConflictError(`${callerMspId(ctx)} already defers this donor (deferral ${own.deferralId}); lift it to record another`);
    }
    if ((before?.deferrals.length ?? 0) >= MAX_DEFERRALS_PER_DONOR) {
      throw new ConflictError(
        `the donor's record holds ${MAX_DEFERRALS_PER_DONOR} deferrals, the most it may; the regulator looks into why`,
      );
    }
    const deferral: Deferral = { deferralId: ctx.stub.getTxID(), ...input, from: now, deferredBy: callerActor(ctx) };
    const donor = newDonor({
      donorPseudonym: pseudonym,
      deferrals: [...(before?.deferrals ?? []), deferral],
      lastChange: changeStamp(ctx),
    });
    await putDonor(ctx, donor);
    emitEvent(ctx, 'DonorDeferred', pseudonym, donor, [{ type: 'donor', id: pseudonym }]);
    return toCanonicalJson(donor);
  }

  /**
   * Ends a deferral before its time, `reasonJson` `{ reason }`, a category (LIFT_REASONS: entered in error, the finding
   * invalidated, a medical review, other): by the organisation that recorded it or by the regulator. The deferral stays
   * on the record, lifted.
   */
  @Transaction()
  @Returns('string')
  async LiftDeferral(ctx: Context, donorPseudonym: string, deferralId: string, reasonJson: string): Promise<string> {
    const pseudonym = readPseudonym(donorPseudonym);
    if (!DEFERRAL_ID_RULE.test(deferralId)) throw new ValidationError('deferralId', DEFERRAL_ID_RULE.text);
    const reason = readObject(parseJson(reasonJson, 'reason'), 'reason', REASON_INPUT_FIELDS, '').required('reason', oneOf(LIFT_REASONS));
    const donor = await getDonor(ctx, pseudonym);
    const deferral = donor.deferrals.find((d) => d.deferralId === deferralId);
    if (deferral === undefined) throw new NotFoundError(`the donor has no deferral ${deferralId}`);
    const now = transactionTime(ctx);
    if (deferral.lifted !== undefined) throw new ConflictError(`deferral ${deferralId} was lifted on ${deferral.lifted.at}`);
    if (deferral.until !== undefined && Date.parse(deferral.until) <= Date.parse(now)) {
      throw new ConflictError(`deferral ${deferralId} ended on ${deferral.until}; there is nothing to lift`);
    }
    const caller = await getOrganisation(ctx, callerMspId(ctx));
    if (caller.kind !== 'regulator' && caller.mspId !== deferral.deferredBy.mspId) {
      throw new ForbiddenError(`deferral ${deferralId} was recorded by ${deferral.deferredBy.mspId}; only it or the regulator lifts it`);
    }
    const lifted = newDonor({
      ...donor,
      deferrals: donor.deferrals.map((d) => (d === deferral ? { ...d, lifted: { at: now, by: callerActor(ctx), reason } } : d)),
      lastChange: changeStamp(ctx, reason),
    });
    await putDonor(ctx, lifted);
    emitEvent(ctx, 'DeferralLifted', pseudonym, lifted, [{ type: 'donor', id: pseudonym }]);
    return toCanonicalJson(lifted);
  }

  /** The donor's record: their deferrals, lifted or not. */
  @Transaction(false)
  @Returns('string')
  async GetDonor(ctx: Context, donorPseudonym: string): Promise<string> {
    return toCanonicalJson(await getDonor(ctx, readPseudonym(donorPseudonym)));
  }
}

async function getDonor(ctx: Context, donorPseudonym: string): Promise<Donor> {
  const donor = await findDonor(ctx, donorPseudonym);
  if (donor === undefined) throw new NotFoundError('the donor has no deferral on the ledger');
  return donor;
}
