// The cold chain as the launcher composes it: the device servers (after each site's admin has registered its devices
// on the ledger; a simulator standing for the sites' real devices) and each site organisation's ingest, as detached
// processes run from source (`cli.ts devices`, `cli.ts ingest`; logs in .data/network/logs/cold-chain-*.log), started
// after PostgreSQL and the consortium's registration. Light: OPC UA and
// the ledger client load only when a start needs them, so `npm run status` does not load them.
import path from 'node:path';
import { adminUser, organisation, type Organisation, type Topology } from '@plasma/network';
import {
  accepting,
  logFile,
  openSession,
  organisationEnvironment,
  runningPid,
  type Service,
  startUnlessRunning,
  stop,
  typeScriptLaunch,
  waitFor,
} from '@plasma/platform';
import { type ColdChainConfig, loadColdChainConfig } from './config';

const DEVICES = 'cold-chain-devices';

const cli = path.resolve(__dirname, 'cli.ts');

/** Each site's admin registers the site's devices the ledger does not know yet (a second `up` registers none). */
export async function registerColdChainDevices(topology: Topology, config: ColdChainConfig): Promise<string[]> {
  const { registerDevices } = await import('./ingest/fabric-ledger');
  const devices = config.servers.flatMap((s) => s.devices);
  const registered: string[] = [];
  for (const site of new Set(devices.map((d) => d.site))) {
    const session = openSession(topology, site, adminUser);
    try {
      const ofSite = devices
        .filter((d) => d.site === site)
        .map((d) => ({ deviceId: d.id, kind: d.kind, ...(d.location === undefined ? {} : { location: d.location }) }));
      registered.push(...(await registerDevices(session, organisation(topology, site).mspId, ofSite)));
    } finally {
      session.close();
    }
  }
  return registered;
}

const processHealth = (name: string) => async () => {
  const pid = runningPid(name) ?? null;
  return { address: '-', pid, healthy: pid !== null };
};

/** The OPC UA device servers of cold-chain/devices.yaml; started once every server accepts connections. */
export const coldChainDevicesService: Service = {
  name: DEVICES,
  kind: 'cold-chain',
  async start({ topology, progress }) {
    const { provision } = await import('./provision');
    const config = loadColdChainConfig();
    const registered = await registerColdChainDevices(topology, config);
    if (registered.length > 0) progress(`cold chain: registered ${registered.join(', ')} on the ledger`);
    await provision(config);
    startUnlessRunning(typeScriptLaunch(DEVICES, cli, ['devices']));
    for (const server of config.servers) {
      await waitFor(
        `${DEVICES} to listen on ${server.host}:${server.port}`,
        () => accepting(server.host, server.port),
        60_000,
        `see ${logFile(DEVICES)}`,
      );
    }
    progress(
      `cold chain: ${config.servers.flatMap((s) => s.devices).length} devices on ${config.servers.map((s) => `opc.tcp://${s.host}:${s.port}`).join(', ')}`,
    );
  },
  stop: () => stop(DEVICES),
  health: processHealth(DEVICES),
};

/** Whether `org` runs a device of the cold chain's configuration, and so an ingest of its own. */
export function runsColdChainDevices(org: Organisation): boolean {
  return loadColdChainConfig().servers.some((server) => server.devices.some((d) => d.site === org.name));
}

/**
 * A site organisation's ingest: its devices' readings into its own database, Merkle roots and excursions onto the
 * ledger as its own device-gateway user. Start it after the devices.
 */
export function coldChainIngestService(org: Organisation): Service {
  const name = `cold-chain-ingest-${org.name.toLowerCase()}`;
  const launch = typeScriptLaunch(name, cli, ['ingest'], organisationEnvironment(org.name));
  return {
    name,
    kind: 'cold-chain',
    org: org.name,
    launch,
    async start({ progress }) {
      if (runningPid(name) !== undefined) return;
      startUnlessRunning(launch);
      // The ingest fails fast when it cannot reach PostgreSQL or a device server: give it that long to say so.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      if (runningPid(name) === undefined) throw new Error(`${name} exited at start; see ${logFile(name)}`);
      progress(`cold chain: ${org.name}'s ingest running`);
    },
    // Stopped before the device servers: it stores what it buffered.
    stop: () => stop(name),
    health: processHealth(name),
  };
}
