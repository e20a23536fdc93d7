// The signed-in person as the explorer knows them: enough to greet them and to decide what to offer.
import { operation } from '../graphql/operation';

export interface Person {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly organisation: { readonly name: string; readonly mspId: string; readonly kind: string; readonly facilities: readonly string[] };
}

const PERSON_FIELDS = 'id username displayName role organisation { name mspId kind facilities }';

export const ME = operation<{ me: Person }>(`query Me { me { ${PERSON_FIELDS} } }`);

export const LOGIN = operation<
  { login: { token: string; expiresAt: string; person: Person } },
  { org: string; username: string; password: string }
>(`mutation Login($org: String!, $username: String!, $password: String!) {
  login(org: $org, username: $username, password: $password) { token expiresAt person { ${PERSON_FIELDS} } }
}`);

export const LOGOUT = operation<{ logout: boolean }>('mutation Logout { logout }');
