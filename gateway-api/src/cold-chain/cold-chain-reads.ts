// The cold chain as the gateway serves it: the devices of this deployment (cold-chain/devices.yaml) with the storage
// limit of their site's jurisdiction, downsampled readings of a device or of the logger that travelled with a
// shipment, excursions and inclusion proofs. Readings come from the cold chain's own tables (cold-chain/src/services);
// what the ledger says of sites, rule sets, devices and shipments comes from the projection (ledger_state).
import type { Pool } from 'pg';
import { DEFAULT_JURISDICTION } from '@plasma/chaincode';
import { organisation, type Organisation, type Topology } from '@plasma/network';
// The cold chain's read side only: its main face loads OPC UA.
import {
  ArchiveAlteredError,
  type ColdChainConfig,
  coldChainQueries,
  type ExcursionView,
  loadColdChainConfig,
  MAX_BUCKETS,
  parseReadingId,
  type ReadingBucket,
  type ReadingInclusionProof,
  ReadingNotFoundError,
  readingArchiveDir,
} from '@plasma/cold-chain/queries';
import { ErrorCode, GatewayError, validationError } from '../errors';

export interface ColdChainDeviceView {
  readonly id: string;
  readonly kind: string;
  /** The site's MSP ID. */
  readonly site: string;
  readonly location: string | null;
  readonly model: string;
  readonly serialNumber: string;
  readonly storageLimitC: number | null;
  readonly registeredTxId: string | null;
}

export interface ReadingsArgs {
  readonly device?: string | null;
  readonly shipmentId?: string | null;
  /** One signal; every signal of the device when null. */
  readonly node?: string | null;
  readonly from: Date;
  readonly to: Date;
  readonly buckets?: number | null;
}

export interface ExcursionsArgs {
  readonly device?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly limit?: number | null;
}

export interface ColdChainReads {
  devices(): Promise<ColdChainDeviceView[]>;
  readings(args: ReadingsArgs): Promise<ReadingBucket[]>;
  excursions(args: ExcursionsArgs): Promise<ExcursionView[]>;
  readingProof(readingId: string): Promise<ReadingInclusionProof>;
}

/** A chart over more than this is asked in pieces: it keeps one request's scan of the readings bounded. */
export const MAX_RANGE_DAYS = 92;
const DAY_MS = 86_400_000;
const MAX_EXCURSIONS = 1000;
const SIGNAL_NAME = /^[A-Za-z]{1,40}$/;

interface ShipmentRecord {
  readonly loggerDevice?: string;
  readonly dispatchedAt: string;
  readonly receipt?: { readonly receivedAt: string };
}

