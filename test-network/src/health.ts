// Health of every node: the CA's info endpoint, the operations /healthz of peers and orderers, a TLS
// handshake with the chaincode servers, and for all of them a live process.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { existsSync } from 'node:fs';
import {
  adminUser, allNodes, caCertFile, orderers, orgCaCert, tlsFiles, userIdentityDir,
  type CaNode, type NetworkNode, type OrdererNode, type Topology,
} from '@plasma/network';
import { databaseUrl } from '@plasma/gateway-api';
import { canConnect, databaseNodeName } from './database';
import { runningPid } from './processes';
import { indexerNodeName } from './services';

export interface NodeStatus {
  readonly name: string;
  readonly kind: NetworkNode['kind'] | 'database' | 'indexer';
  readonly org: string;
  readonly address: string;
  readonly pid: number | null;
  readonly healthy: boolean;
  readonly detail: string;
}

export interface ClientCertificate { readonly cert: Buffer; readonly key: Buffer }

export function httpsGet(url: string, ca: Buffer, client?: ClientCertificate, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, ...client, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function caHealthy(ca: CaNode): Promise<boolean> {
  const certFile = caCertFile(ca.org);
  if (!existsSync(certFile)) return false;
  const response = await httpsGet(`https://${ca.host}:${ca.port}/cainfo`, readFileSync(certFile));
  return response.status === 200;
}

export async function operationsHealthy(node: { host: string; operationsPort: number; org: string }): Promise<boolean> {
  const response = await httpsGet(`https://${node.host}:${node.operationsPort}/healthz`, readFileSync(orgCaCert(node.org)));
  return response.status === 200 && JSON.parse(response.body).status === 'OK';
}

/** The orderer that currently leads the channel's Raft cluster, read from the orderers' metrics. */
export async function raftLeader(topology: Topology): Promise<OrdererNode | undefined> {
  for (const orderer of orderers(topology)) {
    const admin = tlsFiles(userIdentityDir(orderer.org, adminUser));
    const response = await httpsGet(`https://${orderer.host}:${orderer.operationsPort}/metrics`, readFileSync(orgCaCert(orderer.org)),
      { cert: readFileSync(admin.cert), key: readFileSync(admin.key) }).catch(() => undefined);
    const leading = new RegExp(`^consensus_etcdraft_is_leader\\{channel="${topology.channel}"\\} 1$`, 'm');
    if (response && leading.test(response.body)) return orderer;
  }
  return undefined;
}

export function tlsHandshake(node: { host: string; port: number; org: string }, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: node.host, port: node.port, ca: readFileSync(orgCaCert(node.org)), servername: 'localhost', ALPNProtocols: ['h2'] });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(socket.authorized));
    socket.once('error', () => done(false));
  });
}

async function probe(node: NetworkNode): Promise<boolean> {
  switch (node.kind) {
    case 'ca': return caHealthy(node);
    case 'peer':
    case 'orderer': return operationsHealthy(node);
    case 'chaincode': return tlsHandshake(node);
  }
}

function nodeStatus(node: Pick<NodeStatus, 'name' | 'kind' | 'org' | 'address'>, pid: number | null, healthy: boolean): NodeStatus {
  const detail = pid === null ? 'not running' : healthy ? 'ok' : 'running but not answering';
  return { ...node, pid, healthy, detail };
}

export async function networkStatus(topology: Topology): Promise<NodeStatus[]> {
  const nodes = allNodes(topology).map(async (node) => {
    const pid = runningPid(node.name) ?? null;
    const healthy = pid !== null && await probe(node).catch(() => false);
    return nodeStatus({ name: node.name, kind: node.kind, org: node.org, address: `${node.host}:${node.port}` }, pid, healthy);
  });
  return Promise.all([...nodes, databaseStatus(topology), indexerStatus()]);
}

/** The indexer is healthy while it runs; how far it has come is the checkpoint in PostgreSQL. */
async function indexerStatus(): Promise<NodeStatus> {
  const pid = runningPid(indexerNodeName) ?? null;
  return nodeStatus({ name: indexerNodeName, kind: 'indexer', org: 'shared', address: '-' }, pid, pid !== null);
}

/** The project's own PostgreSQL; with DATABASE_URL the database is someone else's and not listed. */
async function databaseStatus(topology: Topology): Promise<NodeStatus> {
  const { host, port } = topology.services.database;
  const pid = runningPid(databaseNodeName) ?? null;
  const healthy = pid !== null && await canConnect(databaseUrl()).catch(() => false);
  return nodeStatus({ name: databaseNodeName, kind: 'database', org: 'shared', address: `${host}:${port}` }, pid, healthy);
}
