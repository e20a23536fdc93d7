// What the launcher generates for network/topology.yaml, kept as reviewed snapshots: the channel's genesis
// configuration, each peer's and orderer's settings over the release's sample files, the private data collections and
// the endorsement policies. A change to any of them shows up here, in review, before it reaches a node.
// After a deliberate change: UPDATE_SNAPSHOTS=1 npx mocha --no-config --import=tsx network/test/generated-config.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import {
  collectionsConfig,
  configtx,
  dataHome,
  endorsementPolicy,
  genesisEndorsementPolicy,
  loadTopology,
  mergeSettings,
  ordererSettings,
  peerSettings,
  repoRoot,
  type Organisation,
} from '../src';

const topology = loadTopology();

/** Paths differ from machine to machine: the snapshots name the data and repository folders by placeholders. */
const portable = (text: string): string => text.split(dataHome).join('<data>').split(repoRoot).join('<repo>');

function matchesSnapshot(name: string, generated: string): void {
  const file = path.join(__dirname, 'snapshots', name);
  const text = portable(generated);
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, text);
  expect(existsSync(file), `${file} is missing (UPDATE_SNAPSHOTS=1 writes it)`).to.equal(true);
  expect(text, `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 after a deliberate change)`).to.equal(readFileSync(file, 'utf8'));
}

/** Each node's settings, by node name, in the topology's order. */
const byNode = <N extends { name: string }>(
  nodesOf: (org: Organisation) => readonly N[],
  settings: (org: Organisation, node: N) => object,
) => Object.fromEntries(topology.organisations.flatMap((org) => nodesOf(org).map((node) => [node.name, settings(org, node)])));

describe('configuration generated from network/topology.yaml', () => {
  it('the channel: organisations, policies, Raft consenters and batch sizes', () => {
    matchesSnapshot('channel.configtx.yaml', configtx(topology));
  });

  it("every peer's settings over the release's core.yaml", () => {
    matchesSnapshot(
      'peers.yaml',
      stringify(
        byNode(
          (org) => org.peers,
          (org, peer) => peerSettings(topology, org, peer),
        ),
      ),
    );
  });

  it("every orderer's settings over the release's orderer.yaml", () => {
    matchesSnapshot('orderers.yaml', stringify(byNode((org) => org.orderers, ordererSettings)));
  });

  it('the private data collections and the endorsement policies', () => {
    matchesSnapshot(
      'chaincode.yaml',
      stringify({
        endorsementPolicy: endorsementPolicy(topology),
        genesisEndorsementPolicy: genesisEndorsementPolicy(topology),
        collections: collectionsConfig(topology),
      }),
    );
  });

  it('merges settings into a sample section by section, replacing values and lists', () => {
    const sample = { peer: { id: 'x', tls: { enabled: false, rootcert: { file: 'a' } }, list: [1, 2] }, other: 1 };
    expect(mergeSettings(sample, { peer: { tls: { enabled: true }, list: [3] } })).to.deep.equal({
      peer: { id: 'x', tls: { enabled: true, rootcert: { file: 'a' } }, list: [3] },
      other: 1,
    });
    expect(sample.peer.tls.enabled, 'the sample itself is left as it was').to.equal(false);
  });
});
