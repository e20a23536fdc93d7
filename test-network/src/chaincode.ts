// Chaincode as a service: build the TypeScript chaincode, package a `ccaas` connection for each
// organisation's chaincode server, install, approve and commit it through the lifecycle, and run
// the servers. A changed chaincode is deployed under the next sequence; the ledger stays.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { create as createTar } from 'tar';
import {
  address,
  chaincodeDir,
  formerMembers,
  clientTlsRootCert,
  collectionsConfig,
  firstPeer,
  nodeIdentityDir,
  organisationCardFile,
  type Organisation,
  orgCaCert,
  receivedTlsCaCert,
  repoRoot,
  tlsFiles,
  tlsHandshake,
  type Topology,
} from '@plasma/network';
import {
  adminEnv,
  errorMessage,
  type Launch,
  logFile,
  ordererFlags,
  runFabricTool,
  runningPid,
  start,
  stop,
  waitFor,
} from '@plasma/platform';

const chaincodeSource = path.join(repoRoot, 'chaincode');
const deployedFile = path.join(chaincodeDir, 'deployed.json');
const collectionsFile = path.join(chaincodeDir, 'collections.json');

export interface Deployment {
  readonly label: string;
  readonly sequence: number;
  /** Package identifier per organisation: each runs its own chaincode server. */
  readonly packageIds: Readonly<Record<string, string>>;
  /** The endorsement policy committed with it: every founding member's at genesis, then the operating one. */
  readonly policy: string;
}

export function readDeployment(): Deployment | undefined {
  return existsSync(deployedFile) ? (JSON.parse(readFileSync(deployedFile, 'utf8')) as Deployment) : undefined;
}

export function buildChaincode(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(chaincodeSource, 'tsconfig.json')], {
    stdio: 'inherit',
  });
}

/** The label names the code it runs: the hash of the compiled chaincode and its dependencies. */
function codeLabel(topology: Topology): string {
  const digest = createHash('sha256');
  const add = (file: string): void => {
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) add(path.join(file, entry));
    } else {
      digest.update(path.relative(chaincodeSource, file)).update(readFileSync(file));
    }
  };
  add(path.join(chaincodeSource, 'dist'));
  add(path.join(chaincodeSource, 'package.json'));
  // The private data collections are part of the definition, and the connection is the package: a change of either
  // deploys a new sequence too.
  digest.update(JSON.stringify(collectionsConfig(topology, formerMembers())));
  digest.update(JSON.stringify(connectionSettings));
  return `${topology.chaincode.name}_${digest.digest('hex').slice(0, 12)}`;
}

/**
 * How a peer connects to its organisation's chaincode server: TLS both ways, the peer presenting its chaincode client
 * certificate (which the builder adds: the package holds no key).
 */
const connectionSettings = { dial_timeout: '10s', tls_required: true, client_auth_required: true } as const;

