// What the launcher says when the host is not ready for it: a port taken, a binary missing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '@plasma/network';
import { assertPortFree, fabricBinary } from '@plasma/platform';

describe('launcher errors', function () {
  it('names the port and the node when a port is in use', async function () {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await assertPortFree('127.0.0.1', port, 'peer0.stationa').then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.equal(
        `port 127.0.0.1:${port} (peer0.stationa) is in use by another process; stop it or change the port in network/topology.yaml`,
      );
    } finally {
      server.close();
    }
    await assertPortFree('127.0.0.1', port, 'peer0.stationa'); // free again once the other process is gone
  });

  it('says how to install a missing Fabric binary', function () {
    expect(() => fabricBinary('no-such-tool')).to.throw(/no-such-tool is missing; run 'npm run install:fabric'/);
  });
});

describe('launcher state', function () {
  it('refuses to start on ledgers made for another consortium, and says how to start afresh', function () {
    const data = mkdtempSync(path.join(os.tmpdir(), 'plasma-stale-'));
    try {
      mkdirSync(path.join(data, 'network'), { recursive: true });
      writeFileSync(path.join(data, 'network', 'state.json'), JSON.stringify({ topologyHash: 'another consortium' }));
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'test-network/src/cli.ts', 'up'], {
        cwd: repoRoot,
        env: { ...process.env, PLASMA_DATA_DIR: data },
        encoding: 'utf8',
      });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.include('has changed since the network').and.to.include("run 'npm run down -- --clean'");
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
