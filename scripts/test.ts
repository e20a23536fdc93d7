// npm test: checks the types (npm run typecheck), the seams between the packages (npm run depcheck: layers,
// public faces, cycles, declared dependencies) and the lint rules and formatting (npm run lint), runs the unit tests
// (npm run test:unit) before any network exists, brings the network up when it is not running (building whatever is
// missing), runs the tests against it, then brings up the consortium ordered by SmartBFT (network/topology-bft.yaml,
// with its own data, on the same ports: the Raft network stops meanwhile) for its own tests and removes it, then runs
// the consortium across network namespaces (network/topology-hosts.yaml: the test makes its hosts and removes them),
// starts the Raft network again if it was running before, and ends with one line of counts over every suite.
// It keeps within TEST_TIME_LIMIT_MINUTES (75 by default: CI's 90 less the installs before it): a suite still running
// then is stopped and counted failed, and the suites after it are not run, so that a log read from its end always
// closes with the counts, the first failures and the state of the network, never with a run cut off.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology, repoRoot, type Topology } from '@plasma/network';
import { errorMessage, logFile } from '@plasma/platform';
import { down, networkStatus, up } from '@plasma/test-network';

const limitMinutes = Number(process.env.TEST_TIME_LIMIT_MINUTES ?? 75);
if (!(limitMinutes > 0))
  throw new Error(`TEST_TIME_LIMIT_MINUTES must be a positive number of minutes, not ${process.env.TEST_TIME_LIMIT_MINUTES}`);
const started = Date.now();
const deadline = started + limitMinutes * 60_000;
const minutesSinceStart = (): string => `${((Date.now() - started) / 60_000).toFixed(1)} min`;

const summaryDir = mkdtempSync(path.join(os.tmpdir(), 'plasma-test-'));
const summaryFile = path.join(summaryDir, 'counts.jsonl');

type SuiteCounts = Record<'passed' | 'failed' | 'skipped', number> & { label: string; failures: string[] };

const suitesCounted = (): SuiteCounts[] =>
  readFileSync(summaryFile, { encoding: 'utf8', flag: 'a+' })
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SuiteCounts);

/** A suite that failed before its tests reported any count (a file that does not load, a network that did not come up). */
function countSuiteFailure(label: string, why: string): void {
  const failed: SuiteCounts = { label, passed: 0, failed: 1, skipped: 0, failures: [why] };
  appendFileSync(summaryFile, `${JSON.stringify(failed)}\n`);
}

/** Past the deadline a suite is not run, and counted failed. */
function outOfTime(label: string): boolean {
  if (Date.now() < deadline) return false;
  countSuiteFailure(label, `not run: npm test had used its ${limitMinutes} minutes (TEST_TIME_LIMIT_MINUTES)`);
  return true;
}

/** One mocha suite, stopped at the deadline; extra arguments (a --grep, say) go to every one. */
function mocha(config: string, label: string, env: NodeJS.ProcessEnv = process.env): number {
  if (outOfTime(label)) return 1;
  const run = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--config', config, ...process.argv.slice(2)], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...env, TEST_SUMMARY_FILE: summaryFile, TEST_SUMMARY_LABEL: label },
    timeout: Math.max(1, deadline - Date.now()), // never 0, which would be no limit
    // Mocha's own command passes SIGINT on to the process that runs the tests (SIGTERM would leave that one running).
    killSignal: 'SIGINT',
  });
  const status = run.status ?? 1;
  if (status !== 0 && !suitesCounted().some((suite) => suite.label === label)) {
    const why =
      Date.now() >= deadline
        ? `stopped at ${minutesSinceStart()}: npm test keeps within ${limitMinutes} minutes`
        : (run.signal ?? `exit code ${status}`);
    countSuiteFailure(label, `mocha ended with ${why} before its tests reported (see above)`);
  }
  console.log(`test: ${label} ended at ${minutesSinceStart()} since npm test started`);
  return status;
}

/** The lines that say why a suite failed when the network under it broke: kept for the end of the log. */
const healthLines: string[] = [];

/**
 * After a suite that failed: this host's nodes and services that are down or do not answer, each with its log's last
 * lines, and the machine's load, memory and free disk, so that a log read from its end tells a network that broke
 * under the tests from a test that failed on a healthy one.
 */
