// Reads a Fabric block into what the projection needs: each transaction's id, validation code,
// creator, endorsers, chaincode function and events. Kept apart from storage so it can be tested alone.
// Any member can get any signed envelope ordered, so no transaction may stop the indexer: one that cannot be
// read, or holds what PostgreSQL cannot store, is kept raw with its error, and the block goes on.
import { X509Certificate } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { blockDataHash, blockHeaderHash, ChainIntegrityError } from './chain';
import { certificateSha256 } from '@plasma/platform';
import { printedNameOf } from '@plasma/chaincode';

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
  /** The printed name in the creator's certificate (its registered `name`, else its common name); null if unreadable. */
  readonly creatorPrintedName: string | null;
  /** SHA-256 of the creator's certificate (DER); null where the header could not be read. */
  readonly creatorCertificateSha256: string | null;
  /** `MSP/name` of each endorsing peer. */
  readonly endorsers: readonly string[];
  readonly chaincode: string | null;
  readonly functionName: string | null;
  readonly createdAt: Date;
  readonly events: readonly LedgerEvent[];
  readonly writes: readonly StateWrite[];
  /**
   * Set when the transaction could not be read, or holds something PostgreSQL refuses: why, and the envelope
   * as it was ordered. Such a transaction keeps only what its header gave (no events, no writes).
   */
  readonly unparsed?: { readonly error: string; readonly envelope: Uint8Array };
}

export interface ParsedBlock {
  readonly number: bigint;
  /** This block header's own hash, which the next block must name as its previous hash. Hex. */
  readonly hash: string;
  readonly dataHash: string;
  readonly previousHash: string;
  readonly transactions: readonly BlockTransaction[];
}

export interface ParseOptions {
  /**
   * The chaincode whose writes and events are projected (its namespace and chaincode id). Other chaincodes on
   * the channel keep their transaction rows, but nothing they write or emit reaches the projection.
   */
  readonly namespace: string;
}

const validationCodeNames = new Map<number, string>(Object.entries(peer.TxValidationCode).map(([name, code]) => [code as number, name]));

// The same few certificates sign every transaction; parsing one costs more than the rest of its transaction.
interface Creator {
  readonly name: string;
  readonly printedName: string | null;
  readonly sha256: string;
}
const creators = new Map<string, Creator>();
const MAX_REMEMBERED_CERTIFICATES = 10_000;

/** The common name of an X.509 identity (which Fabric CA sets to the enrolment id; a peer's, a person's) and its certificate's SHA-256. */
function creatorOf(identity: msp.SerializedIdentity): {
  readonly name: string;
  readonly printedName: string | null;
  readonly sha256: string;
} {
  const pem = Buffer.from(identity.getIdBytes_asU8()).toString('latin1');
  let creator = creators.get(pem);
  if (creator === undefined) {
    creator = { name: commonNameOf(pem), printedName: parsePrintedName(pem), sha256: certificateSha256(pem) };
    if (creators.size >= MAX_REMEMBERED_CERTIFICATES) creators.clear();
    creators.set(pem, creator);
  }
  return creator;
}

/** The certificate's subject common name, as the projection names a transaction's creator. */
export function commonNameOf(pem: string): string {
  try {
    const subject = new X509Certificate(Buffer.from(pem, 'latin1')).subject;
    return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject;
  } catch {
    return '(not an X.509 identity)';
  }
}

function parsePrintedName(pem: string): string | null {
  try {
    const name = printedNameOf(pem);
    return UNSTORABLE.test(name) ? null : name;
  } catch {
    return null;
  }
}

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * A block's transactions, its hash and its links. Throws only for the block as a whole: no header, or data that
 * is not what the header's data hash says (a ChainIntegrityError); a transaction never makes it throw.
 */
export function parseBlock(block: common.Block, options: ParseOptions): ParsedBlock {
  const header = block.getHeader();
  if (!header) throw new Error('block without header');
  const number = BigInt(header.getNumber());
  const dataHash = toHex(header.getDataHash_asU8());
  const previousHash = toHex(header.getPreviousHash_asU8());
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const computed = blockDataHash(envelopes);
  if (computed !== dataHash) {
    throw new ChainIntegrityError(
      number,
      `block ${number}'s header names data hash ${dataHash || '(empty)'}, but its ${envelopes.length} ` +
        `envelopes hash to ${computed}: the indexer refuses a block whose data is not what its header says`,
    );
  }
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions = envelopes.map((envelope, index) =>
    readTransaction(envelope, number, index, filter[index] ?? peer.TxValidationCode.NOT_VALIDATED, options),
  );
  return { number, hash: blockHeaderHash({ number, previousHash, dataHash }), dataHash, previousHash, transactions };
}

/** The validation code is the peer's word, whatever the envelope holds. */
function validation(code: number): Pick<BlockTransaction, 'validationCode' | 'isValid'> {
  return { validationCode: validationCodeNames.get(code) ?? String(code), isValid: code === peer.TxValidationCode.VALID };
}

