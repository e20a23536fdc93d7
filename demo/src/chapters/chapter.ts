// A chapter of the demo story: what it tells, how to see that it is already on the ledger, and the telling itself.
import type { Cast } from '../cast';
import type { DemoPlan } from '../plan';
import type { StoryProjection } from '../projection';
import type { Telling } from '../telling';

export interface Chapter {
  readonly title: string;
  /** True when the projection already shows what the chapter does. */
  readonly done: () => Promise<boolean>;
  /** Tells what is not there yet: each step looks first, so a chapter interrupted half-way resumes. */
  readonly tell: () => Promise<void>;
  /** True once the projection shows what tell() wrote; `done` unless the chapter's end is not visible there. */
  readonly settled?: () => Promise<boolean>;
}

/** What every chapter is told with. */
export interface Scene {
  readonly telling: Telling;
  readonly projection: StoryProjection;
  readonly cast: Cast;
  readonly plan: DemoPlan;
}
