// The signed-in person as the explorer knows them: enough to greet them and to decide what to offer.
import type {
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
      organisation {
        name
        mspId
        kind
        facilities
      }
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
