// What an organisation's part keeps to itself on its host: no password on a command line or in a log, every key,
// secret, CA database and ledger private to the host's owner, the orderers' admin API and the operations endpoints
// open to the organisation's admins only, and each chaincode server open to its own organisation's peers only.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { connect as connectHttp2 } from 'node:http2';
import path from 'node:path';
import { expect } from 'chai';
import {
  adminUser,
  allNodes,
  caSecretsFile,
  chaincodeClientTlsFiles,
  type ClientCertificate,
  dataHome,
  databaseHome,
  databaseSecretFile,
  dataRoot,
  httpsGet,
  logsDir,
  loadTopology,
  nodeIdentityDir,
  organisation,
  orgCaCert,
  runDir,
  signingFiles,
  tlsFiles,
  userIdentityDir,
} from '@plasma/network';
import { type EmbeddedDatabaseSecret, readOrganisationSecret } from '@plasma/platform';

const topology = loadTopology();

/** Every password the launcher made: the CAs' registrars' and identities' enrolment secrets, and the database's. */
function secrets(): string[] {
  const enrolment = topology.organisations.flatMap((org) =>
    Object.values(JSON.parse(readFileSync(caSecretsFile(org.name), 'utf8')) as Record<string, string>),
  );
  const { url } = JSON.parse(readFileSync(databaseSecretFile, 'utf8')) as EmbeddedDatabaseSecret;
  const organisations = topology.organisations.map((org) => readOrganisationSecret(org.name)!);
  const urls = [url, ...organisations.flatMap((org) => Object.values(org.roles))];
  const database = [...new Set(urls.map((each) => decodeURIComponent(new URL(each).password)))];
  const all = [...enrolment, ...database];
  expect(database).to.have.length(1 + 3 * topology.organisations.length); // the superuser, and each organisation's three roles
  expect(all.every((secret) => secret.length >= 16)).to.equal(true);
  return all;
}

function walk(dir: string, visit: (file: string, isDirectory: boolean) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    visit(file, entry.isDirectory());
    if (entry.isDirectory()) walk(file, visit);
  }
}

const mode = (file: string): string => (lstatSync(file).mode & 0o777).toString(8);

/** The certificate and key of an enrolled identity, as a TLS client would present them. */
const enrolmentCertificate = (org: string, user: string): ClientCertificate => {
  const files = signingFiles(userIdentityDir(org, user));
  return { cert: readFileSync(files.cert), key: readFileSync(files.key) };
};
const tlsCertificate = (files: { cert: string; key: string }): ClientCertificate => ({
  cert: readFileSync(files.cert),
  key: readFileSync(files.key),
});
const adminTls = (org: string): ClientCertificate => tlsCertificate(tlsFiles(userIdentityDir(org, adminUser)));
const peerTls = (org: string, peer: string): ClientCertificate => tlsCertificate(tlsFiles(nodeIdentityDir(org, peer)));