function readTransaction(envelope: Uint8Array, block: bigint, index: number, code: number, options: ParseOptions): BlockTransaction {
  try {
    const transaction = parseTransaction(envelope, block, index, code, options);
    assertStorable(transaction);
    return transaction;
  } catch (error) {
    return unparsedTransaction(envelope, block, index, code, error instanceof Error ? error.message : String(error));
  }
}

/** Runs one step of reading a transaction, naming the step when it fails (protobuf's own messages do not). */
function reading<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`cannot read the ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function parseTransaction(envelopeBytes: Uint8Array, block: bigint, index: number, code: number, options: ParseOptions): BlockTransaction {
  const envelope = reading('envelope', () => common.Envelope.deserializeBinary(envelopeBytes));
  const payload = reading('payload', () => common.Payload.deserializeBinary(envelope.getPayload_asU8()));
  const header = payload.getHeader();
  if (!header) throw new Error('payload without header');
  const channelHeader = reading('channel header', () => common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()));
  const signatureHeader = reading('signature header', () => common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()));
  const creator = reading('creator', () => msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8()));
  const base = {
    // A configuration transaction (the genesis block's, a member joining) carries no id: its block names it.
    txId: channelHeader.getTxId() || `config-${block}-${index}`,
    index,
    ...validation(code),
    creatorMsp: creator.getMspid(),
    creatorName: creatorOf(creator).name,
    creatorPrintedName: creatorOf(creator).printedName,
    creatorCertificateSha256: creatorOf(creator).sha256,
    createdAt: channelHeader.getTimestamp()?.toDate() ?? new Date(0),
  };
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
    return { ...base, endorsers: [], chaincode: null, functionName: null, events: [], writes: [] };
  }

  const { actionPayload, endorsed, chaincodeAction } = endorsedAction(payload);
  const endorsers = endorsed.getEndorsementsList().map((e) => {
    const identity = reading('endorser', () => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()));
    return `${identity.getMspid()}/${creatorOf(identity).name}`;
  });
  const invocation = reading('chaincode invocation', () =>
    peer.ChaincodeInvocationSpec.deserializeBinary(
      peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8()).getInput_asU8(),
    ),
  );
  const [fcn] = invocation.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? [];
  const chaincode = chaincodeAction.getChaincodeId()?.getName() ?? null;

  // Events belong to the chaincode that was invoked: another chaincode's are not ours to project.
  const events: LedgerEvent[] = [];
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (chaincode === options.namespace && eventBytes.length > 0) {
    const event = reading('chaincode event', () => peer.ChaincodeEvent.deserializeBinary(eventBytes));
    if (event.getEventName())
      events.push({ name: event.getEventName(), payload: reading(`payload of event ${event.getEventName()}`, () => eventPayload(event)) });
  }
  return {
    ...base,
    endorsers,
    chaincode,
    functionName: fcn ? Buffer.from(fcn).toString('utf8') : null,
    events,
    writes: reading('read-write set', () => stateWrites(chaincodeAction.getResults_asU8(), options.namespace)),
  };
}

/** An endorser transaction's one action: what was proposed, the endorsed action, and what the chaincode did. */
function endorsedAction(payload: common.Payload) {
  const [action] = reading('transaction', () => peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList());
  if (!action) throw new Error('endorser transaction without an action');
  const actionPayload = reading('chaincode action payload', () => peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()));
  const endorsed = actionPayload.getAction();
  if (!endorsed) throw new Error('chaincode action payload without an endorsed action');
  const response = reading('proposal response payload', () =>
    peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8()),
  );
  const chaincodeAction = reading('chaincode action', () => peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()));
  return { actionPayload, endorsed, chaincodeAction };
}

/** A committed endorser transaction as its client was answered: who created it, what it invoked and wrote, what it answered. */
export interface AnsweredTransaction extends Pick<
  BlockTransaction,
  'creatorMsp' | 'creatorName' | 'chaincode' | 'functionName' | 'writes'
> {
  /** The chaincode's answer, as the endorsers agreed on it. */
  readonly answer: Uint8Array;
}

/** A valid endorser transaction's envelope, read for what its client was answered. */
export function answeredTransaction(envelopeBytes: Uint8Array, options: ParseOptions): AnsweredTransaction {
  const { creatorMsp, creatorName, chaincode, functionName, writes } = parseTransaction(
    envelopeBytes,
    0n,
    0,
    peer.TxValidationCode.VALID,
    options,
  );
  const envelope = reading('envelope', () => common.Envelope.deserializeBinary(envelopeBytes));
  const payload = reading('payload', () => common.Payload.deserializeBinary(envelope.getPayload_asU8()));
  const response = endorsedAction(payload).chaincodeAction.getResponse();
  if (!response) throw new Error('chaincode action without a response');
  return { creatorMsp, creatorName, chaincode, functionName, writes, answer: response.getPayload_asU8() };
}

/** Our chaincode emits canonical JSON objects; anything else is not an event the projection can read. */
function eventPayload(event: peer.ChaincodeEvent): LedgerEvent['payload'] {
  const payload: unknown = JSON.parse(Buffer.from(event.getPayload_asU8()).toString('utf8'));
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('not a JSON object');
  return payload as LedgerEvent['payload'];
}

/**
 * A transaction kept raw: the id, creator and time its header gives where they can be read (a synthetic id
 * otherwise), the peer's validation code, the error and the envelope.
 */
function unparsedTransaction(envelope: Uint8Array, block: bigint, index: number, code: number, error: string): BlockTransaction {
  const header = readableHeader(envelope);
  return {
    txId: header.txId ?? `unparsed-${block}-${index}`,
    index,
    ...validation(code),
    creatorMsp: header.creatorMsp ?? '',
    creatorName: header.creatorName ?? '',
    creatorPrintedName: header.creatorPrintedName ?? null,
    creatorCertificateSha256: header.creatorCertificateSha256 ?? null,
    endorsers: [],
    chaincode: null,
    functionName: null,
    createdAt: header.createdAt ?? new Date(0),
    events: [],
    writes: [],
    // A parser's message may quote the bytes it choked on, U+0000 included.
    unparsed: { error: error.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD'), envelope },
  };
}

/** Whatever of the headers can be read and stored, each part on its own. */
function readableHeader(envelope: Uint8Array): {
  txId?: string;
  creatorMsp?: string;
  creatorName?: string;
  creatorPrintedName?: string;
  creatorCertificateSha256?: string;
  createdAt?: Date;
} {
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  const header = attempt(() => common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8()).getHeader());
  const channelHeader = header && attempt(() => common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()));
  const creator =
    header &&
    attempt(() =>
      msp.SerializedIdentity.deserializeBinary(
        common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8(),
      ),
    );
  const storable = (text: string | undefined): string | undefined => (text && unstorableAt(text, '') === undefined ? text : undefined);
  const createdAt = channelHeader && attempt(() => channelHeader.getTimestamp()?.toDate());
  return {
    txId: storable(channelHeader && attempt(() => channelHeader.getTxId())),
    creatorMsp: storable(creator && attempt(() => creator.getMspid())),
    creatorName: storable(creator && attempt(() => creatorOf(creator).name)),
    creatorPrintedName: (creator && attempt(() => creatorOf(creator).printedName)) ?? undefined,
    creatorCertificateSha256: creator && attempt(() => creatorOf(creator).sha256),
    createdAt: createdAt && storableDate(createdAt) ? createdAt : undefined,
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

/** The writes to our chaincode's namespace only: another chaincode's state is not part of the projection. */
function stateWrites(results: Uint8Array, namespace: string): StateWrite[] {
  if (results.length === 0) return [];
  const writes: StateWrite[] = [];
  for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
    if (ns.getNamespace() !== namespace) continue;
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

// PostgreSQL's text and jsonb hold no U+0000, and jsonb refuses a lone UTF-16 surrogate (JSON.stringify writes it
// as an escape that names no character); text replaces it, but jsonb fails the statement and with it the block.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL parses jsonb recursively, up to its stack depth; our chaincode's records nest a few levels. */
const MAX_JSON_DEPTH = 64;

/** Where in a value (strings, object keys, nested) the first thing PostgreSQL cannot store is, if any. */
function unstorableAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(the value)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return `${path} (nested deeper than ${MAX_JSON_DEPTH} levels)`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableAt(item, `${path}[${index}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${path}{key ${JSON.stringify(key)}}`;
    const found = unstorableAt(item, `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Protobuf timestamps span the years 1 to 9999, which PostgreSQL and ISO 8601 without an extended year both hold. */
function storableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return Number.isFinite(date.getTime()) && year >= 1 && year <= 9999;
}

