// Chapter 7, look-back: the first donor seroconverts; the regulator opens a look-back on them and continues it step
// by step until complete, interdicting their bags and holding the lot their plasma went into. Its completion marks
// the story as told.
import { ContinueLookBack, OpenLookBack } from '../operations';
import type { Chapter, Scene } from './chapter';

const LOOK_BACK_REASON = 'donor seroconverted: anti-HIV-1/2 reactive at a later donation';
/** Each step takes a bounded number of donations; a handful of bags needs one or two. */
const MAX_STEPS = 100;

export function lookBack(scene: Scene): Chapter {
  const { telling, projection, cast, plan } = scene;
  const { regulator } = cast;
  return {
    title: 'the first donor seroconverts: the regulator runs a look-back that interdicts their bags and holds the lot',
    done: async () => (await projection.lookBackCase())?.status === 'complete',
    tell: async () => {
      // Opened before an interruption: the lot's hold names the case, which the projection may not show yet.
      const caseId = await projection.lookBackCaseId();
      let progress =
        caseId === undefined
          ? (
              await telling.as(regulator, 'open a look-back on the first donor', OpenLookBack, {
                donorPseudonym: plan.donorPseudonym(0),
                reason: LOOK_BACK_REASON,
                window: {},
              })
            ).openLookBack
          : { caseId, status: (await projection.lookBackCase())?.status };
      for (let steps = 0; progress.status !== 'complete'; steps += 1) {
        if (steps >= MAX_STEPS)
          throw telling.stopped(`continue look-back ${progress.caseId}`, `still in progress after ${MAX_STEPS} steps`);
        progress = (await telling.as(regulator, `continue look-back ${progress.caseId}`, ContinueLookBack, { caseId: progress.caseId }))
          .continueLookBack;
      }
    },
  };
}
