// A repeated request's answer (chaincode access/client-request.ts): the chaincode refuses a repeat ANSWERED, naming the
// first transaction, and keeps no copy of its answer; the gateway answers the repeat with what that transaction's block
// says the chaincode answered. Only on its own organisation's peer's word (ledger-failure.ts, answeringTransaction),
// read from its own peer (block-events.ts), and only when that transaction is this very request's first one.
import { CLIENT_REQUEST_TRANSIENT_KEY, type TransactionName } from '@plasma/chaincode';
import { sleep } from '@plasma/platform';
import { ErrorCode, GatewayError } from '../errors';
import type { AnsweredTransaction } from '../indexer/block';
import type { BlockEvents } from './block-events';

/** The request repeated: whose (as the chaincode keys ids: organisation and certificate name), which transaction, which id. */
export interface RepeatedRequest {
  readonly mspId: string;
  readonly commonName: string;
  readonly transaction: TransactionName;
  readonly clientRequestId: string;
  /** The chaincode's namespace on the channel. */
  readonly namespace: string;
}

/**
 * The answer `first` gave, when it is `request`'s first transaction: the same person's, the same transaction of this
 * chaincode, and it wrote the request's own key. Anything else is never handed to the client (someone else's answer,
 * another request's): an error, logged as unexpected.
 */
export function answerToRepeat(transactionId: string, first: AnsweredTransaction, request: RepeatedRequest): Uint8Array {
  const keptRequest = first.writes.some(
    (write) =>
      write.namespace === request.namespace &&
      write.objectType === 'clientRequest' &&
      write.attributes.length === 3 &&
      write.attributes[0] === request.mspId &&
      write.attributes[1] === request.commonName &&
      write.attributes[2] === request.clientRequestId,
  );
  if (
    first.chaincode !== request.namespace ||
    first.functionName !== request.transaction ||
    first.creatorMsp !== request.mspId ||
    first.creatorName !== request.commonName ||
    !keptRequest
  ) {
    throw new Error(
      `transaction ${transactionId} (${first.functionName ?? 'no function'} of ${first.chaincode ?? 'no chaincode'} by ` +
        `${first.creatorName}@${first.creatorMsp}) was named the first of ${request.transaction} ${CLIENT_REQUEST_TRANSIENT_KEY} ` +
        `${request.clientRequestId} by ${request.commonName}@${request.mspId}, which it is not`,
    );
  }
  return first.answer;
}

/** How long the organisation's peer may take to hold the first transaction (the endorsing peer may be a block ahead). */
const READ_FOR_MS = 3_000;
const READ_AGAIN_MS = 250;

/** The first transaction's answer, read from the organisation's own peer; PENDING if that peer does not hold it in time. */
export async function firstAnswer(
  answers: Pick<BlockEvents, 'answerOf'>,
  transactionId: string,
  request: RepeatedRequest,
): Promise<Uint8Array> {
  const deadline = Date.now() + READ_FOR_MS;
  for (;;) {
    const first = await answers.answerOf(transactionId);
    if (first !== undefined) return answerToRepeat(transactionId, first, request);
    if (Date.now() >= deadline) {
      throw new GatewayError(
        ErrorCode.Pending,
        `this request was answered by transaction ${transactionId}, which this organisation's peer does not hold yet: ` +
          `send it again with the same ${CLIENT_REQUEST_TRANSIENT_KEY}`,
        { transactionId },
      );
    }
    await sleep(READ_AGAIN_MS);
  }
}
