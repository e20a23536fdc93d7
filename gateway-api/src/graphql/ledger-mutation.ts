// The shape of every chain-of-custody mutation: one chaincode transaction submitted as the signed-in person, the
// mutation's arguments in the chaincode's order, the chaincode's answer read back as the record (or summary) the
// schema says it is. So a new step is one line in its module, e.g.
// `receiveShipment: step('Shipment:ReceiveShipment', newShipment, 'shipmentId', 'receipt')`, and its resolver type
// (generated from the schema) checks that the answer read is what the mutation returns.
import type { EventName, EventPayloads } from '@plasma/chaincode';
import type { PersonLedger, TransactionName, TransientData } from '../ledger/person-ledger';
import { actorOf, type GatewayContext } from './context';

type Args = Readonly<Record<string, unknown>>;
type ArgumentsOf = (args: Args) => string[];
type TransientOf = (args: Args) => TransientData;

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

export function ledgerMutation<T>(
  ledger: PersonLedger,
  transaction: TransactionName,
  read: Answer<T>,
  argumentsOf: ArgumentsOf,
  transientOf?: TransientOf,
) {
  return async (_parent: unknown, args: Args, context: GatewayContext): Promise<T> => {
    const { result, transactionId } = await ledger.submit(actorOf(context), transaction, argumentsOf(args), transientOf?.(args));
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
  };
}
