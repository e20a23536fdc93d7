// A select of a fixed set of choices, each shown in the words a person reads (keyed by the value sent); with
// `unchosen`, a first empty choice, so that nothing is chosen for the person.
export function ChoiceSelect<K extends string>({
  id,
  choices,
  value,
  onChange,
  unchosen,
  label,
}: {
  readonly id?: string;
  readonly choices: Readonly<Record<K, string>>;
  readonly value: K | undefined;
  readonly onChange: (value: K | undefined) => void;
  /** The words of the empty first choice; absent, one of `choices` is always chosen. */
  readonly unchosen?: string;
  /** The accessible name, where no label element names the select. */
  readonly label?: string;
}) {
  return (
    <select id={id} aria-label={label} value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as K | undefined)}>
      {unchosen !== undefined && <option value="">{unchosen}</option>}
      {(Object.keys(choices) as K[]).map((choice) => (
        <option key={choice} value={choice}>
          {choices[choice]}
        </option>
      ))}
    </select>
  );
}
