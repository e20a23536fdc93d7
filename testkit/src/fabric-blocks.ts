// Fabric blocks built by hand, for testing the indexer without a network: endorser transactions with the write
// sets and events a chaincode leaves, garbage envelopes, and chains of blocks linked (or not) by their hashes.
import { createHash, randomBytes } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { blockDataHash, blockHeaderHash } from '@plasma/gateway-api';

/** A protobuf Timestamp for a message's timestamp field. */
export const protoTimestamp = (date: Date): Timestamp => Timestamp.fromDate(date);

export const CHAINCODE = 'plasma';

export interface WriteSpec {
  readonly namespace?: string;
  readonly key: string;
  /** Bytes or text; omitted: a delete. */
  readonly value?: string | Uint8Array;
}

export interface TransactionSpec {
  readonly txId?: string;
  readonly mspId?: string;
  /** The chaincode invoked, whose id the chaincode action (and its event) carries. */
  readonly chaincode?: string;
  readonly fcn?: string;
  readonly writes?: readonly WriteSpec[];
  readonly event?: { readonly name: string; readonly payload: string };
  readonly timestamp?: Date;
}

/** A composite key as the chaincode shim makes it. */
export const compositeKey = (objectType: string, ...attributes: string[]): string =>
  `\u0000${objectType}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`;

const identity = (mspId: string, name: string): Uint8Array => {
  const id = new msp.SerializedIdentity();
  id.setMspid(mspId);
  id.setIdBytes(Buffer.from(`not a certificate: ${name}`));
  return id.serializeBinary();
};

/** The envelope header Fabric clients build: channel header and signature header with creator and nonce. */
export function envelopeHeader(spec: { txId?: string; mspId?: string; timestamp?: Date; type?: number }): common.Header {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(spec.type ?? common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId('plasma');
  channelHeader.setTxId(spec.txId ?? randomBytes(32).toString('hex'));
  channelHeader.setTimestamp(protoTimestamp(spec.timestamp ?? new Date()));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(identity(spec.mspId ?? 'StationAMSP', 'collector1'));
  signatureHeader.setNonce(randomBytes(24));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  return header;
}

/** An envelope with a proper header around `data` (which may be garbage). */
export function envelopeAround(header: common.Header, data: Uint8Array): Uint8Array {
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(data);
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(randomBytes(70));
  return envelope.serializeBinary();
}

/** An endorser transaction as a peer commits it, with its write set and event. */
export function endorserTransaction(spec: TransactionSpec = {}): Uint8Array {
  const chaincode = spec.chaincode ?? CHAINCODE;
  const header = envelopeHeader(spec);

  const kvWrites = new Map<string, ledger.rwset.kvrwset.KVWrite[]>();
  for (const w of spec.writes ?? []) {
    const write = new ledger.rwset.kvrwset.KVWrite();
    write.setKey(w.key);
    if (w.value === undefined) write.setIsDelete(true);
    else write.setValue(typeof w.value === 'string' ? Buffer.from(w.value, 'utf8') : w.value);
    const namespace = w.namespace ?? chaincode;
    kvWrites.set(namespace, [...(kvWrites.get(namespace) ?? []), write]);
  }
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  rwset.setNsRwsetList(
    [...kvWrites].map(([namespace, writes]) => {
      const kv = new ledger.rwset.kvrwset.KVRWSet();
      kv.setWritesList(writes);
      const ns = new ledger.rwset.NsReadWriteSet();
      ns.setNamespace(namespace);
      ns.setRwset(kv.serializeBinary());
      return ns;
    }),
  );

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(chaincode);
  const action = new peer.ChaincodeAction();
  action.setResults(rwset.serializeBinary());
  action.setChaincodeId(chaincodeId);
  if (spec.event) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(chaincode);
    event.setEventName(spec.event.name);
    event.setPayload(Buffer.from(spec.event.payload, 'utf8'));
    action.setEvents(event.serializeBinary());
  }
  const response = new peer.ProposalResponsePayload();
  response.setProposalHash(randomBytes(32));
  response.setExtension$(action.serializeBinary());

  const endorsement = new peer.Endorsement();
  endorsement.setEndorser(identity('FactoryMSP', 'peer0'));
  endorsement.setSignature(randomBytes(70));
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(response.serializeBinary());
  endorsed.setEndorsementsList([endorsement]);

  const input = new peer.ChaincodeInput();
  input.setArgsList([Buffer.from(spec.fcn ?? 'Donation:RecordDonation'), Buffer.from('{}')]);
  const chaincodeSpec = new peer.ChaincodeSpec();
  chaincodeSpec.setChaincodeId(chaincodeId);
  chaincodeSpec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(chaincodeSpec);
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());

  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
  actionPayload.setAction(endorsed);
  const transactionAction = new peer.TransactionAction();
  transactionAction.setHeader(header.getSignatureHeader_asU8());
  transactionAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([transactionAction]);
  return envelopeAround(header, transaction.serializeBinary());
}

/** Protobuf that no message can be read from: field 1 with wire type 7, which does not exist. */
export const GARBAGE = Uint8Array.from([0x0f, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);

export interface BlockSpec {
  readonly number: number;
  /** Hex; the previous block's hash in a proper chain. */
  readonly previousHash: string;
  readonly envelopes: readonly Uint8Array[];
  /** Each envelope's validation code (VALID unless given). */
  readonly codes?: readonly number[];
  /** A data hash other than the envelopes', to forge a block. */
  readonly dataHash?: string;
}

export function block(spec: BlockSpec): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(spec.number);
  header.setPreviousHash(Buffer.from(spec.previousHash, 'hex'));
  header.setDataHash(Buffer.from(spec.dataHash ?? blockDataHash(spec.envelopes), 'hex'));
  const data = new common.BlockData();
  data.setDataList([...spec.envelopes]);
  const metadata = new common.BlockMetadata();
  const filter = Uint8Array.from(spec.envelopes.map((_, i) => spec.codes?.[i] ?? peer.TxValidationCode.VALID));
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), filter, new Uint8Array(), new Uint8Array()]);
  const result = new common.Block();
  result.setHeader(header);
  result.setData(data);
  result.setMetadata(metadata);
  return result;
}

/** Blocks `from`.. linked as Fabric links them, each holding the given envelopes, starting after `previousHash`. */
export function chain(from: number, previousHash: string, contents: readonly (readonly Uint8Array[])[]): common.Block[] {
  let previous = previousHash;
  return contents.map((envelopes, i) => {
    const made = block({ number: from + i, previousHash: previous, envelopes });
    previous = blockHeaderHash({ number: BigInt(from + i), previousHash: previous, dataHash: blockDataHash(envelopes) });
    return made;
  });
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
