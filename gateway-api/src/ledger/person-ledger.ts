// Ledger transactions signed by the person who acts: their own certificate and key, through a peer of
// their own organisation, so that the ledger itself records who did what. Every step is signed as offline signing
// does it (proposal, transaction, commit-status request, each handed to the actor's signer as bytes), so a key in
// the person's own device and a key the gateway keeps go through one path. The connection hashes with hash.none, so
// each step's "digest" is the very message its signature covers (the signer hashes it), while getBytes() is the
// envelope that carries it to the peers.
import { StatusCode, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import type { TransactionName } from '@plasma/chaincode';
import type { Topology } from '@plasma/network';
import { ErrorCode, GatewayError } from '../errors';
import { connectUnsigned } from '@plasma/platform';
import type { Actor } from '../people/actor';
import type { ActorSigner, Identities } from '../people/identities';
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
  submit(actor: Actor, transaction: TransactionName, args: readonly string[], transient?: TransientData): Promise<SubmittedTransaction>;
  evaluate(actor: Actor, transaction: TransactionName, args: readonly string[]): Promise<Uint8Array>;
}

export interface PersonLedgerOptions {
  readonly topology: Topology;
  readonly peers: PeerPool;
  readonly identities: Identities;
}

// An MVCC conflict means the same keys changed between endorsement and commit: endorsing again reads the new state.
const MVCC_ATTEMPTS = 3;

interface Signing {
  readonly gateway: Gateway;
  readonly contract: Contract;
  readonly fn: string;
  readonly signer: ActorSigner;
}

export function personLedger(options: Readonly<PersonLedgerOptions>): PersonLedger {
  const { topology, peers, identities } = options;

  const withContract = async <T>(actor: Actor, transaction: TransactionName, use: (signing: Signing) => Promise<T>): Promise<T> => {
    const [contractName, fn] = splitName(transaction);
    const signer = await identities.signerOf(actor);
    const gateway = connectUnsigned(peers.connectionFor(actor.person.org), {
      mspId: signer.mspId,
      certificate: Buffer.from(signer.certificate),
    });
    try {
      const contract = gateway.getNetwork(topology.channel).getContract(topology.chaincode.name, contractName);
      return await use({ gateway, contract, fn, signer });
    } catch (error) {
      throw ledgerFailure(error);
    } finally {
      gateway.close();
    }
  };

  return {
    submit: (actor, transaction, args, transient) =>
      withContract(actor, transaction, async ({ gateway, contract, fn, signer }) => {
        const transientData =
          transient && Object.fromEntries(Object.entries(transient).map(([name, value]) => [name, Buffer.from(value, 'utf8')]));
        for (let attempt = 1; ; attempt += 1) {
          const proposal = contract.newProposal(fn, { arguments: [...args], ...(transientData ? { transientData } : {}) });
          const transactionId = proposal.getTransactionId();
          const asked = { transaction, transactionId };
          const signedProposal = gateway.newSignedProposal(
            proposal.getBytes(),
            await signer.sign({ ...asked, stage: 'proposal', message: proposal.getDigest() }),
          );
          const endorsed = await signedProposal.endorse();
          const signedTransaction = gateway.newSignedTransaction(
            endorsed.getBytes(),
            await signer.sign({ ...asked, stage: 'transaction', message: endorsed.getDigest() }),
          );
          const submitted = await signedTransaction.submit();
          const status = await outcomeOnceSent(transactionId, async () => {
            const commit = gateway.newSignedCommit(
              submitted.getBytes(),
              await signer.sign({ ...asked, stage: 'commit-status', message: submitted.getDigest() }),
            );
            return commit.getStatus();
          });
          if (status.successful) return { transactionId, result: submitted.getResult() };
          if (status.code !== StatusCode.MVCC_READ_CONFLICT) {
            throw new Error(`${transaction} transaction ${transactionId} was invalidated at commit with code ${status.code}`);
          }
          if (attempt === MVCC_ATTEMPTS) {
            throw new GatewayError(ErrorCode.Conflict, `${transaction}: the same records kept changing concurrently; try again`, {
              transactionId,
            });
          }
        }
      }),

    evaluate: (actor, transaction, args) =>
      withContract(actor, transaction, async ({ gateway, contract, fn, signer }) => {
        const proposal = contract.newProposal(fn, { arguments: [...args] });
        const signature = await signer.sign({
          transaction,
          transactionId: proposal.getTransactionId(),
          stage: 'proposal',
          message: proposal.getDigest(),
        });
        return gateway.newSignedProposal(proposal.getBytes(), signature).evaluate();
      }),
  };
}

/**
 * Once the orderers took the transaction, a failure to learn its outcome (the peer, the database holding a pending
 * signature, the person's device) must not read as "try again": it may be committed. The client is told so, with the
 * transaction's id to look up first.
 */
async function outcomeOnceSent<T>(transactionId: string, learn: () => Promise<T>): Promise<T> {
  try {
    return await learn();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError(
      ErrorCode.LedgerUnavailable,
      `transaction ${transactionId} was sent to the ordering service, but whether it committed is not known: look it up before trying again`,
      { transactionId },
    );
  }
}

function splitName(transaction: TransactionName): [string, string] {
  const [contract, fn] = transaction.split(':');
  if (!contract || !fn) throw new Error(`a transaction is named Contract:Function, not ${transaction}`);
  return [contract, fn];
}
