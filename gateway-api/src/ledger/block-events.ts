// The events a transaction's block holds, read from the organisation's own peer (as its service identity, which reads
// blocks and nothing more) and parsed as the indexer parses them: what a projected event is proven against.
import { common } from '@hyperledger/fabric-protos';
import type { Topology } from '@plasma/network';
import { type LedgerEvent, type ParsedBlock, parseBlock } from '../indexer/block';
import { openServiceChannel, type ServiceChannel } from '../service-identity';

export interface BlockEvents {
  /**
   * The events of valid transaction `txId` in block `blockNumber`; undefined when that block holds no such transaction,
   * or holds it invalid (anyone may get an invalid transaction, with whatever event, into a block).
   */
  eventsOf(blockNumber: bigint, txId: string): Promise<readonly LedgerEvent[] | undefined>;
  close(): void;
}

/** Blocks kept parsed, newest use last: a trail names a few blocks, an audit of every object the same ones often. */
const REMEMBERED_BLOCKS = 64;

export function blockEvents(topology: Topology, orgName: string): BlockEvents {
  let channel: ServiceChannel | undefined;
  const remembered = new Map<bigint, ParsedBlock>();
  const blockOf = async (blockNumber: bigint): Promise<ParsedBlock> => {
    const known = remembered.get(blockNumber);
    if (known) {
      remembered.delete(blockNumber);
      remembered.set(blockNumber, known);
      return known;
    }
    channel ??= openServiceChannel(topology, orgName);
    const bytes = await channel.network
      .getContract('qscc')
      .evaluateTransaction('GetBlockByNumber', topology.channel, blockNumber.toString());
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
    close() {
      channel?.close();
      channel = undefined;
    },
  };
}
