// Probes of the network's nodes over their own TLS endpoints: a CA's info, the operations /healthz of peers
// and orderers, a TLS handshake with chaincode servers, and which orderer leads the Raft cluster.
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { adminUser, caCertFile, orgCaCert, tlsFiles, userIdentityDir } from './layout';
import { orderers, type CaNode, type NetworkNode, type OrdererNode, type Topology } from './topology';

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

/** Whether the node answers as it should; false when it cannot be reached. */
export async function probe(node: NetworkNode): Promise<boolean> {
  try {
    switch (node.kind) {
      case 'ca': return await caHealthy(node);
      case 'peer':
      case 'orderer': return await operationsHealthy(node);
      case 'chaincode': return await tlsHandshake(node);
    }
  } catch {
    return false;
  }
}
