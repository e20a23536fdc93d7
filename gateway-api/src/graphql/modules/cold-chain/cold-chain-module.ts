// The cold chain for any signed-in person: devices, downsampled readings of a device or a shipment's logger,
// excursions, and the inclusion proof of one reading against its anchored window root.
import type { ColdChainReads, ExcursionsArgs, ReadingsArgs } from '../../../cold-chain/cold-chain-reads';
import type { Person } from '../../../people/person';
import type { ReadScopes } from '../../../people/read-scope';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

export function coldChainModule(reads: ColdChainReads, readScopes: Pick<ReadScopes, 'require'>): GraphQLModule {
  const signedIn =
    <A, T>(resolve: (args: A, person: Person) => Promise<T>) =>
    (_: unknown, args: A, context: GatewayContext): Promise<T> =>
      resolve(args, requirePerson(context));
  return {
    typeDefs: schemaFile(__dirname, 'cold-chain.graphql'),
    resolvers: {
      Query: {
        coldChainDevices: signedIn(() => reads.devices()),
        // A shipment's logger only for those who read the shipment: its times and temperatures are the shipment's.
        coldChainReadings: signedIn(async (args: ReadingsArgs, person) => {
          if (args.shipmentId != null) await readScopes.require(person, 'shipment', args.shipmentId);
          return reads.readings(args);
        }),
        coldChainExcursions: signedIn(async (args: ExcursionsArgs) =>
          (await reads.excursions(args)).map((e) => ({
            ...e,
            limitC: e.rule.storageLimitC,
          })),
        ),
        readingProof: signedIn(({ readingId }: { readingId: string }) => reads.readingProof(readingId)),
      },
    },
  };
}
