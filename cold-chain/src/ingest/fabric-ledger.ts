// The ledger ports over the chaincode's ColdChain contract. Each site organisation's device gateway identity
// (openSession(topology, site, 'coldchain1')) anchors that site's windows and raises its excursions; the site's
// admin registers its devices.
import { StatusCode, type Contract } from '@hyperledger/fabric-gateway';
import { ledgerErrorMessage } from '@plasma/platform';
import type { DeviceConfig } from '../config';
import {
  LedgerRefusal,
  type Anchorer,
  type ExcursionReport,
  type ExcursionReporter,
  type IngestLedger,
  type WindowRoots,
} from './ledger-ports';

/** What this needs of a ledger session (test-network's openSession gives one). */
export interface LedgerSession {
  contract(name: string): Contract;
}

const MVCC_ATTEMPTS = 3;

/**
 * The chaincode's answers (chaincode/src/errors.ts) that sending the same again can never change. FORBIDDEN is never
 * final: an identity without its role (or a device registered to another site) is put right on the ledger or in the
 * configuration, after which the same transaction goes through, so it is retried like an outage. An anchor is
 * refused for good only by CONFLICT (the site anchored other roots for that window): a device not yet registered
 * (VALIDATION) is put right by registering it. An excursion is refused for good by CONFLICT (its id was raised for
 * another device) or VALIDATION, which RaiseExcursion answers only about the report itself: evidence that does not
 * verify against the anchored root, or a peak that is no excursion under the rule set. Continuing an excursion is
 * refused for good only when it has no step left (CONFLICT), which means another submission took the last one.
 */
const FINAL: Readonly<Record<'AnchorReadings' | 'RaiseExcursion' | 'ContinueExcursion' | 'RegisterDevice', RegExp>> = {
  AnchorReadings: /^CONFLICT: /,
  RaiseExcursion: /^(CONFLICT|VALIDATION): /,
  ContinueExcursion: /^CONFLICT: .* has no step left/,
  RegisterDevice: /^(CONFLICT|VALIDATION|FORBIDDEN): /,
};

/**
 * Submits, waits for the commit status and retries a read conflict; resolves to the result and the committed
 * transaction id. A final refusal by the chaincode becomes a LedgerRefusal; anything else is thrown as it came.
 */
async function submit(
  session: LedgerSession,
  transaction: keyof typeof FINAL,
  argument: string,
): Promise<{ result: unknown; txId: string }> {
  for (let attempt = 1; ; attempt += 1) {
    let submitted;
    try {
      submitted = await session.contract('ColdChain').submitAsync(transaction, { arguments: [argument] });
    } catch (error) {
      const message = ledgerErrorMessage(error);
      throw FINAL[transaction].test(message)
        ? new LedgerRefusal(`ColdChain:${transaction}: ${message}`)
        : new Error(`ColdChain:${transaction}: ${message}`, { cause: error });
    }
    const status = await submitted.getStatus();
    if (status.successful) return { result: JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')), txId: status.transactionId };
    if (status.code !== StatusCode.MVCC_READ_CONFLICT || attempt === MVCC_ATTEMPTS) {
      throw new Error(`ColdChain:${transaction} transaction ${status.transactionId} was invalidated at commit with code ${status.code}`);
    }
  }
}

const byDevice = (a: { device: string }, b: { device: string }): number => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0);

export function fabricAnchorer(sessionOf: (site: string) => LedgerSession): Anchorer {
  return {
    anchor: async (site: string, window: WindowRoots) => {
      const { result } = await submit(
        sessionOf(site),
        'AnchorReadings',
        JSON.stringify({
          windowStart: window.windowStart.toISOString(),
          windowEnd: window.windowEnd.toISOString(),
          roots: [...window.roots].sort(byDevice).map(({ device, root, leafCount }) => ({ device, root: root.toString('hex'), leafCount })),
        }),
      );
      // A repeat (after a lost commit status) returns the stored anchor: its transaction is the one that holds the roots.
      return (result as { anchoredTxId: string }).anchoredTxId;
    },
  };
}

