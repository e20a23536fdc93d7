// The shape of every chain-of-custody mutation: one chaincode transaction submitted as the signed-in
// person, the mutation's `input` as its JSON argument, the chaincode's JSON answer as the result. So a
// new step is one line in its module, e.g. `receiveShipment: ledgerMutation(ledger, 'Shipment:ReceiveShipment')`.
import type { PersonLedger, TransactionName, TransientData } from '../ledger/person-ledger';
import { requirePerson, type GatewayContext } from './context';

type ArgumentsOf = (args: Readonly<Record<string, unknown>>) => string[];
type TransientOf = (args: Readonly<Record<string, unknown>>) => TransientData;

const inputAsJson: ArgumentsOf = (args) => [JSON.stringify(args.input)];

export function ledgerMutation(ledger: PersonLedger, transaction: TransactionName, argumentsOf: ArgumentsOf = inputAsJson, transientOf?: TransientOf) {
  return async (_parent: unknown, args: Readonly<Record<string, unknown>>, context: GatewayContext): Promise<unknown> => {
    const { result } = await ledger.submit(requirePerson(context), transaction, argumentsOf(args), transientOf?.(args));
    return JSON.parse(Buffer.from(result).toString('utf8'));
  };
}
