// One gRPC connection per peer, opened when first needed and shared by every person who goes through
// that peer; a person uses a peer of their own organisation.
import { readFileSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import { address, organisation, orgCaCert, type Topology } from '@plasma/network';
import { peerConnection } from '@plasma/platform';

export interface PeerPool {
  /** The connection to the first peer of the organisation. */
  connectionFor(org: string): grpc.Client;
  close(): void;
}

export function peerPool(topology: Topology): PeerPool {
  const connections = new Map<string, grpc.Client>();
  return {
    connectionFor(orgName) {
      const org = organisation(topology, orgName);
      const [peer] = org.peers;
      if (!peer) throw new Error(`${org.name} has no peer`);
      let connection = connections.get(peer.name);
      if (!connection) {
        connection = peerConnection({ address: address(peer), tlsRootCert: readFileSync(orgCaCert(peer.org)) });
        connections.set(peer.name, connection);
      }
      return connection;
    },
    close() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}
