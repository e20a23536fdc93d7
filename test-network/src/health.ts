// Health of every node of this host: a live process, and the node's own answer (see network's probes), with its
// clock against this host's (from the same answer). A node whose clock is beyond the tolerance is not healthy:
// endorsing peers refuse proposals stamped too far from their own clock, and ledger time is only as good as theirs.
import { allNodes, beyondTolerance, clockToleranceMs, describeOffset, probeNode, type NetworkNode, type Topology } from '@plasma/network';
import { databaseUrl, gatewayHealthy } from '@plasma/gateway-api';
import { canConnect, databaseNodeName } from './database';
import { DEVICES_PROCESS, INGEST_PROCESS } from '@plasma/cold-chain/src/process-names';
import { runningPid } from './processes';
import { gatewayNodeName, indexerNodeName } from './services';

export interface NodeStatus {
  readonly name: string;
  readonly kind: NetworkNode['kind'] | 'database' | 'indexer' | 'gateway' | 'cold-chain';
  readonly org: string;
  readonly address: string;
  readonly pid: number | null;
  readonly healthy: boolean;
  readonly detail: string;
  /**
   * The node's clock minus this host's in ms (± half a second: its Date header names whole seconds); null when
   * unknown: not running, not answering, or a process that shows no clock (chaincode servers, off-chain services).
   */
  readonly clockOffsetMs: number | null;
}

function nodeStatus(node: Pick<NodeStatus, 'name' | 'kind' | 'org' | 'address'>, pid: number | null, healthy: boolean): NodeStatus {
  const detail = pid === null ? 'not running' : healthy ? 'ok' : 'running but not answering';
  return { ...node, pid, healthy, detail, clockOffsetMs: null };
}

async function fabricNodeStatus(node: NetworkNode, toleranceMs: number): Promise<NodeStatus> {
  const pid = runningPid(node.name) ?? null;
  const probed = pid === null ? undefined : await probeNode(node);
  const status = nodeStatus({ name: node.name, kind: node.kind, org: node.org, address: `${node.host}:${node.port}` }, pid, probed?.healthy ?? false);
  const clockOffsetMs = probed?.clock?.offsetMs ?? null;
  if (clockOffsetMs === null || !beyondTolerance(clockOffsetMs, toleranceMs)) return { ...status, clockOffsetMs };
  return {
    ...status, clockOffsetMs, healthy: false,
    detail: `clock ${describeOffset(clockOffsetMs)} this host's, beyond the tolerance of ${toleranceMs / 60_000} min`,
  };
}

export async function networkStatus(topology: Topology): Promise<NodeStatus[]> {
  const toleranceMs = clockToleranceMs();
  const nodes = allNodes(topology).map((node) => fabricNodeStatus(node, toleranceMs));
  const coldChain = [DEVICES_PROCESS, INGEST_PROCESS].map((name) => {
    const pid = runningPid(name) ?? null;
    return nodeStatus({ name, kind: 'cold-chain', org: 'shared', address: '-' }, pid, pid !== null);
  });
  return Promise.all([...nodes, databaseStatus(topology), indexerStatus(), gatewayStatus(topology), ...coldChain]);
}

async function gatewayStatus(topology: Topology): Promise<NodeStatus> {
  const { host, port } = topology.services.gateway;
  const pid = runningPid(gatewayNodeName) ?? null;
  const healthy = pid !== null && await gatewayHealthy(topology);
  return nodeStatus({ name: gatewayNodeName, kind: 'gateway', org: 'shared', address: `http://${host}:${port}/graphql` }, pid, healthy);
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
