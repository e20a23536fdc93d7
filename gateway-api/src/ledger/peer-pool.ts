// The connection to the gateway's organisation's first peer, opened when first needed and shared by every person who
// goes through it: a gateway holds its own organisation's people only, and they go through their own peer.
import { readFileSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import { address, firstPeer, type Organisation, orgCaCert } from '@plasma/network';
import { peerConnection } from '@plasma/platform';

export interface PeerPool {
  /** The connection to the first peer of the organisation. */
  connectionFor(org: string): grpc.Client;
  close(): void;
}

export function peerPool(org: Organisation): PeerPool {
  let connection: grpc.Client | undefined;
  return {
    connectionFor(orgName) {
      if (orgName !== org.name) throw new Error(`${org.name}'s gateway goes through ${org.name}'s peers only, not ${orgName}'s`);
      const peer = firstPeer(org);
      connection ??= peerConnection({ address: address(peer), tlsRootCert: readFileSync(orgCaCert(peer.org)) });
      return connection;
    },
    close() {
      connection?.close();
      connection = undefined;
    },
  };
}
