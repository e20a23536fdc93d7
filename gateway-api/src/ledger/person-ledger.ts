// Ledger transactions signed by the person who acts: their own certificate and key, through a peer of
// their own organisation, so that the ledger itself records who did what. Every step is signed as offline signing
// does it (proposal, transaction, commit-status request, each handed to the actor's signer as bytes), so a key in
// the person's own device and a key the gateway keeps go through one path. The connection hashes with hash.none, so
// each step's "digest" is the very message its signature covers (the signer hashes it), while getBytes() is the
// envelope that carries it to the peers.
import * as grpc from '@grpc/grpc-js';
import { GatewayError as FabricGatewayError, StatusCode, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { CLIENT_REQUEST_TRANSIENT_KEY, type TransactionName } from '@plasma/chaincode';
import type { Topology } from '@plasma/network';
import { ErrorCode, GatewayError } from '../errors';
import { connectUnsigned, errorMessage, refusedByOthersOnly } from '@plasma/platform';
import type { Actor } from '../people/actor';
import type { ActorSigner, Identities } from '../people/identities';
import { commonNameOf } from '../indexer/block';
import type { BlockEvents } from './block-events';
import { firstAnswer } from './first-answer';
import { answeringTransaction, ledgerFailure } from './ledger-failure';
import type { PeerPool } from './peer-pool';

/** A transaction of the chaincode's role matrix, `Contract:Function`, e.g. `Donation:RecordDonation`. */
export type { TransactionName };

export interface SubmittedTransaction {
  readonly transactionId: string;
  readonly result: Uint8Array;
}

/** Transient data by name: given to the endorsers, never written to the transaction (private data, e.g. screening detail). */
export type TransientData = Readonly<Record<string, string>>;

export interface SubmitOptions {
  readonly transient?: TransientData;
  /** The client's name for this request: a repeat of it answers the first answer (ledger/first-answer.ts), doing nothing again. */
  readonly clientRequestId?: string;
}

export interface PersonLedger {
  /**
   * Endorses, orders and waits for the commit; endorses again only when the ledger changed under it (STATE_CHANGED), or
   * when only other organisations' chaincode refused it (LAGGING_PEER_WAITS_MS). Once the
   * transaction may have reached the orderers, a failure to learn its outcome is PENDING, naming the transaction.
   */
  submit(actor: Actor, transaction: TransactionName, args: readonly string[], options?: SubmitOptions): Promise<SubmittedTransaction>;
  evaluate(actor: Actor, transaction: TransactionName, args: readonly string[]): Promise<Uint8Array>;
  /**
   * The first answer of `transaction` if `actor` already sent this request under its clientRequestId; undefined when it
   * was not answered, or carries no id. Asked by evaluating the request on the organisation's own peer, which the
   * chaincode refuses ANSWERED before anything else; `args` carry SIGNATURE_STAND_IN where the request carried
   * signatures (a signed step is asked about before anything is signed: once it committed, its record cannot be signed again).
   */
  answered(
    actor: Actor,
    transaction: TransactionName,
    args: readonly string[],
    options: SubmitOptions,
  ): Promise<SubmittedTransaction | undefined>;
}

export interface PersonLedgerOptions {
  readonly topology: Topology;
  readonly peers: PeerPool;
  readonly identities: Identities;
  /** The answer of a committed transaction, as its block holds it: what a repeated request is answered. */
  readonly answers: Pick<BlockEvents, 'answerOf'>;
}

// What commits invalid because the ledger changed between endorsement and commit, writing nothing, so that endorsing
// again reads the new state: an MVCC conflict (the same keys changed), and an endorsement policy failure (a key-level
// policy set meanwhile: a record created by a transaction racing this one, the same request sent twice among them).
const STATE_CHANGED: ReadonlySet<number> = new Set([StatusCode.MVCC_READ_CONFLICT, StatusCode.ENDORSEMENT_POLICY_FAILURE]);
const STATE_CHANGED_ATTEMPTS = 3;
// Waits before endorsing again a transaction only other organisations' peers refused (refusedByOthersOnly: one of them a
// block or two behind), about as long as a block takes to be cut and committed on a loaded machine; then their refusal stands.
const LAGGING_PEER_WAITS_MS = [250, 500, 1_000, 2_000] as const;

interface Signing {
  readonly gateway: Gateway;
  readonly contract: Contract;
  readonly fn: string;
  readonly signer: ActorSigner;
}

export function personLedger(options: Readonly<PersonLedgerOptions>): PersonLedger {
  const { topology, peers, identities, answers } = options;

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
    submit: (actor, transaction, args, { transient = {}, clientRequestId } = {}) =>
      withContract(actor, transaction, async ({ gateway, contract, fn, signer }) => {
        const transientData = transientOf({ transient, clientRequestId });
        let stateChanges = 0;
        let lagWaits = 0;
        for (;;) {
          const proposal = contract.newProposal(fn, { arguments: [...args], ...(transientData ? { transientData } : {}) });
          const transactionId = proposal.getTransactionId();
          const asked = { transaction, transactionId };
          const signedProposal = gateway.newSignedProposal(
            proposal.getBytes(),
            await signer.sign({ ...asked, stage: 'proposal', message: proposal.getDigest() }),
          );
          let endorsed;
          try {
            endorsed = await signedProposal.endorse();
          } catch (error) {
            const first = answeringTransaction(error, signer.mspId);
            if (first !== undefined && clientRequestId !== undefined) {
              return { transactionId: first, result: await firstAnswer(answers, first, requestOf(signer, transaction, clientRequestId)) };
            }
            const wait = LAGGING_PEER_WAITS_MS[lagWaits];
            if (wait === undefined || !refusedByOthersOnly(error, signer.mspId)) throw error;
            lagWaits += 1;
            await new Promise((resolve) => setTimeout(resolve, wait));
            continue;
          }
          const signedTransaction = gateway.newSignedTransaction(
            endorsed.getBytes(),
            await signer.sign({ ...asked, stage: 'transaction', message: endorsed.getDigest() }),
          );
          const submitted = await sentOrPending(transactionId, () => signedTransaction.submit());
          const { status, result } = await outcomeOnceSent(transactionId, async () => {
            const commit = gateway.newSignedCommit(
              submitted.getBytes(),
              await signer.sign({ ...asked, stage: 'commit-status', message: submitted.getDigest() }),
            );
            return { status: await commit.getStatus(), result: submitted.getResult() };
          });
          if (status.successful) return { transactionId, result };
          if (!STATE_CHANGED.has(status.code)) {
            throw new Error(`${transaction} transaction ${transactionId} was invalidated at commit with code ${status.code}`);
          }
          stateChanges += 1;
          if (stateChanges === STATE_CHANGED_ATTEMPTS) {
            throw new GatewayError(ErrorCode.Conflict, `${transaction}: the same records kept changing concurrently; try again`, {
              transactionId,
            });
          }
        }
      }),

    evaluate: (actor, transaction, args) => withContract(actor, transaction, (signing) => evaluated(signing, transaction, args, undefined)),

    answered: async (actor, transaction, args, { transient = {}, clientRequestId }) => {
      if (clientRequestId === undefined) return undefined;
      return withContract(actor, transaction, async (signing) => {
        try {
          // Not answered: the step itself ran, refused for its stand-in signature, writing nothing (an evaluation is never ordered).
          await evaluated(signing, transaction, args, transientOf({ transient, clientRequestId }));
          return undefined;
        } catch (error) {
          const first = answeringTransaction(error, signing.signer.mspId);
          if (first === undefined) return undefined;
          return {
            transactionId: first,
            result: await firstAnswer(answers, first, requestOf(signing.signer, transaction, clientRequestId)),
          };
        }
      });
    },
  };

  /** What a repeat's first transaction must have been: this signer's request of `transaction`, in our chaincode. */
  function requestOf(signer: ActorSigner, transaction: TransactionName, clientRequestId: string) {
    return {
      mspId: signer.mspId,
      commonName: commonNameOf(signer.certificate),
      transaction,
      clientRequestId,
      namespace: topology.chaincode.name,
    };
  }
}

