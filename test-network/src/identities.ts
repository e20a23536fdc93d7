// Certificate authorities and identities: one Fabric CA per organisation issues every identity of it
// (nodes, admin, users, chaincode server) and every TLS certificate, with role attributes for users.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  adminUser,
  binary,
  caCertFile,
  caHealthy,
  caRegistrarDir,
  caSecretsFile,
  caServerHome,
  type IdentityDirs,
  nodeIdentityDir,
  type Organisation,
  orgMspDir,
  tlsFiles,
  userIdentityDir,
  writeMsp,
} from '@plasma/network';
import { errorMessage, type Launch, logFile, runFabricTool, start, waitFor } from '@plasma/platform';
import { issueClientTlsCertificates } from './client-tls';

const registrar = 'registrar';
const caName = (org: Organisation): string => `ca-${org.name.toLowerCase()}`;
const hostsOf = (host: string): string => [...new Set(['localhost', '127.0.0.1', host])].join(',');

/** Enrolment secrets live only on this host, readable by its owner. */
function secret(org: Organisation, name: string): string {
  const file = caSecretsFile(org.name);
  const secrets = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(18).toString('base64url');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

/** What the CA is made with and runs with: its home, name, certificate's subject and host names, TLS. */
function caSettings(org: Organisation): string[] {
  return [
    '--home',
    caServerHome(org.name),
    '--ca.name',
    caName(org),
    '--csr.cn',
    `${caName(org)}.plasma`,
    '--csr.hosts',
    hostsOf(org.ca.host),
    '--tls.enabled',
  ];
}

/** How the CA runs once it is made (also what its systemd unit runs: units.ts); no secret is part of it. */
export function caLaunch(org: Organisation): Launch {
  const ca = org.ca;
  return {
    name: ca.name,
    command: binary('fabric-ca-server'),
    args: [
      'start',
      ...caSettings(org),
      '--address',
      ca.host,
      '--port',
      String(ca.port),
      '--operations.listenaddress',
      `${ca.host}:${ca.operationsPort}`,
    ],
  };
}

export async function startCa(org: Organisation): Promise<void> {
  const home = caServerHome(org.name);
  if (!existsSync(path.join(home, 'fabric-ca-server-config.yaml'))) {
    // The registrar's password reaches the CA once, when it is made: in the environment, which only this host's owner
    // can read (never on a command line, which anyone can), and into its configuration file, private like all of it.
    // The CA prints the password among its settings, so what `init` prints is kept only without it.
    const password = secret(org, registrar);
    mkdirSync(home, { recursive: true });
    await runFabricTool('fabric-ca-server', ['init', ...caSettings(org)], { FABRIC_CA_SERVER_BOOT: `${registrar}:${password}` }).catch(
      (error: unknown) => {
        throw new Error(errorMessage(error).replaceAll(password, '<registrar password>'));
      },
    );
  }
  start(caLaunch(org));
}

export async function waitForCa(org: Organisation): Promise<void> {
  await waitFor(`${org.ca.name} to answer`, () => caHealthy(org.ca), 60_000, `see ${logFile(org.ca.name)}`);
}

type IdentityType = 'peer' | 'orderer' | 'client' | 'admin';

interface IdentitySpec {
  readonly name: string;
  readonly type: IdentityType;
  readonly dirs: IdentityDirs;
  readonly attrs?: string;
  /** TLS hosts when the identity also needs a TLS certificate (servers, and admins for mutual TLS). */
  readonly tlsHost?: string;
  /** Chaincode servers need only a TLS certificate. */
  readonly tlsOnly?: boolean;
}

function identitiesOf(org: Organisation): IdentitySpec[] {
  return [
    // The organisation's admin may also register users of its organisation (with their role and printed name), revoke
    // their certificates and issue the CA's revocation list (the gateway does so). Its TLS client
    // certificate comes from the organisation's admin client TLS root (client-tls.ts), not from this CA.
    {
      name: adminUser,
      type: 'admin',
      dirs: userIdentityDir(org.name, adminUser),
      attrs: 'role=admin:ecert,hf.Registrar.Roles=client,"hf.Registrar.Attributes=role,name",hf.Revoker=true,hf.GenCRL=true',
    },
    ...org.peers.map((p): IdentitySpec => ({ name: p.name, type: 'peer', dirs: nodeIdentityDir(org.name, p.name), tlsHost: p.host })),
    ...org.orderers.map((o): IdentitySpec => ({ name: o.name, type: 'orderer', dirs: nodeIdentityDir(org.name, o.name), tlsHost: o.host })),
    {
      name: org.chaincodeServer.name,
      type: 'client',
      dirs: nodeIdentityDir(org.name, org.chaincodeServer.name),
      tlsHost: org.chaincodeServer.host,
      tlsOnly: true,
    },
    ...org.users.map((u): IdentitySpec => ({
      name: u.name,
      type: 'client',
      dirs: userIdentityDir(org.name, u.name),
      attrs: `role=${u.role}:ecert`,
    })),
  ];
}

/** Registers and enrols every identity of the organisation that has not been enrolled yet. */
export async function enrolOrganisation(org: Organisation): Promise<void> {
  const caCert = readFileSync(caCertFile(org.name), 'utf8');
  writeMsp(orgMspDir(org.name), caCert);

  const url = `https://${org.ca.host}:${org.ca.port}`;
  const common = ['--caname', caName(org), '--tls.certfiles', caCertFile(org.name)];
  const registrarDirs = caRegistrarDir(org.name);
  const enrolment = (name: string): Credentials => ({ url: `https://${name}:${secret(org, name)}@${url.slice(8)}` });
  if (!existsSync(path.join(registrarDirs.msp, 'signcerts'))) await enrol(enrolment(registrar), common, registrarDirs.msp);

  for (const id of identitiesOf(org)) {
    const done = id.tlsOnly ? existsSync(tlsFiles(id.dirs).cert) : existsSync(path.join(id.dirs.msp, 'config.yaml'));
    if (done) continue;
    await runFabricTool(
      'fabric-ca-client',
      [
        'register',
        '-u',
        url,
        ...common,
        '--mspdir',
        registrarDirs.msp,
        '--id.name',
        id.name,
        '--id.type',
        id.type,
        ...(id.attrs ? ['--id.attrs', id.attrs] : []),
      ],
      { FABRIC_CA_CLIENT_HOME: registrarDirs.dir, ...caClientSecrets({ secret: secret(org, id.name) }) },
    ).catch((error: unknown) => {
      if (!/already registered/i.test(errorMessage(error))) throw error;
    });
    if (!id.tlsOnly) {
      await enrol(enrolment(id.name), common, id.dirs.msp);
      tidyMsp(id.dirs.msp, caCert);
    }
    if (id.tlsHost) await enrolTls(enrolment(id.name), common, id.dirs, id.tlsHost);
  }
  await issueClientTlsCertificates(org);
}

/** What fabric-ca-client is told in secret: an enrolment URL with the identity's password, or a new identity's. */
interface Credentials {
  readonly url?: string;
  readonly secret?: string;
}

/**
 * fabric-ca-client reads every flag from FABRIC_CA_CLIENT_<FLAG> as well: passwords go there, where only this host's
 * owner can read them (/proc/<pid>/environ), never on its command line, where anyone can.
 */
const caClientSecrets = ({ url, secret }: Credentials): Record<string, string> => ({
  ...(url === undefined ? {} : { FABRIC_CA_CLIENT_URL: url }),
  ...(secret === undefined ? {} : { FABRIC_CA_CLIENT_ID_SECRET: secret }),
});

function enrol(credentials: Credentials, common: string[], mspDir: string, extra: string[] = []): Promise<unknown> {
  mkdirSync(mspDir, { recursive: true });
  return runFabricTool('fabric-ca-client', ['enroll', ...common, '--mspdir', mspDir, ...extra], {
    FABRIC_CA_CLIENT_HOME: path.dirname(mspDir),
    ...caClientSecrets(credentials),
  });
}

/** One CA certificate under a fixed name, and the node OU rules beside it. */
function tidyMsp(mspDir: string, caCert: string): void {
  rmSync(path.join(mspDir, 'cacerts'), { recursive: true, force: true });
  rmSync(path.join(mspDir, 'IssuerPublicKey'), { force: true });
  rmSync(path.join(mspDir, 'IssuerRevocationPublicKey'), { force: true });
  writeMsp(mspDir, caCert);
}

async function enrolTls(credentials: Credentials, common: string[], dirs: IdentityDirs, host: string): Promise<void> {
  const scratch = path.join(dirs.dir, 'tls-enrolment');
  await enrol(credentials, common, scratch, ['--enrollment.profile', 'tls', '--csr.hosts', hostsOf(host)]);
  const files = tlsFiles(dirs);
  mkdirSync(dirs.tls, { recursive: true });
  const only = (folder: string): string => {
    const [file] = readdirSync(path.join(scratch, folder));
    if (!file) throw new Error(`TLS enrolment left no file in ${path.join(scratch, folder)}`);
    return path.join(scratch, folder, file);
  };
  copyFileSync(only('signcerts'), files.cert);
  copyFileSync(only('keystore'), files.key);
  copyFileSync(only('tlscacerts'), files.ca);
  rmSync(scratch, { recursive: true, force: true });
}
