// Off-chain documents that ledger records cite by SHA-256 (a test result's raw data, a process step's parameter
// export): the rules for storing one, who may store and read them, and the check that a hash about to go on the
// ledger names a stored document. The bytes stay in PostgreSQL; the ledger holds only the hash.
import { SHA256_HEX_RULE, sha256Hex } from '@plasma/chaincode';
import type { Topology } from '@plasma/network';
import { ErrorCode, GatewayError, validationError } from '../errors';
import { mayCall } from '../ledger/role-matrix';
import type { TransactionName } from '../ledger/person-ledger';
import type { Person } from '../people/person';
import { assertShallow, canonicalBytes, canonicalJsonBytes, isJsonMediaType, NotCanonicalisable } from './canonical-content';
import type { DocumentMetadata, DocumentRepository } from './document-repository';

/** Transactions that cite documents: whoever may call one of them may store the documents it cites. */
/**
 * Who reads the raw data and process parameters without storing any: the QP certifies a batch against its record,
 * the regulator releases the lot, inspectors read them in GMP inspections.
 */
const JUDGES_OF_THE_RECORD: readonly string[] = ['qp', 'regulator', 'inspector'];

export const CITING_TRANSACTIONS: readonly TransactionName[] = ['TestResult:RecordTestResult', 'Lot:RecordProcessStep'];

export interface DocumentInput {
  readonly fileName: string;
  readonly mediaType: string;
  /** The bytes, base64-encoded; or */
  readonly contentBase64?: string | null;
  /** a JSON value, stored as its RFC 8785 form. */
  readonly json?: unknown;
}

export interface DocumentService {
  /** Stores a document (idempotent: the same canonical bytes keep the first row); `created` is false when it was there. */
  store(person: Person, input: DocumentInput): Promise<{ document: DocumentMetadata; created: boolean }>;
  metadata(sha256: string): Promise<DocumentMetadata | undefined>;
  /** The stored bytes, for people who may read documents; FORBIDDEN otherwise. */
  content(person: Person, sha256: string): Promise<Buffer>;
  /**
   * Throws VALIDATION naming `field` unless `hash` is the SHA-256 of a stored document. A hash that is not even
   * a SHA-256 is left to the chaincode, whose rule names the field as it sees it.
   */
  requireStored(hash: unknown, field: string): Promise<void>;
}

export interface DocumentServiceOptions {
  readonly topology: Topology;
  readonly repository: DocumentRepository;
  /** Largest document, in canonical bytes. */
  readonly maxDocumentBytes: number;
}

const FILE_NAME = /^[^/\\\u0000-\u001f\u007f]{1,255}$/;
// type/subtype as RFC 6838 allows, without parameters: what the bytes are, not how to decode text.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function documentService(options: Readonly<DocumentServiceOptions>): DocumentService {
  const { topology, repository, maxDocumentBytes } = options;
  const mayStore = (person: Person): boolean => CITING_TRANSACTIONS.some((transaction) => mayCall(topology, person, transaction));
  const mayRead = (person: Person): boolean => mayStore(person) || JUDGES_OF_THE_RECORD.includes(person.role);

  const withinLimit = (bytes: number, field: string): void => {
    if (bytes > maxDocumentBytes) {
      throw validationError(field, `is ${bytes} bytes; a document may be at most ${maxDocumentBytes} bytes (GATEWAY_MAX_DOCUMENT_BYTES)`);
    }
  };

  /** The canonical bytes of the input, every rule checked before anything is written. */
  const canonicalInput = (input: DocumentInput): { mediaType: string; content: Buffer } => {
    if (!FILE_NAME.test(input.fileName)) {
      throw validationError('fileName', 'must be 1 to 255 characters without / \\ or control characters');
    }
    const mediaType = input.mediaType.trim().toLowerCase();
    if (!MEDIA_TYPE.test(mediaType)) {
      throw validationError('mediaType', 'must be a media type type/subtype without parameters, e.g. application/json or text/csv');
    }
    const hasBase64 = input.contentBase64 !== undefined && input.contentBase64 !== null;
    const hasJson = input.json !== undefined && input.json !== null;
    if (hasBase64 === hasJson) throw validationError('contentBase64', 'give exactly one of contentBase64 and json');

    if (hasJson) {
      if (!isJsonMediaType(mediaType)) throw validationError('mediaType', 'must be application/json or a +json type when json is given');
      let content: Buffer;
      try {
        assertShallow(input.json);
        content = canonicalJsonBytes(input.json);
      } catch (error) {
        if (error instanceof NotCanonicalisable) throw validationError('json', error.message);
        throw error;
      }
      withinLimit(content.length, 'json');
      return { mediaType, content };
    }
    const base64 = input.contentBase64!;
    if (base64.length === 0) throw validationError('contentBase64', 'must not be empty');
    if (!BASE64.test(base64)) throw validationError('contentBase64', 'must be base64 (RFC 4648: A-Z a-z 0-9 + /, padded with =)');
    withinLimit(Math.floor(base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0), 'contentBase64');
    try {
      const content = canonicalBytes(mediaType, Buffer.from(base64, 'base64'), true);
      withinLimit(content.length, 'contentBase64');
      return { mediaType, content };
    } catch (error) {
      if (error instanceof NotCanonicalisable) throw validationError('contentBase64', error.message);
      throw error;
    }
  };

  const checkedHash = (sha256: string): string => {
    if (!SHA256_HEX_RULE.test(sha256)) throw validationError('sha256', SHA256_HEX_RULE.text);
    return sha256;
  };

  return {
    async store(person, input) {
      if (!mayStore(person)) {
        throw new GatewayError(
          ErrorCode.Forbidden,
          `storing documents is for those who may call ${CITING_TRANSACTIONS.join(' or ')}; ${person.username} of ${person.org} is ${person.role}`,
        );
      }
      const { mediaType, content } = canonicalInput(input);
      return repository.insert({ sha256: sha256Hex(content), mediaType, fileName: input.fileName, content, storedBy: person.id });
    },

    metadata: (sha256) => repository.metadata(checkedHash(sha256)),

    async content(person, sha256) {
      if (!mayRead(person)) {
        throw new GatewayError(
          ErrorCode.Forbidden,
          `a document's content is for those who may store documents and for inspectors; ${person.username} of ${person.org} is ${person.role}`,
        );
      }
      const stored = await repository.content(checkedHash(sha256));
      if (!stored) throw new GatewayError(ErrorCode.NotFound, `no document ${sha256} is stored`);
      return stored.content;
    },

    async requireStored(hash, field) {
      if (typeof hash !== 'string' || !SHA256_HEX_RULE.test(hash)) return;
      if (!(await repository.existing([hash])).has(hash)) {
        throw validationError(
          field,
          `names no stored document: store it with storeDocument first, then cite the sha256 it answers (${hash})`,
        );
      }
    },
  };
}
