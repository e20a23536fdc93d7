// A scratch database on the project's PostgreSQL holding a projection made for the test: one lot of GS1 vials
// from one pool of thousands of bags from two stations over three months, as the indexer would have projected
// them. The live network holds no pool, lot or vial yet (their custody story waits out the 90-day hold), so the
// explorer's lineage is shown over this, served by the real gateway code. Dropped on close.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { computeDinCheckCharacter } from '@plasma/chaincode/src/identifiers/din';
import { gs1CheckDigit } from '@plasma/chaincode/src/identifiers/gs1';
import { createPool, databaseUrl, loadConfig, migrate, seedDemoPeople, type DemoPerson } from '@plasma/gateway-api';

export interface ScratchProjection {
  readonly databaseUrl: string;
  readonly people: readonly DemoPerson[];
  readonly lotId: string;
  readonly poolDin: string;
  readonly donationCount: number;
  /** GS1 element strings of the lot's vials. */
  readonly vials: readonly string[];
  drop(): Promise<void>;
}

const GTIN = `0691234567890${gs1CheckDigit('0691234567890')}`;
const TX = 'explorer-test';

export async function scratchProjection(donationCount = 3000, vialCount = 40): Promise<ScratchProjection> {
  const name = `plasma_explorer_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(databaseUrl()), { pathname: `/${name}` }).toString();
  const peopleDir = mkdtempSync(path.join(tmpdir(), 'explorer-people-'));
  const drop = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(peopleDir, { recursive: true, force: true });
  };
  try {
    await migrate(url);
    const lotId = 'ALB-2611-001';
    const poolDin = `G200126${'900001'}`;
    const vials = Array.from({ length: vialCount }, (_, i) => `(01)${GTIN}(21)V${String(i + 1).padStart(5, '0')}`);
    const pool = createPool(url, 2);
    try {
      await seed(pool, { donationCount, lotId, poolDin, vials });
    } finally {
      await pool.end();
    }
    const people = await seedDemoPeople({ ...loadConfig(), databaseUrl: url, demoPeopleFile: path.join(peopleDir, 'demo-people.json') });
    return { databaseUrl: url, people, lotId, poolDin, donationCount, vials, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

async function seed(pool: pg.Pool, { donationCount, lotId, poolDin, vials }: { donationCount: number; lotId: string; poolDin: string; vials: readonly string[] }): Promise<void> {
  await pool.query(`INSERT INTO blocks (channel, number, data_hash, previous_hash, tx_count) VALUES ('test', 0, '', '', 1)`);
  await pool.query(`INSERT INTO transactions (tx_id, channel, block_number, tx_index, validation_code, is_valid, creator_msp, creator_name, endorsers, created_at)
                    VALUES ($1, 'test', 0, 0, 'VALID', true, 'FactoryMSP', 'warehouse1', '{}', now())`, [TX]);
  // Bag n: station A or B by parity, collected in one of three months of 2026, each of a donor of its own.
  const donations = Array.from({ length: donationCount }, (_, n) => {
    const station = n % 2 === 0 ? { msp: 'StationAMSP', fin: 'G1001' } : { msp: 'StationBMSP', fin: 'G1002' };
    const din = `${station.fin}26${String(n + 1).padStart(6, '0')}`;
    const end = new Date(Date.UTC(2026, 5 + (n % 3), 1 + (n % 28), 9, 45)).toISOString();
    const start = new Date(Date.parse(end) - 45 * 60_000).toISOString();
    const record = {
      din, checkCharacter: computeDinCheckCharacter(din), facility: station.fin, productCode: 'E0701V00',
      donorPseudonym: randomBytes(32).toString('hex'), station: station.msp, operator: 'collector1', collectionStart: start, collectionEnd: end,
      volumeMl: 600, deviceSerial: 'PCS2-0042', anticoagulantLot: 'ACD-24117', status: 'pooled', recordedAt: end, recordedTxId: TX, poolDin,
    };
    return record;
  });
  await pool.query(`INSERT INTO donations (din, station, facility, product_code, donor_pseudonym, volume_ml, collection_start, collection_end,
                                           status, operator, recorded_at, updated_tx_id, record, pool_din)
    SELECT r->>'din', r->>'station', r->>'facility', r->>'productCode', r->>'donorPseudonym', (r->>'volumeMl')::int,
           (r->>'collectionStart')::timestamptz, (r->>'collectionEnd')::timestamptz, r->>'status', r->>'operator',
           (r->>'recordedAt')::timestamptz, $1, r, $2
      FROM jsonb_array_elements($3::jsonb) AS r`, [TX, poolDin, JSON.stringify(donations)]);
  const state = (type: string, attributes: readonly string[], value: unknown) => ({ type, attributes, value });
  const rows = [
    ...donations.map((d) => state('donation-pool', [d.din, poolDin], {})),
    state('pool', [poolDin], {
      poolDin, checkCharacter: computeDinCheckCharacter(poolDin), facility: 'G2001', factory: 'FactoryMSP', jurisdiction: 'CN', status: 'closed',
      count: donationCount, volumeMl: donationCount * 600, createdAt: '2026-10-01T08:00:00.000Z', closedAt: '2026-10-01T12:00:00.000Z', lookBackCaseIds: [],
    }),
    state('pool-lot', [poolDin, lotId], {}),
    state('lot-pool', [lotId, poolDin], {}),
    state('lot', [lotId], {
      lotId, factory: 'FactoryMSP', jurisdiction: 'CN', product: { name: 'Human albumin 20 % 50 mL', gtin: GTIN, expiry: '2028-06-30' },
      pools: [poolDin], status: 'in-process', holds: [], openDeviations: [], stepCount: 1, ebrDigest: 'a'.repeat(64), unitCount: vials.length,
      createdAt: '2026-10-02T08:00:00.000Z',
    }),
    ...vials.flatMap((code, i) => [
      state('unit-by-lot', [lotId, code], {}),
      state('unit', [code], { code, scheme: 'gs1', serial: `V${String(i + 1).padStart(5, '0')}`, lotId, status: 'commissioned', commissionedAt: '2026-10-20T08:00:00.000Z' }),
    ]),
  ];
  await pool.query(`INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id)
    SELECT s->>'type', ARRAY(SELECT jsonb_array_elements_text(s->'attributes')), s->'value', $1
      FROM jsonb_array_elements($2::jsonb) AS s`, [TX, JSON.stringify(rows)]);
}
