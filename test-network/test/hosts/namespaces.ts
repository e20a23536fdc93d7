// Linux network namespaces standing for the hosts of network/topology-hosts.yaml: one per organisation, each with its
// own address on a bridge, and every host name of the topology resolved to its address inside each namespace (`ip
// netns exec` mounts /etc/netns/<namespace>/hosts over /etc/hosts). This host keeps the bridge's first address, to
// reach the gateways as any client of the network would. Needs root, as CI has.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Organisation } from '@plasma/network';

const bridge = 'plasma-hosts';
const subnet = '10.77.0';
const etcNetns = '/etc/netns';

export interface Host {
  readonly org: string;
  /** Its network namespace, e.g. plasma-stationa. */
  readonly namespace: string;
  /** Its host name in the topology, which its TLS certificates carry. */
  readonly name: string;
  readonly address: string;
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Every organisation's one host (the topology gives each organisation's nodes and gateway one host name). */
export function hostsOf(organisations: readonly Organisation[]): Host[] {
  return organisations.map((org, index) => {
    const names = new Set([org.ca.host, ...org.peers.map((p) => p.host), ...org.orderers.map((o) => o.host), org.gateway.host]);
    if (names.size !== 1) throw new Error(`${org.name} has nodes on ${[...names].join(', ')}: the test gives each organisation one host`);
    const [name] = names;
    return { org: org.name, namespace: `plasma-${org.name.toLowerCase()}`, name: name!, address: `${subnet}.${11 + index}` };
  });
}

/** The namespace where the consortium is founded: every host's address on its loopback, as one machine standing for all. */
export const foundingNamespace = 'plasma-founding';

/**
 * The namespace's /etc/hosts, readable by everyone as /etc/hosts is: PostgreSQL runs as its own user, and the launcher's
 * umask (077) would leave the file to root alone, so that PostgreSQL could not resolve even localhost.
 */
function writeHostsFile(namespace: string, hosts: readonly Host[]): void {
  const dir = path.join(etcNetns, namespace);
  mkdirSync(dir, { recursive: true });
  chmodSync(etcNetns, 0o755);
  chmodSync(dir, 0o755);
  const lines = ['127.0.0.1 localhost', ...hosts.map((h) => `${h.address} ${h.name}`)];
  writeFileSync(path.join(dir, 'hosts'), `${lines.join('\n')}\n`);
  chmodSync(path.join(dir, 'hosts'), 0o644);
}

/** The bridge, each organisation's namespace on it, and the founding namespace; any left from an earlier run first removed. */
export function createHosts(hosts: readonly Host[]): void {
  removeHosts(hosts);
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  for (const host of hosts) {
    const outside = `pv-${host.org.toLowerCase()}`.slice(0, 15);
    ip('netns', 'add', host.namespace);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.namespace);
    ip('link', 'set', outside, 'master', bridge, 'up');
    ip('-n', host.namespace, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0');
    ip('-n', host.namespace, 'link', 'set', 'eth0', 'up');
    ip('-n', host.namespace, 'link', 'set', 'lo', 'up');
    writeHostsFile(host.namespace, hosts);
  }
  ip('netns', 'add', foundingNamespace);
  ip('-n', foundingNamespace, 'link', 'set', 'lo', 'up');
  for (const host of hosts) ip('-n', foundingNamespace, 'addr', 'add', `${host.address}/32`, 'dev', 'lo');
  writeHostsFile(foundingNamespace, hosts);
}

export function removeHosts(hosts: readonly Host[]): void {
  for (const namespace of [...hosts.map((h) => h.namespace), foundingNamespace]) {
    try {
      ip('netns', 'del', namespace);
    } catch {
      // not there
    }
    rmSync(path.join(etcNetns, namespace), { recursive: true, force: true });
  }
  try {
    ip('link', 'del', bridge);
  } catch {
    // not there
  }
}

/** The network namespace a process runs in, as an inode number comparable with a named namespace's. */
export const namespaceOfProcess = (pid: number): number => statSync(`/proc/${pid}/ns/net`).ino;
export const namespaceInode = (namespace: string): number => statSync(`/run/netns/${namespace}`).ino;
