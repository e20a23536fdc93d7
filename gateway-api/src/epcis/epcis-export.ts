// EPCIS 2.0 export of a lineage: which objects a lot's or a donation's lineage is made of, their chaincode events
// from the projection, the document made from them, and its check against GS1's schema before anyone gets it.
import { LOT_ID_RULE } from '@plasma/chaincode';
import type { Topology } from '@plasma/network';
import type { Pool } from 'pg';
import { dinKeyOf, ErrorCode, GatewayError, validationError } from '../errors';
import { epcisDocument, type EpcisDocument, type LineageSubject } from './epcis-document';
import { epcisRepository, type EpcisRepository, type ObjectKey } from './epcis-repository';
import { epcisSchemaErrors } from './epcis-schema';
import type { IdentifierOptions } from './identifiers';
import type { LedgerEvent } from './ledger-events';

const keys = (type: string, ids: readonly string[]): ObjectKey[] => ids.map((id) => ({ type, id }));

/** Lots the events speak of, whose product the document needs to name them as a class (GTIN + lot). */
function lotsNamedBy(events: readonly LedgerEvent[]): string[] {
  const lots = new Set<string>();
  for (const event of events) {
    for (const o of event.objects) if (o.type === 'lot') lots.add(o.id);
    if (event.name === 'UnitsCommissioned' || event.name === 'CasePacked') lots.add(event.data.lotId);
    if (event.name === 'TestResultRecorded' && event.data.subject.kind === 'lot') lots.add(event.data.subject.id);
  }
  return [...lots];
}

/**
 * A donation's lineage runs forward through its own chunk of the pool; the pool's other chunks are other bags'
 * lineage, so their pooling events are left out (the pool's own events — closing, tests, look-backs — stay).
 */
export function onlyOwnPooling(din: string): (event: LedgerEvent) => boolean {
  return (event) => event.name !== 'DonationsPooled' || event.objects.some((o) => o.type === 'donation' && o.id === din);
}

/** Those of `ids` (objects of `type`) the reader may read. */
export type Readable = (type: 'donation' | 'shipment' | 'test-result', ids: readonly string[]) => Promise<string[]>;

export interface EpcisExportOptions {
  readonly pool: Pool;
  readonly topology: Topology;
  readonly identifiers?: IdentifierOptions;
  readonly now?: () => Date;
}

export function epcisExport(options: Readonly<EpcisExportOptions>) {
  const repository: EpcisRepository = epcisRepository(options.pool);
  const facilitiesOf = new Map(options.topology.organisations.map((o) => [o.mspId, o.facilities]));
  const now = options.now ?? (() => new Date());

  async function document(
    subject: LineageSubject,
    objects: readonly ObjectKey[],
    keep: (event: LedgerEvent) => boolean = () => true,
  ): Promise<EpcisDocument> {
    const events = (await repository.eventsOf(objects)).filter(keep);
    const lotProducts = await repository.lotProducts([
      ...new Set([...lotsNamedBy(events), ...(subject.kind === 'lot' ? [subject.lotId] : [])]),
    ]);
    const made = epcisDocument(
      { subject, channel: options.topology.channel, events, lotProducts, facilitiesOf },
      { createdAt: now(), ...(options.identifiers && { identifiers: options.identifiers }) },
    );
    const errors = epcisSchemaErrors(made);
    // Our mapping's fault, never the caller's: logged and masked as INTERNAL.
    if (errors.length > 0)
      throw new Error(`the EPCIS document of ${JSON.stringify(subject)} fails the GS1 EPCIS 2.0 schema: ${errors.join('; ')}`);
    return made;
  }

  return {
    /**
     * A lot back to every plasma bag: donations, shipments, pools, the lot, its tests, vials and cases. The bags' own
     * events, their shipments and their test results only where `readable` keeps them (the reader's scope); the pooling
     * events name every bag of the pool.
     */
    async ofLot(lotId: string, readable: Readable): Promise<EpcisDocument> {
      if (!LOT_ID_RULE.test(lotId)) throw validationError('lotId', LOT_ID_RULE.text);
      const lot = await repository.lot(lotId);
      if (lot === undefined) throw new GatewayError(ErrorCode.NotFound, `lot ${lotId} is not recorded`);
      const donations = await repository.donationsOfPools(lot.pools);
      const dins = await readable(
        'donation',
        donations.map((d) => d.din),
      );
      const shipments = await readable('shipment', [...new Set(donations.flatMap((d) => (d.shipment_id === null ? [] : [d.shipment_id])))]);
      const [cases, lotResults, poolResults, donationResults] = await Promise.all([
        repository.casesOfLots([lotId]),
        repository.testResultsOf('lot', [lotId]),
        repository.testResultsOf('pool', lot.pools),
        repository.testResultsOf('donation', dins).then((ids) => readable('test-result', ids)),
      ]);
      return document({ kind: 'lot', lotId }, [
        ...keys('lot', [lotId]),
        ...keys('pool', lot.pools),
        ...keys('donation', dins),
        ...keys('shipment', shipments),
        ...keys('case', cases),
        ...keys('test-result', [...lotResults, ...poolResults, ...donationResults]),
      ]);
    },

    /** A plasma bag forward: its own history, its pool, the lots made from the pool, their vials and cases. */
    async ofDonation(dinInput: string): Promise<EpcisDocument> {
      const din = dinKeyOf(dinInput, 'din');
      const donation = await repository.donation(din);
      if (donation === undefined) throw new GatewayError(ErrorCode.NotFound, `donation ${din} is not recorded`);
      const pools = donation.pool_din === null ? [] : [donation.pool_din];
      const lots = await repository.lotsOfPools(pools);
      const [cases, donationResults, poolResults, lotResults] = await Promise.all([
        repository.casesOfLots(lots),
        repository.testResultsOf('donation', [din]),
        repository.testResultsOf('pool', pools),
        repository.testResultsOf('lot', lots),
      ]);
      return document(
        { kind: 'donation', din },
        [
          ...keys('donation', [din]),
          ...keys('shipment', donation.shipment_id === null ? [] : [donation.shipment_id]),
          ...keys('pool', pools),
          ...keys('lot', lots),
          ...keys('case', cases),
          ...keys('test-result', [...donationResults, ...poolResults, ...lotResults]),
        ],
        onlyOwnPooling(din),
      );
    },
  };
}

export type EpcisExport = ReturnType<typeof epcisExport>;
