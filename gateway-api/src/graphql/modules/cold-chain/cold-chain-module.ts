// The cold chain for any signed-in person: devices, downsampled readings of a device or a shipment's logger,
// excursions, and the inclusion proof of one reading against its anchored window root.
import type { ColdChainReads, ExcursionsArgs, ReadingsArgs } from '../../../cold-chain/cold-chain-reads';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

export function coldChainModule(reads: ColdChainReads): GraphQLModule {
  const signedIn =
    <A, T>(resolve: (args: A) => Promise<T>) =>
    (_: unknown, args: A, context: GatewayContext): Promise<T> => {
      requirePerson(context);
      return resolve(args);
    };
  return {
    typeDefs: schemaFile(__dirname, 'cold-chain.graphql'),
    resolvers: {
      Query: {
        coldChainDevices: signedIn(() => reads.devices()),
        coldChainReadings: signedIn((args: ReadingsArgs) => reads.readings(args)),
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
