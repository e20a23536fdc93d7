// Ledger clients for the people enrolled on this host: their identity files and the peer they use.
import { readFileSync } from 'node:fs';
import { connectAs, peerConnection, type PersonIdentity } from '@plasma/gateway-api';
import type { Contract, Gateway } from '@hyperledger/fabric-gateway';
import { address, organisation, orgCaCert, signingFiles, userIdentityDir, type PeerNode, type Topology } from '@plasma/network';
import { firstPeer } from './nodes';

export function person(topology: Topology, orgName: string, user: string): PersonIdentity {
  const org = organisation(topology, orgName);
  const files = signingFiles(userIdentityDir(org.name, user));
  return { mspId: org.mspId, certificate: readFileSync(files.cert), privateKey: readFileSync(files.key) };
}

export interface LedgerSession {
  readonly gateway: Gateway;
  contract(name: string): Contract;
  close(): void;
}

/** Connects as `user` of `orgName` through that organisation's peer (or the one given). */
export function openSession(topology: Topology, orgName: string, user: string, peer?: PeerNode): LedgerSession {
  const org = organisation(topology, orgName);
  const via = peer ?? firstPeer(org);
  const client = peerConnection({ address: address(via), tlsRootCert: readFileSync(orgCaCert(via.org)) });
  const gateway = connectAs(client, person(topology, orgName, user));
  const network = gateway.getNetwork(topology.channel);
  return {
    gateway,
    contract: (name) => network.getContract(topology.chaincode.name, name),
    close: () => { gateway.close(); client.close(); },
  };
}
