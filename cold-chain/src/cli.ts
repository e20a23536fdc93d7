// The cold chain's commands: `devices` (run the device simulator), `ingest` (run one site organisation's ingest, named
// by PLASMA_ORGANISATION), `fault` (inject a fault as the engineer), `verify` (check a device window against its root),
// `archive` (move a site's old readings out of PostgreSQL into its archive).
// Configuration: cold-chain/devices.yaml (or COLD_CHAIN_CONFIG); database: DATABASE_URL or the site's own database on
// the project's PostgreSQL.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType } from 'node-opcua';
import { loadTopology, organisation } from '@plasma/network';
import {
  createPool,
  errorMessage,
  type LedgerSession,
  openSession,
  organisationDatabaseUrl,
  organisationOfProcess,
  serviceDatabaseUrl,
} from '@plasma/platform';
import { archiveReadings, readingArchive } from './archive/reading-archive';
import { loadColdChainConfig, type ColdChainConfig } from './config';
import { startDeviceServer, type DeviceServer } from './devices/device-server';
import { parseFault } from './devices/faults';
import { DEVICES_NAMESPACE_URI, INJECT_FAULT_METHOD, SIMULATION_OBJECT } from './devices/node-ids';
import { fabricIngestLedger } from './ingest/fabric-ledger';
import { startIngest } from './ingest/ingest-service';
import { ledgerClockToleranceMs, ledgerRuleSource } from './ingest/ledger-rules';
import { ReadingStore } from './ingest/reading-store';
import { ingestStatusFile, readingArchiveDir } from './paths';
import { provision } from './provision';
import { coldChainQueries } from './services';
import { verifyWindow, withArchive } from './services/reading-proofs';

/** How long a site keeps its readings in PostgreSQL before they move to its archive, unless told otherwise. */
const DEFAULT_KEPT_DAYS = 90;

const log = (message: string): void => console.log(`${new Date().toISOString()} ${message}`);

