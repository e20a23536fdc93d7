// The first sign-in of a person an admin created: the password the admin chose is replaced by one only the person
// knows before anything else opens (the gateway answers PASSWORD_CHANGE_REQUIRED to everything else meanwhile).
import { useState } from 'react';
import type { Person } from '../../session/person';
import { PasswordField } from '../../ui/PasswordField';
import { SignInCard } from './SignInCard';

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

  const submit = async (): Promise<void> => {
    if (newPassword !== repeated) throw new Error('The new password and its repetition differ.');
    await changePassword(oldPassword, newPassword);
  };

  return (
    <SignInCard
      titleId="change-password-title"
      title="Choose your own password"
      intro={
        <p className="muted">
          {person.displayName}, your password was chosen by your organisation's admin. Replace it with one only you know before you go on.
        </p>
      }
      submitLabel="Change password"
      busyLabel="Changing…"
      onSubmit={submit}
      footer={
        <button type="button" className="link" onClick={() => void logout()}>
          Sign out
        </button>
      }
    >
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
    </SignInCard>
  );
}
