// The identity an organisation's indexer uses to read the channel: a member of that organisation with no chaincode
// role (its topology user with role `service`), so it can read blocks and nothing more, through its own first peer.
import { readFileSync } from 'node:fs';
import type { Network } from '@hyperledger/fabric-gateway';
import { address, firstPeer, organisation, orgCaCert, signingFiles, type Topology, userIdentityDir } from '@plasma/network';
import { connectAs, peerConnection } from '@plasma/platform';

/** The organisation's service user (the topology requires one of each organisation). */
export function serviceUser(topology: Topology, orgName: string): string {
  const org = organisation(topology, orgName);
  const user = org.users.find((u) => u.role === 'service');
  if (!user) throw new Error(`network/topology.yaml names no user with role 'service' for ${org.name}`);
  return user.name;
}

export interface ServiceChannel {
  readonly network: Network;
  /** e.g. "gateway@Regulator through peer0.regulator" */
  readonly description: string;
  close(): void;
}

/** The channel as `orgName`'s service identity sees it, through the organisation's first peer. */
export function openServiceChannel(topology: Topology, orgName: string): ServiceChannel {
  const org = organisation(topology, orgName);
  const user = serviceUser(topology, org.name);
  const peer = firstPeer(org);
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
