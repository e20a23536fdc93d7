// Lineage queries on a synthetic projection at production scale, in a scratch database on the project's
// PostgreSQL: 100,000 donations of 25,000 donors in 10 pools of 10,000, 1,000 lots (100 per pool), and
// 20 vials per lot. Measures the gateway's lineage functions (SQL and shaping, no HTTP).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, databaseUrl, dropDatabase, errorStack } from '@plasma/platform';
import { downstreamOfDonor, lineageRepository, migrate, upstreamOfUnit } from '@plasma/gateway-api';

const DONATIONS = 100_000;
const DONORS = 25_000;
const POOLS = 10;
const LOTS = 1_000;
const UNITS_PER_LOT = 20;
const RUNS = 200;

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function timed(name: string, targetMs: number, run: (i: number) => Promise<number>): Promise<void> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    rows = await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 0.95);
  console.log(
    `${name}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target ≤ ${targetMs} ms: ${p95 <= targetMs ? 'met' : 'NOT met'}), ${rows} rows, ${RUNS} runs`,
  );
}

async function seed(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO blocks (channel, number, data_hash, previous_hash, tx_count) VALUES ('bench', 0, '', '', 1)`);
  await pool.query(`INSERT INTO transactions (tx_id, channel, block_number, tx_index, validation_code, is_valid, creator_msp, creator_name, endorsers, created_at)
                    VALUES ('bench', 'bench', 0, 0, 'VALID', true, 'BenchMSP', 'bench', '{}', now())`);
  // Donation n is given by donor n % DONORS into pool n / 10,000 (consecutive donations pool together), so each
  // donor's four donations reach four different pools.
  await pool.query(`INSERT INTO donations (din, station, facility, product_code, donor_pseudonym, volume_ml, collection_start, collection_end,
                                           status, operator, recorded_at, updated_tx_id, record, pool_din)
    SELECT 'G1001' || lpad(n::text, 8, '0'), 'StationAMSP', 'G1001', 'E0701V00', md5('donor' || (n % ${DONORS})) || md5('x' || (n % ${DONORS})),
           580, now() - interval '100 days', now() - interval '100 days' + interval '40 minutes', 'pooled', 'collector1', now(), 'bench', '{}',
           'G2001' || lpad((n / ${DONATIONS / POOLS})::text, 8, '0')
      FROM generate_series(0, ${DONATIONS - 1}) AS n`);
  await pool.query(`INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id)
    SELECT kind, attrs, '{}'::jsonb, 'bench' FROM (
      SELECT 'donation-pool' AS kind, ARRAY['G1001' || lpad(n::text, 8, '0'), 'G2001' || lpad((n / ${DONATIONS / POOLS})::text, 8, '0')] AS attrs FROM generate_series(0, ${DONATIONS - 1}) AS n
      UNION ALL SELECT 'lot-pool', ARRAY['LOT' || l, 'G2001' || lpad((l % ${POOLS})::text, 8, '0')] FROM generate_series(0, ${LOTS - 1}) AS l
      UNION ALL SELECT 'pool-lot', ARRAY['G2001' || lpad((l % ${POOLS})::text, 8, '0'), 'LOT' || l] FROM generate_series(0, ${LOTS - 1}) AS l
      UNION ALL SELECT 'unit-by-lot', ARRAY['LOT' || (u / ${UNITS_PER_LOT}), 'UNIT' || u] FROM generate_series(0, ${LOTS * UNITS_PER_LOT - 1}) AS u
    ) links`);
  await pool.query(`INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id)
    SELECT 'unit', ARRAY['UNIT' || u], jsonb_build_object('lotId', 'LOT' || (u / ${UNITS_PER_LOT})), 'bench'
      FROM generate_series(0, ${LOTS * UNITS_PER_LOT - 1}) AS u`);
  await pool.query('ANALYZE');
}

async function main(): Promise<void> {
  const name = `plasma_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(databaseUrl()), { pathname: `/${name}` }).toString();
  const pool = createPool(url);
  try {
    await migrate(url);
    const seeding = performance.now();
    await seed(pool);
    console.log(
      `seeded ${DONATIONS} donations, ${POOLS} pools, ${LOTS} lots, ${LOTS * UNITS_PER_LOT} units in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
    const lineage = lineageRepository(pool);
    await timed(
      'vial → source donations (lot from one 10,000-donation pool)',
      100,
      async (i) => (await upstreamOfUnit(lineage, `UNIT${(i * 97) % (LOTS * UNITS_PER_LOT)}`))!.donationCount,
    );
    await timed('donor → every affected vial (4 donations in 4 pools → 400 lots)', 200, async (i) => {
      const donor = (i * 131) % DONORS;
      const pseudonym = (await pool.query<{ p: string }>(`SELECT md5('donor' || $1::int) || md5('x' || $1::int) AS p`, [donor])).rows[0]!.p;
      return (await downstreamOfDonor(lineage, pseudonym)).unitCount;
    });
  } finally {
    await pool.end();
    await dropDatabase(admin, name);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(`lineage bench: ${errorStack(error)}`);
  process.exit(1);
});
