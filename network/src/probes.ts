// Probes of the network's nodes over their own TLS endpoints: a CA's info, the operations /healthz of peers
// and orderers, a TLS handshake with chaincode servers, and which orderer leads the Raft cluster. A CA's and an
// operations endpoint's answer also shows the node's clock (its Date header), measured against this host's.
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { clockOffsetFromDate, type ClockOffset } from './clock';
import { adminUser, caCertFile, orgCaCert, tlsFiles, userIdentityDir } from './layout';
import { orderers, type CaNode, type NetworkNode, type OrdererNode, type Topology } from './topology';

export interface ClientCertificate {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  /** The answer's Date header, when it has one. */
  readonly date: string | undefined;
  /** This host's clock (ms) when the request went out on its connection, and when the answer's head came back. */
  readonly sentAt: number;
  readonly receivedAt: number;
}

/**
 * GET over HTTPS (or plain HTTP for an `http:` URL), on a connection of its own: its request leaves as soon as
 * the connection is up, so the send time brackets the server's Date header closely (see clock.ts).
 */
export function httpsGet(url: string, ca?: Buffer, client?: ClientCertificate, timeoutMs = 3000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:');
    let sentAt = Date.now();
    const onAnswer = (res: IncomingMessage): void => {
      const receivedAt = Date.now();
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, date: res.headers.date, sentAt, receivedAt }));
    };
    const req: ClientRequest = secure
      ? httpsRequest(url, { ca, ...client, timeout: timeoutMs, agent: false }, onAnswer)
      : httpRequest(url, { timeout: timeoutMs, agent: false }, onAnswer);
    req.once('socket', (socket) =>
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        sentAt = Date.now();
      }),
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The offset of the clock that stamped this answer; undefined when it carries no (readable) Date header. */
export function answerClock(answer: HttpAnswer): ClockOffset | undefined {
  if (answer.date === undefined || Number.isNaN(Date.parse(answer.date))) return undefined;
  return clockOffsetFromDate(answer.date, answer.sentAt, answer.receivedAt);
}

/** A CA answers its info over its TLS API (its operations endpoint speaks plain HTTP, so it is not used). */
async function caAnswer(ca: CaNode): Promise<{ healthy: boolean; answer: HttpAnswer } | undefined> {
  const certFile = caCertFile(ca.org);
  if (!existsSync(certFile)) return undefined;
  const answer = await httpsGet(`https://${ca.host}:${ca.port}/cainfo`, readFileSync(certFile));
  return { healthy: answer.status === 200, answer };
}

export async function caHealthy(ca: CaNode): Promise<boolean> {
  return (await caAnswer(ca))?.healthy ?? false;
}

type OperationsNode = { host: string; operationsPort: number; org: string };

async function operationsAnswer(node: OperationsNode): Promise<{ healthy: boolean; answer: HttpAnswer }> {
  const answer = await httpsGet(`https://${node.host}:${node.operationsPort}/healthz`, readFileSync(orgCaCert(node.org)));
  return { healthy: answer.status === 200 && (JSON.parse(answer.body) as { status?: unknown }).status === 'OK', answer };
}

export async function operationsHealthy(node: OperationsNode): Promise<boolean> {
  return (await operationsAnswer(node)).healthy;
}

/** The orderer that currently leads the channel's Raft cluster, read from the orderers' metrics. */
export async function raftLeader(topology: Topology): Promise<OrdererNode | undefined> {
  for (const orderer of orderers(topology)) {
    const admin = tlsFiles(userIdentityDir(orderer.org, adminUser));
    const response = await httpsGet(`https://${orderer.host}:${orderer.operationsPort}/metrics`, readFileSync(orgCaCert(orderer.org)), {
      cert: readFileSync(admin.cert),
      key: readFileSync(admin.key),
    }).catch(() => undefined);
    const leading = new RegExp(`^consensus_etcdraft_is_leader\\{channel="${topology.channel}"\\} 1$`, 'm');
    if (response && leading.test(response.body)) return orderer;
  }
  return undefined;
}

export function tlsHandshake(node: { host: string; port: number; org: string }, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: node.host,
      port: node.port,
      ca: readFileSync(orgCaCert(node.org)),
      // The node's host name, which its certificate carries (identities.ts); an address is no server name (RFC 6066), and
      // a node known by address carries localhost too.
      servername: isIP(node.host) === 0 ? node.host : 'localhost',
      ALPNProtocols: ['h2'],
    });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(socket.authorized));
    socket.once('error', () => done(false));
  });
}

export interface NodeProbe {
  /** Whether the node answers as it should; false when it cannot be reached. */
  readonly healthy: boolean;
  /** Its clock against this host's; null when unknown (a chaincode server shows none, or no answer came). */
  readonly clock: ClockOffset | null;
  /** Why there is no answer, when there is none. */
  readonly failure?: string;
}

/** Probes a node's health and, where it shows one, its clock, in one request. */
export async function probeNode(node: NetworkNode): Promise<NodeProbe> {
  try {
    switch (node.kind) {
      case 'ca': {
        const answered = await caAnswer(node);
        if (!answered) return { healthy: false, clock: null, failure: `no CA certificate at ${caCertFile(node.org)} yet` };
        return { healthy: answered.healthy, clock: answerClock(answered.answer) ?? null };
      }
      case 'peer':
      case 'orderer': {
        const { healthy, answer } = await operationsAnswer(node);
        return { healthy, clock: answerClock(answer) ?? null };
      }
      case 'chaincode':
        return { healthy: await tlsHandshake(node), clock: null };
    }
  } catch (error) {
    return { healthy: false, clock: null, failure: (error as Error).message };
  }
}

/** Whether the node answers as it should; false when it cannot be reached. */
export async function probe(node: NetworkNode): Promise<boolean> {
  return (await probeNode(node)).healthy;
}
