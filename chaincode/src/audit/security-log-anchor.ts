// The head of a member's off-chain security log (its gateway's append-only, hash-chained `security_events`): how many
// entries it held and the hash of the newest, anchored on the ledger. From then on a log rewritten or cut short behind
// the gateway, by whoever owns its database, no longer reaches the anchored head, and the key's history shows every
// head the member anchored. A member may keep more than one log (a gateway's database each, named by `log`): each is
// anchored on its own, and a log started afresh shows on the ledger as a new one.
import type { Context } from 'fabric-contract-api';
import { MSP_ID_RULE } from '../consortium/organisation';
import { newChangeStamp, type ChangeStamp } from '../ledger/change';
import { ValidationError } from '../errors';
import { compositeKey } from '../ledger/keys';
import { readState } from '../ledger/state';
import { ANY_RULE, integerBetween, matching, readObject, SHA256_HEX_RULE } from '../validation';

export interface SecurityLogHead {
  /** Which of the member's logs: its gateway's database name. */
  readonly log: string;
  /** How many entries the log holds: the newest entry's number (entries are numbered from 1 without gaps). */
  readonly seq: number;
  /** The newest entry's hash (SHA-256, hex), which covers every entry before it through the chain. */
  readonly hash: string;
}

/** What AnchorHead takes: the head, and once one is anchored, the hash the log now holds at the entry anchored last. */
export interface SecurityLogHeadInput extends SecurityLogHead {
  /**
   * The hash the log holds now at the entry anchored last: a new head counts only as the same log grown, never as a
   * log rewritten (every hash recomputed) or cut and grown again since.
   */
  readonly anchoredEntryHash?: string;
}

export interface SecurityLogAnchor extends SecurityLogHead {
  /** Whose log: the member that anchored it. */
  readonly mspId: string;
  readonly lastChange: ChangeStamp;
}

export const SECURITY_LOG_HEAD_FIELDS = ['log', 'seq', 'hash'] as const satisfies readonly (keyof SecurityLogHead)[];
export const SECURITY_LOG_ANCHOR_FIELDS = ['mspId', ...SECURITY_LOG_HEAD_FIELDS, 'lastChange'];

const SEQ_RULE = integerBetween(1, Number.MAX_SAFE_INTEGER, 'entries');
export const LOG_RULE = matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/, 'must name a log: 1 to 63 letters, digits, "_", "." or "-"');

/** What AnchorHead takes: `{ log, seq, hash, anchoredEntryHash? }`. */
export function readSecurityLogHead(value: unknown, name = 'head'): SecurityLogHeadInput {
  const fields = readObject(value, name, [...SECURITY_LOG_HEAD_FIELDS, 'anchoredEntryHash']);
  const anchoredEntryHash = fields.optional('anchoredEntryHash', SHA256_HEX_RULE);
  return {
    log: fields.required('log', LOG_RULE),
    seq: fields.required('seq', SEQ_RULE),
    hash: fields.required('hash', SHA256_HEX_RULE),
    ...(anchoredEntryHash === undefined ? {} : { anchoredEntryHash }),
  };
}

export function newSecurityLogAnchor(value: unknown): SecurityLogAnchor {
  const fields = readObject(value, 'securityLogAnchor', SECURITY_LOG_ANCHOR_FIELDS);
  return {
    mspId: fields.required('mspId', MSP_ID_RULE),
    log: fields.required('log', LOG_RULE),
    seq: fields.required('seq', SEQ_RULE),
    hash: fields.required('hash', SHA256_HEX_RULE),
    lastChange: newChangeStamp(fields.required('lastChange', ANY_RULE), fields.path('lastChange')),
  };
}

export const securityLogAnchorKey = (ctx: Context, mspId: string, log: string): string =>
  compositeKey(ctx, 'security-log-anchor', [mspId, log]);

/** The audit trail's id of a member's log: `<mspId>/<log>`. */
export const securityLogId = ({ mspId, log }: Pick<SecurityLogAnchor, 'mspId' | 'log'>): string => `${mspId}/${log}`;

export function securityLogAnchorKeyOfId(ctx: Context, id: string): string {
  const [mspId = '', log = '', ...rest] = id.split('/');
  if (rest.length > 0 || !MSP_ID_RULE.test(mspId) || !LOG_RULE.test(log)) {
    throw new ValidationError('id', 'must name a security log as <mspId>/<log>');
  }
  return securityLogAnchorKey(ctx, mspId, log);
}

export async function findSecurityLogAnchor(ctx: Context, mspId: string, log: string): Promise<SecurityLogAnchor | undefined> {
  const state = await readState(ctx, securityLogAnchorKey(ctx, mspId, log));
  return state === undefined ? undefined : newSecurityLogAnchor(state);
}
