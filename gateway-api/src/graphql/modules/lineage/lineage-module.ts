// Lineage both ways, from the projection.
import type { Pool } from 'pg';
import {
  downstreamOfDonations,
  upstreamOfLot,
  upstreamOfPool,
  upstreamOfUnit,
  type PoolOfSources,
  type Upstream,
} from '../../../lineage/lineage';
import { lineageRepository } from '../../../lineage/lineage-repository';
import { dinKeyOf } from '../../../errors';
import type { Person } from '../../../people/person';
import type { ReadScopes } from '../../../people/read-scope';
import { requirePerson, type GatewayContext } from '../../context';
import type {
  QueryDownstreamOfDonationArgs,
  QueryDownstreamOfDonorArgs,
  QueryResolvers,
  QueryUpstreamOfLotArgs,
  QueryUpstreamOfPoolArgs,
  QueryUpstreamOfUnitArgs,
} from '../../generated/resolvers';
import { schemaFile, type GraphQLModule } from '../../module';

export function lineageModule(services: { readonly pool: Pool; readonly readScopes: ReadScopes }): GraphQLModule {
  const lineage = lineageRepository(services.pool);
  const { readScopes } = services;
  const asDonation = (din: string) => ({ type: 'donation', id: din });
  /** A pool's sources as the person reads them: how many donations it holds, and those their organisation reads. */
  const poolSources = async (person: Person, p: PoolOfSources) => ({
    poolDin: p.poolDin,
    donationCount: p.donations.length,
    donations: (await readScopes.keepReadable(person, p.donations, (d) => asDonation(d.din))).map((d) => ({
      din: d.din,
      station: d.station,
      status: d.status,
      collectionEnd: d.collection_end,
      volumeMl: d.volume_ml,
    })),
  });
  /** A lot's sources as the person reads them: every pool and count, the donations their organisation reads. */
  const upstream = async (person: Person, u: Upstream) => ({
    lotId: u.lotId,
    donationCount: u.donationCount,
    pools: await Promise.all(u.pools.map((p) => poolSources(person, p))),
  });
  const signedIn =
    <A, T>(resolve: (args: A, person: Person) => Promise<T>) =>
    (_: unknown, args: A, context: GatewayContext): Promise<T> =>
      resolve(args, requirePerson(context));
  return {
    typeDefs: schemaFile(__dirname, 'lineage.graphql'),
    resolvers: {
      Query: {
        upstreamOfUnit: signedIn(async ({ code }: QueryUpstreamOfUnitArgs, person) => {
          const found = await upstreamOfUnit(lineage, code.trim());
          return found === undefined ? null : upstream(person, found);
        }),
        upstreamOfPool: signedIn(async ({ poolDin }: QueryUpstreamOfPoolArgs, person) => {
          const found = await upstreamOfPool(lineage, dinKeyOf(poolDin, 'poolDin'));
          return found === undefined ? null : poolSources(person, found);
        }),
        upstreamOfLot: signedIn(async ({ lotId }: QueryUpstreamOfLotArgs, person) => upstream(person, await upstreamOfLot(lineage, lotId))),
        downstreamOfDonation: signedIn(async ({ din }: QueryDownstreamOfDonationArgs, person) => {
          const key = dinKeyOf(din, 'din');
          await readScopes.require(person, 'donation', key);
          return downstreamOfDonations(lineage, [key]);
        }),
        downstreamOfDonor: signedIn(async ({ pseudonym }: QueryDownstreamOfDonorArgs, person) =>
          downstreamOfDonations(lineage, await readScopes.keepReadable(person, await lineage.donationsOfDonor(pseudonym), asDonation)),
        ),
      } satisfies QueryResolvers,
    },
  };
}