export function coldChainReads(options: {
  readonly pool: Pool;
  readonly topology: Topology;
  readonly config?: ColdChainConfig;
  /** Whose gateway: reading proofs read its archive of readings besides PostgreSQL. */
  readonly organisation: Pick<Organisation, 'name'>;
}): ColdChainReads {
  const { pool, topology } = options;
  const config = options.config ?? loadColdChainConfig();
  const queries = coldChainQueries(pool, readingArchiveDir(options.organisation.name));
  // The site of each configured device by MSP ID, checked against the topology once, at start.
  const devices = config.servers.flatMap((s) => s.devices).map((d) => ({ ...d, mspId: organisation(topology, d.site).mspId }));
  const deviceIds = new Set(devices.map((d) => d.id));

  const knownDevice = (id: string): void => {
    if (!deviceIds.has(id)) throw new GatewayError(ErrorCode.NotFound, `device ${id} is not a cold-chain device of this deployment`);
  };

  /** The logger and the journey of a shipment, from the ledger's shipment record. */
  async function shipmentLeg(shipmentId: string): Promise<{ device: string; from: Date; to: Date | undefined }> {
    const { rows } = await pool.query<{ value: ShipmentRecord }>(
      "SELECT value FROM ledger_state WHERE object_type = 'shipment' AND attributes = ARRAY[$1]",
      [shipmentId],
    );
    const shipment = rows[0]?.value;
    if (shipment === undefined) throw new GatewayError(ErrorCode.NotFound, `shipment ${shipmentId} is not recorded`);
    if (shipment.loggerDevice === undefined) {
      throw new GatewayError(
        ErrorCode.NotFound,
        `shipment ${shipmentId} was dispatched without a loggerDevice, so no temperatures travelled with it`,
      );
    }
    const receivedAt = shipment.receipt?.receivedAt;
    return {
      device: shipment.loggerDevice,
      from: new Date(shipment.dispatchedAt),
      to: receivedAt === undefined ? undefined : new Date(receivedAt),
    };
  }

  return {
    async devices() {
      const mspIds = [...new Set(devices.map((d) => d.mspId))];
      // Each site's jurisdiction from its entry in the consortium registry (one object, under a key with no attributes).
      const limits = await pool.query<{ msp_id: string; storage_limit_c: number | null }>(
        `SELECT o->>'mspId' AS msp_id, (r.value->>'storageLimitC')::float8 AS storage_limit_c
           FROM ledger_state c
          CROSS JOIN LATERAL jsonb_array_elements(c.value->'organisations') AS o
           JOIN ledger_state r ON r.object_type = 'rule-set' AND r.attributes = ARRAY[coalesce(o->>'jurisdiction', $2)]
          WHERE c.object_type = 'consortium' AND c.attributes = '{}' AND o->>'mspId' = ANY($1)`,
        [mspIds, DEFAULT_JURISDICTION],
      );
      const registered = await pool.query<{ device: string; tx_id: string }>(
        "SELECT attributes[1] AS device, updated_tx_id AS tx_id FROM ledger_state WHERE object_type = 'device' AND attributes[1] = ANY($1)",
        [[...deviceIds]],
      );
      const limitOf = new Map(limits.rows.map((r) => [r.msp_id, r.storage_limit_c]));
      const txOf = new Map(registered.rows.map((r) => [r.device, r.tx_id]));
      return devices.map((d) => ({
        id: d.id,
        kind: d.kind,
        site: d.mspId,
        location: d.location ?? null,
        model: d.model,
        serialNumber: d.serialNumber,
        storageLimitC: limitOf.get(d.mspId) ?? null,
        registeredTxId: txOf.get(d.id) ?? null,
      }));
    },

    async readings({ device, shipmentId, node, from, to, buckets }) {
      if ((device == null) === (shipmentId == null)) throw validationError('device', 'give exactly one of device and shipmentId');
      if (node != null && !SIGNAL_NAME.test(node)) throw validationError('node', 'must be a signal name, letters only, e.g. temperature');
      if (!(from.getTime() < to.getTime())) throw validationError('from', 'must be earlier than to');
      if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
        throw validationError('to', `must be at most ${MAX_RANGE_DAYS} days after from`);
      const count = buckets ?? 200;
      if (!Number.isInteger(count) || count < 1 || count > MAX_BUCKETS)
        throw validationError('buckets', `must be an integer from 1 to ${MAX_BUCKETS}`);
      const range = { from, to };
      let id: string;
      if (device != null) {
        knownDevice(device);
        id = device;
      } else {
        // Only while the shipment travelled: from dispatch to receipt (or on, while it is on its way).
        const leg = await shipmentLeg(shipmentId!);
        id = leg.device;
        range.from = new Date(Math.max(from.getTime(), leg.from.getTime()));
        range.to = new Date(Math.min(to.getTime(), leg.to?.getTime() ?? Infinity));
        if (range.from.getTime() >= range.to.getTime()) return [];
      }
      return queries.readingBuckets({ device: id, ...(node == null ? {} : { node }), ...range, buckets: count });
    },

    async excursions({ device, from, to, limit }) {
      const count = limit ?? 100;
      if (!Number.isInteger(count) || count < 1 || count > MAX_EXCURSIONS)
        throw validationError('limit', `must be an integer from 1 to ${MAX_EXCURSIONS}`);
      if (from != null && to != null && !(from.getTime() < to.getTime())) throw validationError('from', 'must be earlier than to');
      if (device != null) knownDevice(device);
      return queries.excursions({
        ...(device == null ? {} : { device }),
        ...(from == null ? {} : { from }),
        ...(to == null ? {} : { to }),
        limit: count,
      });
    },

    async readingProof(readingId) {
      try {
        parseReadingId(readingId);
      } catch (error) {
        throw validationError('readingId', (error as Error).message.replace(/^readingId: /, ''));
      }
      try {
        return await queries.inclusionProof(readingId);
      } catch (error) {
        if (error instanceof ReadingNotFoundError) throw new GatewayError(ErrorCode.NotFound, error.message.replace(/^readingId: /, ''));
        // The archive was changed after it was written: said as such, never served as a proof.
        if (error instanceof ArchiveAlteredError) throw new GatewayError(ErrorCode.Conflict, error.message);
        throw error;
      }
    },
  };
}
