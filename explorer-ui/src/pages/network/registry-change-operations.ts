// Changes of the consortium's registry gathered on the ledger: a member's admin proposes one (here: the e-signature
// authorities the regulator accepts), the members' admins approve it one by one, each from their own organisation's
// explorer with their signature (meaning registry-change), and the approval that makes them enough applies it.
import type {
  ApproveRegistryChangeMutation,
  ApproveRegistryChangeMutationVariables,
  ProposeRegistryChangeMutation,
  ProposeRegistryChangeMutationVariables,
  RegistryChangeProposalsQuery,
  RegistryChangeProposalsQueryVariables,
  WithdrawRegistryChangeMutation,
  WithdrawRegistryChangeMutationVariables,
} from '../../graphql/generated/operations';
import { CONSORTIUM_MEMBER_FIELDS, SIGNATURE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

export const REGISTRY_CHANGE_PROPOSALS = operation<RegistryChangeProposalsQuery, RegistryChangeProposalsQueryVariables>(
  /* GraphQL */ `
    query RegistryChangeProposals($status: String) {
      registryChangeProposals(status: $status, first: 20) {
        proposalId
        status
        fromVersion
        proposedBy {
          mspId
          name
        }
        proposedAt
        change {
          reason
          organisations {
            ...ConsortiumMemberFields
          }
          signatureAuthorities {
            name
            certificate
          }
        }
        approvals {
          ...SignatureFields
        }
        appliedVersion
        withdrawReason
      }
    }
  `,
  [CONSORTIUM_MEMBER_FIELDS, SIGNATURE_FIELDS],
);

export type RegistryChangeProposal = RegistryChangeProposalsQuery['registryChangeProposals'][number];

export const PROPOSE_REGISTRY_CHANGE = operation<ProposeRegistryChangeMutation, ProposeRegistryChangeMutationVariables>(/* GraphQL */ `
  mutation ProposeRegistryChange($proposalId: String!, $change: RegistryChangeInput!) {
    proposeRegistryChange(proposalId: $proposalId, change: $change) {
      proposalId
      status
    }
  }
`);

export const APPROVE_REGISTRY_CHANGE = operation<ApproveRegistryChangeMutation, ApproveRegistryChangeMutationVariables>(/* GraphQL */ `
  mutation ApproveRegistryChange($proposalId: String!, $password: String!) {
    approveRegistryChange(proposalId: $proposalId, password: $password) {
      proposalId
      status
      appliedVersion
    }
  }
`);

export const WITHDRAW_REGISTRY_CHANGE = operation<WithdrawRegistryChangeMutation, WithdrawRegistryChangeMutationVariables>(/* GraphQL */ `
  mutation WithdrawRegistryChange($proposalId: String!, $reason: String!) {
    withdrawRegistryChange(proposalId: $proposalId, reason: $reason) {
      proposalId
      status
    }
  }
`);
