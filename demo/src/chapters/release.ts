// Chapter 5, release: the QA reviewer and the QP sign the lot's QA release, each with their own key and their password
// entered again (the first signature waits in the gateway for the second, which submits the release), then the
// regulator releases it.
import { CompleteLotQaRelease, ReleaseLotByRegulator, SignLotQaRelease } from '../operations';
import type { Chapter, Scene } from './chapter';

export function release(scene: Scene): Chapter {
  const { telling, projection, cast, plan } = scene;
  const { qa, qp } = cast.factory;
  const { regulator } = cast;
  const { lotId } = plan;
  return {
    title: `the QA reviewer and the QP sign the lot's release with their keys and passwords, then the regulator releases it (${regulator.username})`,
    done: async () => ['released', 'recalled'].includes((await projection.lot())?.lot.status ?? ''),
    tell: async () => {
      const current = await projection.lot();
      if (current === undefined) throw telling.stopped(`read lot ${lotId}`, 'the lot is not in the projection');
      if (current.lot.status === 'in-process') {
        // A signature given before an interruption still waits in the gateway: only the missing ones are given.
        const waiting = new Set(current.signedWaiting.map((s) => s.meaning));
        if (!waiting.has('qa-review')) {
          await telling.as(qa, `sign the QA review of lot ${lotId}`, SignLotQaRelease, {
            lotId,
            signature: 'QA_REVIEW',
            password: qa.password,
          });
        }
        if (waiting.has('qp-release')) {
          // The QP signed first: now that the QA review is there too, the QP submits the release.
          await telling.as(qp, `submit the QA release of lot ${lotId}`, CompleteLotQaRelease, { lotId });
        } else {
          const { signLotQaRelease } = await telling.as(qp, `sign the QP release of lot ${lotId}`, SignLotQaRelease, {
            lotId,
            signature: 'QP_RELEASE',
            password: qp.password,
          });
          if (signLotQaRelease.lot === null) {
            throw telling.stopped(
              `sign the QP release of lot ${lotId}`,
              `the release still waits for ${signLotQaRelease.waitingFor ?? 'a signature'}`,
            );
          }
        }
      }
      await telling.as(regulator, `release lot ${lotId} for the regulator`, ReleaseLotByRegulator, { lotId, password: regulator.password });
    },
  };
}
