// What the organisation's blocks hold, read from its own peer (as its service identity, which reads blocks and nothing
// more) and parsed as the indexer parses them: a transaction's events, what a projected event is proven against; a
// transaction's answer, what a repeated request is answered (access/client-request.ts keeps no copy); and how many
// blocks that peer holds, against which the projection's own height is seen to lag.
import { common, peer } from '@hyperledger/fabric-protos';
import { organisation, type Topology } from '@plasma/network';
import { ledgerErrorMessage } from '@plasma/platform';
import { type AnsweredTransaction, answeredTransaction, type LedgerEvent, type ParsedBlock, parseBlock } from '../indexer/block';
import { ledgerHeight } from '../indexer/indexer';
import { openServiceChannel, type ServiceChannel } from '../service-identity';

export interface BlockEvents {
  /**
   * The events of valid transaction `txId` in block `blockNumber`; undefined when that block holds no such transaction,
   * or holds it invalid (anyone may get an invalid transaction, with whatever event, into a block).
   */
  eventsOf(blockNumber: bigint, txId: string): Promise<readonly LedgerEvent[] | undefined>;
  /**
   * Valid transaction `txId` as its client was answered, from its block on the organisation's own peer (no other's);
   * undefined while that peer holds no such transaction; fails for one not committed valid.
   */
  answerOf(txId: string): Promise<AnsweredTransaction | undefined>;
  /** The number of blocks the organisation's peer holds now. */
  height(): Promise<number>;
  close(): void;
}

/** qscc's answer for a transaction its peer has not (yet) committed. */
const NO_SUCH_TRANSACTION = /no such transaction ID/i;

/** Blocks kept parsed, newest use last: a trail names a few blocks, an audit of every object the same ones often. */
const REMEMBERED_BLOCKS = 64;

export function blockEvents(topology: Topology, orgName: string): BlockEvents {
  let channel: ServiceChannel | undefined;
  const remembered = new Map<bigint, ParsedBlock>();
  const ownMspId = organisation(topology, orgName).mspId;
  const network = () => (channel ??= openServiceChannel(topology, orgName)).network;
  const blockOf = async (blockNumber: bigint): Promise<ParsedBlock> => {
    const known = remembered.get(blockNumber);
    if (known) {
      remembered.delete(blockNumber);
      remembered.set(blockNumber, known);
      return known;
    }
    const bytes = await network().getContract('qscc').evaluateTransaction('GetBlockByNumber', topology.channel, blockNumber.toString());
    const block = parseBlock(common.Block.deserializeBinary(bytes), { namespace: topology.chaincode.name });
    remembered.set(blockNumber, block);
    const oldest = remembered.keys().next();
    if (remembered.size > REMEMBERED_BLOCKS && !oldest.done) remembered.delete(oldest.value);
    return block;
  };
  return {
    async eventsOf(blockNumber, txId) {
      const transaction = (await blockOf(blockNumber)).transactions.find((t) => t.txId === txId);
      return transaction?.isValid ? transaction.events : undefined;
    },
    async answerOf(txId) {
      let bytes: Uint8Array;
      try {
        // Pinned to the organisation's own peers: the gateway would otherwise ask another organisation's when its own fails.
        bytes = await network()
          .getContract('qscc')
          .evaluate('GetTransactionByID', { arguments: [topology.channel, txId], endorsingOrganizations: [ownMspId] });
      } catch (error) {
        if (NO_SUCH_TRANSACTION.test(ledgerErrorMessage(error))) return undefined;
        throw error;
      }
      const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
      if (processed.getValidationcode() !== peer.TxValidationCode.VALID) {
        throw new Error(`transaction ${txId} was not committed valid (validation code ${processed.getValidationcode()})`);
      }
      return answeredTransaction(processed.getTransactionenvelope()!.serializeBinary(), { namespace: topology.chaincode.name });
    },
    async height() {
      return Number(await ledgerHeight(network()));
    },
    close() {
      channel?.close();
      channel = undefined;
    },
  };
}
