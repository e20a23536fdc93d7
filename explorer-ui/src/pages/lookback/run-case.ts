// A case runs step by step on the ledger (each step a transaction, so none grows too large): from the step that opened
// it, whoever opened it (a start, a confirmed request) continues it until it is complete, then waits until the
// projection holds it, so that its report opens on it.
import type { GraphQLClient } from '../../graphql/client';
import { untilIndexed } from '../../ledger/until-indexed';
import { CONTINUE_LOOK_BACK, LOOK_BACK_CASE_INDEXED, type LookBackProgress } from './look-back-operations';

// Enough for a donor with thousands of donations; a case still open after this is continued from its report.
const MAX_STEPS = 200;

/** Continues the case `opened` began until it is complete, telling `onStep` of each step; answers the case's id. */
export async function runCase(client: GraphQLClient, opened: LookBackProgress, onStep: (step: LookBackProgress) => void): Promise<string> {
  let step = opened;
  onStep(step);
  for (let n = 1; step.status === 'in-progress' && n < MAX_STEPS; n += 1) {
    ({ continueLookBack: step } = await client.request(CONTINUE_LOOK_BACK, { caseId: step.caseId }));
    onStep(step);
  }
  const { caseId } = step;
  await untilIndexed(async () => (await client.request(LOOK_BACK_CASE_INDEXED, { caseId })).lookBackCase !== null);
  return caseId;
}
