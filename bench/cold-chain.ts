// Cold-chain ingest benchmark, anchoring included: a device server (its own process) with many fast freezers, the
// ingest storing into PostgreSQL, sealing one Merkle root per device and window and anchoring every window on the
// real ledger (ColdChain:AnchorReadings) as it runs. Reports sustained readings/s, the anchoring lag, and CPU and
// memory of each process. Run on the running system: npm run bench -- cold-chain (BENCH_DEVICES, BENCH_PERIOD_MS,
// BENCH_SECONDS, BENCH_WINDOW_SECONDS). A scratch database is created on the server of DATABASE_URL, or else of the
// project's own PostgreSQL, and dropped at the end.
//
// The bench's freezers are StationB's (G1002-BENCH-nnn, registered once, then reused), anchored by StationB's device
// gateway user: StationB runs no configured device, so these windows share no ledger key with the running ingest's.
// cold-chain/test/ledger.test.ts anchors as StationB too: do not run the two at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { createPool, databaseUrl, dropDatabase, errorMessage, openSession } from '@plasma/platform';
import { migrate } from '@plasma/gateway-api';
import { adminUser, loadTopology, organisation } from '@plasma/network';
import {
  fabricIngestLedger,
  ledgerRuleSource,
  parseColdChainConfig,
  provision,
  ReadingStore,
  registerDevices,
  startIngest,
  verifyWindow,
} from '@plasma/cold-chain';

