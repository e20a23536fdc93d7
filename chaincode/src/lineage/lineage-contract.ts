// The Lineage contract: the questions inspectors ask — where did this lot's plasma come from, where did this
// donation go, and who changed what — answered through composite-key indexes, never a scan of the ledger.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { getDonation } from '../donation/donation-store';
import { normaliseDinKey } from '../identifiers/din';
import { toCanonicalJson } from '../ledger/canonical';
import { getLot, lotsOfPool } from '../lot/lot';
import { getChunk, poolsOfDonation } from '../pool/membership';
import { getPool } from '../pool/pool';
import { casesOfLot } from '../units/unit';
import { auditTrail } from './audit-trail';

@Info({ title: 'Lineage', description: 'Upstream and downstream lineage, and the audit trail of any object' })
export class LineageContract extends AuthorisedContract {
  constructor() {
    super('Lineage');
  }

  /** A lot's full upstream: its pools, each with every chunk of DINs and the Merkle roots that commit to them. */
  @Transaction(false)
  @Returns('string')
  async GetLotUpstream(ctx: Context, lotId: string): Promise<string> {
    const lot = await getLot(ctx, lotId);
    const pools = [];
    for (const poolDin of lot.pools) {
      const pool = await getPool(ctx, poolDin);
      const chunks = [];
      for (let chunk = 0; chunk < pool.chunkRoots.length; chunk += 1) {
        const { dins, root, volumeMl } = await getChunk(ctx, poolDin, chunk);
        chunks.push({ chunk, root, volumeMl, dins });
      }
      pools.push({ poolDin, status: pool.status, count: pool.count, volumeMl: pool.volumeMl, merkleRoot: pool.merkleRoot ?? null, chunks });
    }
    return toCanonicalJson({
      lot: { lotId: lot.lotId, status: lot.status, holds: lot.holds, product: lot.product, factory: lot.factory },
      pools,
      donationCount: pools.reduce((sum, { count }) => sum + count, 0),
    });
  }

  /** A donation's downstream: its pool, the lots made from it, their cases and where each shipped case went. */
  @Transaction(false)
  @Returns('string')
  async GetDonationDownstream(ctx: Context, din: string): Promise<string> {
    const donation = await getDonation(ctx, normaliseDinKey(din));
    const pools = [];
    for (const { poolDin, chunk } of await poolsOfDonation(ctx, donation.din)) {
      const pool = await getPool(ctx, poolDin);
      const lots = [];
      for (const lotId of await lotsOfPool(ctx, poolDin)) {
        const lot = await getLot(ctx, lotId);
        const cases = (await casesOfLot(ctx, lotId)).map(({ caseCode, count, status, shipment }) => ({
          caseCode,
          count,
          status,
          shipment: shipment ?? null,
        }));
        lots.push({ lotId, status: lot.status, holds: lot.holds, unitCount: lot.unitCount, cases });
      }
      pools.push({ poolDin, chunk, status: pool.status, merkleRoot: pool.merkleRoot ?? null, lookBackCaseIds: pool.lookBackCaseIds, lots });
    }
    return toCanonicalJson({
      donation: {
        din: donation.din,
        status: donation.status,
        station: donation.station,
        custodian: donation.custodian ?? donation.station,
      },
      pools,
    });
  }

  /**
   * Every change of one object, oldest first: who (organisation, name, role), what (transaction), when, the reason
   * given, and each changed field's old and new value. `objectType`: one of OBJECT_TYPES (ledger/events.ts).
   */
  @Transaction(false)
  @Returns('string')
  async GetAuditTrail(ctx: Context, objectType: string, id: string): Promise<string> {
    return toCanonicalJson(await auditTrail(ctx, objectType, id));
  }
}
