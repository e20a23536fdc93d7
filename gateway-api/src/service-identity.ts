// The identity the gateway's own services (indexer, subscriptions) use to read the channel: a member of
// the organisation that hosts the gateway, with no chaincode role, so it can read blocks and nothing more.
import { readFileSync } from 'node:fs';
import type { Network } from '@hyperledger/fabric-gateway';
import { address, organisation, orgCaCert, signingFiles, type Topology, userIdentityDir } from '@plasma/network';
import { connectAs, peerConnection } from '@plasma/platform';

export function serviceIdentity(topology: Topology): { org: string; user: string } {
  const host = topology.organisations.find((o) => o.users.some((u) => u.role === 'service'));
  const user = host?.users.find((u) => u.role === 'service');
  if (!host || !user) throw new Error("network/topology.yaml names no user with role 'service' for the gateway's own services");
  return { org: host.name, user: user.name };
}

export interface ServiceChannel {
  readonly network: Network;
  /** e.g. "gateway@Regulator through peer0.regulator" */
  readonly description: string;
  close(): void;
}

/** The channel as the service identity sees it, through the first peer of its organisation. */
export function openServiceChannel(topology: Topology): ServiceChannel {
  const { org: orgName, user } = serviceIdentity(topology);
  const org = organisation(topology, orgName);
  const peer = org.peers[0]!;
  const files = signingFiles(userIdentityDir(org.name, user));
  const client = peerConnection({ address: address(peer), tlsRootCert: readFileSync(orgCaCert(org.name)) });
  const gateway = connectAs(client, { mspId: org.mspId, certificate: readFileSync(files.cert), privateKey: readFileSync(files.key) });
  return {
    network: gateway.getNetwork(topology.channel),
    description: `${user}@${org.name} through ${peer.name}`,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
