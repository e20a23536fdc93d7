// The first sign-in of a person an admin created: the password the admin chose is replaced by one only the person
// knows before anything else opens (the gateway answers PASSWORD_CHANGE_REQUIRED to everything else meanwhile).
import { useState, type SubmitEvent } from 'react';
import { messageOf } from '../../graphql/graphql-failure';
import type { Person } from '../../session/person';
import { PasswordField } from '../../ui/PasswordField';

export function ChangePasswordPage({
  person,
  changePassword,
  logout,
}: {
  readonly person: Person;
  readonly changePassword: (oldPassword: string, newPassword: string) => Promise<void>;
  readonly logout: () => Promise<void>;
}) {
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setFailure(undefined);
    if (newPassword !== repeated) {
      setFailure('The new password and its repetition differ.');
      return;
    }
    setBusy(true);
    try {
      await changePassword(oldPassword, newPassword);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="change-password-title">
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true" />
          Plasma trace
        </div>
        <h1 id="change-password-title">Choose your own password</h1>
        <p className="muted">
          {person.displayName}, your password was chosen by your organisation's admin. Replace it with one only you know before you go on.
        </p>
        <PasswordField
          label="Current password"
          id="old-password"
          value={oldPassword}
          onChange={setOldPassword}
          autoComplete="current-password"
        />
        {/* The gateway holds the password rule and names it when the new one breaks it. */}
        <PasswordField label="New password" id="new-password" value={newPassword} onChange={setNewPassword} autoComplete="new-password" />
        <PasswordField
          label="New password again"
          id="repeated-password"
          value={repeated}
          onChange={setRepeated}
          autoComplete="new-password"
        />
        {failure && (
          <p className="notice error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
        <button type="button" className="link" onClick={() => void logout()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
