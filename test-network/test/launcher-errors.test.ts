// What the launcher says when the host is not ready for it: a port taken, a binary missing.
import { createServer, type AddressInfo } from 'node:net';
import { expect } from 'chai';
import { fabricBinary } from '../src/command';
import { assertPortFree } from '../src/processes';

describe('launcher errors', function () {
  it('names the port and the node when a port is in use', async function () {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await assertPortFree('127.0.0.1', port, 'peer0.stationa').then(() => undefined, (e: Error) => e);
      expect(error?.message).to.equal(
        `port 127.0.0.1:${port} (peer0.stationa) is in use by another process; stop it or change the port in network/topology.yaml`);
    } finally {
      server.close();
    }
    await assertPortFree('127.0.0.1', port, 'peer0.stationa'); // free again once the other process is gone
  });

  it('says how to install a missing Fabric binary', function () {
    expect(() => fabricBinary('no-such-tool')).to.throw(/no-such-tool is missing; run 'npm run install:fabric'/);
  });
});
