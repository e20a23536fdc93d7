// Which answers of the ColdChain contract the ingest takes as final (recorded, never sent again) and which as passing
// (retried by the next run). The session is a stand-in that answers with the chaincode's own error messages; the
// real ledger runs in ledger.test.ts.
import type { Contract } from '@hyperledger/fabric-gateway';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@plasma/chaincode';
import { expect } from 'chai';
import { fabricAnchorer, fabricExcursionReporter, type LedgerSession } from '../../src/ingest/fabric-ledger';
import { LedgerRefusal, type ExcursionReport } from '../../src/ingest/ledger-ports';
import { TEST_RULE } from '../harness';

/** A session whose every submission is refused by the chaincode with `error`. */
const refusingSession = (error: Error): LedgerSession => ({
  contract: () => ({ submitAsync: () => Promise.reject(error) }) as unknown as Contract,
});

const at = new Date('2030-01-01T00:00:00.000Z');
const report: ExcursionReport = {
  excursion: {
    id: 'G1001-FRZ-01/temperature@2030-01-01T00:00:00.000Z',
    device: 'G1001-FRZ-01',
    node: 'temperature',
    startedAt: at,
    endedAt: at,
    lastReadingAt: at,
    peakValue: -12,
    peakReadingAt: at,
    severity: 'tolerated',
    rule: TEST_RULE,
    evidenceWindow: at,
  },
  evidence: {
    windowStart: at,
    root: Buffer.alloc(32),
    readingId: 'G1001-FRZ-01/temperature@2030-01-01T00:00:00.000Z',
    canonicalReading: '{}',
    proof: { index: 0, leafCount: 1, steps: [] },
  },
};

const outcome = async (send: () => Promise<string>): Promise<'final' | 'passing'> => {
  const error = await send().then(
    () => {
      throw new Error('expected the ledger to refuse');
    },
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(Error);
  return error instanceof LedgerRefusal ? 'final' : 'passing';
};
const raising = (error: Error): Promise<'final' | 'passing'> =>
  outcome(() => fabricExcursionReporter(() => refusingSession(error)).report('StationA', report));
const anchoring = (error: Error): Promise<'final' | 'passing'> =>
  outcome(() =>
    fabricAnchorer(() => refusingSession(error)).anchor('StationA', {
      windowStart: at,
      windowEnd: new Date(at.getTime() + 60_000),
      roots: [{ device: 'G1001-FRZ-01', root: Buffer.alloc(32), leafCount: 1 }],
    }),
  );

/** A session that commits every submission, answering with `answers` of each transaction in turn; records what it was sent. */
function answeringSession(answers: Record<string, unknown[]>, sent: string[]): LedgerSession {
  return {
    contract: () =>
      ({
        submitAsync: async (transaction: string, { arguments: args }: { arguments: string[] }) => {
          sent.push(`${transaction}(${transaction === 'ContinueExcursion' ? args[0] : '…'})`);
          const answer = answers[transaction]?.shift();
          if (answer instanceof Error) throw answer;
          return {
            getResult: () => Buffer.from(JSON.stringify(answer)),
            getStatus: async () => ({ successful: true, transactionId: `tx-${sent.length}` }),
          };
        },
      }) as unknown as Contract,
  };
}

describe('an excursion that reaches more bags than one transaction holds', () => {
  const id = report.excursion.id;

  it('is continued with ContinueExcursion until the ledger answers no continuation', async () => {
    const sent: string[] = [];
    const session = answeringSession(
      {
        RaiseExcursion: [{ excursionId: id, dins: ['G100126000001'], continuation: id }],
        ContinueExcursion: [
          { excursionId: id, dins: ['G100126000001', 'G100126000002'], continuation: id },
          { excursionId: id, dins: [], continuation: null },
        ],
      },
      sent,
    );
    expect(await fabricExcursionReporter(() => session).report('StationA', report)).to.equal('tx-1');
    expect(sent).to.deep.equal(['RaiseExcursion(…)', `ContinueExcursion(${id})`, `ContinueExcursion(${id})`]);
  });

  it('stops when the last step was taken by another submission, and sends the report again after a passing failure', async () => {
    const sent: string[] = [];
    const taken = answeringSession(
      {
        RaiseExcursion: [{ excursionId: id, dins: [], continuation: id }],
        ContinueExcursion: [new ConflictError(`excursion ${id} has no step left to take`)],
      },
      sent,
    );
    expect(await fabricExcursionReporter(() => taken).report('StationA', report)).to.equal('tx-1');
    const unavailable = answeringSession(
      {
        RaiseExcursion: [{ excursionId: id, dins: [], continuation: id }],
        ContinueExcursion: [new Error('14 UNAVAILABLE: No connection established')],
      },
      [],
    );
    expect(await outcome(() => fabricExcursionReporter(() => unavailable).report('StationA', report))).to.equal('passing');
  });
});

describe('final and passing ledger refusals of the ingest', () => {
  it('retries an excursion the ledger forbids, as it retries an anchor: the role or site is put right on the ledger', async () => {
    const forbidden = new ForbiddenError('role device-gateway of StationAMSP is required for ColdChain:RaiseExcursion');
    expect(await raising(forbidden)).to.equal('passing');
    expect(await anchoring(forbidden)).to.equal('passing');
    expect(
      await raising(new ForbiddenError('device G1001-FRZ-01 is run by FactoryMSP; StationAMSP may not raise its excursions')),
    ).to.equal('passing');
  });

  it('records an excursion whose evidence cannot verify or whose id is taken, and retries one whose window is not anchored yet', async () => {
    expect(
      await raising(new ValidationError('excursion.evidence.proof', "must lead from the reading's leaf to the anchored root")),
    ).to.equal('final');
    expect(
      await raising(
        new ValidationError('excursion.peakTemperatureC', 'must be warmer than the CN storage limit of -25 °C to be an excursion'),
      ),
    ).to.equal('final');
    expect(await raising(new ConflictError('excursion X was raised for G1001-FRZ-02 from 2030-01-01T00:00:00.000Z'))).to.equal('final');
    expect(await raising(new NotFoundError('no window of StationAMSP starting 2030-01-01T00:00:00.000Z is anchored'))).to.equal('passing');
    expect(await raising(new Error('14 UNAVAILABLE: No connection established'))).to.equal('passing');
  });

  it('records an anchor only on CONFLICT: an unregistered device is registered and the window goes through', async () => {
    expect(
      await anchoring(
        new ConflictError('the window of StationAMSP starting 2030-01-01T00:00:00.000Z is already anchored with other roots'),
      ),
    ).to.equal('final');
    expect(
      await anchoring(new ValidationError('window.roots[0].device', 'must be a device registered to StationAMSP; G1001-FRZ-01 is not')),
    ).to.equal('passing');
  });
});
