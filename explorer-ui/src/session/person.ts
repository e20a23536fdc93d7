// The signed-in person as the explorer knows them: enough to greet them and to decide what to offer.
import type {
  ChangePasswordMutation,
  ChangePasswordMutationVariables,
  GatewayOrganisationQuery,
  GatewayOrganisationQueryVariables,
  LoginMutation,
  LoginMutationVariables,
  LogoutMutation,
  LogoutMutationVariables,
  MeQuery,
  MeQueryVariables,
} from '../graphql/generated/operations';
import { operation } from '../graphql/operation';

/** The person as both Me and Login select them. */
export type Person = MeQuery['me'];

export const ME = operation<MeQuery, MeQueryVariables>(/* GraphQL */ `
  query Me {
    me {
      id
      username
      displayName
      role
      mustChangePassword
      organisation {
        name
        mspId
        kind
        facilities
      }
    }
  }
`);

/** Whose explorer this is: each organisation's gateway signs in its own people only. */
export const GATEWAY_ORGANISATION = operation<GatewayOrganisationQuery, GatewayOrganisationQueryVariables>(/* GraphQL */ `
  query GatewayOrganisation {
    gatewayOrganisation {
      name
    }
  }
`);

export const LOGIN = operation<LoginMutation, LoginMutationVariables>(/* GraphQL */ `
  mutation Login($org: String!, $username: String!, $password: String!) {
    login(org: $org, username: $username, password: $password) {
      token
      expiresAt
      person {
        id
        username
        displayName
        role
        mustChangePassword
        organisation {
          name
          mspId
          kind
          facilities
        }
      }
    }
  }
`);

export const LOGOUT = operation<LogoutMutation, LogoutMutationVariables>(/* GraphQL */ `
  mutation Logout {
    logout
  }
`);

/** The person's own new password, the current one given again; their other sessions end. */
export const CHANGE_PASSWORD = operation<ChangePasswordMutation, ChangePasswordMutationVariables>(/* GraphQL */ `
  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
    changePassword(oldPassword: $oldPassword, newPassword: $newPassword)
  }
`);
