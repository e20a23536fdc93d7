// Writes one block into PostgreSQL in one database transaction: the block, every transaction (valid or
// not), every event with the objects it names, the projected state and the checkpoint. A block is written exactly once:
// the checkpoint row is locked and compared first, and every row has a unique key besides.
import type { Pool, PoolClient } from 'pg';
import type { BlockTransaction, ParsedBlock } from './block';
import { projectWrites } from '../projection';

/** PostgreSQL notification channel on which each indexed block is announced. */
export const BLOCK_INDEXED_CHANNEL = 'block_indexed';

export async function nextBlock(pool: Pool, channel: string): Promise<bigint> {
  const { rows } = await pool.query<{ next_block: string }>('SELECT next_block FROM indexer_checkpoint WHERE channel = $1', [channel]);
  return BigInt(rows[0]?.next_block ?? 0);
}

/** Returns false when the block was already indexed (a replay after a crash or reconnect). */
export async function writeBlock(pool: Pool, channel: string, block: ParsedBlock): Promise<boolean> {
  const client = await pool.connect();
  // A checked-out client reports a lost server both by rejecting the query and as an 'error' event; the
  // rejection is handled below, the event must not crash the process.
  const ignoreLostConnection = (): void => undefined;
  client.on('error', ignoreLostConnection);
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO indexer_checkpoint (channel, next_block) VALUES ($1, 0) ON CONFLICT DO NOTHING', [channel]);
    const { rows } = await client.query<{ next_block: string }>('SELECT next_block FROM indexer_checkpoint WHERE channel = $1 FOR UPDATE', [channel]);
    const expected = BigInt(rows[0]!.next_block);
    if (block.number < expected) {
      await client.query('ROLLBACK');
      return false;
    }
    if (block.number > expected) throw new Error(`block ${block.number} arrived while block ${expected} was expected: refusing to leave a gap`);

    await client.query(
      'INSERT INTO blocks (channel, number, data_hash, previous_hash, tx_count) VALUES ($1, $2, $3, $4, $5)',
      [channel, block.number.toString(), block.dataHash, block.previousHash, block.transactions.length],
    );
    await insertTransactions(client, channel, block);
    for (const tx of block.transactions) {
      if (!tx.isValid) continue; // an invalid transaction changed nothing; its row above says why
      for (const event of tx.events) await insertEvent(client, tx, event);
      await projectWrites(client, tx.writes, tx.txId);
    }
    await client.query('UPDATE indexer_checkpoint SET next_block = $2, updated_at = now() WHERE channel = $1', [channel, (block.number + 1n).toString()]);
    // Delivered to listeners (the gateway's subscriptions) only when the block is committed.
    await client.query('SELECT pg_notify($1, $2)', [BLOCK_INDEXED_CHANNEL, JSON.stringify({ channel, number: Number(block.number), transactions: block.transactions.length })]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
    failed = !rolledBack; // a connection that cannot even roll back is dropped, not returned to the pool
    throw error;
  } finally {
    client.removeListener('error', ignoreLostConnection);
    client.release(failed);
  }
}

/** One statement for all of a block's transactions. */
async function insertTransactions(client: PoolClient, channel: string, block: ParsedBlock): Promise<void> {
  const txs = block.transactions;
  if (txs.length === 0) return;
  await client.query(
    `INSERT INTO transactions (tx_id, channel, block_number, tx_index, validation_code, is_valid, creator_msp, creator_name,
                               endorsers, chaincode, function_name, created_at)
     SELECT t.tx_id, $1, $2, t.tx_index, t.code, t.valid, t.msp, t.name, ARRAY(SELECT jsonb_array_elements_text(t.endorsers)), t.chaincode, t.fcn, t.created
       FROM unnest($3::text[], $4::int[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[])
         AS t(tx_id, tx_index, code, valid, msp, name, endorsers, chaincode, fcn, created)
     ON CONFLICT (tx_id) DO NOTHING`,
    [
      channel, block.number.toString(),
      txs.map((t) => t.txId), txs.map((t) => t.index), txs.map((t) => t.validationCode), txs.map((t) => t.isValid),
      txs.map((t) => t.creatorMsp), txs.map((t) => t.creatorName), txs.map((t) => JSON.stringify(t.endorsers)),
      txs.map((t) => t.chaincode), txs.map((t) => t.functionName), txs.map((t) => t.createdAt.toISOString()),
    ],
  );
}

async function insertEvent(client: PoolClient, tx: BlockTransaction, event: BlockTransaction['events'][number]): Promise<void> {
  await client.query(
    'INSERT INTO ledger_events (tx_id, name, object_key, payload, emitted_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tx_id) DO NOTHING',
    [tx.txId, event.name, String(event.payload.key ?? ''), JSON.stringify(event.payload), tx.createdAt.toISOString()],
  );
  const objects = eventObjects(event);
  if (objects.length > 0) {
    await client.query(
      `INSERT INTO event_objects (tx_id, object_type, object_id, is_main)
       SELECT $1, o.type, o.id, o.index = 1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS o(type, id, index)
       ON CONFLICT DO NOTHING`,
      [tx.txId, objects.map((o) => o.type), objects.map((o) => o.id)],
    );
  }
}

/** The objects an event lists (main object first); events that predate the list name only their key. */
function eventObjects(event: BlockTransaction['events'][number]): { type: string; id: string }[] {
  const listed = event.payload.objects;
  if (Array.isArray(listed)) {
    return listed.filter((o): o is { type: string; id: string } => typeof o?.type === 'string' && typeof o?.id === 'string');
  }
  return [];
}
