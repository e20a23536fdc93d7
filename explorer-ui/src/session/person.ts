// The signed-in person as the explorer knows them: enough to greet them and to decide what to offer.
import { operation } from '../graphql/operation';

export interface Person {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly organisation: { readonly name: string; readonly mspId: string; readonly kind: string; readonly facilities: readonly string[] };
}

export const ME = operation<{ me: Person }>(/* GraphQL */ `
  query Me { me { id username displayName role organisation { name mspId kind facilities } } }`);

export const LOGIN = operation<
  { login: { token: string; expiresAt: string; person: Person } },
  { org: string; username: string; password: string }
>(/* GraphQL */ `
  mutation Login($org: String!, $username: String!, $password: String!) {
    login(org: $org, username: $username, password: $password) {
      token expiresAt person { id username displayName role organisation { name mspId kind facilities } }
    }
  }`);

export const LOGOUT = operation<{ logout: boolean }>(/* GraphQL */ `mutation Logout { logout }`);
