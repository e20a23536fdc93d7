// Writes blocks into PostgreSQL, each with every transaction (valid or not, read or kept raw), every event with
// the objects it names, the projected state and the checkpoint, atomically. A block is written exactly once: the
// checkpoint row is locked and compared first, and every row has a unique key besides. A block is written only
// when it names the hash of the block before it.
import type { Pool, PoolClient } from 'pg';
import { isObjectType, objectStateKey } from '@plasma/chaincode';
import type { BlockTransaction, ParsedBlock } from './block';
import { assertLinked, blockHeaderHash } from './chain';
import { projectWrites } from '../projection';

/** PostgreSQL notification channel on which each indexed block is announced. */
export const BLOCK_INDEXED_CHANNEL = 'block_indexed';

export async function nextBlock(pool: Pool, channel: string): Promise<bigint> {
  const { rows } = await pool.query<{ next_block: string }>('SELECT next_block FROM indexer_checkpoint WHERE channel = $1', [channel]);
  return BigInt(rows[0]?.next_block ?? 0);
}

/**
 * Writes consecutive blocks in one database transaction (one while following the chain live, many while catching
 * up, when a commit per block would cost more than the blocks). Returns the blocks written: those already indexed
 * (a replay after a crash or reconnect) are skipped. Throws a ChainIntegrityError, having written nothing, when a
 * block does not name the hash of the one before it (as indexed, or in the run).
 */
export async function writeBlocks(pool: Pool, channel: string, blocks: readonly ParsedBlock[]): Promise<ParsedBlock[]> {
  const client = await pool.connect();
  // A checked-out client reports a lost server both by rejecting the query and as an 'error' event; the
  // rejection is handled below, the event must not crash the process.
  const ignoreLostConnection = (): void => undefined;
  client.on('error', ignoreLostConnection);
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO indexer_checkpoint (channel, next_block) VALUES ($1, 0) ON CONFLICT DO NOTHING', [channel]);
    const { rows } = await client.query<{ next_block: string }>('SELECT next_block FROM indexer_checkpoint WHERE channel = $1 FOR UPDATE', [
      channel,
    ]);
    let expected = BigInt(rows[0]!.next_block);
    const written: ParsedBlock[] = [];
    for (const block of blocks) {
      if (block.number < expected) continue;
      if (block.number > expected)
        throw new Error(`block ${block.number} arrived while block ${expected} was expected: refusing to leave a gap`);
      written.push(block);
      expected += 1n;
    }
    if (written.length === 0) {
      await client.query('ROLLBACK');
      return written;
    }
    assertLinked(written, await indexedBlockHash(client, channel, written[0]!.number - 1n));
    await insertBlocks(client, channel, written);
    await client.query(
      'UPDATE indexer_checkpoint SET next_block = $2, updated_at = now(), halted_reason = NULL, halted_at = NULL WHERE channel = $1',
      [channel, expected.toString()],
    );
    // Delivered to listeners (the gateway's subscriptions) only when the blocks are committed.
    for (const block of written) {
      await client.query('SELECT pg_notify($1, $2)', [
        BLOCK_INDEXED_CHANNEL,
        JSON.stringify({ channel, number: Number(block.number), transactions: block.transactions.length }),
      ]);
    }
    await client.query('COMMIT');
    return written;
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    failed = !rolledBack; // a connection that cannot even roll back is dropped, not returned to the pool
    throw error;
  } finally {
    client.removeListener('error', ignoreLostConnection);
    client.release(failed);
  }
}

/**
 * The hash of an indexed block, which the next block must name. Unknown for the first block a database holds (an
 * indexer started from the ledger's height has nothing before it); computed from the row's own fields for blocks
 * indexed before their hash was stored.
 */
