// Donors: deferrals written as the signed-in station QA or regulator, and a donor's standing: their record and
// donations from the projection, judged with the rule set on the ledger by the chaincode's own rules (deferralAt,
// eligibleFrom), so the page says what RecordDonation will.
import {
  deferralAt,
  DONOR_PSEUDONYM_RULE,
  DONOR_RECORD_KEY_TYPE,
  type Donor as DonorRecord,
  eligibleFrom,
  jurisdictionOf,
  newDonor,
  newOrganisation,
  newRuleSet,
} from '@plasma/chaincode';
import type { Organisation } from '@plasma/network';
import type { Pool } from 'pg';
import { ErrorCode, GatewayError, validationError, wholeNumberIn } from '../../../errors';
import type { PersonLedger, TransactionName } from '../../../ledger/person-ledger';
import { lineageRepository } from '../../../lineage/lineage-repository';
import { requirePerson, type GatewayContext } from '../../context';
import type { DeferralInput, DonorDonation, DonorStanding, MutationResolvers, QueryResolvers } from '../../generated/resolvers';
import { ledgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';
import type { Person } from '../../../people/person';

function pseudonymOf(value: unknown): string {
  if (!DONOR_PSEUDONYM_RULE.test(value)) throw validationError('donorPseudonym', DONOR_PSEUDONYM_RULE.text);
  return value;
}

const DAY_MS = 24 * 3600 * 1000;

export function donorModule(services: {
  readonly pool: Pool;
  readonly ledger: PersonLedger;
  readonly organisation: Organisation;
}): GraphQLModule {
  const { pool, ledger, organisation } = services;
  const projection = lineageRepository(pool);
  /**
   * The station a person may look at the donors or bags of (`what`): the regulator any, or every one (null); a station
   * its own only; the factory, which has no donors, none (FORBIDDEN).
   */
  const stationAsked = (person: Person, asked: string | null | undefined, what: string): string | null => {
    if (organisation.kind === 'regulator') return asked ?? null;
    if (organisation.kind === 'station' && (!asked || asked === person.mspId)) return person.mspId;
    throw new GatewayError(
      ErrorCode.Forbidden,
      organisation.kind === 'station'
        ? `${what}: a station's people see their own station's only, not ${asked}'s`
        : `${what}: the regulator's and each station's own to see`,
    );
  };
  const read = async (person: Person, transaction: TransactionName, ...args: string[]): Promise<unknown> =>
    JSON.parse(Buffer.from(await ledger.evaluate({ person }, transaction, args)).toString('utf8'));

  const donationsOf = async (donorPseudonym: string): Promise<(DonorDonation & { readonly collectionStart: string })[]> =>
    (
      await pool.query<{ din: string; station: string; collection_start: Date; status: string }>(
        'SELECT din, station, collection_start, status FROM donations WHERE donor_pseudonym = $1 ORDER BY collection_start',
        [donorPseudonym],
      )
    ).rows.map((row) => ({ din: row.din, station: row.station, collectionStart: row.collection_start.toISOString(), status: row.status }));

  /**
   * A station's donors: those who gave there and those it deferred, with the donor record where there is one, the
   * latest to give or be deferred or lifted first.
   */
  const registerOf = async (station: string, first: number) =>
    (
      await pool.query<{ donor_pseudonym: string; donations: number; last_start: Date | null; record: unknown }>(
        `WITH donors AS (
           SELECT donor_pseudonym, count(*)::int AS donations, max(collection_start) AS last_start
             FROM donations WHERE station = $1 GROUP BY donor_pseudonym
           UNION ALL
           SELECT attributes[1], 0, NULL FROM ledger_state
            WHERE object_type = $3 AND value->'deferrals' @> jsonb_build_array(jsonb_build_object('deferredBy', jsonb_build_object('mspId', $1::text))))
         SELECT d.donor_pseudonym, sum(d.donations)::int AS donations, max(d.last_start) AS last_start, s.value AS record
           FROM donors d LEFT JOIN ledger_state s ON s.object_type = $3 AND s.attributes = ARRAY[d.donor_pseudonym]
          GROUP BY d.donor_pseudonym, s.value
          ORDER BY greatest(max(d.last_start), (s.value->'lastChange'->>'at')::timestamptz) DESC NULLS LAST, d.donor_pseudonym
          LIMIT $2`,
        [station, first, DONOR_RECORD_KEY_TYPE],
      )
    ).rows;

  /** Bags never dispatched, collected before `olderThan`, oldest first, each with the other stations its donor gave at. */
  const unmoved = async (olderThan: Date, station: string | null, first: number) =>
    (
      await pool.query<{
        din: string;
        station: string;
        donor_pseudonym: string;
        collection_start: Date;
        status: string;
        elsewhere: string[];
      }>(
        `SELECT d.din, d.station, d.donor_pseudonym, d.collection_start, d.status,
                ARRAY(SELECT DISTINCT o.station FROM donations o
                       WHERE o.donor_pseudonym = d.donor_pseudonym AND o.station <> d.station ORDER BY 1) AS elsewhere
           FROM donations d
          WHERE d.record->>'shipmentId' IS NULL AND d.collection_start <= $1 AND ($2::text IS NULL OR d.station = $2)
          ORDER BY d.collection_start, d.din
          LIMIT $3`,
        [olderThan, station, first],
      )
    ).rows;

  return {
    typeDefs: schemaFile(__dirname, 'donor.graphql'),
    resolvers: {
      Query: {
        donorRegister: async (_: unknown, args, context: GatewayContext) => {
          const person = requirePerson(context);
          const { first } = args;
          wholeNumberIn(first, 'first', 1, 500);
          const now = new Date().toISOString();
          const station = stationAsked(person, args.station, "a station's donor register") ?? person.mspId;
          return (await registerOf(station, first)).map((row) => ({
            donorPseudonym: row.donor_pseudonym,
            donations: row.donations,
            lastCollectionStart: row.last_start?.toISOString() ?? null,
            deferredNow: row.record === null ? null : (deferralAt(newDonor(row.record), now) ?? null),
          }));
        },
        unmovedDonations: async (_: unknown, args, context: GatewayContext) => {
          const person = requirePerson(context);
          const { olderThanDays, first } = args;
          wholeNumberIn(olderThanDays, 'olderThanDays', 0, 3650);
          wholeNumberIn(first, 'first', 1, 400);
          const station = stationAsked(person, args.station, 'bags that never left their station');
          const now = Date.now();
          return (await unmoved(new Date(now - olderThanDays * DAY_MS), station, first)).map((row) => ({
            din: row.din,
            station: row.station,
            donorPseudonym: row.donor_pseudonym,
            collectionStart: row.collection_start,
            status: row.status,
            daysHeld: Math.floor((now - row.collection_start.getTime()) / DAY_MS),
            donorAlsoGaveAt: row.elsewhere,
          }));
        },
        donorStanding: async (_: unknown, args, context: GatewayContext): Promise<DonorStanding> => {
          const person = requirePerson(context);
          const donorPseudonym = pseudonymOf(args.donorPseudonym);
          const stored = await projection.object(DONOR_RECORD_KEY_TYPE, donorPseudonym);
          const donor: DonorRecord | undefined = stored === undefined ? undefined : newDonor(stored);
          // The rules in force, from the ledger: the jurisdiction asked for, else that of the person's organisation.
          const jurisdiction =
            args.jurisdiction ?? jurisdictionOf(newOrganisation(await read(person, 'Consortium:GetOrganisation', person.mspId)));
          const { donationIntervalDays } = newRuleSet(await read(person, 'RuleSet:GetRuleSet', jurisdiction));
          const donations = await donationsOf(donorPseudonym);
          const now = new Date().toISOString();
          const starts = donations.map((d) => d.collectionStart);
          return {
            donorPseudonym,
            donor: donor ?? null,
            deferredNow: deferralAt(donor, now) ?? null,
            donations,
            jurisdiction,
            donationIntervalDays,
            eligibleFrom: eligibleFrom(donor, starts, donationIntervalDays, now) ?? null,
          };
        },
      } satisfies QueryResolvers,
      Mutation: {
        deferDonor: ledgerMutation(ledger, 'Donor:DeferDonor', newDonor, (args) => {
          const { until, ...deferral } = args.deferral as DeferralInput;
          return [pseudonymOf(args.donorPseudonym), JSON.stringify(until ? { ...deferral, until: until.toISOString() } : deferral)];
        }),
        liftDeferral: ledgerMutation(ledger, 'Donor:LiftDeferral', newDonor, (args) => [
          pseudonymOf(args.donorPseudonym),
          String(args.deferralId),
          JSON.stringify({ reason: args.reason }),
        ]),
      } satisfies MutationResolvers,
    },
  };
}
