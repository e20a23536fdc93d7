// npm test: brings the network up when it is not running (building whatever is missing), runs every
// test with mocha, and stops the network again if this run started it.
import { spawnSync } from 'node:child_process';
import { loadTopology, repoRoot } from '@plasma/network';
import { down, networkStatus, up } from '@plasma/test-network';

async function main(): Promise<number> {
  const topology = loadTopology();
  const wasRunning = (await networkStatus(topology)).every((n) => n.healthy);
  if (!wasRunning) await up(topology, (m) => console.log(`network: ${m}`));
  try {
    const mocha = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit' });
    return mocha.status ?? 1;
  } finally {
    if (!wasRunning) await down(topology, false, (m) => console.log(`network: ${m}`));
  }
}

main().then((code) => process.exit(code), (error: Error) => {
  console.error(`test: ${error.message}`);
  process.exit(1);
});