/** What RaiseExcursion and ContinueExcursion answer: `continuation` names the excursion while bags are left to hold. */
const continuationOf = (result: unknown): string | null => (result as { continuation?: string | null }).continuation ?? null;

export function fabricExcursionReporter(sessionOf: (site: string) => LedgerSession): ExcursionReporter {
  return {
    report: async (site: string, { excursion, evidence }: ExcursionReport) => {
      const session = sessionOf(site);
      const raised = await submit(
        session,
        'RaiseExcursion',
        JSON.stringify({
          excursionId: excursion.id,
          device: excursion.device,
          startedAt: excursion.startedAt.toISOString(),
          endedAt: excursion.endedAt?.toISOString() ?? null,
          peakTemperatureC: excursion.peakValue,
          evidence: {
            windowStart: evidence.windowStart.toISOString(),
            root: evidence.root.toString('hex'),
            readingId: evidence.readingId,
            canonicalReading: evidence.canonicalReading,
            proof: evidence.proof,
          },
        }),
      );
      // A freezer excursion reaching more bags than one transaction holds goes on, step by step, until none is left.
      // A step that fails passing is retried with the whole report, which starts again from the first bag.
      for (let continuation = continuationOf(raised.result); continuation !== null;) {
        try {
          continuation = continuationOf((await submit(session, 'ContinueExcursion', continuation)).result);
        } catch (error) {
          if (error instanceof LedgerRefusal) break; // the last step is taken
          throw error;
        }
      }
      return raised.txId;
    },
  };
}

/** The ingest's ledger for these devices, each site speaking through `sessionOf(site)` (its device gateway user). */
export function fabricIngestLedger(devices: readonly DeviceConfig[], sessionOf: (site: string) => LedgerSession): IngestLedger {
  return {
    anchorer: fabricAnchorer(sessionOf),
    reporter: fabricExcursionReporter(sessionOf),
    siteOf: new Map(devices.map((d) => [d.id, d.site])),
  };
}

/** A device as ColdChain:RegisterDevice takes it. */
export interface DeviceRegistration {
  readonly deviceId: string;
  readonly kind: string;
  readonly location?: string;
}

const REGISTRATIONS_AT_ONCE = 25;

/**
 * Registers the site's devices that the ledger does not know yet, as the session's identity (an admin or QA of
 * `mspId`), several at once (each its own key); returns the ids registered. A device the ledger holds otherwise
 * (another site, kind or location) is an error: a registration is fixed, so a moved freezer gets a new id.
 */
export async function registerDevices(session: LedgerSession, mspId: string, devices: readonly DeviceRegistration[]): Promise<string[]> {
  const known = await Promise.all(
    devices.map((device) =>
      session
        .contract('ColdChain')
        .evaluateTransaction('GetDevice', device.deviceId)
        .then(
          (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as { site: string; kind: string; location?: string },
          (error: unknown) => {
            if (/^NOT_FOUND: /.test(ledgerErrorMessage(error))) return undefined;
            throw error;
          },
        ),
    ),
  );
  devices.forEach((device, index) => {
    const registered = known[index];
    if (
      registered !== undefined &&
      (registered.site !== mspId || registered.kind !== device.kind || registered.location !== device.location)
    ) {
      throw new Error(
        `device ${device.deviceId} is registered on the ledger to ${registered.site} as a ${registered.kind}` +
          `${registered.location === undefined ? '' : ` at ${JSON.stringify(registered.location)}`}, which the configuration contradicts; ` +
          'a registration is fixed, so give a moved or replaced device a new id',
      );
    }
  });
  const missing = devices.filter((_, index) => known[index] === undefined);
  for (let from = 0; from < missing.length; from += REGISTRATIONS_AT_ONCE) {
    await Promise.all(
      missing.slice(from, from + REGISTRATIONS_AT_ONCE).map((device) => submit(session, 'RegisterDevice', JSON.stringify(device))),
    );
  }
  return missing.map((d) => d.deviceId);
}