/** A ccaas package holds no code, only where the organisation's chaincode server listens. */
async function packageFor(org: Organisation, label: string): Promise<string> {
  const dir = path.join(chaincodeDir, label, org.name.toLowerCase());
  const packageFile = path.join(dir, `${label}.tar.gz`);
  if (existsSync(packageFile)) return packageFile;
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(dir, 'src', 'connection.json'),
    JSON.stringify(
      {
        address: address(org.chaincodeServer),
        ...connectionSettings,
        root_cert: readFileSync(orgCaCert(org.name), 'utf8'),
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
  const fixed = { gzip: true, portable: true, mtime: new Date(0) } as const;
  await createTar({ ...fixed, cwd: path.join(dir, 'src'), file: path.join(dir, 'code.tar.gz') }, ['connection.json']);
  await createTar({ ...fixed, cwd: dir, file: packageFile }, ['metadata.json', 'code.tar.gz']);
  return packageFile;
}

/** Extra environment of a chaincode server: a setting tried by bench/chaincode-settings.ts. */
type ServerEnv = Readonly<Record<string, string>>;

/** Runs the organisation's chaincode server; its card is the one `up` wrote (exchangeOrganisationCards, --org). */
export function startChaincodeServer(org: Organisation, packageId: string, env: ServerEnv = {}): void {
  start(chaincodeServerLaunch(org, packageId, env));
}

/** How the organisation's chaincode server runs its package (also what its systemd unit runs: units.ts). */
export function chaincodeServerLaunch(org: Organisation, packageId: string, env: ServerEnv = {}): Launch {
  const server = org.chaincodeServer;
  const tls = tlsFiles(nodeIdentityDir(org.name, server.name));
  return {
    name: server.name,
    command: process.execPath,
    cwd: chaincodeSource,
    // Warnings and errors only: the contract API logs every call at info. The card says which organisation this
    // server endorses for: it vouches for that organisation's registry entry at genesis.
    env: {
      CORE_CHAINCODE_LOGGING_LEVEL: process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'warning',
      PLASMA_ORGANISATION_CARD: organisationCardFile(org.name),
      ...env,
    },
    args: [
      require.resolve('fabric-shim/cli.js'),
      'server',
      '--chaincode-address',
      address(server),
      '--chaincode-id',
      packageId,
      '--chaincode-tls-cert-file',
      tls.cert,
      '--chaincode-tls-key-file',
      tls.key,
      // Only clients of the organisation's chaincode door: its own peers (client-tls.ts).
      '--chaincode-tls-client-cacert-file',
      clientTlsRootCert(org.name, 'chaincode'),
      '--module-path',
      chaincodeSource,
    ],
  };
}

/** The organisation's chaincode server, running its package of `deployment`, started when it is not running. */
export async function startOrganisationChaincodeServer(org: Organisation, deployment: Deployment, env: ServerEnv = {}): Promise<void> {
  const packageId = deployment.packageIds[org.name];
  if (!packageId) throw new Error(`no chaincode package recorded for ${org.name}; run 'npm run deploy'`);
  if (runningPid(org.chaincodeServer.name) === undefined) startChaincodeServer(org, packageId, env);
  await waitFor(
    `${org.chaincodeServer.name} to listen`,
    () => tlsHandshake(org.chaincodeServer),
    30_000,
    `see ${logFile(org.chaincodeServer.name)}`,
  );
}

export async function startChaincodeServers(topology: Topology, deployment: Deployment, env: ServerEnv = {}): Promise<void> {
  await Promise.all(topology.organisations.map((org) => startOrganisationChaincodeServer(org, deployment, env)));
}

interface Committed {
  sequence: number;
  version: string;
}

async function committedDefinition(topology: Topology): Promise<Committed | undefined> {
  const org = topology.organisations[0]!;
  try {
    const { stdout } = await runFabricTool(
      'peer',
      ['lifecycle', 'chaincode', 'querycommitted', '--channelID', topology.channel, '--name', topology.chaincode.name, '-O', 'json'],
      adminEnv(org),
    );
    return JSON.parse(stdout) as Committed;
  } catch (error) {
    if (/not defined|could not be found|does not exist/i.test((error as Error).message)) return undefined;
    throw error;
  }
}

/**
 * Deploys the built chaincode under `policy` unless the committed definition already runs this code with this
 * policy. Returns the deployment whose servers must run.
 */
export async function deployChaincode(topology: Topology, policy: string, force = false): Promise<Deployment> {
  const label = codeLabel(topology);
  const committed = await committedDefinition(topology);
  const recorded = readDeployment();
  if (!force && committed?.version === label && recorded?.label === label && recorded.policy === policy) return recorded;

  const sequence = (committed?.sequence ?? 0) + 1;
  const packageIds: Record<string, string> = {};
  for (const org of topology.organisations) {
    const packageFile = await packageFor(org, label);
    const { stdout } = await runFabricTool('peer', ['lifecycle', 'chaincode', 'calculatepackageid', packageFile], adminEnv(org));
    packageIds[org.name] = stdout.trim();
  }
  const deployment: Deployment = { label, sequence, packageIds, policy };

  // The servers must run the new code before the peers are told to use it (a new policy alone keeps them).
  if (recorded?.label !== label) {
    for (const org of topology.organisations) await stop(org.chaincodeServer.name);
  }
  await startChaincodeServers(topology, deployment);

  mkdirSync(chaincodeDir, { recursive: true });
  writeFileSync(collectionsFile, JSON.stringify(collectionsConfig(topology, formerMembers()), null, 2));
  await Promise.all(
    topology.organisations.map(async (org) => {
      const packageFile = await packageFor(org, label);
      for (const peer of org.peers) {
        const env = adminEnv(org, peer);
        const { stdout } = await runFabricTool('peer', ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'], env);
        const installed = (JSON.parse(stdout || '{}') as { installed_chaincodes?: { package_id: string }[] }).installed_chaincodes ?? [];
        if (!installed.some((c) => c.package_id === packageIds[org.name])) {
          await runFabricTool('peer', ['lifecycle', 'chaincode', 'install', packageFile], env);
        }
      }
      await runFabricTool(
        'peer',
        [
          'lifecycle',
          'chaincode',
          'approveformyorg',
          ...ordererFlags(topology),
          '--channelID',
          topology.channel,
          '--name',
          topology.chaincode.name,
          '--version',
          label,
          '--package-id',
          packageIds[org.name]!,
          '--sequence',
          String(sequence),
          '--signature-policy',
          policy,
          '--collections-config',
          collectionsFile,
        ],
        adminEnv(org),
      ).catch((error: unknown) => {
        // An earlier, interrupted deployment already approved exactly this definition.
        if (!/redefine uncommitted sequence \(\d+\) for namespace \S+ with unchanged content/.test(errorMessage(error))) throw error;
      });
    }),
  );

  const endorsers = topology.organisations.flatMap((org) => {
    const peer = firstPeer(org);
    return ['--peerAddresses', address(peer), '--tlsRootCertFiles', receivedTlsCaCert(org.name)];
  });
  const commit = () =>
    runFabricTool(
      'peer',
      [
        'lifecycle',
        'chaincode',
        'commit',
        ...ordererFlags(topology),
        ...endorsers,
        '--channelID',
        topology.channel,
        '--name',
        topology.chaincode.name,
        '--version',
        label,
        '--sequence',
        String(sequence),
        '--signature-policy',
        policy,
        '--collections-config',
        collectionsFile,
      ],
      adminEnv(topology.organisations[0]!),
    );
  // A peer that has not yet committed the last approval answers differently; give it a moment.
  await commit().catch(async () => {
    await new Promise((r) => setTimeout(r, 3000));
    await commit();
  });

  mkdirSync(chaincodeDir, { recursive: true });
  writeFileSync(deployedFile, JSON.stringify(deployment, null, 2));
  removeOldPackages(label);
  return deployment;
}

function removeOldPackages(current: string): void {
  for (const entry of readdirSync(chaincodeDir)) {
    if (entry !== current && statSync(path.join(chaincodeDir, entry)).isDirectory()) {
      rmSync(path.join(chaincodeDir, entry), { recursive: true, force: true });
    }
  }
}
