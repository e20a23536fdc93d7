// A client's own name for one request, given as transient data: the first transaction that carries it is kept under the
// caller's key (which transaction, what it asked), and a repeat (a retry after a timeout, a resubmission after a crash)
// is refused ANSWERED, naming that first transaction, without doing the step again: its answer is that transaction's,
// which its block holds (the gateway answers it from there). A commit-status timeout leaves a client not knowing whether
// its step is on the ledger; with a request id it simply sends it again. Keyed by the caller's organisation and
// certificate name, so no member can answer or block another's requests (every member's peers hold the key, like every
// record: an id must name nothing personal).
import type { Context } from 'fabric-contract-api';
import { AnsweredError, ConflictError, ValidationError } from '../errors';
import { sha256Hex } from '../ledger/digest';
import { compositeKey } from '../ledger/keys';
import { readState, writeState } from '../ledger/state';
import { callerCommonName, callerMspId } from './identity';

/** The transient field a client names its request by. */
export const CLIENT_REQUEST_TRANSIENT_KEY = 'clientRequestId';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
export const CLIENT_REQUEST_ID_RULE = 'must be 1 to 64 letters, digits, ".", "_", ":" or "-" (a UUID, say)';

/** What the ledger keeps of a request: which transaction did it, and what it asked; not its answer, which its block holds. */
interface ClientRequest {
  readonly transaction: string;
  /** What it asked (requestDigest): a repeat must ask the same. */
  readonly request: string;
  readonly transactionId: string;
}

/** The request id the caller gave, checked; undefined when they gave none. */
function clientRequestIdOf(ctx: Context): string | undefined {
  const bytes = ctx.stub.getTransient().get(CLIENT_REQUEST_TRANSIENT_KEY);
  if (bytes === undefined) return undefined;
  const id = Buffer.from(bytes).toString('utf8');
  if (!CLIENT_REQUEST_ID.test(id)) throw new ValidationError(CLIENT_REQUEST_TRANSIENT_KEY, CLIENT_REQUEST_ID_RULE);
  return id;
}

/**
 * A signature of nothing, where a client asks whether a signed request was answered without signing again (a repeat
 * whose record can no longer be signed): it stands where the request carried signatures, which what a request asks
 * leaves out; a request not answered yet is refused for it (no signature verifies).
 */
export const SIGNATURE_STAND_IN = { recordDigest: '', signature: '' } as const;

/** An argument that carries electronic signatures: signing the same step again gives new ones, so a repeat differs there. */
function isSignatureArgument(text: string): boolean {
  const signed = (value: unknown): boolean =>
    typeof value === 'object' && value !== null && 'recordDigest' in value && 'signature' in value;
  try {
    const value: unknown = JSON.parse(text);
    return signed(value) || (Array.isArray(value) && value.length > 0 && value.every(signed));
  } catch {
    return false;
  }
}

/** The digest of what a call asks: its arguments but its signatures, and its transient data but the request id. */
function requestDigest(ctx: Context): string {
  const { params } = ctx.stub.getFunctionAndParameters();
  const transient = [...ctx.stub.getTransient()]
    .filter(([name]) => name !== CLIENT_REQUEST_TRANSIENT_KEY)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]);
  return sha256Hex(JSON.stringify({ arguments: params.map((text) => (isSignatureArgument(text) ? null : text)), transient }));
}

/**
 * Runs `transaction` once per client request id: without an id, simply runs it; with one already answered by this
 * caller, ANSWERED naming the first transaction (nothing written or emitted); with one this caller used for another
 * transaction or other arguments, CONFLICT. Two submissions of one id racing each other both read the key absent: the
 * second fails at commit (MVCC_READ_CONFLICT) and, endorsed again, is ANSWERED by the first.
 */
export async function answerOnce(ctx: Context, transaction: string, run: () => Promise<unknown>): Promise<unknown> {
  const id = clientRequestIdOf(ctx);
  if (id === undefined) return run();
  const key = compositeKey(ctx, 'clientRequest', [callerMspId(ctx), callerCommonName(ctx), id]);
  const first = (await readState(ctx, key)) as ClientRequest | undefined;
  const request = requestDigest(ctx);
  if (first !== undefined) {
    if (first.transaction !== transaction) {
      throw new ConflictError(
        `${CLIENT_REQUEST_TRANSIENT_KEY} ${id} already named a ${first.transaction} request (transaction ${first.transactionId}); give each request its own id`,
      );
    }
    if (first.request !== request) {
      throw new ConflictError(
        `${CLIENT_REQUEST_TRANSIENT_KEY} ${id} already named a ${transaction} request with other arguments (transaction ${first.transactionId}); give each request its own id`,
      );
    }
    throw new AnsweredError(
      first.transactionId,
      `answered ${CLIENT_REQUEST_TRANSIENT_KEY} ${id} (${transaction}): its answer is that transaction's`,
    );
  }
  const answer = await run();
  const kept: ClientRequest = { transaction, request, transactionId: ctx.stub.getTxID() };
  await writeState(ctx, key, kept);
  return answer;
}