const devices = Number(process.env.BENCH_DEVICES ?? 100);
const periodMs = Number(process.env.BENCH_PERIOD_MS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const windowSeconds = Number(process.env.BENCH_WINDOW_SECONDS ?? 10);
const port = 17520;
const SITE = 'StationB';

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

/** Every process on this host whose command name matches, summed (PostgreSQL's server and backends; the ledger's nodes). */
function usageOf(names: RegExp): { cpu: number; rssMiB: number } {
  let cpu = 0;
  let rssMiB = 0;
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (!names.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) continue;
      const usage = processUsage(Number(entry));
      cpu += usage.cpu;
      rssMiB += usage.rssMiB;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return { cpu, rssMiB };
}
const POSTGRES = /^postgres$/;
const FABRIC = /^(peer|orderer)$/;

async function main(): Promise<void> {
  const topology = loadTopology();
  const config = parseColdChainConfig(
    {
      servers: [
        {
          name: 'bench',
          host: '127.0.0.1',
          port,
          historyMinutes: 5,
          devices: Array.from({ length: devices }, (_, i) => {
            const n = String(i).padStart(3, '0');
            return {
              id: `G1002-BENCH-${n}`,
              kind: 'freezer',
              site: SITE,
              location: `bench freezer ${n}`,
              samplePeriodMs: periodMs,
              serialNumber: `B-${n}`,
              model: 'bench freezer',
            };
          }),
        },
      ],
      ingest: { windowSeconds, identity: 'password', ledgerUser: 'coldchain1' },
    },
    'bench configuration',
  );
  const benchDevices = config.servers[0]!.devices;
  const configFile = path.join(os.tmpdir(), `cold-chain-bench-${process.pid}.yaml`);
  writeFileSync(configFile, stringify(config));

  const admin = openSession(topology, SITE, adminUser);
  const registered = await registerDevices(
    admin,
    organisation(topology, SITE).mspId,
    benchDevices.map((d) => ({ deviceId: d.id, kind: d.kind, location: d.location! })),
  );
  admin.close();
  if (registered.length > 0) console.log(`registered ${registered.length} bench freezers of ${SITE} on the ledger`);
  const gateway = openSession(topology, SITE, config.ingest.ledgerUser);

  const adminUrl = databaseUrl();
  const name = `cold_chain_bench_${randomBytes(4).toString('hex')}`;
  const database = new pg.Client({ connectionString: adminUrl });
  await database.connect();
  await database.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const pool = createPool(url.toString(), 4);

  const { ingest: pki, credentials } = await provision(config);
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve(__dirname, '..', 'cold-chain', 'src', 'cli.ts'), 'devices'],
    { env: { ...process.env, COLD_CHAIN_CONFIG: configFile }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    await sleep(5_000);
    const ingest = await startIngest({
      config,
      pool,
      pki,
      credentials,
      rule: ledgerRuleSource(
        () => gateway,
        benchDevices,
        (site) => organisation(topology, site).mspId,
      ),
      ledger: fabricIngestLedger(benchDevices, () => gateway),
      log: (m) => console.log(`ingest: ${m}`),
    });
    console.log(`warming up for ${windowSeconds} s ...`);
    await sleep(windowSeconds * 1000);

    const status = (): ReturnType<typeof ingest.status> => ingest.status();
    const begin = {
      at: performance.now(),
      ...status(),
      self: process.cpuUsage(),
      server: processUsage(server.pid!),
      postgres: usageOf(POSTGRES),
      fabric: usageOf(FABRIC),
    };
    let peakBuffered = 0;
    let peakRss = 0;
    let mark = { at: performance.now(), stored: begin.stored };
    for (let s = 1; s <= seconds; s += 1) {
      await sleep(1_000);
      const { buffered, stored, anchoredWindows } = status();
      const { rss, heapUsed } = process.memoryUsage();
      peakBuffered = Math.max(peakBuffered, buffered);
      peakRss = Math.max(peakRss, rss / 2 ** 20);
      if (s % 10 === 0) {
        // Progress every 10 s: a sustained rate stays level and the buffer stays bounded.
        const now = performance.now();
        console.log(
          `  ${s} s: ${((stored - mark.stored) / ((now - mark.at) / 1000)).toFixed(0)} readings/s, buffered ${buffered}, ` +
            `windows anchored ${anchoredWindows - begin.anchoredWindows}, ingest rss ${(rss / 2 ** 20).toFixed(0)} MiB, heap ${(heapUsed / 2 ** 20).toFixed(0)} MiB`,
        );
        mark = { at: now, stored };
      }
    }
    const elapsed = (performance.now() - begin.at) / 1000;
    const end = {
      ...status(),
      self: process.cpuUsage(begin.self),
      server: processUsage(server.pid!),
      postgres: usageOf(POSTGRES),
      fabric: usageOf(FABRIC),
    };
    await ingest.stop();

    const {
      rows: [windows],
    } = await pool.query<{ sealed: string; anchored: string; refused: string; lag_avg: string; lag_max: string; last: Date }>(
      `SELECT count(DISTINCT window_start) FILTER (WHERE root IS NOT NULL) AS sealed,
              count(DISTINCT window_start) FILTER (WHERE anchor_tx_id IS NOT NULL) AS anchored,
              count(*) FILTER (WHERE anchor_refusal IS NOT NULL) AS refused,
              avg(extract(epoch FROM anchored_at - window_end)) AS lag_avg, max(extract(epoch FROM anchored_at - window_end)) AS lag_max,
              max(window_start) FILTER (WHERE anchor_tx_id IS NOT NULL) AS last
         FROM cold_chain_windows`,
    );
    // One anchored window checked against the ledger: its roots are those recomputed from the rows stored.
    const check = await verifyWindow(new ReadingStore(pool), benchDevices[0]!.id, windows!.last);
    const anchor = JSON.parse(
      Buffer.from(
        await gateway
          .contract('ColdChain')
          .evaluateTransaction('GetWindowAnchor', organisation(topology, SITE).mspId, windows!.last.toISOString()),
      ).toString(),
    ) as { roots: { device: string; root: string }[] };
    const onLedger = anchor.roots.find((r) => r.device === check.device)?.root === check.recomputedRoot && check.intact;

    const rate = (end.stored - begin.stored) / elapsed;
    const pct = (cpuSeconds: number): string => `${((cpuSeconds / elapsed) * 100).toFixed(0)}% of one core`;
    console.log(
      `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`,
    );
    console.log(
      `devices: ${devices} freezers sampling every ${periodMs} ms (offered ${((devices * 1000) / periodMs).toFixed(0)} readings/s), windows of ${windowSeconds} s`,
    );
    console.log(
      `sustained ingest: ${rate.toFixed(0)} readings/s stored over ${elapsed.toFixed(0)} s (${end.stored - begin.stored} readings); ` +
        `peak buffer ${peakBuffered}, duplicates ${end.duplicates}, backfilled ${end.backfilled}`,
    );
    console.log(
      `ledger anchoring while measuring: ${end.anchoredWindows - begin.anchoredWindows} AnchorReadings transactions of ${SITE} ` +
        `(${devices} roots each); in all ${windows!.anchored} of ${windows!.sealed} sealed windows anchored, ${windows!.refused} refused; ` +
        `window end → committed anchor: mean ${Number(windows!.lag_avg).toFixed(1)} s, max ${Number(windows!.lag_max).toFixed(1)} s; ` +
        `last anchored window ${onLedger ? 'equals' : 'DIFFERS FROM'} the roots recomputed from PostgreSQL`,
    );
    console.log(
      `CPU: ingest (with the anchoring client) ${pct((end.self.user + end.self.system) / 1e6)}, device server ${pct(end.server.cpu - begin.server.cpu)}, ` +
        `PostgreSQL ${pct(end.postgres.cpu - begin.postgres.cpu)}, Fabric peers and orderers ${pct(end.fabric.cpu - begin.fabric.cpu)} (the last two shared with whatever else runs)`,
    );
    console.log(
      `memory (resident): ingest peak ${peakRss.toFixed(0)} MiB, device server ${end.server.rssMiB.toFixed(0)} MiB, PostgreSQL ${end.postgres.rssMiB.toFixed(0)} MiB`,
    );
    if (!onLedger || Number(windows!.refused) > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    gateway.close();
    await pool.end();
    await dropDatabase(database, name);
    await database.end();
    rmSync(configFile, { force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench-cold-chain: ${errorMessage(error)}`);
    process.exit(1);
  },
);
