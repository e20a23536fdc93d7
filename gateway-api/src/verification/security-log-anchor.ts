// The security log's head anchored on the ledger (chaincode SecurityLog:AnchorHead) by the organisation's admin, now
// and then, and the log checked against the anchor: a log rewritten whole, or cut short, behind the gateway (by
// whoever owns its database) no longer reaches the head the ledger holds, which the database's owner cannot change.
import { adminUser, type Organisation } from '@plasma/network';
import { ErrorCode, GatewayError } from '../errors';
import type { PersonLedger } from '../ledger/person-ledger';
import type { Actor } from '../people/actor';
import type { PeopleRepository } from '../people/people-repository';
import type { SecurityLog } from '../people/security-log';

export interface AnchoredHead {
  /** The log's name on the ledger: its database's. */
  readonly log: string;
  readonly seq: number;
  readonly hash: string;
  readonly anchoredAt: string;
  readonly transactionId: string;
}

/** The ledger's anchor of this organisation's log, and whether the log still reaches it. */
export interface AnchorCheck extends AnchoredHead {
  readonly holds: boolean;
  readonly problem?: string;
}

export interface SecurityLogAnchoring {
  /** Anchors the log's head now; undefined while the log is empty. */
  anchorNow(): Promise<AnchoredHead | undefined>;
  /** undefined while nothing is anchored. */
  checkAnchor(): Promise<AnchorCheck | undefined>;
  /** Anchors the head every `intervalMs` when the log has grown since; answers the function that stops it. */
  every(intervalMs: number, onError: (error: unknown) => void): () => void;
}

export interface SecurityLogAnchoringOptions {
  readonly organisation: Organisation;
  readonly people: PeopleRepository;
  readonly ledger: PersonLedger;
  readonly securityLog: SecurityLog;
}

const anchoredHead = (bytes: Uint8Array): AnchoredHead => {
  const anchor = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
    log: string;
    seq: number;
    hash: string;
    lastChange: { at: string; txId: string };
  };
  return { log: anchor.log, seq: anchor.seq, hash: anchor.hash, anchoredAt: anchor.lastChange.at, transactionId: anchor.lastChange.txId };
};

export function securityLogAnchoring({ organisation, people, ledger, securityLog }: SecurityLogAnchoringOptions): SecurityLogAnchoring {
  /** The organisation's admin acts: anchoring is theirs, with the key the gateway keeps as their registrar's. */
  const admin = async (): Promise<Actor> => {
    const person = await people.find(organisation.name, adminUser);
    if (!person) throw new Error(`the gateway of ${organisation.name} has no ${adminUser} to anchor its security log`);
    return { person };
  };

  const anchoredNow = async (actor: Actor, log: string): Promise<AnchoredHead | undefined> => {
    try {
      return anchoredHead(await ledger.evaluate(actor, 'SecurityLog:GetAnchor', [organisation.mspId, log]));
    } catch (error) {
      if (error instanceof GatewayError && error.code === ErrorCode.NotFound) return undefined;
      throw error;
    }
  };

  const anchorNow = async (): Promise<AnchoredHead | undefined> => {
    const head = await securityLog.head();
    if (!head) return undefined;
    const actor = await admin();
    // The ledger takes a new head only as the anchored log grown: it is told what the log holds at the anchored entry.
    const anchored = await anchoredNow(actor, head.log);
    const anchoredEntryHash = anchored && (await securityLog.hashAt(anchored.seq));
    if (anchored && anchoredEntryHash === undefined) {
      throw new GatewayError(
        ErrorCode.Conflict,
        `entry ${anchored.seq} of the security log, anchored on the ledger at ${anchored.anchoredAt}, is missing: the log was cut short`,
      );
    }
    const input = anchoredEntryHash === undefined ? head : { ...head, anchoredEntryHash };
    const { result } = await ledger.submit(actor, 'SecurityLog:AnchorHead', [JSON.stringify(input)]);
    return anchoredHead(result);
  };

  return {
    anchorNow,

    async checkAnchor() {
      const anchor = await anchoredNow(await admin(), await securityLog.name());
      if (anchor === undefined) return undefined;
      const hash = await securityLog.hashAt(anchor.seq);
      if (hash === anchor.hash) return { ...anchor, holds: true };
      const problem =
        hash === undefined
          ? `entry ${anchor.seq}, whose hash the ledger anchored at ${anchor.anchoredAt}, is missing: the log was cut short`
          : `entry ${anchor.seq} no longer has the hash the ledger anchored at ${anchor.anchoredAt}: the log was rewritten`;
      return { ...anchor, holds: false, problem };
    },

    every(intervalMs, onError) {
      let anchoredSeq = 0;
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        void (async () => {
          const head = await securityLog.head();
          if (head && head.seq > anchoredSeq) anchoredSeq = (await anchorNow())?.seq ?? anchoredSeq;
        })()
          .catch(onError)
          .finally(() => (running = false));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
