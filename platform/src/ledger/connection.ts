// A connection to the ledger as one person: their own X.509 identity and key, over one shared gRPC
// connection to a peer's gateway service.
import { createPrivateKey, KeyObject } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Gateway } from '@hyperledger/fabric-gateway';
import { nativeP256Signer } from './native-signer';

export interface PeerEndpoint {
  /** host:port of the peer. */
  readonly address: string;
  /** PEM of the CA that issued the peer's TLS certificate. */
  readonly tlsRootCert: Buffer;
}

export interface PersonIdentity {
  readonly mspId: string;
  readonly certificate: Buffer;
  /** PEM, or the key already parsed (parsing costs more than signing). */
  readonly privateKey: Buffer | KeyObject;
}

/** One gRPC connection per peer, shared by every gateway that goes through it. */
export function peerConnection(endpoint: PeerEndpoint): grpc.Client {
  const credentials = grpc.credentials.createSsl(endpoint.tlsRootCert);
  return new grpc.Client(endpoint.address, credentials, {
    'grpc.max_receive_message_length': 100 * 1024 * 1024,
    'grpc.max_send_message_length': 100 * 1024 * 1024,
  });
}

const DEADLINES = {
  evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
  endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
  submitOptions: () => ({ deadline: Date.now() + 10_000 }),
  commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
};

export function connectAs(client: grpc.Client, person: PersonIdentity): Gateway {
  return connect({
    client,
    identity: { mspId: person.mspId, credentials: person.certificate },
    signer: nativeP256Signer(person.privateKey instanceof KeyObject ? person.privateKey : createPrivateKey(person.privateKey)),
    // The signer hashes what it signs.
    hash: hash.none,
    ...DEADLINES,
  });
}

/**
 * A connection as an identity whose key is elsewhere (offline signing): proposals, transactions and commit-status
 * requests are handed out as bytes to be signed, and come back signed (newSignedProposal, ...).
 */
export function connectUnsigned(client: grpc.Client, identity: { readonly mspId: string; readonly certificate: Buffer }): Gateway {
  return connect({ client, identity: { mspId: identity.mspId, credentials: identity.certificate }, hash: hash.none, ...DEADLINES });
}
