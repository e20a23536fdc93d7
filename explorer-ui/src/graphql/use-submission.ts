// A form's submission: runs its mutations while `busy`, and keeps the gateway's refusal to show beside the field it
// names (one of the form's `fields`) or, for any other refusal, above the button (`general`).
import { useState } from 'react';
import { GraphQLFailure, messageOf } from './graphql-failure';

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
  const fieldProblem = (field: string): string | undefined =>
    failure instanceof GraphQLFailure && failure.field === field ? failure.message : undefined;
  const shownBesideField = failure instanceof GraphQLFailure && failure.field !== undefined && fields.includes(failure.field);
  const general = failure && !shownBesideField ? failure.message : undefined;
  return { submit, busy, fieldProblem, general };
}