// The orderers' own refusal of a transaction, or a request the peer refused as malformed: nothing was ordered.
const NOT_SENT: ReadonlySet<number> = new Set([
  grpc.status.ABORTED,
  grpc.status.INVALID_ARGUMENT,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.PERMISSION_DENIED,
]);

/**
 * Sends the endorsed transaction to the orderers. A refusal that says nothing was ordered is passed on (as
 * ledgerFailure reads it); any other failure (no answer in time, a connection lost on the way) may hide a transaction
 * the orderers took: PENDING.
 */
async function sentOrPending<T>(transactionId: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof FabricGatewayError && NOT_SENT.has(error.code)) throw error;
    throw pending(transactionId, error);
  }
}

/**
 * Once the transaction may have reached the orderers, a failure to learn its outcome (the peer not answering in time,
 * the person's device not signing the commit-status request) must not read as "try again": it may commit. The client
 * is told PENDING, with the transaction to ask transactionStatus about, or to send again under the same clientRequestId.
 */
async function outcomeOnceSent<T>(transactionId: string, learn: () => Promise<T>): Promise<T> {
  try {
    return await learn();
  } catch (error) {
    throw pending(transactionId, error);
  }
}

const pending = (transactionId: string, error: unknown): GatewayError =>
  new GatewayError(
    ErrorCode.Pending,
    `transaction ${transactionId} was sent to the ordering service, but whether it commits is not known yet (${errorMessage(error)}): ask transactionStatus, or send the mutation again with the same clientRequestId`,
    { transactionId },
  );

/** A proposal of `transaction` signed by the actor's signer and evaluated by the peers: its answer, writing nothing. */
async function evaluated(
  { gateway, contract, fn, signer }: Signing,
  transaction: TransactionName,
  args: readonly string[],
  transientData: Record<string, Uint8Array> | undefined,
): Promise<Uint8Array> {
  const proposal = contract.newProposal(fn, { arguments: [...args], ...(transientData ? { transientData } : {}) });
  const signature = await signer.sign({
    transaction,
    transactionId: proposal.getTransactionId(),
    stage: 'proposal',
    message: proposal.getDigest(),
  });
  return gateway.newSignedProposal(proposal.getBytes(), signature).evaluate();
}

function splitName(transaction: TransactionName): [string, string] {
  const [contract, fn] = transaction.split(':');
  if (!contract || !fn) throw new Error(`a transaction is named Contract:Function, not ${transaction}`);
  return [contract, fn];
}

/** A request's transient data as the peers take it: what it gives, and its clientRequestId under CLIENT_REQUEST_TRANSIENT_KEY. */
function transientOf({ transient = {}, clientRequestId }: SubmitOptions): Record<string, Uint8Array> | undefined {
  const given = { ...transient, ...(clientRequestId === undefined ? {} : { [CLIENT_REQUEST_TRANSIENT_KEY]: clientRequestId }) };
  if (Object.keys(given).length === 0) return undefined;
  return Object.fromEntries(Object.entries(given).map(([name, value]) => [name, Buffer.from(value, 'utf8')]));
}
