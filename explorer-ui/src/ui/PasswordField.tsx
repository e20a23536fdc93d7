// A labelled password input, as the sign-in and change-password forms ask for one.
import { Field } from './Field';

export function PasswordField({
  label,
  id,
  value,
  onChange,
  autoComplete,
}: {
  readonly label: string;
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoComplete: 'current-password' | 'new-password';
}) {
  return (
    <Field label={label} id={id}>
      <input
        id={id}
        name={id}
        type="password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        required
      />
    </Field>
  );
}
