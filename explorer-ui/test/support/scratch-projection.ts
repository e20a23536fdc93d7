// A scratch database on the project's PostgreSQL holding a projection made for the test: one lot of GS1 vials
// from one pool of thousands of bags from two stations over three months, as the indexer would have projected
// them, with the release and distribution story of scratch-release-story.ts around it. The network's demo story
// has four bags; the explorer's grouping of thousands is shown over this, served by the real gateway code.
// Dropped on close.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { computeDinCheckCharacter, gs1CheckDigit, newPool, newShipment, newUnit } from '@plasma/chaincode';
import { createPool } from '@plasma/platform';
import type { DemoPerson } from '@plasma/gateway-api';
import { freshDatabase } from '@plasma/testkit/gateway';
import { seedScratchPeople } from './demo-people';
import { releaseStory, type ReleaseStory, type StateRow } from './scratch-release-story';

export interface ScratchProjection {
  readonly databaseUrl: string;
  readonly people: readonly DemoPerson[];
  readonly lotId: string;
  readonly poolDin: string;
  readonly donationCount: number;
  /** GS1 element strings of the lot's vials. */
  readonly vials: readonly string[];
  /** The pool's NAT, the lots' batch records, QC, releases, cases and shipments, and a look-back (scratch-release-story.ts). */
  readonly story: ReleaseStory;
  drop(): Promise<void>;
}

const GTIN = `0691234567890${gs1CheckDigit('0691234567890')}`;
const TX = 'explorer-test';
const ROOT = 'ab'.repeat(32);
/** The factory's warehouse's change stamp of the scratch transaction. */
const stamp = (at: string, transaction: string) => ({
  txId: TX,
  at,
  by: { mspId: 'FactoryMSP', name: 'warehouse1', role: 'warehouse' },
  transaction,
});

