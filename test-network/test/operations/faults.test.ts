// Faults under load, slimmer than `npm run bench -- faults`: while collectors record donations through both stations'
// gateways, the Raft leader, a station's indexer and PostgreSQL are killed in turn and brought back by a warm `up`.
// Nothing acknowledged is lost, nothing is recorded twice, everything on the ledger is projected, and each station's
// gateway acknowledges again after every restart.
import { expect } from 'chai';
import { loadTopology, raftLeader } from '@plasma/network';
import { networkStatus, up } from '@plasma/test-network';
import { faultDrill, killProcess } from '@plasma/testkit/faults';

const topology = loadTopology();
const quiet = (): void => undefined;

describe('faults under load', function () {
  this.timeout(900_000);

  it('loses, duplicates and leaves unprojected nothing when the Raft leader, an indexer or PostgreSQL dies', async function () {
    const restart = (): Promise<void> => up(topology, quiet);
    const outcomes = await faultDrill(
      topology,
      [
        {
          name: 'the Raft leader',
          inject: async () => killProcess((await raftLeader(topology))!.name),
          repair: restart,
        },
        { name: "a station's indexer", inject: () => killProcess('indexer-stationa'), repair: restart },
        { name: 'PostgreSQL', inject: () => killProcess('postgres'), repair: restart },
      ],
      { concurrency: 4, downMs: 4_000, settleMs: 4_000 },
      quiet,
    );
    for (const o of outcomes) {
      expect(o.acknowledged, `${o.fault}: acknowledged`).to.be.greaterThan(0);
      expect({ fault: o.fault, lost: o.lost, duplicated: o.duplicated, unprojected: o.unprojected }).to.deep.equal({
        fault: o.fault,
        lost: 0,
        duplicated: 0,
        unprojected: 0,
      });
      expect(o.committed, `${o.fault}: every acknowledged mutation is on the ledger`).to.be.at.least(o.acknowledged);
      expect(o.recoveryMs, `${o.fault}: recovered`).to.not.equal(null);
    }
    expect((await networkStatus(topology)).every((n) => n.healthy)).to.equal(true);
  });
});
