// Time the ledger can trust (seed 004 §7.1.4). Fabric does not check the transaction timestamp a client sets, so each
// endorsing peer compares it with its own clock and refuses a proposal outside the governed tolerance. The refusal
// happens at endorsement, so peers with sane clocks never disagree on a write set; a client that lies about time finds
// no endorser. Times a client states (collection, signing, tests) may lie ahead of the transaction by the same
// tolerance, never more.
import type { Context } from 'fabric-contract-api';
import { jurisdictionOf } from '../consortium/organisation';
import { findOrganisation } from '../consortium/registry';
import { ValidationError } from '../errors';
import { DEFAULT_JURISDICTION } from '../rules/jurisdiction';
import { DEFAULT_RULES, findRuleSet } from '../rules/rule-set';
import { transactionTime } from '../time';
import { endorserOf } from './endorser';

const MINUTE_MS = 60_000;

/**
 * The clock tolerance of the caller's jurisdiction (the governed rule set's `clockToleranceMinutes`); before the
 * registry and rule sets exist, the default jurisdiction's default.
 */
export async function clockToleranceMs(ctx: Context): Promise<number> {
  const caller = await findOrganisation(ctx, ctx.clientIdentity.getMSPID());
  const jurisdiction = caller === undefined ? DEFAULT_JURISDICTION : jurisdictionOf(caller);
  const ruleSet = await findRuleSet(ctx, jurisdiction);
  return (ruleSet ?? DEFAULT_RULES[DEFAULT_JURISDICTION]!).clockToleranceMinutes * MINUTE_MS;
}

/** Refuses a proposal whose timestamp differs from this endorsing peer's clock by more than the tolerance. */
export async function assertTimestampTrusted(ctx: Context): Promise<void> {
  const timestamp = transactionTime(ctx);
  const peerTime = endorserOf(ctx).now();
  const tolerance = await clockToleranceMs(ctx);
  if (Math.abs(Date.parse(timestamp) - peerTime) > tolerance) {
    throw new ValidationError(
      'timestamp',
      `the transaction's timestamp ${timestamp} differs from the endorsing peer's clock (${new Date(peerTime).toISOString()}) ` +
        `by more than the ${tolerance / MINUTE_MS} minutes the rule set allows; check the client's clock (NTP)`,
    );
  }
}

/** Refuses a stated time later than the transaction's time plus the clock tolerance. */
export async function assertNotAhead(ctx: Context, instant: string, field: string): Promise<void> {
  const now = transactionTime(ctx);
  const tolerance = await clockToleranceMs(ctx);
  if (Date.parse(instant) > Date.parse(now) + tolerance) {
    throw new ValidationError(
      field,
      `must not be later than the transaction time (${now}) plus the ${tolerance / MINUTE_MS} minutes of clock tolerance`,
    );
  }
}
