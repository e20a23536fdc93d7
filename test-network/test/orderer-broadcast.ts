// What any channel member can do without a peer: hand an orderer a correctly signed envelope whose content is
// garbage. The orderer checks the header and the signature against the channel's Writers policy, not the
// transaction inside, so it orders it and every peer commits it (invalid), in a block every indexer reads.
import { createHash, createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { hash, signers } from '@hyperledger/fabric-gateway';
import { common, msp, orderer } from '@hyperledger/fabric-protos';
import { address, organisation, orgCaCert, type Topology } from '@plasma/network';
import { person } from '@plasma/platform';
import { protoTimestamp } from '@plasma/testkit/blocks';

/** Bytes that no protobuf message can be read from: field 1 with wire type 7, which does not exist. */
export const GARBAGE = Uint8Array.from([0x0f, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);

/**
 * Broadcasts an ENDORSER_TRANSACTION envelope with a proper header (channel, timestamp, creator, nonce and the
 * transaction id Fabric computes from them) around `data`, signed by `user` of `orgName`, to the first orderer of
 * `ordererOrg`. Resolves with the transaction id once the orderer has accepted it.
 */
export async function broadcastSigned(
  topology: Topology,
  orgName: string,
  user: string,
  data: Uint8Array,
  ordererOrg = orgName,
): Promise<string> {
  const identity = person(topology, orgName, user);
  const creator = new msp.SerializedIdentity();
  creator.setMspid(identity.mspId);
  creator.setIdBytes(identity.certificate);
  const creatorBytes = creator.serializeBinary();
  const nonce = randomBytes(24);
  // Fabric's transaction id: hex SHA-256 of the nonce followed by the creator's serialized identity.
  const txId = createHash('sha256').update(nonce).update(creatorBytes).digest('hex');

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(topology.channel);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(protoTimestamp(new Date()));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creatorBytes);
  signatureHeader.setNonce(nonce);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(data);
  const payloadBytes = payload.serializeBinary();

  // ECDSA P-256 over SHA-256 of the payload, DER, low-S: what the orderer's signature filter verifies.
  const sign = signers.newPrivateKeySigner(
    identity.privateKey instanceof KeyObject ? identity.privateKey : createPrivateKey(identity.privateKey),
  );
  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(await sign(hash.sha256(payloadBytes)));

  const ordererNode = organisation(topology, ordererOrg).orderers[0];
  if (!ordererNode) throw new Error(`${ordererOrg} runs no orderer`);
  // Server-authenticated TLS: orderers do not ask clients for a certificate (network/src/node-config.ts).
  const client = new orderer.AtomicBroadcastClient(
    address(ordererNode),
    grpc.credentials.createSsl(readFileSync(orgCaCert(ordererNode.org))),
  );
  try {
    const response = await new Promise<orderer.BroadcastResponse>((resolve, reject) => {
      const stream = client.broadcast({ deadline: Date.now() + 30_000 });
      stream.once('data', (answer: orderer.BroadcastResponse) => {
        resolve(answer);
        stream.end();
      });
      stream.once('error', reject);
      stream.write(envelope);
    });
    if (response.getStatus() !== common.Status.SUCCESS) {
      throw new Error(`orderer ${ordererNode.name} refused the envelope: status ${response.getStatus()} ${response.getInfo()}`);
    }
    return txId;
  } finally {
    client.close();
  }
}
