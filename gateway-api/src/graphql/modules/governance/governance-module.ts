// The consortium's governed records, the write side: a jurisdiction's rules changed by the regulator's signature, and
// taken by the ledger only with the regulator's and the factory's endorsement (the rule set's key-level policy, which
// the peers' gateway follows when it collects endorsements).
import { newRuleSet, REGULATOR_SIGNER_ROLE } from '@plasma/chaincode';
import type { PersonLedger } from '../../../ledger/person-ledger';
import type { RecordSigning } from '../../../signatures/record-signing';
import type { MutationResolvers } from '../../generated/resolvers';
import { signedLedgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';

export function governanceModule(ledger: PersonLedger, signing: RecordSigning): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'governance.graphql'),
    resolvers: {
      Mutation: {
        changeRuleSet: signedLedgerMutation(
          ledger,
          signing,
          'RuleSet:ChangeRuleSet',
          { meaning: 'rule-change', roles: [REGULATOR_SIGNER_ROLE], record: 'RuleSet:GetRuleChangeRecord' },
          newRuleSet,
          (args) => [String(args.jurisdiction), JSON.stringify(args.change)],
        ),
      } satisfies MutationResolvers,
    },
  };
}