/** The status of a GET, or the error that ended the connection before any answer (a refused client certificate). */
async function statusOf(url: string, org: string, client?: ClientCertificate): Promise<number | string> {
  try {
    return (await httpsGet(url, readFileSync(orgCaCert(org)), client)).status;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether a chaincode server answers an HTTP/2 request from this client at all (any gRPC answer counts). */
function chaincodeServerAnswers(org: string, client?: ClientCertificate): Promise<boolean> {
  const server = organisation(topology, org).chaincodeServer;
  return new Promise((resolve) => {
    const session = connectHttp2(`https://${server.host}:${server.port}`, {
      ca: readFileSync(orgCaCert(org)),
      servername: 'localhost',
      ...client,
    });
    const done = (answered: boolean): void => {
      session.destroy();
      resolve(answered);
    };
    session.on('error', () => done(false));
    session.on('close', () => done(false));
    session.setTimeout(5000, () => done(false));
    const request = session.request({ ':method': 'POST', ':path': '/protos.Chaincode/Connect', 'content-type': 'application/grpc' });
    request.on('response', () => done(true));
    request.on('error', () => done(false));
    request.end();
  });
}

describe('secrets and the doors of each organisation', function () {
  it('puts no password on any command line of this host, in any log, or in a log others can read', function () {
    const all = secrets();
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let commandLine: string;
      try {
        commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      for (const secret of all) expect(commandLine.includes(secret), `process ${pid}: ${commandLine.replace(/\0/g, ' ')}`).to.equal(false);
    }
    // Every node and service started, on a secret of its own, writes its log here.
    const started = readdirSync(runDir).filter((file) => file.endsWith('.pid'));
    expect(started.length).to.be.greaterThan(20);
    const logs = readdirSync(logsDir);
    expect(logs.length).to.be.at.least(started.length);
    for (const log of logs) {
      const file = path.join(logsDir, log);
      expect(mode(file), file).to.equal('640');
      const content = readFileSync(file, 'utf8');
      for (const secret of all) expect(content.includes(secret), `${file} holds a password`).to.equal(false);
    }
  });

  it('keeps every key, secret, CA database and ledger readable by the host owner only, in folders only it can open', function () {
    // Only the way in is open: the database's own user passes through to its cluster, a log reader to the logs.
    const passages: Record<string, string> = { [dataHome]: '711', [dataRoot]: '711', [databaseHome]: '711', [logsDir]: '750' };
    for (const [dir, expected] of Object.entries(passages)) expect(mode(dir), dir).to.equal(expected);
    let keys = 0;
    walk(dataHome, (file, isDirectory) => {
      if (file in passages || path.dirname(file) === logsDir) return;
      if (isDirectory) expect(mode(file), file).to.equal('700');
      else expect(lstatSync(file).mode & 0o077, `${file} is ${mode(file)}`).to.equal(0);
      if (/(_sk|\.key|ca-secrets\.json|fabric-ca-server\.db)$/.test(file)) keys += 1;
    });
    // The walk saw what it is about: each organisation's CA database and secrets, and the keys of its identities.
    expect(keys).to.be.greaterThan(4 * topology.organisations.length);
  });

  it("opens an orderer's admin API to its organisation's admins only, not to a collector's or a peer's certificate", async function () {
    for (const orderer of allNodes(topology).filter((node) => node.kind === 'orderer')) {
      const org = organisation(topology, orderer.org);
      const url = `https://${orderer.host}:${orderer.adminPort}/participation/v1/channels`;
      expect(await statusOf(url, org.name, adminTls(org.name)), url).to.equal(200);
      const user = org.users[0]!.name;
      expect(await statusOf(url, org.name, enrolmentCertificate(org.name, user)), `${user} of ${org.name}`).to.be.a('string');
      expect(await statusOf(url, org.name, peerTls(org.name, org.peers[0]!.name))).to.be.a('string');
      expect(await statusOf(url, org.name)).to.be.a('string');
    }
  });

  it("opens a node's metrics to its organisation's admins only", async function () {
    for (const org of topology.organisations) {
      const peer = org.peers[0]!;
      const url = `https://${peer.host}:${peer.operationsPort}/metrics`;
      expect(await statusOf(url, org.name, adminTls(org.name)), url).to.equal(200);
      expect(await statusOf(url, org.name, enrolmentCertificate(org.name, org.users[0]!.name)), url).to.not.equal(200);
      expect(await statusOf(url, org.name), url).to.not.equal(200);
    }
  });

  it("lets only its own organisation's peers talk to its chaincode server, not another's, nor a collector's certificate", async function () {
    const stationA = organisation(topology, 'StationA').peers[0]!.name;
    const factory = organisation(topology, 'Factory').peers[0]!.name;
    const chaincodeClient = (org: string, peer: string): ClientCertificate => tlsCertificate(chaincodeClientTlsFiles(org, peer));
    expect(await chaincodeServerAnswers('StationA', chaincodeClient('StationA', stationA))).to.equal(true);
    expect(await chaincodeServerAnswers('StationA')).to.equal(false);
    expect(await chaincodeServerAnswers('StationA', chaincodeClient('Factory', factory))).to.equal(false);
    expect(await chaincodeServerAnswers('StationA', peerTls('StationA', stationA))).to.equal(false);
    expect(await chaincodeServerAnswers('StationA', enrolmentCertificate('StationA', 'collector1'))).to.equal(false);
  });
});
