// The shape of every chain-of-custody mutation: one chaincode transaction submitted as the signed-in person, the
// mutation's arguments in the chaincode's order, the chaincode's answer read back as the record (or summary) the
// schema says it is. So a new step is one line in its module, e.g.
// `receiveShipment: step('Shipment:ReceiveShipment', newShipment, 'shipmentId', 'receipt')`, and its resolver type
// (generated from the schema) checks that the answer read is what the mutation returns.
import { type EventName, type EventPayloads, SIGNATURE_STAND_IN, type SignatureMeaning } from '@plasma/chaincode';
import type { PersonLedger, SubmitOptions, SubmittedTransaction, TransactionName, TransientData } from '../ledger/person-ledger';
import { assertSignerRole, type RecordSigning } from '../signatures/record-signing';
import { actorOf, type GatewayContext } from './context';

type Args = Readonly<Record<string, unknown>>;
type ArgumentsOf = (args: Args) => string[];
type TransientOf = (args: Args) => TransientData;

/**
 * The client's optional name for this request (every ledger mutation's `clientRequestId`): a repeat answers the first
 * answer without doing the step again (ledger/first-answer.ts), so a client that was told PENDING, or heard nothing,
 * sends the same mutation again.
 */
export const clientRequestOf = (args: Args): SubmitOptions =>
  typeof args.clientRequestId === 'string' ? { clientRequestId: args.clientRequestId } : {};

/** How a transaction's JSON answer is read: by the chaincode's reader of the record it returns. */
export type Answer<T> = (value: unknown) => T;

/** A list of records, each read by `read`. */
export const listOf =
  <T>(read: Answer<T>): Answer<T[]> =>
  (value) => {
    if (!Array.isArray(value)) throw new TypeError('the chaincode answered something other than a list');
    return value.map(read);
  };

/** A summary over many objects, which the chaincode answers as its event carries it (EventPayloads) and keeps no record of. */
export const summaryOf =
  <N extends EventName>(_event: N): Answer<EventPayloads[N]> =>
  (value) =>
    value as EventPayloads[N];

/** The chaincode's answer read as `read` says; a write whose answer does not read so is on the ledger all the same. */
function answerOf<T>(transaction: TransactionName, { result, transactionId }: SubmittedTransaction, read: Answer<T>): T {
  try {
    return read(JSON.parse(Buffer.from(result).toString('utf8')));
  } catch (error) {
    // The write is on the ledger: say so, with its transaction, in the log the masked error points to.
    throw new Error(
      `${transaction} committed as transaction ${transactionId}, but its answer does not read as the record the schema says`,
      {
        cause: error,
      },
    );
  }
}

export function ledgerMutation<T>(
  ledger: PersonLedger,
  transaction: TransactionName,
  read: Answer<T>,
  argumentsOf: ArgumentsOf,
  transientOf?: TransientOf,
) {
  return async (_parent: unknown, args: Args, context: GatewayContext): Promise<T> =>
    answerOf(
      transaction,
      await ledger.submit(actorOf(context), transaction, argumentsOf(args), {
        ...clientRequestOf(args),
        ...(transientOf ? { transient: transientOf(args) } : {}),
      }),
      read,
    );
}

/** What a signed transaction's signature is: its meaning, who gives it, and the query answering the record it binds to. */
export interface SignedBy {
  readonly meaning: SignatureMeaning;
  readonly roles: readonly string[];
  /** A Get…Record query taking the transaction's arguments but the signature, answering `{ record, digest }`. */
  readonly record: TransactionName;
}

/**
 * A transaction whose last argument is the caller's electronic signature of the record its other arguments make, signed
 * with the password the mutation's `password` argument enters again (and the caller's own key). Who may sign is checked
 * before the password is; the ledger checks the signature again. Once both are, a repeat under the request's
 * clientRequestId answers its first answer, signing nothing.
 */
export function signedLedgerMutation<T>(
  ledger: PersonLedger,
  signing: RecordSigning,
  transaction: TransactionName,
  signedBy: SignedBy,
  read: Answer<T>,
  argumentsOf: ArgumentsOf,
) {
  return async (_parent: unknown, args: Args, context: GatewayContext): Promise<T> => {
    const actor = actorOf(context);
    assertSignerRole(actor, signedBy.meaning, signedBy.roles);
    const recordArgs = argumentsOf(args);
    const request = clientRequestOf(args);
    await signing.confirmPassword(actor, String(args.password));
    // A repeat of a step that committed: its record can no longer be signed (recorded, destroyed, concluded already).
    const repeated = await ledger.answered(actor, transaction, [...recordArgs, JSON.stringify(SIGNATURE_STAND_IN)], request);
    if (repeated) return answerOf(transaction, repeated, read);
    const signature = await signing.withConfirmedPassword(actor, signedBy.meaning, { query: signedBy.record, args: recordArgs });
    return answerOf(transaction, await ledger.submit(actor, transaction, [...recordArgs, JSON.stringify(signature)], request), read);
  };
}
