// The ledger ports over the chaincode's ColdChain contract, for one site: its device gateway identity
// (e.g. openSession(topology, 'StationA', 'coldchain1')) anchors that site's windows and raises its excursions.
import { StatusCode, type Contract } from '@hyperledger/fabric-gateway';
import type { Anchorer, ExcursionReport, ExcursionReporter, WindowRoots } from './ledger-ports';

/** What this needs of a ledger session (test-network's openSession gives one). */
export interface LedgerSession {
  contract(name: string): Contract;
}

const MVCC_ATTEMPTS = 3;

/** Submits, waits for the commit status and retries a read conflict; resolves to the committed transaction id. */
async function submit(session: LedgerSession, transaction: string, argument: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const submitted = await session.contract('ColdChain').submitAsync(transaction, { arguments: [argument] });
    const status = await submitted.getStatus();
    if (status.successful) return status.transactionId;
    if (status.code !== StatusCode.MVCC_READ_CONFLICT || attempt === MVCC_ATTEMPTS) {
      throw new Error(`ColdChain:${transaction} transaction ${status.transactionId} was invalidated at commit with code ${status.code}`);
    }
  }
}

export function fabricAnchorer(session: LedgerSession): Anchorer {
  return {
    anchor: (window: WindowRoots) => submit(session, 'AnchorReadings', JSON.stringify({
      windowStart: window.windowStart.toISOString(),
      windowEnd: window.windowEnd.toISOString(),
      roots: [...window.roots]
        .sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0))
        .map(({ device, root, leafCount }) => ({ device, root: root.toString('hex'), leafCount })),
    })),
  };
}

export function fabricExcursionReporter(session: LedgerSession): ExcursionReporter {
  return {
    report: ({ excursion, evidence }: ExcursionReport) => submit(session, 'RaiseExcursion', JSON.stringify({
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
    })),
  };
}

/** Registers the site's devices unless already registered (RegisterDevice returns an identical device unchanged). */
export async function registerDevices(session: LedgerSession, devices: readonly { deviceId: string; kind: string; location?: string }[]): Promise<void> {
  for (const device of devices) await submit(session, 'RegisterDevice', JSON.stringify(device));
}