async function recordHealth(topology: Topology, label: string): Promise<void> {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const { bavail, bsize } = statfsSync(repoRoot);
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  // The CPU's time since boot waiting for the disk and taken by the hypervisor (/proc/stat: user nice system idle
  // iowait irq softirq steal).
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 9).map(Number);
  const share = (ticks: number): string => `${((100 * ticks) / cpu.reduce((a, b) => a + b, 0)).toFixed(1)} %`;
  healthLines.push(
    `after the ${label} (${minutesSinceStart()}): load ${load}, ${gib(os.freemem())} memory free, ${gib(bavail * bsize)} disk free, ` +
      `since boot ${share(cpu[4]!)} of the CPU waiting for the disk and ${share(cpu[7]!)} stolen`,
  );
  const status = await networkStatus(topology);
  if (status.every((n) => n.pid === null)) {
    healthLines.push('  nothing of the network is running');
    return;
  }
  for (const node of status.filter((n) => !n.healthy)) {
    healthLines.push(`  ${node.name} (${node.org}, ${node.address}): ${node.detail}`);
    const log = logFile(node.name);
    if (!existsSync(log)) continue;
    const lastLines = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-4);
    for (const line of lastLines) healthLines.push(`    ${line.slice(0, 300)}`);
  }
}

/** The BFT consortium's tests, on a network of its own brought up for them and removed afterwards. */
function bftTests(): number {
  const env = { ...process.env, PLASMA_TOPOLOGY: 'network/topology-bft.yaml', PLASMA_DATA_DIR: path.join(repoRoot, '.data-bft') };
  const cli = (...args: string[]): number =>
    spawnSync(process.execPath, ['--import', 'tsx', 'test-network/src/cli.ts', ...args], { cwd: repoRoot, stdio: 'inherit', env }).status ??
    1;
  if (outOfTime('BFT network tests')) return 1;
  try {
    if (cli('up') !== 0) {
      console.error('test: the BFT network (network/topology-bft.yaml) did not come up (see above)');
      countSuiteFailure('BFT network tests', 'the BFT network (network/topology-bft.yaml) did not come up (see above)');
      return 1;
    }
    return mocha('.mocharc.bft.yml', 'BFT network tests', env);
  } finally {
    cli('down', '--clean');
  }
}

/** The consortium across network namespaces, one per organisation: the test founds it, starts each part and removes it. */
function hostsTests(): number {
  const env = {
    ...process.env,
    PLASMA_TOPOLOGY: 'network/topology-hosts.yaml',
    PLASMA_DATA_DIR: path.join(repoRoot, '.data-hosts', 'founding'),
  };
  return mocha('.mocharc.hosts.yml', 'multi-host network tests', env);
}

/** The first failures of each suite (the later ones often follow from them), the network's state, then the counts. */
function printTotal(): void {
  const suites = suitesCounted();
  const shown = 6;
  for (const { label, failures } of suites) {
    for (const failure of failures.slice(0, shown)) console.log(`failed (${label}): ${failure}`);
    if (failures.length > shown) console.log(`  … and ${failures.length - shown} more failures of the ${label}, named above`);
  }
  for (const line of healthLines) console.log(line);
  const total = suites.reduce(
    (sum, counts) => ({ passed: sum.passed + counts.passed, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
}

async function main(): Promise<number> {
  // First, and without the network: a type error, a violation or a lint error fails the run before ten minutes of tests.
  for (const [script, failure] of [
    ['typecheck', 'npm run typecheck found type errors (see above)'],
    ['depcheck', "npm run depcheck found imports that break the packages' seams (see above)"],
    ['lint', 'npm run lint found lint errors or unformatted files (see above; npx prettier --write . formats)'],
  ] as const) {
    const check = spawnSync('npm', ['run', '--silent', script], { cwd: repoRoot, stdio: 'inherit' });
    if (check.status !== 0) {
      console.error(`test: ${failure}`);
      return check.status ?? 1;
    }
  }
  const unit = mocha('.mocharc.unit.yml', 'unit tests');
  const topology = loadTopology();
  const wasRunning = (await networkStatus(topology)).every((n) => n.healthy);
  if (!wasRunning && Date.now() < deadline) await up(topology, (m) => console.log(`network: ${m}`));
  const network = mocha('.mocharc.yml', 'network tests');
  if (network !== 0) await recordHealth(topology, 'network tests');
  // Last on the Raft network: faults under load, then the host wiped and restored from a backup.
  const operations = mocha('.mocharc.operations.yml', 'operations tests');
  if (operations !== 0) await recordHealth(topology, 'operations tests');
  // The BFT network takes the same ports.
  await down(topology, false, (m) => console.log(`network: ${m}`));
  try {
    const bft = bftTests();
    const hosts = hostsTests();
    return [unit, network, operations, bft, hosts].find((code) => code !== 0) ?? 0;
  } finally {
    if (wasRunning) await up(topology, (m) => console.log(`network: ${m}`));
    printTotal();
  }
}

main().then(
  (code) => {
    rmSync(summaryDir, { recursive: true, force: true });
    process.exit(code);
  },
  (error: unknown) => {
    console.error(`test: ${errorMessage(error)}`);
    process.exit(1);
  },
);
