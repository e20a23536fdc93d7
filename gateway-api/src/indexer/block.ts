// Reads a Fabric block into what the projection needs: each transaction's id, validation code,
// creator, endorsers, chaincode function and events. Kept apart from storage so it can be tested alone.
import { X509Certificate } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';

export interface LedgerEvent {
  readonly name: string;
  /** The chaincode's event payload: canonical JSON `{ type, key, txId, timestamp, data }`. */
  readonly payload: { readonly key?: string; readonly [field: string]: unknown };
}

/**
 * A key the transaction wrote: the exact new state of a ledger object, which the projection keeps.
 * Composite keys arrive split into their object type and attributes.
 */
export interface StateWrite {
  readonly namespace: string;
  readonly objectType: string;
  readonly attributes: readonly string[];
  /** The new value (canonical JSON from our chaincode), or null when the key was deleted. */
  readonly value: unknown;
}

export interface BlockTransaction {
  readonly txId: string;
  readonly index: number;
  readonly validationCode: string;
  readonly isValid: boolean;
  readonly creatorMsp: string;
  readonly creatorName: string;
  /** `MSP/name` of each endorsing peer. */
  readonly endorsers: readonly string[];
  readonly chaincode: string | null;
  readonly functionName: string | null;
  readonly createdAt: Date;
  readonly events: readonly LedgerEvent[];
  readonly writes: readonly StateWrite[];
}

export interface ParsedBlock {
  readonly number: bigint;
  readonly dataHash: string;
  readonly previousHash: string;
  readonly transactions: readonly BlockTransaction[];
}

const validationCodeNames = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code as number, name]),
);

// The same few certificates sign every transaction; parsing one costs more than the rest of its transaction.
const commonNames = new Map<string, string>();
const MAX_REMEMBERED_CERTIFICATES = 10_000;

/** The common name of an X.509 identity, which Fabric CA sets to the enrolment id. */
function commonName(identity: msp.SerializedIdentity): string {
  const pem = Buffer.from(identity.getIdBytes_asU8()).toString('latin1');
  let name = commonNames.get(pem);
  if (name === undefined) {
    name = parseCommonName(pem);
    if (commonNames.size >= MAX_REMEMBERED_CERTIFICATES) commonNames.clear();
    commonNames.set(pem, name);
  }
  return name;
}

function parseCommonName(pem: string): string {
  try {
    const subject = new X509Certificate(Buffer.from(pem, 'latin1')).subject;
    return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject;
  } catch {
    return '(not an X.509 identity)';
  }
}

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function parseBlock(block: common.Block): ParsedBlock {
  const header = block.getHeader();
  if (!header) throw new Error('block without header');
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions = (block.getData()?.getDataList_asU8() ?? []).map((envelope, index) =>
    parseTransaction(envelope, index, filter[index] ?? peer.TxValidationCode.NOT_VALIDATED));
  return {
    number: BigInt(header.getNumber()),
    dataHash: toHex(header.getDataHash_asU8()),
    previousHash: toHex(header.getPreviousHash_asU8()),
    transactions,
  };
}

function parseTransaction(envelopeBytes: Uint8Array, index: number, code: number): BlockTransaction {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const base = {
    txId: channelHeader.getTxId() || `config-${index}`,
    index,
    validationCode: validationCodeNames.get(code) ?? String(code),
    isValid: code === peer.TxValidationCode.VALID,
    creatorMsp: creator.getMspid(),
    creatorName: commonName(creator),
    createdAt: channelHeader.getTimestamp()?.toDate() ?? new Date(0),
  };
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
    return { ...base, endorsers: [], chaincode: null, functionName: null, events: [], writes: [] };
  }

  const [action] = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action!.getPayload_asU8());
  const endorsed = actionPayload.getAction()!;
  const endorsers = endorsed.getEndorsementsList().map((e) => {
    const identity = msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8());
    return `${identity.getMspid()}/${commonName(identity)}`;
  });
  const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(
    peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8()).getInput_asU8(),
  );
  const [fcn] = invocation.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? [];

  const events: LedgerEvent[] = [];
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (eventBytes.length > 0) {
    const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
    if (event.getEventName()) {
      events.push({ name: event.getEventName(), payload: JSON.parse(Buffer.from(event.getPayload_asU8()).toString('utf8')) });
    }
  }
  return {
    ...base,
    endorsers,
    chaincode: chaincodeAction.getChaincodeId()?.getName() ?? null,
    functionName: fcn ? Buffer.from(fcn).toString('utf8') : null,
    events,
    writes: stateWrites(chaincodeAction.getResults_asU8()),
  };
}

/** Fabric's composite keys: U+0000, object type, then each attribute, each followed by U+0000. */
const COMPOSITE_KEY_SEPARATOR = '\u0000';

/** Our chaincode writes canonical JSON; an index entry may hold plain text, which is kept as a JSON string. */
function stateValue(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stateWrites(results: Uint8Array): StateWrite[] {
  if (results.length === 0) return [];
  const writes: StateWrite[] = [];
  for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
    const namespace = ns.getNamespace();
    if (namespace.startsWith('_')) continue; // system namespaces such as _lifecycle
    for (const write of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
      const key = write.getKey();
      if (!key.startsWith(COMPOSITE_KEY_SEPARATOR)) continue; // our chaincode keeps every object under a composite key
      const [objectType = '', ...attributes] = key.slice(1, -1).split(COMPOSITE_KEY_SEPARATOR);
      const value = write.getIsDelete() ? null : stateValue(write.getValue_asU8());
      writes.push({ namespace, objectType, attributes, value });
    }
  }
  return writes;
}
