// Ledger transactions signed by the person who acts: their own certificate and key, through a peer of
// their own organisation, so that the ledger itself records who did what.
import { StatusCode, type Contract } from '@hyperledger/fabric-gateway';
import type { TransactionName } from '@plasma/chaincode';
import type { Topology } from '@plasma/network';
import { ErrorCode, GatewayError } from '../errors';
import { connectAs } from '@plasma/platform';
import type { Identities } from '../people/identities';
import type { Person } from '../people/person';
import { ledgerFailure } from './ledger-failure';
import type { PeerPool } from './peer-pool';

/** A transaction of the chaincode's role matrix, `Contract:Function`, e.g. `Donation:RecordDonation`. */
export type { TransactionName };

export interface SubmittedTransaction {
  readonly transactionId: string;
  readonly result: Uint8Array;
}

/** Transient data by name: given to the endorsers, never written to the transaction (private data, e.g. screening detail). */
export type TransientData = Readonly<Record<string, string>>;

export interface PersonLedger {
  /** Endorses, orders and waits for the commit; retries only when another transaction changed the same keys. */
  submit(person: Person, transaction: TransactionName, args: readonly string[], transient?: TransientData): Promise<SubmittedTransaction>;
  evaluate(person: Person, transaction: TransactionName, args: readonly string[]): Promise<Uint8Array>;
}

export interface PersonLedgerOptions {
  readonly topology: Topology;
  readonly peers: PeerPool;
  readonly identities: Identities;
}

// An MVCC conflict means the same keys changed between endorsement and commit: endorsing again reads the new state.
const MVCC_ATTEMPTS = 3;

export function personLedger(options: Readonly<PersonLedgerOptions>): PersonLedger {
  const { topology, peers, identities } = options;

  const withContract = async <T>(
    person: Person,
    transaction: TransactionName,
    use: (contract: Contract, fn: string) => Promise<T>,
  ): Promise<T> => {
    const [contractName, fn] = splitName(transaction);
    const gateway = connectAs(peers.connectionFor(person.org), await identities.identityOf(person));
    try {
      const contract = gateway.getNetwork(topology.channel).getContract(topology.chaincode.name, contractName);
      return await use(contract, fn);
    } catch (error) {
      throw ledgerFailure(error);
    } finally {
      gateway.close();
    }
  };

  return {
    submit: (person, transaction, args, transient) =>
      withContract(person, transaction, async (contract, fn) => {
        const transientData =
          transient && Object.fromEntries(Object.entries(transient).map(([name, value]) => [name, Buffer.from(value, 'utf8')]));
        for (let attempt = 1; ; attempt += 1) {
          const submitted = await contract.submitAsync(fn, { arguments: [...args], ...(transientData ? { transientData } : {}) });
          const status = await submitted.getStatus();
          if (status.successful) return { transactionId: status.transactionId, result: submitted.getResult() };
          if (status.code !== StatusCode.MVCC_READ_CONFLICT) {
            throw new Error(`${transaction} transaction ${status.transactionId} was invalidated at commit with code ${status.code}`);
          }
          if (attempt === MVCC_ATTEMPTS) {
            throw new GatewayError(ErrorCode.Conflict, `${transaction}: the same records kept changing concurrently; try again`, {
              transactionId: status.transactionId,
            });
          }
        }
      }),

    evaluate: (person, transaction, args) =>
      withContract(person, transaction, (contract, fn) => contract.evaluate(fn, { arguments: [...args] })),
  };
}

function splitName(transaction: TransactionName): [string, string] {
  const [contract, fn] = transaction.split(':');
  if (!contract || !fn) throw new Error(`a transaction is named Contract:Function, not ${transaction}`);
  return [contract, fn];
}
