// Lot release mutations: electronic signatures with the password entered again, then the release.
import type { lotRelease } from '../../../release/lot-release';
import { actorOf, type GatewayContext } from '../../context';
import type {
  MutationCompleteLotQaReleaseArgs,
  MutationReleaseLotByRegulatorArgs,
  MutationResolvers,
  MutationSignLotQaReleaseArgs,
} from '../../generated/resolvers';
import { schemaFile, type GraphQLModule } from '../../module';

export function releaseModule(release: ReturnType<typeof lotRelease>): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'release.graphql'),
    resolvers: {
      Mutation: {
        signLotQaRelease: (_: unknown, args: MutationSignLotQaReleaseArgs, context: GatewayContext) =>
          release.signQaRelease(actorOf(context), args.password, args.lotId, args.signature === 'QA_REVIEW' ? 'qa-review' : 'qp-release'),
        completeLotQaRelease: (_: unknown, args: MutationCompleteLotQaReleaseArgs, context: GatewayContext) =>
          release.completeQaRelease(actorOf(context), args.lotId),
        releaseLotByRegulator: (_: unknown, args: MutationReleaseLotByRegulatorArgs, context: GatewayContext) =>
          release.regulatorRelease(actorOf(context), args.password, args.lotId),
      } satisfies MutationResolvers,
    },
  };
}
