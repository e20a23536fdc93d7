// Cold-chain ingest benchmark: a device server (its own process) with many fast devices, the ingest storing
// into PostgreSQL and sealing one Merkle root per device and window; reports sustained readings/s, CPU and
// memory of each process. Run: npx tsx scripts/bench-cold-chain.ts (BENCH_DEVICES, BENCH_PERIOD_MS,
// BENCH_SECONDS, BENCH_WINDOW_SECONDS). A scratch database is created on the server of DATABASE_URL, or else
// of the project's own PostgreSQL (npm run up), and dropped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { createPool, databaseUrl, migrate } from '@plasma/gateway-api';
import { parseColdChainConfig, provision, startIngest } from '@plasma/cold-chain';

const devices = Number(process.env.BENCH_DEVICES ?? 100);
const periodMs = Number(process.env.BENCH_PERIOD_MS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const windowSeconds = Number(process.env.BENCH_WINDOW_SECONDS ?? 10);
const port = 17520;
// The bench's freezers never leave their limit; the rule is here only because sealing applies it.
const BENCH_RULE = { storageLimitC: -20, toleranceLimitC: -5, toleranceHours: 72, source: 'bench' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds (user + system) and resident MiB of a process, from /proc. */
function processUsage(pid: number): { cpu: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  return { cpu, rssMiB: rss };
}

/** Every PostgreSQL process on this host (server and backends), summed. */
function postgresUsage(): { cpu: number; rssMiB: number } {
  let cpu = 0;
  let rssMiB = 0;
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const usage = processUsage(Number(entry));
      cpu += usage.cpu;
      rssMiB += usage.rssMiB;
    } catch { /* the process ended meanwhile */ }
  }
  return { cpu, rssMiB };
}

async function main(): Promise<void> {
  const config = parseColdChainConfig({
    servers: [{
      name: 'bench', host: '127.0.0.1', port, historyMinutes: 5,
      devices: Array.from({ length: devices }, (_, i) => ({
        id: `BENCH-FRZ-${String(i).padStart(3, '0')}`, kind: 'freezer', site: 'StationA', samplePeriodMs: periodMs, serialNumber: `B-${i}`, model: 'bench freezer',
      })),
    }],
    ingest: { windowSeconds, identity: 'password', ledgerIdentity: { organisation: 'Factory', user: 'warehouse1' } },
  }, 'bench configuration');
  const configFile = path.join(os.tmpdir(), `cold-chain-bench-${process.pid}.yaml`);
  writeFileSync(configFile, stringify(config));

  const adminUrl = databaseUrl();
  const name = `cold_chain_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const pool = createPool(url.toString(), 4);

  const { ingest: pki, credentials } = await provision(config);
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '..', 'cold-chain', 'src', 'cli.ts'), 'devices'],
    { env: { ...process.env, COLD_CHAIN_CONFIG: configFile }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await sleep(5_000);
    const ingest = await startIngest({ config, pool, pki, credentials, rule: async () => BENCH_RULE, log: (m) => console.log(`ingest: ${m}`) });
    console.log(`warming up for ${windowSeconds} s ...`);
    await sleep(windowSeconds * 1000);

    const begin = { at: performance.now(), stored: ingest.status().stored, sealed: ingest.status().sealedWindows,
      self: process.cpuUsage(), server: processUsage(server.pid!), postgres: postgresUsage() };
    let peakBuffered = 0;
    let peakRss = 0;
    let mark = { at: performance.now(), stored: begin.stored };
    for (let s = 1; s <= seconds; s += 1) {
      await sleep(1_000);
      const { buffered, stored } = ingest.status();
      const { rss, heapUsed } = process.memoryUsage();
      peakBuffered = Math.max(peakBuffered, buffered);
      peakRss = Math.max(peakRss, rss / 2 ** 20);
      if (s % 10 === 0) {
        // Progress every 10 s: a sustained rate stays level and the buffer stays bounded.
        const now = performance.now();
        console.log(`  ${s} s: ${((stored - mark.stored) / ((now - mark.at) / 1000)).toFixed(0)} readings/s, buffered ${buffered}, `
          + `ingest rss ${(rss / 2 ** 20).toFixed(0)} MiB, heap ${(heapUsed / 2 ** 20).toFixed(0)} MiB`);
        mark = { at: now, stored };
      }
    }
    const elapsed = (performance.now() - begin.at) / 1000;
    const end = { stored: ingest.status().stored, sealed: ingest.status().sealedWindows, self: process.cpuUsage(begin.self), server: processUsage(server.pid!), postgres: postgresUsage() };
    const status = ingest.status();
    await ingest.stop();
    const { rows } = await pool.query<{ windows: string; roots: string }>('SELECT count(DISTINCT window_start) AS windows, count(*) FILTER (WHERE root IS NOT NULL) AS roots FROM cold_chain_windows');

    const rate = (end.stored - begin.stored) / elapsed;
    const pct = (cpuSeconds: number): string => `${((cpuSeconds / elapsed) * 100).toFixed(0)}% of one core`;
    console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`);
    console.log(`devices: ${devices} freezers sampling every ${periodMs} ms (offered ${(devices * 1000 / periodMs).toFixed(0)} readings/s), windows of ${windowSeconds} s`);
    console.log(`sustained ingest: ${rate.toFixed(0)} readings/s stored over ${elapsed.toFixed(0)} s (${end.stored - begin.stored} readings); `
      + `peak buffer ${peakBuffered}, duplicates ${status.duplicates}, backfilled ${status.backfilled}`);
    console.log(`windows sealed while measuring: ${end.sealed - begin.sealed} (one Merkle root per device each; ${rows[0]?.roots} roots in ${rows[0]?.windows} windows in all)`);
    console.log('ledger anchoring: not included; the chaincode has no cold-chain contract yet');
    console.log(`CPU: ingest ${pct((end.self.user + end.self.system) / 1e6)}, device server ${pct(end.server.cpu - begin.server.cpu)}, PostgreSQL ${pct(end.postgres.cpu - begin.postgres.cpu)}`);
    console.log(`memory (resident): ingest peak ${peakRss.toFixed(0)} MiB, device server ${end.server.rssMiB.toFixed(0)} MiB, PostgreSQL ${end.postgres.rssMiB.toFixed(0)} MiB`);
  } finally {
    server.kill('SIGTERM');
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(configFile, { force: true });
  }
}

main().then(() => process.exit(0), (error: Error) => {
  console.error(`bench-cold-chain: ${error.message}`);
  process.exit(1);
});
