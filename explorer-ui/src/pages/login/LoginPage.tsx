// Signing in: organisation, username and password. Failed attempts are limited by the gateway, which answers
// the same whatever was wrong, so this page does not guess either. Each organisation runs its own explorer, which
// signs in its own people only: the page names that organisation and fills it in.
import { useEffect, useState } from 'react';
import { useGraphQL } from '../../graphql/graphql-context';
import { GATEWAY_ORGANISATION } from '../../session/person';
import { Field } from '../../ui/Field';
import { PasswordField } from '../../ui/PasswordField';
import { SignInCard } from './SignInCard';

export function LoginPage({
  login,
  notice,
}: {
  readonly login: (org: string, username: string, password: string) => Promise<void>;
  readonly notice?: string | undefined;
}) {
  const { client } = useGraphQL();
  const [org, setOrg] = useState('');
  const [host, setHost] = useState<string>();

  useEffect(() => {
    let current = true;
    client.request(GATEWAY_ORGANISATION, {}).then(
      ({ gatewayOrganisation: { name } }) => {
        if (!current) return;
        setHost(name);
        setOrg((typed) => typed || name);
      },
      () => undefined, // the field stays empty: the person types it
    );
    return () => {
      current = false;
    };
  }, [client]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const signIn = async (): Promise<void> => {
    try {
      await login(org.trim(), username.trim(), password);
    } catch (error) {
      setPassword('');
      throw error;
    }
  };

  return (
    <SignInCard
      titleId="login-title"
      title={host ? `Sign in to ${host}` : 'Sign in'}
      intro={
        <>
          <p className="muted">From the donor's arm to the vial: every step on a shared ledger.</p>
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
        </>
      }
      submitLabel="Sign in"
      busyLabel="Signing in…"
      onSubmit={signIn}
    >
      <Field
        label="Organisation"
        id="org"
        help={
          host
            ? `This explorer is ${host}'s: only its people sign in here.`
            : 'As your organisation is named on the network, e.g. StationA or Factory.'
        }
      >
        <input id="org" name="org" value={org} onChange={(e) => setOrg(e.target.value)} autoComplete="organization" required />
      </Field>
      <Field label="Username" id="username">
        <input
          id="username"
          name="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          required
        />
      </Field>
      <PasswordField label="Password" id="password" value={password} onChange={setPassword} autoComplete="current-password" />
    </SignInCard>
  );
}
