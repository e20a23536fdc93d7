// Time the consortium can trust: the tolerance for a clock's distance from another's, and how far a node's clock
// is from this host's, read from the Date header of its HTTP answer. Every node's operations endpoint (peers,
// orderers) and a CA's API are Go net/http servers, which stamp each answer with their clock, truncated to the
// second; that is the only clock a node shows a client without a login.
/**
 * The tolerance is the governed rule set's `clockToleranceMinutes` (chaincode/src/rules/rule-set.ts), which the
 * endorsing peers enforce. What reads it off the ledger (the gateway, the cold-chain ingest) passes it in; what runs
 * before or without the ledger (`up`'s clock check, `status`) takes this default, the rule sets' own default (a test
 * keeps the two equal).
 */
export const DEFAULT_CLOCK_TOLERANCE_MINUTES = 5;

export const clockToleranceMs = (minutes: number = DEFAULT_CLOCK_TOLERANCE_MINUTES): number => minutes * 60_000;

/** A Date header names a whole second (RFC 9110 IMF-fixdate; Go truncates its clock to it). */
export const DATE_HEADER_RESOLUTION_MS = 1000;

export interface ClockOffset {
  /** The node's clock minus this host's, in milliseconds: positive when the node is ahead. */
  readonly offsetMs: number;
  /** How far the true offset may be from `offsetMs`: half the header's second plus half the round trip. */
  readonly uncertaintyMs: number;
}

/**
 * The offset shown by an answer's Date header, against the midpoint of the request's send and receive times
 * (this host's clock, in ms). The header's second is taken at its middle, since the server's clock was somewhere
 * within it, so two clocks in step measure within ± (500 ms + half the round trip) of zero.
 */
export function clockOffsetFromDate(date: string, sentAt: number, receivedAt: number): ClockOffset {
  const stamped = Date.parse(date);
  if (Number.isNaN(stamped)) throw new Error(`the Date header '${date}' is not an HTTP date`);
  const midpoint = (sentAt + receivedAt) / 2;
  return {
    offsetMs: Math.round(stamped + DATE_HEADER_RESOLUTION_MS / 2 - midpoint),
    uncertaintyMs: Math.ceil(DATE_HEADER_RESOLUTION_MS / 2 + (receivedAt - sentAt) / 2),
  };
}

/** Whether an offset is more than the tolerance either way. */
export const beyondTolerance = (offsetMs: number, toleranceMs: number): boolean => Math.abs(offsetMs) > toleranceMs;

/** An offset for people, followed by whose clock: `3600.0 s ahead of`, `0.4 s behind`. */
export function describeOffset(offsetMs: number): string {
  const seconds = (Math.abs(offsetMs) / 1000).toFixed(1);
  return offsetMs >= 0 ? `${seconds} s ahead of` : `${seconds} s behind`;
}
