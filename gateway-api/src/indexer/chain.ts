// The channel's hash chain as Fabric builds it: each block header names the hash of the header before it and
// the hash of its own data. The indexer checks both, so that a peer serving a rewritten or spliced chain is
// refused instead of projected.
import { createHash } from 'node:crypto';

/**
 * Something the ledger itself should never deliver: a block whose data is not what its header says, or whose
 * previous hash is not the hash of the block before it. Retrying cannot help, so the indexer stops on it.
 */
export class ChainIntegrityError extends Error {
  override readonly name = 'ChainIntegrityError';
  constructor(
    readonly blockNumber: bigint,
    message: string,
  ) {
    super(message);
  }
}

export interface BlockHeaderFields {
  readonly number: bigint;
  /** Hex. */
  readonly previousHash: string;
  /** Hex. */
  readonly dataHash: string;
}

/**
 * The hash of a block header, as Fabric's protoutil.BlockHeaderHash computes it: SHA-256 over the ASN.1 DER
 * encoding of SEQUENCE { number INTEGER, previousHash OCTET STRING, dataHash OCTET STRING }. Hex.
 */
export function blockHeaderHash(header: BlockHeaderFields): string {
  const der = derTag(
    0x30,
    Buffer.concat([
      derTag(0x02, derUnsignedInteger(header.number)),
      derTag(0x04, Buffer.from(header.previousHash, 'hex')),
      derTag(0x04, Buffer.from(header.dataHash, 'hex')),
    ]),
  );
  return createHash('sha256').update(der).digest('hex');
}

/** The data hash Fabric puts in a block header: SHA-256 over the block's envelopes, concatenated. Hex. */
export function blockDataHash(envelopes: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const envelope of envelopes) hash.update(envelope);
  return hash.digest('hex');
}

/**
 * Checks that each block names the hash of the one before it: the first against `before` (the hash of the
 * block preceding the run, when it is known), each next one against the run's previous block.
 */
export function assertLinked(
  blocks: readonly (BlockHeaderFields & { readonly hash: string })[],
  before?: { readonly number: bigint; readonly hash: string },
): void {
  let previous = before;
  for (const block of blocks) {
    if (previous !== undefined && previous.number + 1n === block.number && block.previousHash !== previous.hash) {
      throw new ChainIntegrityError(
        block.number,
        `block ${block.number} names previous hash ${block.previousHash || '(empty)'}, but block ${previous.number} hashes to ${previous.hash}: ` +
          'the chain the peer serves breaks here, so the indexer refuses it',
      );
    }
    previous = block;
  }
}

/** A non-negative INTEGER's content octets: big-endian, minimal, with a leading zero when the top bit is set. */
function derUnsignedInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError(`a block number cannot be negative (${value})`);
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** Tag, definite length (short or long form), content. */
function derTag(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  let hex = length.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const lengthBytes = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length]), lengthBytes, content]);
}
