// A rule for one field, apart from the readers that apply it (validation.ts), so that the identifier rules those
// readers use can declare theirs without a cycle.

/** A rule for one field: the text a client reads when it fails, and the test. */
export interface Rule<T> {
  readonly text: string;
  readonly test: (value: unknown) => value is T;
}