async function indexedBlockHash(
  client: PoolClient,
  channel: string,
  number: bigint,
): Promise<{ number: bigint; hash: string } | undefined> {
  if (number < 0n) return undefined;
  const { rows } = await client.query<{ hash: string | null; previous_hash: string; data_hash: string }>(
    'SELECT hash, previous_hash, data_hash FROM blocks WHERE channel = $1 AND number = $2',
    [channel, number.toString()],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return { number, hash: row.hash ?? blockHeaderHash({ number, previousHash: row.previous_hash, dataHash: row.data_hash }) };
}

/**
 * Records why the indexer stopped for good, outside any block's transaction (that one was rolled back), for the
 * gateway's networkStatus and whoever looks at the database. The next block written clears it.
 */
export async function recordHalt(pool: Pool, channel: string, reason: string): Promise<void> {
  await pool.query(
    `INSERT INTO indexer_checkpoint (channel, next_block, halted_reason, halted_at) VALUES ($1, 0, $2, now())
     ON CONFLICT (channel) DO UPDATE SET halted_reason = EXCLUDED.halted_reason, halted_at = EXCLUDED.halted_at`,
    [channel, reason],
  );
}

/** One statement per table for a whole run of blocks: round trips, not rows, are what catching up costs. */
async function insertBlocks(client: PoolClient, channel: string, blocks: readonly ParsedBlock[]): Promise<void> {
  await client.query(
    `INSERT INTO blocks (channel, number, hash, data_hash, previous_hash, tx_count)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[])`,
    [
      channel,
      blocks.map((b) => b.number.toString()),
      blocks.map((b) => b.hash),
      blocks.map((b) => b.dataHash),
      blocks.map((b) => b.previousHash),
      blocks.map((b) => b.transactions.length),
    ],
  );
  const txs = blocks.flatMap((block) => block.transactions.map((tx) => ({ block: block.number, tx })));
  if (txs.length === 0) return;
  await client.query(
    `INSERT INTO transactions (tx_id, channel, block_number, tx_index, validation_code, is_valid, creator_msp, creator_name,
                               endorsers, chaincode, function_name, created_at, parse_error, raw_envelope, creator_certificate_sha256,
                               creator_printed_name)
     SELECT t.tx_id, $1, t.block_number, t.tx_index, t.code, t.valid, t.msp, t.name, ARRAY(SELECT jsonb_array_elements_text(t.endorsers)), t.chaincode, t.fcn, t.created,
            t.parse_error, t.envelope, t.certificate, t.printed_name
       FROM unnest($2::text[], $3::bigint[], $4::int[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[],
                   $13::text[], $14::bytea[], $15::text[], $16::text[])
         AS t(tx_id, block_number, tx_index, code, valid, msp, name, endorsers, chaincode, fcn, created, parse_error, envelope, certificate, printed_name)
     ON CONFLICT (tx_id) DO NOTHING`,
    [
      channel,
      txs.map((t) => t.tx.txId),
      txs.map((t) => t.block.toString()),
      txs.map((t) => t.tx.index),
      txs.map((t) => t.tx.validationCode),
      txs.map((t) => t.tx.isValid),
      txs.map((t) => t.tx.creatorMsp),
      txs.map((t) => t.tx.creatorName),
      txs.map((t) => JSON.stringify(t.tx.endorsers)),
      txs.map((t) => t.tx.chaincode),
      txs.map((t) => t.tx.functionName),
      txs.map((t) => t.tx.createdAt.toISOString()),
      txs.map((t) => t.tx.unparsed?.error ?? null),
      txs.map((t) => (t.tx.unparsed ? Buffer.from(t.tx.unparsed.envelope) : null)),
      txs.map((t) => t.tx.creatorCertificateSha256),
      txs.map((t) => t.tx.creatorPrintedName),
    ],
  );
  // An invalid transaction changed nothing: its row above says why, and it has no events or state. One kept raw
  // has none either (the peer may have found it valid, but what it wrote could not be read).
  const valid = txs.map((t) => t.tx).filter((tx) => tx.isValid && !tx.unparsed);
  const events = valid.flatMap((tx) => tx.events.map((event) => ({ tx, event })));
  if (events.length > 0) {
    await client.query(
      `INSERT INTO ledger_events (tx_id, name, object_key, payload, emitted_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
       ON CONFLICT (tx_id) DO NOTHING`,
      [
        events.map((e) => e.tx.txId),
        events.map((e) => e.event.name),
        events.map((e) => e.event.payload.key ?? ''),
        events.map((e) => JSON.stringify(e.event.payload)),
        events.map((e) => e.tx.createdAt.toISOString()),
      ],
    );
    const objects = events.flatMap((e) => {
      const written = writtenRecords(e.tx);
      return eventObjects(e.event).map((o, index) => ({ txId: e.tx.txId, ...o, main: index === 0, record: written(o) }));
    });
    if (objects.length > 0) {
      await client.query(
        `INSERT INTO event_objects (tx_id, object_type, object_id, is_main, record)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::jsonb[]) ON CONFLICT DO NOTHING`,
        [
          objects.map((o) => o.txId),
          objects.map((o) => o.type),
          objects.map((o) => o.id),
          objects.map((o) => o.main),
          objects.map((o) => (o.record === null ? null : JSON.stringify(o.record))),
        ],
      );
    }
  }
  await projectWrites(
    client,
    valid.flatMap((tx) => tx.writes.map((write) => ({ write, txId: tx.txId }))),
  );
}

/** The record `tx` wrote for an object its event names, by the object's key (objectStateKey); null where it wrote none. */
function writtenRecords(tx: BlockTransaction): (object: { type: string; id: string }) => unknown {
  const byKey = new Map(tx.writes.map((w) => [JSON.stringify([w.objectType, ...w.attributes]), w.value]));
  return ({ type, id }) => {
    if (!isObjectType(type)) return null;
    const { keyType, attributes } = objectStateKey(type, id);
    return byKey.get(JSON.stringify([keyType, ...attributes])) ?? null;
  };
}

/** The objects an event lists (main object first); events that predate the list name only their key. */
function eventObjects(event: BlockTransaction['events'][number]): { type: string; id: string }[] {
  const listed = event.payload.objects;
  if (Array.isArray(listed)) {
    return listed.filter((o: unknown): o is { type: string; id: string } => {
      const { type, id } = (o ?? {}) as { type?: unknown; id?: unknown };
      return typeof type === 'string' && typeof id === 'string';
    });
  }
  return [];
}
