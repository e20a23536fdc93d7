// A form's submission: runs its mutations while `busy`, and keeps the gateway's refusal to show beside the field it
// names (one of the form's `fields`, or a part of one: units[3] of units) or, for any other refusal, above the button
// (`general`).
import { useState } from 'react';
import { GraphQLFailure, messageOf } from './graphql-failure';

/** Whether the refused field is `field` or an item or member of it. */
const isPartOf = (refused: string, field: string): boolean =>
  refused === field || refused.startsWith(`${field}[`) || refused.startsWith(`${field}.`);

export function useSubmission(fields: readonly string[]) {
  const [failure, setFailure] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (run: () => Promise<unknown>, done: () => void): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    try {
      await run();
      done();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(messageOf(error)));
    } finally {
      setBusy(false);
    }
  };
  const refusedField = failure instanceof GraphQLFailure ? failure.field : undefined;
  const fieldProblem = (field: string): string | undefined =>
    refusedField !== undefined && isPartOf(refusedField, field) ? failure?.message : undefined;
  const shownBesideField = refusedField !== undefined && fields.some((field) => isPartOf(refusedField, field));
  const general = failure && !shownBesideField ? failure.message : undefined;
  return { submit, busy, fieldProblem, general };
}
