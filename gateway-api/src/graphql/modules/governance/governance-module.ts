// The consortium's governed records. A jurisdiction's rules changed by the regulator's signature, and taken by the
// ledger only with the regulator's and the factory's endorsement (the rule set's key-level policy, which the peers'
// gateway follows when it collects endorsements). A registry change gathered on the ledger: each organisation's gateway
// holds its own people's keys only, so a change is proposed here, each member's admin approves it from their own
// gateway with their signature, and the approval that makes them enough applies it (Consortium:ChangeRegistry, which
// needs every signature at once, stays the launcher's). Proposals are read from the projection by every member's people.
import {
  newRegistryChangeProposal,
  newRuleSet,
  REGISTRY_CHANGE_SIGNER_ROLE,
  REGISTRY_PROPOSAL_STATUSES,
  REGULATOR_SIGNER_ROLE,
  type RegistryProposalStatus,
} from '@plasma/chaincode';
import type { Pool } from 'pg';
import { validationError, wholeNumberIn } from '../../../errors';
import type { PersonLedger } from '../../../ledger/person-ledger';
import type { ReadScopes } from '../../../people/read-scope';
import type { RecordSigning } from '../../../signatures/record-signing';
import { requirePerson, type GatewayContext } from '../../context';
import type { MutationResolvers, QueryResolvers } from '../../generated/resolvers';
import { ledgerMutation, signedLedgerMutation } from '../../ledger-mutation';
import { schemaFile, type GraphQLModule } from '../../module';
import { registryProposals } from './registry-proposals';

export interface GovernanceServices {
  readonly ledger: PersonLedger;
  readonly pool: Pool;
  readonly readScopes: ReadScopes;
}

/** A GraphQL input as the chaincode reads it: an optional field given as null is a field not given. */
const inputJson = (value: unknown): string => JSON.stringify(value, (_key, field: unknown) => (field === null ? undefined : field));

const proposalRef = (proposalId: string) => ({ type: 'registry-proposal', id: proposalId });

export function governanceModule({ ledger, pool, readScopes }: GovernanceServices, signing: RecordSigning): GraphQLModule {
  const proposals = registryProposals(pool);
  return {
    typeDefs: schemaFile(__dirname, 'governance.graphql'),
    resolvers: {
      Query: {
        registryChangeProposals: async (_: unknown, args: { status?: string | null; first: number }, context: GatewayContext) => {
          const person = requirePerson(context);
          const status = args.status ?? undefined;
          if (status !== undefined && !(REGISTRY_PROPOSAL_STATUSES as readonly string[]).includes(status)) {
            throw validationError('status', `must be one of ${REGISTRY_PROPOSAL_STATUSES.join(', ')}`);
          }
          wholeNumberIn(args.first, 'first', 1, 200);
          const listed = await proposals.list(status as RegistryProposalStatus | undefined, args.first);
          return readScopes.keepReadable(person, listed, (proposal) => proposalRef(proposal.proposalId));
        },
        registryChangeProposal: async (_: unknown, args: { proposalId: string }, context: GatewayContext) => {
          const person = requirePerson(context);
          const proposal = await proposals.find(args.proposalId.trim());
          if (proposal === undefined) return null;
          await readScopes.require(person, 'registry-proposal', proposal.proposalId);
          return proposal;
        },
      } satisfies QueryResolvers,
      Mutation: {
        changeRuleSet: signedLedgerMutation(
          ledger,
          signing,
          'RuleSet:ChangeRuleSet',
          { meaning: 'rule-change', roles: [REGULATOR_SIGNER_ROLE], record: 'RuleSet:GetRuleChangeRecord' },
          newRuleSet,
          (args) => [String(args.jurisdiction), JSON.stringify(args.change)],
        ),
        proposeRegistryChange: ledgerMutation(ledger, 'Consortium:ProposeRegistryChange', newRegistryChangeProposal, (args) => [
          String(args.proposalId),
          inputJson(args.change),
        ]),
        approveRegistryChange: signedLedgerMutation(
          ledger,
          signing,
          'Consortium:ApproveRegistryChange',
          { meaning: 'registry-change', roles: [REGISTRY_CHANGE_SIGNER_ROLE], record: 'Consortium:GetRegistryProposalRecord' },
          newRegistryChangeProposal,
          (args) => [String(args.proposalId)],
        ),
        withdrawRegistryChange: ledgerMutation(ledger, 'Consortium:WithdrawRegistryChange', newRegistryChangeProposal, (args) => [
          String(args.proposalId),
          String(args.reason),
        ]),
      } satisfies MutationResolvers,
    },
  };
}
