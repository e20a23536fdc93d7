// An organisation's people as its admin manages them: each person with their role, last sign-in and devices, and
// what the admin may do about them (create, disable and enable, give a reset code, approve or refuse a further device,
// revoke a device); and the organisation's security log with the check of its hash chain.
import type {
  ApproveDeviceRequestMutation,
  ApproveDeviceRequestMutationVariables,
  ChangeRoleMutation,
  ChangeRoleMutationVariables,
  CreatePersonMutation,
  CreatePersonMutationVariables,
  OrganisationPeopleQuery,
  OrganisationPeopleQueryVariables,
  ResetPasswordMutation,
  ResetPasswordMutationVariables,
  RefuseDeviceRequestMutation,
  RefuseDeviceRequestMutationVariables,
  RevokeDeviceMutation,
  RevokeDeviceMutationVariables,
  SecurityLogCheckQuery,
  SecurityLogCheckQueryVariables,
  SecurityLogQuery,
  SecurityLogQueryVariables,
  SetDisabledMutation,
  SetDisabledMutationVariables,
  SetKioskAccountMutation,
  SetKioskAccountMutationVariables,
  SetEnabledMutation,
  SetEnabledMutationVariables,
} from '../../graphql/generated/operations';
import { DEVICE_FIELDS } from '../../graphql/fragments';
import { operation } from '../../graphql/operation';

export type ManagedPerson = OrganisationPeopleQuery['gatewayOrganisation']['people'][number];

export const ORGANISATION_PEOPLE = operation<OrganisationPeopleQuery, OrganisationPeopleQueryVariables>(
  /* GraphQL */ `
    query OrganisationPeople {
      gatewayOrganisation {
        name
        grantableRoles
        people {
          id
          username
          displayName
          role
          disabled
          mustChangePassword
          lastSignInAt
          kiosk
          devices {
            ...DeviceFields
          }
          deviceRequests {
            id
            label
            requestedAt
            code
          }
        }
      }
    }
  `,
  [DEVICE_FIELDS],
);

export const CREATE_PERSON = operation<CreatePersonMutation, CreatePersonMutationVariables>(/* GraphQL */ `
  mutation CreatePerson($input: NewPersonInput!) {
    createPerson(input: $input) {
      id
      username
    }
  }
`);

export const DISABLE_PERSON = operation<SetDisabledMutation, SetDisabledMutationVariables>(/* GraphQL */ `
  mutation SetDisabled($org: String!, $username: String!) {
    disablePerson(org: $org, username: $username) {
      id
      disabled
    }
  }
`);

export const ENABLE_PERSON = operation<SetEnabledMutation, SetEnabledMutationVariables>(/* GraphQL */ `
  mutation SetEnabled($org: String!, $username: String!) {
    enablePerson(org: $org, username: $username) {
      id
      disabled
    }
  }
`);

export const SET_KIOSK_ACCOUNT = operation<SetKioskAccountMutation, SetKioskAccountMutationVariables>(/* GraphQL */ `
  mutation SetKioskAccount($org: String!, $username: String!, $kiosk: Boolean!) {
    setKioskAccount(org: $org, username: $username, kiosk: $kiosk) {
      id
      kiosk
    }
  }
`);

export const CHANGE_ROLE = operation<ChangeRoleMutation, ChangeRoleMutationVariables>(/* GraphQL */ `
  mutation ChangeRole($org: String!, $username: String!, $role: String!) {
    changeRole(org: $org, username: $username, role: $role) {
      id
      role
    }
  }
`);

export const RESET_PASSWORD = operation<ResetPasswordMutation, ResetPasswordMutationVariables>(/* GraphQL */ `
  mutation ResetPassword($org: String!, $username: String!) {
    resetPassword(org: $org, username: $username) {
      code
      expiresAt
    }
  }
`);

export const REVOKE_DEVICE = operation<RevokeDeviceMutation, RevokeDeviceMutationVariables>(/* GraphQL */ `
  mutation RevokeDevice($deviceId: ID!) {
    revokeDevice(deviceId: $deviceId) {
      id
      revokedAt
    }
  }
`);

export const APPROVE_DEVICE_REQUEST = operation<ApproveDeviceRequestMutation, ApproveDeviceRequestMutationVariables>(/* GraphQL */ `
  mutation ApproveDeviceRequest($requestId: ID!, $approval: DeviceApprovalInput) {
    approveDeviceRequest(requestId: $requestId, approval: $approval) {
      id
      label
    }
  }
`);

export const REFUSE_DEVICE_REQUEST = operation<RefuseDeviceRequestMutation, RefuseDeviceRequestMutationVariables>(/* GraphQL */ `
  mutation RefuseDeviceRequest($requestId: ID!) {
    refuseDeviceRequest(requestId: $requestId) {
      id
      status
    }
  }
`);

export const SECURITY_LOG = operation<SecurityLogQuery, SecurityLogQueryVariables>(/* GraphQL */ `
  query SecurityLog($last: Int!) {
    securityLog(last: $last) {
      seq
      recordedAt
      event
      actor
      subject
      clientAddress
      detail {
        name
        value
      }
    }
  }
`);

/** Reads and hashes the whole log: asked for by the admin, not on every visit. */
export const SECURITY_LOG_CHECK = operation<SecurityLogCheckQuery, SecurityLogCheckQueryVariables>(/* GraphQL */ `
  query SecurityLogCheck {
    securityLogCheck {
      events
      headHash
      brokenAtSeq
      problem
      anchor {
        seq
        anchoredAt
        holds
        problem
      }
    }
  }
`);
