// Donations, the write side: recording a bag at collection as the signed-in collector.
import type { PersonLedger } from '../../../ledger/person-ledger';
import { ledgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

export function donationModule(ledger: PersonLedger): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'donation.graphql'),
    resolvers: {
      Mutation: {
        recordDonation: ledgerMutation(ledger, 'Donation:RecordDonation'),
      },
    },
  };
}
