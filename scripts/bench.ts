// npm run bench: every benchmark in bench/, one after another, on the running system (brought up first
// when it is not). Each prints its own figures; this adds the machine they were measured on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology, repoRoot } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import { networkStatus, up } from '@plasma/test-network';

async function main(): Promise<number> {
  const topology = loadTopology();
  if (!(await networkStatus(topology)).every((n) => n.healthy)) await up(topology, (m) => console.log(`system: ${m}`));
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
  );

  const only = process.argv.slice(2);
  const benches = readdirSync(path.join(repoRoot, 'bench'))
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => only.length === 0 || only.some((name) => f.includes(name)))
    .sort();
  let failed = 0;
  for (const bench of benches) {
    console.log(`== ${bench}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', bench)], { cwd: repoRoot, stdio: 'inherit' });
    if (run.status !== 0) failed += 1;
    console.log('');
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${errorMessage(error)}`);
    process.exit(1);
  },
);
