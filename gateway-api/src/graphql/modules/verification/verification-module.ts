// Verification of a ledger object's off-chain copies and cited documents against the peers (any signed-in person).
import type { VerificationService } from '../../../verification/verification';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

export function verificationModule(service: VerificationService): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'verification.graphql'),
    resolvers: {
      Query: {
        verification: (_: unknown, args: { objectType: string; objectId: string }, context: GatewayContext) =>
          service.verify(requirePerson(context), args.objectType, args.objectId),
      },
    },
  };
}
