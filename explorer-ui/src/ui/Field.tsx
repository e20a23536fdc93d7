// A labelled form field with its help and its validation message, which appears as the person types.
import type { ReactNode } from 'react';

export function Field({
  label,
  id,
  help,
  problem,
  children,
}: {
  readonly label: string;
  readonly id: string;
  readonly help?: ReactNode;
  readonly problem?: string | undefined;
  readonly children: ReactNode;
}) {
  return (
    <div className={`field ${problem ? 'has-problem' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {problem ? (
        <div className="field-problem" id={`${id}-problem`} role="status">
          {problem}
        </div>
      ) : (
        help && <div className="field-help">{help}</div>
      )}
    </div>
  );
}
