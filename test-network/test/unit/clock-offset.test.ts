// A node's clock against this host's, from the Date header of its answer: measured against a local HTTP server that
// stamps its answers as Go's net/http does (whole seconds, truncated), once an hour ahead and once on time; and what
// `up` says when a node's clock is beyond the tolerance.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_RULES } from '@plasma/chaincode';
import {
  answerClock,
  beyondTolerance,
  clockOffsetFromDate,
  clockToleranceMs,
  DEFAULT_CLOCK_TOLERANCE_MINUTES,
  httpsGet,
  type NetworkNode,
} from '@plasma/network';
import { clockProblems } from '../../src/clocks';

const HOUR = 3_600_000;
const tolerance = clockToleranceMs();

/** An HTTP server whose clock is `offsetMs` off this host's, stamping answers to the second like Go's net/http. */
async function serverWithClock(offsetMs: number): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader('Date', new Date(Math.floor((Date.now() + offsetMs) / 1000) * 1000).toUTCString());
    res.end('{"status":"OK"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`, server };
}

async function measure(offsetMs: number) {
  const { url, server } = await serverWithClock(offsetMs);
  try {
    return answerClock(await httpsGet(url))!;
  } finally {
    server.close();
  }
}

describe('node clock offset', function () {
  it('takes, before the ledger answers, the default tolerance of the rule sets the endorsing peers enforce', function () {
    for (const rules of Object.values(DEFAULT_RULES)) expect(rules.clockToleranceMinutes).to.equal(DEFAULT_CLOCK_TOLERANCE_MINUTES);
  });

  it('takes the Date header at the middle of its second, against the middle of the round trip', function () {
    const sent = Date.parse('2026-12-04T18:00:00.400Z');
    expect(clockOffsetFromDate('Fri, 04 Dec 2026 18:00:00 GMT', sent, sent + 200)).to.deep.equal({ offsetMs: 0, uncertaintyMs: 600 });
    expect(clockOffsetFromDate('Fri, 04 Dec 2026 19:00:00 GMT', sent, sent + 200).offsetMs).to.equal(HOUR);
    expect(() => clockOffsetFromDate('yesterday', sent, sent)).to.throw("the Date header 'yesterday' is not an HTTP date");
  });

  it('measures a server whose clock is an hour ahead as an hour ahead, beyond the tolerance', async function () {
    const clock = await measure(HOUR);
    expect(Math.abs(clock.offsetMs - HOUR)).to.be.at.most(clock.uncertaintyMs);
    expect(clock.uncertaintyMs).to.be.within(500, 1_000);
    expect(beyondTolerance(clock.offsetMs, tolerance)).to.equal(true);
  });

  it('measures a server on time within half a second and the round trip, not beyond the tolerance', async function () {
    const clock = await measure(0);
    expect(Math.abs(clock.offsetMs)).to.be.at.most(clock.uncertaintyMs);
    expect(beyondTolerance(clock.offsetMs, tolerance)).to.equal(false);
  });

  it('names the node and its offset when its clock is beyond the tolerance, and the node whose clock could not be read', function () {
    const peer: NetworkNode = {
      kind: 'peer',
      name: 'peer0.factory',
      org: 'Factory',
      host: '10.0.0.3',
      port: 17310,
      chaincodePort: 17311,
      operationsPort: 17312,
    };
    const ca: NetworkNode = { kind: 'ca', name: 'ca.factory', org: 'Factory', host: '10.0.0.3', port: 17300, operationsPort: 17301 };
    const problems = clockProblems(
      [
        { node: peer, probe: { healthy: true, clock: { offsetMs: HOUR + 120, uncertaintyMs: 510 } } },
        { node: ca, probe: { healthy: false, clock: null, failure: 'connect ECONNREFUSED 10.0.0.3:17300' } },
        {
          node: { ...peer, name: 'peer1.factory', port: 17315 },
          probe: { healthy: true, clock: { offsetMs: -290_000, uncertaintyMs: 510 } },
        },
      ],
      tolerance,
    );
    expect(problems).to.deep.equal([
      "peer0.factory (10.0.0.3:17310): clock 3600.1 s ahead of this host's (offset 3600120 ms ± 510 ms)",
      'ca.factory (10.0.0.3:17300): its clock could not be read (connect ECONNREFUSED 10.0.0.3:17300)',
    ]);
  });
});
