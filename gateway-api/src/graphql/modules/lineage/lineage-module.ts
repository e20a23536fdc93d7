// Lineage both ways, from the projection.
import type { Pool } from 'pg';
import { downstreamOfDonations, downstreamOfDonor, upstreamOfLot, upstreamOfUnit, type Upstream } from '../../../lineage/lineage';
import { lineageRepository } from '../../../lineage/lineage-repository';
import { dinKeyOf } from '../../../errors';
import { requirePerson, type GatewayContext } from '../../context';
import type {
  QueryDownstreamOfDonationArgs,
  QueryDownstreamOfDonorArgs,
  QueryResolvers,
  QueryUpstreamOfLotArgs,
  QueryUpstreamOfUnitArgs,
} from '../../generated/resolvers';
import { schemaFile, type GraphQLModule } from '../../module';

const upstream = (u: Upstream) => ({
  lotId: u.lotId,
  donationCount: u.donationCount,
  pools: u.pools.map((p) => ({
    poolDin: p.poolDin,
    donationCount: p.donations.length,
    donations: p.donations.map((d) => ({
      din: d.din,
      station: d.station,
      status: d.status,
      collectionEnd: d.collection_end,
      volumeMl: d.volume_ml,
    })),
  })),
});

export function lineageModule(services: { readonly pool: Pool }): GraphQLModule {
  const lineage = lineageRepository(services.pool);
  const signedIn =
    <A, T>(resolve: (args: A) => Promise<T>) =>
    (_: unknown, args: A, context: GatewayContext): Promise<T> => {
      requirePerson(context);
      return resolve(args);
    };
  return {
    typeDefs: schemaFile(__dirname, 'lineage.graphql'),
    resolvers: {
      Query: {
        upstreamOfUnit: signedIn(async ({ code }: QueryUpstreamOfUnitArgs) => {
          const found = await upstreamOfUnit(lineage, code.trim());
          return found === undefined ? null : upstream(found);
        }),
        upstreamOfLot: signedIn(async ({ lotId }: QueryUpstreamOfLotArgs) => upstream(await upstreamOfLot(lineage, lotId))),
        downstreamOfDonation: signedIn(({ din }: QueryDownstreamOfDonationArgs) => downstreamOfDonations(lineage, [dinKeyOf(din, 'din')])),
        downstreamOfDonor: signedIn(({ pseudonym }: QueryDownstreamOfDonorArgs) => downstreamOfDonor(lineage, pseudonym)),
      } satisfies QueryResolvers,
    },
  };
}
