// The demo story: a newcomer's first `up` finds real lineage on the ledger. Four donors give plasma twice at two
// stations; the first bags are screened, stored, shipped, received, released after the hold period, pooled and
// tested; the factory makes lot ALB-DEMO-001 with its batch record and QC, the QA reviewer, the QP and the regulator
// release it with electronic signatures, vials are serialised, packed and shipped, and a look-back on the first donor
// follows their plasma to those vials. Every step is a GraphQL mutation at the gateway of the organisation whose person
// takes it, signed in as that person, so each transaction carries that person's own signature.
//
// Told in chapters (chapters/), each of which first looks at the projection for what is already there, so telling it
// again does nothing and an interrupted telling resumes. Every time is real: no collection is back-dated, so the story
// reaches its release only under a rule set that holds bags no days, as this demo consortium's does
// (network/rule-changes.yaml); under a longer hold it stops at the release and resumes later.
import type { Topology } from '@plasma/network';
import type { DemoPerson } from '@plasma/gateway-api';
import { castOf } from './cast';
import type { Chapter, Scene } from './chapters/chapter';
import { collection } from './chapters/collection';
import { distribution } from './chapters/distribution';
import { lookBack } from './chapters/look-back';
import { manufacture } from './chapters/manufacture';
import { pooling } from './chapters/pooling';
import { release } from './chapters/release';
import { shipping } from './chapters/shipping';
import { graphqlClient, type GraphQLClient } from './graphql-client';
import { IndexedHeight } from './operations';
import { demoPlan } from './plan';
import { StoryProjection } from './projection';
import { Telling } from './telling';

/** The chapters in the order they are told; the last one's end marks the story as told. */
const CHAPTERS: readonly ((scene: Scene) => Chapter)[] = [collection, shipping, pooling, manufacture, release, distribution, lookBack];

export interface DemoStoryOptions {
  /** Each organisation's gateway by the organisation's name, e.g. Factory → http://127.0.0.1:4300. */
  readonly urlOf: (org: string) => string;
  readonly topology: Topology;
  readonly people: readonly DemoPerson[];
  /** One line per chapter. */
  readonly progress: (line: string) => void;
  /** How long to wait for the projection to show a chapter's writes; 120 s by default. */
  readonly settleTimeoutMs?: number;
  /** 0, the default, is the demo; see demoPlan. */
  readonly edition?: number;
  /**
   * The channel's height as a peer sees it. When given, the story first waits for the indexer to reach it, so that
   * what is already on the ledger is also in the projection the story looks at.
   */
  readonly ledgerHeight?: () => Promise<number>;
}

export interface DemoStoryOutcome {
  readonly alreadyTold: boolean;
  readonly lotId: string;
  readonly poolDin: string;
  /** The bags in the lot. */
  readonly pooledDins: readonly string[];
  readonly vials: readonly string[];
  readonly lookBackCaseId: string;
}

/** Tells the demo story through the gateway, or recognises it as told. Throws DemoStoryError naming the failed step. */
export async function tellDemoStory(options: DemoStoryOptions): Promise<DemoStoryOutcome> {
  const cast = castOf(options.topology, options.people);
  const plan = demoPlan(options.edition);
  const clients = new Map<string, GraphQLClient>();
  const clientOf = (org: string): GraphQLClient => {
    let client = clients.get(org);
    if (!client) clients.set(org, (client = graphqlClient(options.urlOf(org))));
    return client;
  };
  const telling = new Telling(clientOf, cast, options.settleTimeoutMs ?? 120_000);
  const scene: Scene = { telling, projection: new StoryProjection(telling, cast, plan), cast, plan };
  const { progress, ledgerHeight } = options;

  if (ledgerHeight) {
    const height = await telling.step('read the ledger height', ledgerHeight);
    await telling.step(`wait for the indexer to reach block ${height - 1}`, () =>
      telling.settle(
        'the indexer to catch up with the ledger',
        async () => (await telling.read(IndexedHeight, {})).networkStatus.indexedHeight >= height,
      ),
    );
  }
  const chapters = CHAPTERS.map((chapter) => chapter(scene));
  const last = chapters[chapters.length - 1]!;
  telling.chapter = last.title;
  if (await telling.step('look for the story on the ledger', () => last.done())) {
    progress(`demo story: already on the ledger (lot ${plan.lotId}); nothing to do`);
    return outcome(scene, true);
  }
  for (const [index, chapter] of chapters.entries()) {
    telling.chapter = chapter.title;
    const done = await telling.step('look at what is already there', () => chapter.done());
    progress(`demo story ${index + 1}/${chapters.length}: ${chapter.title}${done ? ' (already on the ledger)' : ''}`);
    if (done) continue;
    await telling.step('tell it', () => chapter.tell());
    await telling.step('wait for the projection to show it', () =>
      telling.settle('the projection to show the chapter', chapter.settled ?? chapter.done),
    );
  }
  return outcome(scene, false);
}

async function outcome({ projection, plan }: Scene, alreadyTold: boolean): Promise<DemoStoryOutcome> {
  const lot = await projection.lot();
  const lookBackCase = await projection.lookBackCase();
  const pooled = await projection.firstDonations();
  return {
    alreadyTold,
    lotId: plan.lotId,
    poolDin: lot?.lot.pools[0] ?? '',
    pooledDins: pooled.map((d) => d.din),
    vials: [...plan.gs1Vials, ...plan.cnVials],
    lookBackCaseId: lookBackCase?.caseId ?? '',
  };
}
