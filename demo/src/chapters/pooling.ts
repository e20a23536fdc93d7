// Chapter 3, pooling: once the hold period is served and each donor's later bag screened negative, factory QA
// releases the first bags, and the warehouse pools them and closes the pool. Holds count from each bag's recording on
// the ledger, which is never back-dated: under a rule set with a hold period the story stops here and resumes later.
import { AddToPool, ClosePool, CreatePool, ReleaseDonations } from '../operations';
import { reached } from '../projection';
import type { Chapter, Scene } from './chapter';

const DAY_MS = 24 * 60 * 60 * 1000;

export function pooling(scene: Scene): Chapter {
  const { telling, projection, cast } = scene;
  const { factory } = cast;
  return {
    title: "after the hold period, with each donor's later bag screened negative, factory QA releases the bags; the warehouse pools them",
    done: async () => (await projection.pool(await projection.poolDin()))?.status === 'closed',
    tell: async () => {
      const rules = await projection.ruleSet();
      const firsts = await projection.firstDonations();
      const poolDin = await projection.poolDin();
      const toRelease = firsts.filter((d) => !reached(d, 'released'));
      if (toRelease.length > 0) {
        const holdEnds = Math.max(...toRelease.map((d) => Date.parse(d.recordedAt) + rules.holdDays * DAY_MS));
        if (holdEnds > Date.now()) {
          throw telling.stopped(
            'wait for the hold period',
            `the ${rules.jurisdiction} rule set holds bags ${rules.holdDays} days from their recording; tell the rest with 'npm run demo' after ${new Date(holdEnds).toISOString()}`,
          );
        }
        await telling.as(factory.qa, `release ${toRelease.length} bags from quarantine`, ReleaseDonations, {
          dins: toRelease.map((d) => d.din),
        });
      }
      const pool = await projection.pool(poolDin);
      if (pool === undefined) {
        await telling.as(factory.warehouse, `create pool ${poolDin}`, CreatePool, { pool: { poolDin } });
      }
      const toPool = firsts.filter((d) => !reached(d, 'pooled')).map((d) => d.din);
      if (toPool.length > 0) {
        await telling.as(factory.warehouse, `add ${toPool.length} bags to pool ${poolDin}`, AddToPool, { poolDin, dins: toPool });
      }
      if (pool?.status !== 'closed') {
        await telling.as(factory.warehouse, `close pool ${poolDin}`, ClosePool, { poolDin });
      }
    },
  };
}
