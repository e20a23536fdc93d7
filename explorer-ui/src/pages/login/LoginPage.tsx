// Signing in: organisation, username and password. Failed attempts are limited by the gateway, which answers
// the same whatever was wrong, so this page does not guess either.
import { useState, type SubmitEvent } from 'react';
import { messageOf } from '../../graphql/graphql-failure';
import { Field } from '../../ui/Field';

export function LoginPage({
  login,
  notice,
}: {
  readonly login: (org: string, username: string, password: string) => Promise<void>;
  readonly notice?: string | undefined;
}) {
  const [org, setOrg] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await login(org.trim(), username.trim(), password);
    } catch (error) {
      setFailure(messageOf(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true" />
          Plasma trace
        </div>
        <h1 id="login-title">Sign in</h1>
        <p className="muted">From the donor's arm to the vial: every step on a shared ledger.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <Field label="Organisation" id="org" help="As your organisation is named on the network, e.g. StationA or Factory.">
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
        <Field label="Password" id="password">
          <input
            id="password"
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </Field>
        {failure && (
          <p className="notice error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