export async function scratchProjection(donationCount = 3000, vialCount = 40): Promise<ScratchProjection> {
  const database = await freshDatabase();
  const { url } = database;
  const peopleDir = mkdtempSync(path.join(tmpdir(), 'explorer-people-'));
  const drop = async (): Promise<void> => {
    await database.drop();
    rmSync(peopleDir, { recursive: true, force: true });
  };
  try {
    const lotId = 'ALB-2611-001';
    const poolDin = 'G200126900001';
    const vials = Array.from({ length: vialCount }, (_, i) => `(01)${GTIN}(21)V${String(i + 1).padStart(5, '0')}`);
    const pool = createPool(url, 2);
    let story: ReleaseStory;
    try {
      story = await seed(pool, { donationCount, lotId, poolDin, vials });
    } finally {
      await pool.end();
    }
    const people = await seedScratchPeople(url, peopleDir);
    await storeDocuments(url, story.parameterDocuments);
    return { databaseUrl: url, people, lotId, poolDin, donationCount, vials, story, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The steps' parameter exports, stored as the gateway's storeDocument stores them: canonical bytes under their SHA-256, by qa1. */
async function storeDocuments(url: string, documents: ReleaseStory['parameterDocuments']): Promise<void> {
  const pool = createPool(url, 1);
  try {
    for (const d of documents) {
      await pool.query(
        `INSERT INTO documents (sha256, media_type, file_name, content, size_bytes, stored_by)
         SELECT $1, 'application/json', $2, $3, $4, id FROM people WHERE username = 'qa1' AND org = 'Factory'`,
        [d.sha256, d.fileName, d.content, d.content.length],
      );
    }
  } finally {
    await pool.end();
  }
}

async function seed(
  pool: pg.Pool,
  { donationCount, lotId, poolDin, vials }: { donationCount: number; lotId: string; poolDin: string; vials: readonly string[] },
): Promise<ReleaseStory> {
  await pool.query(`INSERT INTO blocks (channel, number, data_hash, previous_hash, tx_count) VALUES ('test', 0, '', '', 1)`);
  await pool.query(
    `INSERT INTO transactions (tx_id, channel, block_number, tx_index, validation_code, is_valid, creator_msp, creator_name, endorsers, created_at)
                    VALUES ($1, 'test', 0, 0, 'VALID', true, 'FactoryMSP', 'warehouse1', '{}', now())`,
    [TX],
  );
  // Bag n: station A or B by parity, collected in one of three months of 2026, each of a donor of its own, shipped to
  // the factory with up to 100 others of its station (the factory reads the donations shipped to it).
  const bags = (pool: string, count: number, first: number) =>
    Array.from({ length: count }, (_, i) => {
      const n = first + i;
      const station = n % 2 === 0 ? { msp: 'StationAMSP', fin: 'G1001' } : { msp: 'StationBMSP', fin: 'G1002' };
      const din = `${station.fin}26${String(n + 1).padStart(6, '0')}`;
      const end = new Date(Date.UTC(2026, 5 + (n % 3), 1 + (n % 28), 9, 45)).toISOString();
      const start = new Date(Date.parse(end) - 45 * 60_000).toISOString();
      return {
        din,
        checkCharacter: computeDinCheckCharacter(din),
        facility: station.fin,
        productCode: 'E0701V00',
        donorPseudonym: randomBytes(32).toString('hex'),
        station: station.msp,
        operator: 'collector1',
        collectionStart: start,
        collectionEnd: end,
        volumeMl: 600,
        deviceSerial: 'PCS2-0042',
        anticoagulantLot: 'ACD-24117',
        status: 'pooled',
        shipmentId: `${station.fin}-SCR-${Math.floor(n / 200)}`,
        recordedAt: end,
        recordedTxId: TX,
        poolDin: pool,
      };
    });
  // The pool of the released lot: small, and holding the bag of the donor the look-back is about.
  const releasedPoolDin = 'G200126900002';
  const donations = [...bags(poolDin, donationCount, 0), ...bags(releasedPoolDin, 12, 800_000)];
  const donor = donations.at(-1)!;
  donor.status = 'interdicted';
  await pool.query(
    `INSERT INTO donations (din, station, facility, product_code, donor_pseudonym, volume_ml, collection_start, collection_end,
                                           status, operator, recorded_at, updated_tx_id, record, pool_din)
    SELECT r->>'din', r->>'station', r->>'facility', r->>'productCode', r->>'donorPseudonym', (r->>'volumeMl')::int,
           (r->>'collectionStart')::timestamptz, (r->>'collectionEnd')::timestamptz, r->>'status', r->>'operator',
           (r->>'recordedAt')::timestamptz, $1, r, r->>'poolDin'
      FROM jsonb_array_elements($2::jsonb) AS r`,
    [TX, JSON.stringify(donations)],
  );
  const state = (type: string, attributes: readonly string[], value: unknown): StateRow => ({ type, attributes, value });
  const shipments = new Map<string, typeof donations>();
  for (const d of donations) shipments.set(d.shipmentId, [...(shipments.get(d.shipmentId) ?? []), d]);
  const story = releaseStory({
    tx: TX,
    poolDin,
    releasedPoolDin,
    gtin: GTIN,
    donor: { pseudonym: donor.donorPseudonym, din: donor.din, collectedAt: donor.collectionStart },
    inProcessLotId: lotId,
    inProcessUnitCount: vials.length,
  });
  const rows = [
    ...donations.map((d) => state('donation-pool', [d.din, d.poolDin], {})),
    ...[...shipments].map(([shipmentId, shipped]) =>
      state(
        'shipment',
        [shipmentId],
        newShipment({
          shipmentId,
          station: shipped[0]!.station,
          destination: 'FactoryMSP',
          dins: shipped.map((d) => d.din).sort(),
          count: shipped.length,
          volumeMl: shipped.length * 600,
          temperatureC: -30,
          dispatchedAt: '2026-09-30T08:00:00.000Z',
          status: 'dispatched',
          lastChange: stamp('2026-09-30T08:00:00.000Z', 'Shipment:DispatchShipment'),
        }),
      ),
    ),
    // Records as the chaincode would write them, so the gateway's readers take them (a placeholder Merkle root).
    state(
      'pool',
      [poolDin],
      newPool({
        poolDin,
        checkCharacter: computeDinCheckCharacter(poolDin),
        facility: 'G2001',
        factory: 'FactoryMSP',
        jurisdiction: 'CN',
        status: 'closed',
        count: donationCount,
        volumeMl: donationCount * 600,
        chunkRoots: [ROOT],
        merkleRoot: ROOT,
        createdAt: '2026-10-01T08:00:00.000Z',
        closedAt: '2026-10-01T12:00:00.000Z',
        lookBackCaseIds: [],
        lastChange: stamp('2026-10-01T12:00:00.000Z', 'Pool:ClosePool'),
      }),
    ),
    state('pool-lot', [poolDin, lotId], {}),
    state('lot-pool', [lotId, poolDin], {}),
    ...vials.flatMap((code, i) => [
      state('unit-by-lot', [lotId, code], {}),
      state(
        'unit',
        [code],
        newUnit({
          code,
          scheme: 'gs1',
          serial: `V${String(i + 1).padStart(5, '0')}`,
          lotId,
          status: 'commissioned',
          commissionedAt: '2026-10-20T08:00:00.000Z',
          lastChange: stamp('2026-10-20T08:00:00.000Z', 'Units:CommissionUnits'),
        }),
      ),
    ]),
    ...story.rows,
  ];
  await pool.query(
    `INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id)
    SELECT s->>'type', ARRAY(SELECT jsonb_array_elements_text(s->'attributes')), s->'value', $1
      FROM jsonb_array_elements($2::jsonb) AS s`,
    [TX, JSON.stringify(rows)],
  );
  for (const w of story.waitingSignatures) {
    await pool.query('INSERT INTO release_signatures (lot_id, meaning, signer_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5)', [
      w.lotId,
      w.meaning,
      w.signerId,
      JSON.stringify(w.signature),
      w.signedAt,
    ]);
  }
  return story;
}