/**
 * Refuses, while parsing, what PostgreSQL would refuse while writing: there one bad transaction would roll back
 * its whole block, for ever. Checks everything of the transaction that is stored (events and writes included).
 */
function assertStorable(tx: BlockTransaction): void {
  const stored: Record<string, unknown> = {
    'transaction id': tx.txId,
    creator: [tx.creatorMsp, tx.creatorName],
    endorsers: tx.endorsers,
    chaincode: tx.chaincode,
    function: tx.functionName,
  };
  for (const [what, value] of Object.entries(stored)) {
    const at = unstorableAt(value, '');
    if (at !== undefined) throw new Error(`the ${what} holds U+0000 or a lone surrogate, which PostgreSQL cannot store`);
  }
  if (!storableDate(tx.createdAt)) throw new Error(`the timestamp ${tx.createdAt.getTime()} ms is outside the years 1 to 9999`);
  for (const event of tx.events) {
    const at = unstorableAt(event.name, 'name') ?? unstorableAt(event.payload, 'payload');
    if (at !== undefined)
      throw new Error(
        `event ${JSON.stringify(event.name)} holds at ${at} what PostgreSQL cannot store (U+0000, a lone surrogate or too deep a nesting)`,
      );
  }
  for (const write of tx.writes) {
    const at = unstorableAt([write.objectType, ...write.attributes], 'key') ?? unstorableAt(write.value, 'value');
    if (at !== undefined) {
      throw new Error(
        `the write of ${write.objectType} ${JSON.stringify(write.attributes)} holds at ${at} what PostgreSQL cannot store (U+0000, a lone surrogate or too deep a nesting)`,
      );
    }
  }
}
