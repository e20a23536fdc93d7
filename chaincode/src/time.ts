// Time on the ledger: the transaction timestamp (the only clock endorsing peers agree on) and ISO 8601 instants.
import type { Context } from 'fabric-contract-api';
import type { Timestamp } from 'fabric-shim-api';
import type { Rule } from './validation';

/** A protobuf timestamp as the shim gives it: `seconds` is a Long for the tx, a number in history entries. */
type LedgerTimestamp = Omit<Timestamp, 'seconds'> & { seconds: Timestamp['seconds'] | number };

export function isoFromTimestamp({ seconds, nanos }: LedgerTimestamp): string {
  const wholeSeconds = typeof seconds === 'number' ? seconds : seconds.toNumber();
  return new Date(wholeSeconds * 1000 + Math.trunc(nanos / 1e6)).toISOString();
}

/** The transaction's timestamp, set by the client and identical on every endorser (unlike Date.now()). */
export function transactionTime(ctx: Context): string {
  return isoFromTimestamp(ctx.stub.getTxTimestamp());
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** An ISO 8601 instant that exists on the calendar; Date.parse reads any value that passes it exactly. */
export const ISO_INSTANT_RULE: Rule<string> = {
  text: 'must be an ISO 8601 date-time with seconds and a timezone, e.g. 2025-03-01T08:30:00+08:00',
  test: (value): value is string => {
    if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
      return false;
    }
    // Date.parse rolls 2025-02-30 over to March and 24:00 to the next day: the fields must survive a round trip.
    const fields = value.slice(0, 19);
    const asUtc = Date.parse(`${fields}Z`);
    return !Number.isNaN(asUtc) && new Date(asUtc).toISOString().slice(0, 19) === fields;
  },
};

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

/** The instant as UTC ISO 8601 with milliseconds: sortable as text, so usable in composite keys. */
export function utcIso(instant: string): string {
  return new Date(Date.parse(instant)).toISOString();
}

export function addDays(instant: string, days: number): string {
  return new Date(Date.parse(instant) + days * DAY_MS).toISOString();
}
