// The SecurityLog contract: each member's admin anchors the head of its gateway's security log (security-log-anchor.ts),
// never behind a head anchored before, and anyone reads the anchor to check a log against it.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerMspId } from '../access/identity';
import { ownedBy } from '../consortium/ownership';
import { MSP_ID_RULE } from '../consortium/organisation';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { toCanonicalJson } from '../ledger/canonical';
import { changeStamp } from '../ledger/change';
import { emitEvent } from '../ledger/events';
import { writeState } from '../ledger/state';
import { parseJson } from '../validation';
import {
  findSecurityLogAnchor,
  LOG_RULE,
  readSecurityLogHead,
  securityLogAnchorKey,
  securityLogId,
  type SecurityLogAnchor,
} from './security-log-anchor';

@Info({ title: 'SecurityLog', description: "The heads of the members' off-chain security logs, anchored" })
export class SecurityLogContract extends AuthorisedContract {
  constructor() {
    super('SecurityLog');
  }

  /**
   * Anchors the head (`headJson`: `{ log, seq, hash, anchoredEntryHash? }`) of one of the caller's organisation's
   * security logs. A head behind the one anchored (fewer entries), the same entry with another hash, or a head whose log
   * no longer holds the anchored hash at the anchored entry (`anchoredEntryHash`) is refused: the log lost or changed
   * entries. Anchoring the anchored head again writes nothing.
   */
  @Transaction()
  @Returns('string')
  async AnchorHead(ctx: Context, headJson: string): Promise<string> {
    const head = readSecurityLogHead(parseJson(headJson, 'head'));
    const mspId = callerMspId(ctx);
    const anchored = await findSecurityLogAnchor(ctx, mspId, head.log);
    if (anchored !== undefined) {
      if (head.seq < anchored.seq) {
        throw new ConflictError(
          `the security log ${securityLogId({ mspId, log: head.log })} was anchored at entry ${anchored.seq}; a head at entry ${head.seq} is behind it: entries were removed`,
        );
      }
      if (head.seq === anchored.seq) {
        if (head.hash !== anchored.hash) {
          throw new ConflictError(
            `entry ${head.seq} of the security log ${securityLogId({ mspId, log: head.log })} was anchored with hash ${anchored.hash}, not ${head.hash}: the log was changed`,
          );
        }
        return toCanonicalJson(anchored);
      }
      if (head.anchoredEntryHash === undefined) {
        throw new ValidationError(
          'head.anchoredEntryHash',
          `is required: the hash the log holds now at entry ${anchored.seq}, the entry anchored last`,
        );
      }
      if (head.anchoredEntryHash !== anchored.hash) {
        throw new ConflictError(
          `entry ${anchored.seq} of the security log ${securityLogId(anchored)} was anchored with hash ${anchored.hash}, not ${head.anchoredEntryHash}: the log was changed, and a head of it extends nothing anchored`,
        );
      }
    }
    const anchor: SecurityLogAnchor = { mspId, log: head.log, seq: head.seq, hash: head.hash, lastChange: changeStamp(ctx) };
    const key = securityLogAnchorKey(ctx, mspId, head.log);
    await writeState(ctx, key, anchor);
    if (anchored === undefined) await ownedBy(ctx, key, mspId);
    const id = securityLogId(anchor);
    emitEvent(ctx, 'SecurityLogAnchored', id, anchor, [{ type: 'security-log', id }]);
    return toCanonicalJson(anchor);
  }

  /** The head of `mspId`'s security log `log` anchored last. */
  @Transaction(false)
  @Returns('string')
  async GetAnchor(ctx: Context, mspId: string, log: string): Promise<string> {
    if (!MSP_ID_RULE.test(mspId)) throw new ValidationError('mspId', MSP_ID_RULE.text);
    if (!LOG_RULE.test(log)) throw new ValidationError('log', LOG_RULE.text);
    const anchor = await findSecurityLogAnchor(ctx, mspId, log);
    if (anchor === undefined) throw new NotFoundError(`${securityLogId({ mspId, log })} has no security log head anchored yet`);
    return toCanonicalJson(anchor);
  }
}
