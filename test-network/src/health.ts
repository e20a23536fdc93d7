// Health of every node of this host: a live process, and the node's own answer (see network's probes), with its
// clock against this host's (from the same answer). A node whose clock is beyond the tolerance is not healthy:
// endorsing peers refuse proposals stamped too far from their own clock, and ledger time is only as good as theirs.
import {
  allNodes,
  beyondTolerance,
  clockToleranceMs,
  describeOffset,
  type NetworkNode,
  nodesOf,
  type Organisation,
  probeNode,
  type Topology,
} from '@plasma/network';
import { runningPid, type Service, type ServiceKind } from '@plasma/platform';
import { allServices } from './services';

export interface NodeStatus {
  readonly name: string;
  readonly kind: NetworkNode['kind'] | ServiceKind;
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
  const status = nodeStatus(
    { name: node.name, kind: node.kind, org: node.org, address: `${node.host}:${node.port}` },
    pid,
    probed?.healthy ?? false,
  );
  const clockOffsetMs = probed?.clock?.offsetMs ?? null;
  if (clockOffsetMs === null || !beyondTolerance(clockOffsetMs, toleranceMs)) return { ...status, clockOffsetMs };
  return {
    ...status,
    clockOffsetMs,
    healthy: false,
    detail: `clock ${describeOffset(clockOffsetMs)} this host's, beyond the tolerance of ${toleranceMs / 60_000} min`,
  };
}

/** Every node and service of this host, or with `org` only that organisation's nodes and services. */
export async function networkStatus(topology: Topology, org?: Organisation): Promise<NodeStatus[]> {
  const toleranceMs = clockToleranceMs();
  const nodes = (org ? nodesOf(org) : allNodes(topology)).map((node) => fabricNodeStatus(node, toleranceMs));
  const services = allServices(topology, org).map((service) => serviceStatus(service, topology));
  return Promise.all([...nodes, ...services]);
}

/** An off-chain service as its descriptor judges itself; it shows no clock. */
async function serviceStatus(service: Service, topology: Topology): Promise<NodeStatus> {
  const { address, pid, healthy } = await service.health(topology);
  return nodeStatus({ name: service.name, kind: service.kind, org: service.org ?? 'host', address }, pid, healthy);
}
