// Donations, the write side: recording a bag at collection as the signed-in collector, and correcting a mistyped
// collection item under the two-person rule.
import { newDonation } from '@plasma/chaincode';
import type { PersonLedger } from '../../../ledger/person-ledger';
import type { MutationResolvers } from '../../generated/resolvers';
import { ledgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

export function donationModule(ledger: PersonLedger): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'donation.graphql'),
    resolvers: {
      Mutation: {
        recordDonation: ledgerMutation(ledger, 'Donation:RecordDonation', newDonation, (args) => [JSON.stringify(args.input)]),
        proposeCorrection: ledgerMutation(ledger, 'Donation:ProposeCorrection', newDonation, (args) => [
          String(args.din),
          JSON.stringify(args.correction),
        ]),
        reviewCorrection: ledgerMutation(ledger, 'Donation:ReviewCorrection', newDonation, (args) => [
          String(args.din),
          JSON.stringify(args.review),
        ]),
      } satisfies MutationResolvers,
    },
  };
}
