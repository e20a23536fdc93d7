// The identity the gateway's own services (indexer, subscriptions) use to read the channel: a member of
// the organisation that hosts the gateway, with no chaincode role, so it can read blocks and nothing more.
import type { Topology } from '@plasma/network';

export function serviceIdentity(topology: Topology): { org: string; user: string } {
  const host = topology.organisations.find((o) => o.users.some((u) => u.role === 'service'));
  const user = host?.users.find((u) => u.role === 'service');
  if (!host || !user) throw new Error("network/topology.yaml names no user with role 'service' for the gateway's own services");
  return { org: host.name, user: user.name };
}
