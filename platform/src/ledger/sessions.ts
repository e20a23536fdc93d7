// Ledger sessions of the people enrolled on this host (their identity files under .data/network/orgs) through a
// peer of their organisation: for the cold chain's device gateways and site admins, the tests and the benchmarks.
import { readFileSync } from 'node:fs';
import type { Contract, Gateway } from '@hyperledger/fabric-gateway';
import { address, firstPeer, organisation, orgCaCert, type PeerNode, signingFiles, type Topology, userIdentityDir } from '@plasma/network';
import { connectAs, peerConnection, type PersonIdentity } from './connection';

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
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