/** Runs until SIGTERM or SIGINT, then stops cleanly. */
function untilSignalled(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    // Resolves however the stop ends; a failed stop is still an unhandled rejection that ends the process.
    const onSignal = (): void => {
      void stop().finally(resolve);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}

async function runDevices(config: ColdChainConfig): Promise<void> {
  const { servers, credentials } = await provision(config);
  const running: DeviceServer[] = [];
  for (const server of config.servers) {
    running.push(await startDeviceServer({ config: server, pki: servers.get(server.name)!, credentials }));
    log(`device server ${server.name} listening at opc.tcp://${server.host}:${server.port} with ${server.devices.length} devices`);
  }
  await untilSignalled(async () => {
    await Promise.all(running.map((s) => s.stop()));
  });
}

/** The configuration with only the devices `site` runs, and only the servers that expose one of them. */
function configOfSite(config: ColdChainConfig, site: string): ColdChainConfig {
  const servers = config.servers
    .map((server) => ({ ...server, devices: server.devices.filter((d) => d.site === site) }))
    .filter((server) => server.devices.length > 0);
  if (servers.length === 0) throw new Error(`PLASMA_ORGANISATION: ${site} runs no device of the cold chain's configuration`);
  return { ...config, servers };
}

/** One site organisation's ingest: its own devices' readings into its own database, anchored as its own user. */
async function runIngest(allSites: ColdChainConfig, site: string): Promise<void> {
  const config = configOfSite(allSites, site);
  const { ingest: pki, credentials } = await provision(allSites);
  const pool = createPool(serviceDatabaseUrl('coldChain', site));
  const topology = loadTopology();
  const devices = config.servers.flatMap((s) => s.devices);
  // One ledger session per site organisation, as its device gateway user: each site speaks for its own devices.
  const sessions = new Map(
    [...new Set(devices.map((d) => d.site))].map((site) => [site, openSession(topology, site, config.ingest.ledgerUser)]),
  );
  const sessionOf = (site: string): LedgerSession => {
    const session = sessions.get(site);
    if (!session) throw new Error(`site: ${site} runs no configured device`);
    return session;
  };
  const rule = ledgerRuleSource(sessionOf, devices, (site) => organisation(topology, site).mspId);
  // The strictest governed tolerance among the sites this ingest speaks for, read once at start.
  const tolerances = await Promise.all(
    [...sessions.keys()].map((site) => ledgerClockToleranceMs(sessionOf(site), organisation(topology, site).mspId)),
  );
  const ingest = await startIngest({
    config,
    pool,
    pki,
    credentials,
    rule,
    ledger: fabricIngestLedger(devices, sessionOf),
    log,
    clockToleranceMs: Math.min(...tolerances),
  });
  log(
    `ingest subscribed to ${config.servers.length} device server(s); windows of ${config.ingest.windowSeconds} s, ` +
      `anchored by ${[...sessions.keys()].map((site) => `${site}/${config.ingest.ledgerUser}`).join(', ')}`,
  );
  const report = setInterval(() => {
    writeFileSync(ingestStatusFile(site), JSON.stringify({ at: new Date().toISOString(), ...ingest.status() }, null, 2));
  }, 5_000);
  await untilSignalled(async () => {
    clearInterval(report);
    await ingest.stop();
    await pool.end();
    for (const session of sessions.values()) session.close();
  });
}

async function injectFault(config: ColdChainConfig, deviceId: string, faultJson: string): Promise<void> {
  const fault = parseFault(JSON.parse(faultJson));
  const server = config.servers.find((s) => s.devices.some((d) => d.id === deviceId));
  if (!server) throw new Error(`device: ${deviceId} is not in the configuration`);
  const { ingest: pki, credentials } = await provision(config);
  const client = OPCUAClient.create({
    applicationUri: pki.applicationUri,
    clientCertificateManager: pki.manager,
    certificateFile: pki.certificateFile,
    privateKeyFile: pki.privateKeyFile,
    securityMode: MessageSecurityMode.SignAndEncrypt,
    securityPolicy: SecurityPolicy.Basic256Sha256,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
  });
  await client.connect(`opc.tcp://${server.host}:${server.port}`);
  try {
    const session = await client.createSession({ type: UserTokenType.UserName, userName: 'engineer', password: credentials.engineer });
    const ns = (await session.readNamespaceArray()).indexOf(DEVICES_NAMESPACE_URI);
    const result = await session.call({
      objectId: `ns=${ns};s=${SIMULATION_OBJECT}`,
      methodId: `ns=${ns};s=${INJECT_FAULT_METHOD}`,
      inputArguments: [
        { dataType: DataType.String, value: deviceId },
        { dataType: DataType.String, value: JSON.stringify(fault) },
      ],
    });
    if (!result.statusCode.isGood()) throw new Error(`the device server refused the fault: ${result.statusCode.name}`);
    log(`injected ${fault.kind} into ${deviceId}`);
    await session.close();
  } finally {
    await client.disconnect();
  }
}

async function verify(config: ColdChainConfig, deviceId: string, windowStart: string): Promise<boolean> {
  const device = config.servers.flatMap((s) => s.devices).find((d) => d.id === deviceId);
  if (!device) throw new Error(`device: ${deviceId} is not in the configuration`);
  const pool = createPool(serviceDatabaseUrl('coldChain', device.site), 1);
  try {
    const readings = withArchive(new ReadingStore(pool), readingArchive(readingArchiveDir(device.site)));
    const result = await verifyWindow(readings, deviceId, new Date(windowStart));
    console.log(JSON.stringify(result, null, 2));
    return result.intact;
  } finally {
    await pool.end();
  }
}

/**
 * Moves the site's readings older than `--older-than-days` (default 90) days out of PostgreSQL into its archive
 * (archive/reading-archive.ts), as the database's superuser. Prints what was archived and what was kept, and why.
 */
async function archive(site: string, args: readonly string[]): Promise<void> {
  const flag = args.indexOf('--older-than-days');
  const olderThanDays = flag === -1 ? DEFAULT_KEPT_DAYS : Number(args[flag + 1]);
  if (!Number.isInteger(olderThanDays) || olderThanDays < 1)
    throw new Error('--older-than-days: must be a whole number of days, 1 or more');
  const pool = createPool(organisationDatabaseUrl(site), 1);
  try {
    const dir = readingArchiveDir(site);
    const proofs = coldChainQueries(pool, dir);
    const windowIntact = async (device: string, windowStart: Date): Promise<boolean> =>
      (await proofs.verifyWindow(device, windowStart)).intact;
    const { archived, kept } = await archiveReadings(pool, { dir, olderThanDays, windowIntact });
    for (const m of archived)
      log(
        `archived ${m.partition}: ${m.readings} readings of ${m.windows.length} windows in ${path.join(dir, m.file)} (SHA-256 ${m.sha256})`,
      );
    for (const k of kept) log(`kept ${k.partition}: ${k.reason}`);
    if (archived.length === 0 && kept.length === 0) log(`no readings older than ${olderThanDays} days`);
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadColdChainConfig(process.env.COLD_CHAIN_CONFIG);
  switch (command) {
    case 'devices':
      await runDevices(config);
      return 0;
    case 'ingest':
      await runIngest(config, organisationOfProcess());
      return 0;
    case 'fault':
      await injectFault(config, args[0] ?? '', args[1] ?? '');
      return 0;
    case 'verify':
      return (await verify(config, args[0] ?? '', args[1] ?? '')) ? 0 : 1;
    case 'archive':
      await archive(organisationOfProcess(), args);
      return 0;
    default:
      console.error(
        [
          'usage: cli.ts devices | ingest (with PLASMA_ORGANISATION=<site>)',
          '       cli.ts fault <device> \'{"kind":"excursion","value":-2,"durationMs":300000}\'',
          '       cli.ts verify <device> <window start, ISO 8601>',
          '       cli.ts archive [--older-than-days 90] (with PLASMA_ORGANISATION=<site>)',
        ].join('\n'),
      );
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`cold-chain: ${errorMessage(error)}`);
    process.exit(1);
  },
);
