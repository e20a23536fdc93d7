// The demo story: a newcomer's first `up` finds real lineage on the ledger. Four donors give plasma twice at two
// stations; the first bags are screened, stored, shipped, received, released after the hold period, pooled and
// tested; the factory makes lot ALB-DEMO-001 with its batch record and QC, the QA reviewer, the QP and the
// regulator release it with electronic signatures, vials are serialised, packed and shipped, and a look-back on
// the first donor follows their plasma to those vials. Every step is a GraphQL mutation of the gateway signed in
// as the person who would take it, so each transaction carries that person's own signature.
//
// Told in chapters, each of which first looks at the projection for what is already there, so telling it again
// does nothing and an interrupted telling resumes. Every time is real: each donor's first bag was collected earlier
// that day, is recorded and screened, then their follow-up bag, collected after it ended, is recorded and screened, as the
// release rule needs (a later negative donation at the same station, recorded and screened after the held bag). No
// collection is back-dated, so the story reaches its release only under a rule set that holds bags no days, as this
// demo consortium's does (network/rule-changes.yaml); under a longer hold it stops at the release and resumes later.
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Topology } from '@plasma/network';
import { jurisdictionOf, normaliseDinKey, readOrganisations } from '@plasma/chaincode';
import type { DemoPerson } from '@plasma/gateway-api';
import { GraphQLRequestError, graphqlClient, type GraphQLClient } from './graphql-client';
import { dinOf, drugTraceCodeOf, gs1UnitCode, gtinOf, ssccOf } from './identifiers';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
const DONORS = 4;
// A plasmapheresis takes some 40 minutes.
const COLLECTION_MINUTES = 40;
// The first bags were collected an hour and a half before the telling (donor by donor, five minutes apart), so that
// each donor's follow-up bag, collected in the 40 minutes before it is recorded, starts after the first one ended.
const FIRST_BAGS_ENDED_MINUTES_BEFORE = 90;
const GTIN = gtinOf('0690123499001');
const CN_PRODUCT_CODE = '8699001';
/** Stand-in verification digits: the code issuers' algorithm is not public and the ledger checks only the structure. */
const standInVerification = (first16: string): number => createHash('sha256').update(first16).digest().readUInt16BE(0) % 10_000;

/** DIN sequences from here on are the demo's (on every station's and the factory's FIN); tests draw below it. */
export const FIRST_DEMO_DIN_SEQUENCE = 990_000;

/** Every identifier of one telling. Fixed, so a newcomer can look them up and telling again finds them. */
export interface DemoPlan {
  readonly lotId: string;
  /** The HMAC pseudonym of demo donor n (from 0), like a station's, of a made-up donor: no person's data. */
  donorPseudonym(donor: number): string;
  /** The sequence of a donor's first (0) or later (1) bag's DIN; the year is that of the collection. */
  dinSequence(donor: number, donation: number): number;
  readonly poolSequence: number;
  /** The shipment of a station's first bags: its facility's FIN first, as the ledger requires of a shipment id. */
  shipmentId(facility: string): string;
  readonly gs1Vials: readonly string[];
  readonly cnVials: readonly string[];
  readonly cases: readonly { readonly caseCode: string; readonly units: readonly string[] }[];
  readonly outboundShipmentId: string;
}

/**
 * Edition 0 is the demo `up` tells; other editions (up to 98) give the same story fresh identifiers, for trying
 * changes to it on a ledger that already holds the demo. DIN sequences are 99eedn (edition, donor, donation).
 */
export function demoPlan(edition = 0): DemoPlan {
  if (!Number.isInteger(edition) || edition < 0 || edition > 98) throw new RangeError(`a demo edition is 0 to 98, not ${edition}`);
  const tag = String(edition + 1).padStart(3, '0');
  const gs1Vials = [1, 2, 3, 4].map((n) => gs1UnitCode(GTIN, `DEMO${tag}V${n}`));
  const cnVials = [1, 2].map((n) => {
    const serial = (edition + 1) * 100 + n;
    return drugTraceCodeOf(CN_PRODUCT_CODE, serial, standInVerification(CN_PRODUCT_CODE + String(serial).padStart(9, '0')));
  });
  const sscc = (n: number): string => ssccOf(`0690123499${String((edition + 1) * 10 + n).padStart(7, '0')}`);
  return {
    lotId: `ALB-DEMO-${tag}`,
    donorPseudonym: (donor) => createHmac('sha256', 'plasma-trace demo story').update(`edition ${edition} donor ${donor + 1}`).digest('hex'),
    dinSequence: (donor, donation) => FIRST_DEMO_DIN_SEQUENCE + edition * 100 + (donor + 1) * 10 + donation + 1,
    poolSequence: FIRST_DEMO_DIN_SEQUENCE + edition * 100 + 1,
    shipmentId: (facility) => `${facility}-DEMO-${tag}`,
    gs1Vials,
    cnVials,
    cases: [{ caseCode: sscc(1), units: gs1Vials }, { caseCode: sscc(2), units: cnVials }],
    outboundShipmentId: `DEMO-${tag}-OUT`,
  };
}

/** The lot of the demo `up` tells; its completed look-back marks the story as told. */
export const DEMO_LOT_ID = demoPlan().lotId;
const HOSPITAL = 'Hospital pharmacy, Huangpu District, Shanghai';
// Each with the critical process parameters the MES would export for it.
const PROCESS_STEPS = [
  { step: 'Thawing and pooling of source plasma', equipment: 'pooling tank PT-01', parameters: { thawTemperatureC: 2.5, poolVolumeL: 2.4 } },
  { step: 'Cohn fractionation, fractions I to V', equipment: 'fractionation line CF-2', parameters: { ethanolPercent: 40, pH: 4.8, temperatureC: -5 } },
  { step: 'Ultrafiltration and formulation', equipment: 'ultrafiltration skid UF-3', parameters: { proteinGPerL: 200, sodiumMmolPerL: 140 } },
  { step: 'Pasteurisation at 60 °C for 10 h', equipment: 'pasteuriser PS-1', parameters: { temperatureC: 60.1, hours: 10 } },
  { step: 'Sterile filtration and aseptic filling', equipment: 'filling line FL-1', parameters: { filterMicron: 0.2, vialsFilled: 6 } },
];
const LOOK_BACK_REASON = 'donor seroconverted: anti-HIV-1/2 reactive at a later donation';

// ---- what the story reads from the projection --------------------------------------------------------------

const ruleSet = z.object({
  jurisdiction: z.string(),
  holdDays: z.number(),
  storageLimitC: z.number(),
  lookBackWindowDays: z.number(),
  mandatoryTests: z.object({ donation: z.array(z.string()), pool: z.array(z.string()), lot: z.array(z.string()) }),
});
type RuleSet = z.infer<typeof ruleSet>;
const withStatus = z.object({ status: z.string() });
const lot = z.object({
  status: z.string(),
  stepCount: z.number(),
  pools: z.array(z.string()),
  holds: z.array(z.object({ kind: z.string(), ref: z.string() })),
});
type Lot = z.infer<typeof lot>;
const testResult = z.object({ analyte: z.string(), conclusion: z.string() });

interface TestSubject {
  readonly kind: 'pool' | 'lot';
  readonly id: string;
}

/** A donation's path in the story; interdicted (by the look-back) comes after all of it. */
const DONATION_PATH = ['collected', 'screened', 'stored', 'shipped', 'received', 'quarantined', 'released', 'pooled'] as const;
type DonationStep = (typeof DONATION_PATH)[number];

interface DemoDonation {
  readonly donor: number;
  /** 0: the bag that goes into the lot; 1: the later bag whose negative screening lets the first be released. */
  readonly index: number;
  readonly din: string;
  readonly status: string;
}

function reached(donation: DemoDonation, step: DonationStep): boolean {
  if (donation.status === 'interdicted') return true;
  const at = DONATION_PATH.indexOf(donation.status as DonationStep);
  if (at < 0) throw new Error(`donation ${donation.din} is ${donation.status}, off the demo story's path`);
  return at >= DONATION_PATH.indexOf(step);
}

// ---- who takes each step -----------------------------------------------------------------------------------

interface Actor {
  readonly org: string;
  readonly username: string;
  readonly password: string;
}

interface Station {
  readonly name: string;
  readonly mspId: string;
  readonly facility: string;
  readonly collector: Actor;
  readonly qa: Actor;
}

interface Cast {
  readonly stations: readonly Station[];
  readonly factory: { readonly name: string; readonly mspId: string; readonly facility: string; readonly warehouse: Actor; readonly qa: Actor; readonly qp: Actor };
  readonly regulator: Actor;
  /** Reads the projection. */
  readonly inspector: Actor;
}

/** The story's people, by the roles the role matrix gives each step, from the topology and the demo people file. */
export function castOf(topology: Topology, people: readonly DemoPerson[]): Cast {
  const actor = (org: string, role: string): Actor => {
    const person = people.find((p) => p.org === org && p.role === role);
    if (!person) throw new Error(`no demo person with role ${role} at ${org} in the demo people file; the launcher seeds them`);
    return { org, username: person.username, password: person.password };
  };
  const ofKind = (kind: string) => topology.organisations.filter((o) => o.kind === kind);
  const stations = ofKind('station').slice(0, 2);
  const [factory] = ofKind('factory');
  const [regulator] = ofKind('regulator');
  if (stations.length === 0 || !factory || !regulator || !factory.facilities[0]) {
    throw new Error('the demo story needs a station, a factory with a facility and a regulator in network/topology.yaml');
  }
  return {
    stations: stations.map((s) => ({
      name: s.name, mspId: s.mspId, facility: s.facilities[0]!, collector: actor(s.name, 'collector'), qa: actor(s.name, 'station-qa'),
    })),
    factory: {
      name: factory.name, mspId: factory.mspId, facility: factory.facilities[0], warehouse: actor(factory.name, 'warehouse'),
      qa: actor(factory.name, 'factory-qa'), qp: actor(factory.name, 'qp'),
    },
    regulator: actor(regulator.name, 'regulator'),
    inspector: actor(regulator.name, 'inspector'),
  };
}

// ---- telling ---------------------------------------------------------------------------------------------------

/** Where the story stopped: the chapter and the step, with the gateway's answer. */
export class DemoStoryError extends Error {
  constructor(readonly chapter: string, readonly step: string, readonly cause: unknown) {
    super(`chapter "${chapter}", step "${step}": ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DemoStoryError';
  }
}

export interface DemoStoryOptions {
  /** The gateway, e.g. http://127.0.0.1:4000. */
  readonly url: string;
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

interface Chapter {
  readonly title: string;
  /** True when the projection already shows what the chapter does. */
  done(): Promise<boolean>;
  tell(): Promise<void>;
  /** True once the projection shows what tell() wrote; `done` unless the chapter's end is not visible there. */
  settled?(): Promise<boolean>;
}

/** Tells the demo story through the gateway, or recognises it as told. Throws DemoStoryError naming the failed step. */
export async function tellDemoStory(options: DemoStoryOptions): Promise<DemoStoryOutcome> {
  const story = new DemoStory(graphqlClient(options.url), castOf(options.topology, options.people), demoPlan(options.edition), options.settleTimeoutMs ?? 120_000);
  return story.tell(options.progress, options.ledgerHeight);
}

class DemoStory {
  readonly #client: GraphQLClient;
  readonly #cast: Cast;
  readonly #plan: DemoPlan;
  readonly #settleTimeoutMs: number;
  readonly #tokens = new Map<Actor, Promise<string>>();
  #chapter = 'getting ready';
  #rules: RuleSet | undefined;
  /** The story's clock: collection times count back from it. */
  readonly #startedAt = Date.now();

  constructor(client: GraphQLClient, cast: Cast, plan: DemoPlan, settleTimeoutMs: number) {
    this.#client = client;
    this.#cast = cast;
    this.#plan = plan;
    this.#settleTimeoutMs = settleTimeoutMs;
  }

  async tell(progress: (line: string) => void, ledgerHeight?: () => Promise<number>): Promise<DemoStoryOutcome> {
    if (ledgerHeight) {
      const height = await this.#step('read the ledger height', ledgerHeight);
      await this.#step(`wait for the indexer to reach block ${height - 1}`, () => this.#settled('the indexer to catch up with the ledger', async () =>
        ((await this.#read('{ networkStatus { indexedHeight } }')).networkStatus.indexedHeight >= height ? true : undefined)));
    }
    const chapters = this.#chapters();
    const last = chapters[chapters.length - 1]!;
    this.#chapter = last.title;
    if (await this.#step('look for the story on the ledger', () => last.done())) {
      progress(`demo story: already on the ledger (lot ${this.#plan.lotId}); nothing to do`);
      return this.#outcome(true);
    }
    for (const [index, chapter] of chapters.entries()) {
      this.#chapter = chapter.title;
      const done = await this.#step('look at what is already there', () => chapter.done());
      progress(`demo story ${index + 1}/${chapters.length}: ${chapter.title}${done ? ' (already on the ledger)' : ''}`);
      if (done) continue;
      await this.#step('tell it', () => chapter.tell());
      await this.#step('wait for the projection to show it', () => this.#settle(chapter.settled ?? chapter.done));
    }
    return this.#outcome(false);
  }

  #chapters(): Chapter[] {
    const { stations, factory, regulator } = this.#cast;
    const donorsAt = stations.map((s) => s.name).join(' and ');
    return [
      {
        title: `${DONORS} donors give plasma at ${donorsAt}, then again once station QA has screened the first bags; every bag is screened and stored frozen`,
        done: async () => {
          const donations = await this.#donations();
          return donations.length === DONORS * 2 && donations.every((d) => reached(d, 'stored'));
        },
        tell: () => this.#collect(),
      },
      {
        title: `the stations ship the first bags to ${factory.name}, whose warehouse receives and quarantines them`,
        done: async () => (await this.#firstDonations()).every((d) => reached(d, 'quarantined')),
        tell: () => this.#ship(),
      },
      {
        title: 'after the hold period, with each donor\'s later bag screened negative, factory QA releases the bags; the warehouse pools them',
        done: async () => (await this.#object('pool', normaliseDinKey(await this.#poolDin())))?.status === 'closed',
        tell: () => this.#pool(),
      },
      {
        title: `factory QA tests the pool, makes lot ${this.#plan.lotId}, records its process steps and QC results`,
        done: async () => ((await this.#lot())?.status ?? 'in-process') !== 'in-process',
        settled: async () => ((await this.#lot())?.stepCount ?? 0) >= PROCESS_STEPS.length,
        tell: () => this.#makeLot(),
      },
      {
        title: `the QA reviewer and the QP sign the lot's release with their passwords, then the regulator releases it (${regulator.username})`,
        done: async () => ['released', 'recalled'].includes((await this.#lot())?.status ?? ''),
        tell: () => this.#release(),
      },
      {
        title: `the warehouse commissions ${this.#plan.gs1Vials.length + this.#plan.cnVials.length} vials (GS1 and China drug traceability codes), packs ${this.#plan.cases.length} cases and ships them`,
        done: async () => (await Promise.all(this.#plan.cases.map(async (c) => (await this.#object('case', c.caseCode))?.status))).every((s) => s === 'shipped'),
        tell: () => this.#serialiseAndShip(),
      },
      {
        title: 'the first donor seroconverts: the regulator runs a look-back that interdicts their bags and holds the lot',
        done: async () => (await this.#lookBackCase())?.status === 'complete',
        tell: () => this.#lookBack(),
      },
    ];
  }

  // ---- chapters ----------------------------------------------------------------------------------------------

  async #collect(): Promise<void> {
    const rules = await this.#ruleSet();
    // The first bags: recorded, then screened, before any follow-up bag is recorded.
    await this.#recordBags(0, (donor) => new Date(this.#startedAt - (FIRST_BAGS_ENDED_MINUTES_BEFORE - donor * 5) * MINUTE_MS));
    await this.#screen(rules, await this.#recorded(0));
    // Each donor's follow-up bag, collected after the first one ended and recorded as its collection ends.
    await this.#recordBags(1, () => new Date(Date.now() - MINUTE_MS));
    await this.#screen(rules, await this.#recorded(1));
    const recorded = await this.#donations();
    await Promise.all(this.#cast.stations.map(async (station) => {
      const dins = recorded.filter((d) => this.#stationOf(d.donor) === station && !reached(d, 'stored')).map((d) => d.din);
      if (dins.length === 0) return;
      await this.#mutate(station.collector, `store ${dins.length} bags at ${station.name}`, 'mutation ($dins: [String!]!, $storage: JSON!) { recordStorage(dins: $dins, storage: $storage) }',
        { dins, storage: { location: 'plasma freezer F1', temperatureC: rules.storageLimitC - 10 } });
    }));
  }

  /** Records the bag `index` (0 first, 1 follow-up) of each donor that has none yet, its collection ending at `endOf(donor)`. */
  async #recordBags(index: number, endOf: (donor: number) => Date): Promise<void> {
    const existing = await this.#donations();
    await Promise.all(this.#donors().map(async (donor) => {
      if (existing.some((d) => d.donor === donor && d.index === index)) return;
      const station = this.#stationOf(donor);
      const end = endOf(donor);
      const din = dinOf(station.facility, end.getUTCFullYear(), this.#plan.dinSequence(donor, index));
      await this.#mutate(station.collector, `record donation ${din}`, 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din } }', {
        input: {
          din, productCode: 'E0701V00', donorPseudonym: this.#plan.donorPseudonym(donor),
          collectionStart: new Date(end.getTime() - COLLECTION_MINUTES * MINUTE_MS).toISOString(), collectionEnd: end.toISOString(),
          volumeMl: 600, deviceSerial: `PCS2-${station.facility}-01`, anticoagulantLot: 'ACD-A-2417',
        },
      });
    }));
  }

  /** Every donor's bag `index` (0 first, 1 follow-up), once the projection shows them all. */
  #recorded(index: number): Promise<DemoDonation[]> {
    return this.#settled('the donations to reach the projection', async () => {
      const bags = (await this.#donations()).filter((d) => d.index === index);
      return bags.length === DONORS ? bags : undefined;
    });
  }

  /** Station QA screens each of `donations` not screened yet, negative for every mandatory test, tested just now. */
  async #screen(rules: RuleSet, donations: readonly DemoDonation[]): Promise<void> {
    const screening = () => ({
      tests: rules.mandatoryTests.donation.map((analyte) => analyte === 'ALT'
        ? { analyte, method: 'IFCC kinetic', result: '18 U/L', value: 18, unit: 'U/L', conclusion: 'negative', instrument: 'AU480-01' }
        : { analyte, method: 'ELISA', result: 'non-reactive', conclusion: 'negative', instrument: 'STAR-7', reagentLot: 'R-2417' }),
      testedAt: new Date(Date.now() - 30_000).toISOString(), lab: 'station laboratory',
    });
    await Promise.all(donations.filter((d) => !reached(d, 'screened')).map((d) =>
      this.#mutate(this.#stationOf(d.donor).qa, `record the screening of ${d.din}`,
        'mutation ($din: String!, $screening: JSON!) { recordScreening(din: $din, screening: $screening) }', { din: d.din, screening: screening() })));
    // The follow-up bags are recorded only once the projection shows every first bag screened.
    await this.#settled('the screenings to reach the projection', async () =>
      ((await this.#donations()).filter((d) => donations.some(({ din }) => din === d.din)).every((d) => reached(d, 'screened')) ? true : undefined));
  }

  async #ship(): Promise<void> {
    const rules = await this.#ruleSet();
    const { factory } = this.#cast;
    const firsts = await this.#firstDonations();
    await Promise.all(this.#cast.stations.map(async (station) => {
      const shipmentId = this.#plan.shipmentId(station.facility);
      const bags = firsts.filter((d) => this.#stationOf(d.donor) === station);
      if (bags.length === 0) return;
      const dins = bags.map((d) => d.din);
      if ((await this.#object('shipment', shipmentId)) === undefined) {
        await this.#mutate(station.collector, `dispatch shipment ${shipmentId}`, 'mutation ($shipment: JSON!) { dispatchShipment(shipment: $shipment) }',
          { shipment: { shipmentId, destination: factory.mspId, dins, temperatureC: rules.storageLimitC - 8 } });
      }
      if (bags.some((d) => !reached(d, 'received'))) {
        await this.#mutate(factory.warehouse, `receive shipment ${shipmentId}`, 'mutation ($id: String!, $receipt: JSON!) { receiveShipment(shipmentId: $id, receipt: $receipt) }',
          { id: shipmentId, receipt: { receivedDins: dins, temperatureC: rules.storageLimitC - 5, labelsChecked: true } });
      }
    }));
    const toQuarantine = firsts.filter((d) => !reached(d, 'quarantined')).map((d) => d.din);
    if (toQuarantine.length > 0) {
      await this.#mutate(factory.warehouse, `quarantine ${toQuarantine.length} bags`, 'mutation ($dins: [String!]!) { quarantineDonations(dins: $dins) }', { dins: toQuarantine });
    }
  }

  async #pool(): Promise<void> {
    const { factory } = this.#cast;
    const rules = await this.#ruleSet();
    const firsts = await this.#firstDonations();
    const poolDin = await this.#poolDin();
    const toRelease = firsts.filter((d) => !reached(d, 'released')).map((d) => d.din);
    if (toRelease.length > 0) {
      // Holds count from each bag's recording on the ledger, which is never back-dated: under a rule set with a hold
      // period the story waits for it.
      const holdEnds = Math.max(...await Promise.all(toRelease.map(async (din) => Date.parse(await this.#recordedAt(din)) + rules.holdDays * DAY_MS)));
      if (holdEnds > Date.now()) {
        throw new DemoStoryError(this.#chapter, 'wait for the hold period', new Error(
          `the ${rules.jurisdiction} rule set holds bags ${rules.holdDays} days from their recording; tell the rest with 'npm run demo' after ${new Date(holdEnds).toISOString()}`));
      }
      await this.#mutate(factory.qa, `release ${toRelease.length} bags from quarantine`, 'mutation ($dins: [String!]!) { releaseDonations(dins: $dins) }', { dins: toRelease });
    }
    const pool = await this.#object('pool', normaliseDinKey(poolDin));
    if (pool === undefined) {
      await this.#mutate(factory.warehouse, `create pool ${poolDin}`, 'mutation ($pool: JSON!) { createPool(pool: $pool) }', { pool: { poolDin } });
    }
    const toPool = firsts.filter((d) => !reached(d, 'pooled')).map((d) => d.din);
    if (toPool.length > 0) {
      await this.#mutate(factory.warehouse, `add ${toPool.length} bags to pool ${poolDin}`, 'mutation ($pool: String!, $dins: [String!]!) { addToPool(poolDin: $pool, dins: $dins) }',
        { pool: poolDin, dins: toPool });
    }
    if (pool?.status !== 'closed') {
      await this.#mutate(factory.warehouse, `close pool ${poolDin}`, 'mutation ($pool: String!) { closePool(poolDin: $pool) }', { pool: poolDin });
    }
  }

  async #makeLot(): Promise<void> {
    const rules = await this.#ruleSet();
    const { qa } = this.#cast.factory;
    const poolDin = await this.#poolDin();
    let current = await this.#lot();
    if (current === undefined) {
      // Pool NAT gates the lot: recorded only while there is no lot yet.
      await this.#recordMissingTests({ kind: 'pool', id: poolDin }, rules.mandatoryTests.pool, 'cobas PCR (NAT)', 'not detected', 'QC virology', 'cobas-6800-01');
      const expiry = new Date(Date.now() + 3 * 365 * DAY_MS).toISOString().slice(0, 10);
      await this.#mutate(qa, `create lot ${this.#plan.lotId}`, 'mutation ($lot: JSON!) { createLot(lot: $lot) }', {
        lot: { lotId: this.#plan.lotId, product: { name: 'Human albumin 20 %, 50 ml vial', gtin: GTIN, cnProductCode: CN_PRODUCT_CODE, expiry }, pools: [poolDin] },
      });
      current = { status: 'in-process', stepCount: 0, pools: [poolDin], holds: [] };
    }
    // Each step starts when the one before ended: the batch record is a time line ending now.
    let start = new Date(Date.now() - 1000).toISOString();
    for (const [index, { step, equipment, parameters }] of PROCESS_STEPS.entries()) {
      if (index < current.stepCount) continue;
      const end = new Date().toISOString();
      // The step's parameters as the MES would export them, stored off-chain; the ledger cites their hash.
      const parameterDataHash = await this.#storeDocument(qa, `${this.#plan.lotId}-step-${index + 1}.json`, {
        lotId: this.#plan.lotId, step, equipment, start, end, parameters,
      });
      await this.#mutate(qa, `record process step ${index + 1} (${step})`, 'mutation ($lot: String!, $step: JSON!) { recordProcessStep(lotId: $lot, step: $step) }',
        { lot: this.#plan.lotId, step: { step, parameterDataHash, equipment, start, end } });
      start = end;
    }
    await this.#recordMissingTests({ kind: 'lot', id: this.#plan.lotId }, rules.mandatoryTests.lot, 'ChP 2020 monograph', 'conforms', 'QC laboratory', 'QC-01');
  }

  async #release(): Promise<void> {
    const { qa, qp } = this.#cast.factory;
    const { regulator } = this.#cast;
    const sign = 'mutation ($lot: String!, $signature: QaReleaseSignature!, $password: String!) { signLotQaRelease(lotId: $lot, signature: $signature, password: $password) }';
    if ((await this.#lot())?.status === 'in-process') {
      await this.#mutate(qa, `sign the QA review of lot ${this.#plan.lotId}`, sign, { lot: this.#plan.lotId, signature: 'QA_REVIEW', password: qa.password });
      await this.#mutate(qp, `sign the QP release of lot ${this.#plan.lotId}`, sign, { lot: this.#plan.lotId, signature: 'QP_RELEASE', password: qp.password });
    }
    await this.#mutate(regulator, `release lot ${this.#plan.lotId} for the regulator`, 'mutation ($lot: String!, $password: String!) { releaseLotByRegulator(lotId: $lot, password: $password) }',
      { lot: this.#plan.lotId, password: regulator.password });
  }

  async #serialiseAndShip(): Promise<void> {
    const { warehouse } = this.#cast.factory;
    const vials = [...this.#plan.gs1Vials, ...this.#plan.cnVials];
    const known = await Promise.all(vials.map((code) => this.#object('unit', code)));
    const toCommission = vials.filter((_, index) => known[index] === undefined);
    if (toCommission.length > 0) {
      await this.#mutate(warehouse, `commission ${toCommission.length} vials of lot ${this.#plan.lotId}`, 'mutation ($lot: String!, $units: [String!]!) { commissionUnits(lotId: $lot, units: $units) }',
        { lot: this.#plan.lotId, units: toCommission });
    }
    const cases = await Promise.all(this.#plan.cases.map(async (c) => ({ ...c, status: (await this.#object('case', c.caseCode))?.status })));
    await Promise.all(cases.filter((c) => c.status === undefined).map((c) =>
      this.#mutate(warehouse, `pack case ${c.caseCode}`, 'mutation ($lot: String!, $case: JSON!) { packCase(lotId: $lot, shippingCase: $case) }',
        { lot: this.#plan.lotId, case: { caseCode: c.caseCode, units: c.units } })));
    const toShip = cases.filter((c) => c.status !== 'shipped').map((c) => c.caseCode);
    if (toShip.length > 0) {
      await this.#mutate(warehouse, `ship ${toShip.length} cases to ${HOSPITAL}`, 'mutation ($shipment: JSON!) { shipCases(shipment: $shipment) }',
        { shipment: { shipmentId: this.#plan.outboundShipmentId, destination: HOSPITAL, cases: toShip } });
    }
  }

  async #lookBack(): Promise<void> {
    const { regulator } = this.#cast;
    let caseId = (await this.#lot())?.holds.find((h) => h.kind === 'look-back')?.ref;
    let status = caseId === undefined ? undefined : (await this.#object('look-back-case', caseId))?.status;
    if (caseId === undefined) {
      const opened = await this.#mutate(regulator, 'open a look-back on the first donor',
        'mutation ($donor: String!, $reason: String!, $window: JSON!) { openLookBack(donorPseudonym: $donor, reason: $reason, window: $window) }',
        { donor: this.#plan.donorPseudonym(0), reason: LOOK_BACK_REASON, window: {} });
      ({ caseId, status } = withStatus.extend({ caseId: z.string() }).parse(opened.openLookBack));
    }
    // Each step takes a bounded number of donations; a handful of bags needs one or two.
    for (let steps = 0; status !== 'complete'; steps += 1) {
      if (steps >= 100) throw new DemoStoryError(this.#chapter, `continue look-back ${caseId}`, new Error('still in progress after 100 steps'));
      const continued = await this.#mutate(regulator, `continue look-back ${caseId}`, 'mutation ($id: String!) { continueLookBack(caseId: $id) }', { id: caseId });
      status = withStatus.parse(continued.continueLookBack).status;
    }
  }

  // ---- steps -------------------------------------------------------------------------------------------------

  /**
   * A passing result of each of `analytes` the subject has none of yet: a telling interrupted half-way through
   * them records only the rest when resumed, so the ledger holds no duplicate results.
   */
  async #recordMissingTests(subject: TestSubject, analytes: readonly string[], method: string, result: string, lab: string, instrument: string): Promise<void> {
    const recorded = await this.#passedAnalytes(subject);
    await Promise.all(analytes.filter((analyte) => !recorded.has(analyte))
      .map((analyte) => this.#testResult(subject, analyte, method, result, lab, instrument)));
  }

  /** A passing result of a mandatory test, citing its raw data as stored off-chain. */
  async #testResult(subject: TestSubject, analyte: string, method: string, result: string, lab: string, instrument: string): Promise<unknown> {
    const { qa } = this.#cast.factory;
    // Tested now: a pool's results count from its closing, a lot's from its creation, both just before.
    const testedAt = new Date().toISOString();
    const rawDataHash = await this.#storeDocument(qa, `${subject.id}-${analyte}.json`, { subject, analyte, method, instrument, testedAt, readings: [{ replicate: 1, result }, { replicate: 2, result }] });
    return this.#mutate(qa, `record the ${analyte} result of ${subject.kind} ${subject.id}`, 'mutation ($result: JSON!) { recordTestResult(result: $result) }', {
      result: { subject, analyte, method, result, specification: result, conclusion: 'pass', oos: false, lab, instrument, rawDataHash, testedAt },
    });
  }

  /** Stores a JSON document off-chain through the gateway and answers the SHA-256 the ledger is to cite. */
  async #storeDocument(actor: Actor, fileName: string, json: Record<string, unknown>): Promise<string> {
    const stored = await this.#mutate(actor, `store document ${fileName}`,
      'mutation ($name: String!, $json: JSON) { storeDocument(fileName: $name, mediaType: "application/json", json: $json) { document { sha256 } } }',
      { name: fileName, json });
    return stored.storeDocument.document.sha256 as string;
  }

  /**
   * One mutation as `actor`. Another organisation's peer may still be a block behind the writes just made, and
   * answers NOT_FOUND or CONFLICT for a moment: those are tried again for a few seconds before counting.
   */
  #mutate(actor: Actor, step: string, query: string, variables: Record<string, unknown>): Promise<any> {
    return this.#step(`${actor.username}@${actor.org}: ${step}`, async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.#client.request(query, variables, await this.#token(actor));
        } catch (error) {
          const passing = error instanceof GraphQLRequestError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT');
          if (!passing || attempt >= 20) throw error;
          await sleep(500);
        }
      }
    });
  }

  async #step<T>(step: string, act: () => Promise<T>): Promise<T> {
    try {
      return await act();
    } catch (error) {
      throw error instanceof DemoStoryError ? error : new DemoStoryError(this.#chapter, step, error);
    }
  }

  #token(actor: Actor): Promise<string> {
    let token = this.#tokens.get(actor);
    if (token === undefined) {
      token = this.#client.login(actor.org, actor.username, actor.password);
      token.catch(() => this.#tokens.delete(actor));
      this.#tokens.set(actor, token);
    }
    return token;
  }

  // ---- reading the projection -------------------------------------------------------------------------------

  async #read(query: string, variables: Record<string, unknown> = {}): Promise<any> {
    return this.#client.request(query, variables, await this.#token(this.#cast.inspector));
  }

  async #object(type: string, id: string): Promise<{ status?: string; [field: string]: unknown } | undefined> {
    const data = await this.#step(`read ${type} ${id} from the projection`, () => this.#read('query ($type: String!, $id: String!) { ledgerObject(type: $type, id: $id) { record } }', { type, id }));
    return data.ledgerObject === null ? undefined : JSON.parse(data.ledgerObject.record as string);
  }

  async #lot(): Promise<Lot | undefined> {
    const record = await this.#object('lot', this.#plan.lotId);
    return record === undefined ? undefined : lot.parse(record);
  }

  /** The analytes the subject already has a passing result of. */
  async #passedAnalytes(subject: TestSubject): Promise<Set<string>> {
    const data = await this.#step(`read the test results of ${subject.kind} ${subject.id} from the projection`, () => this.#read(
      'query ($kind: TestSubjectKind!, $id: String!) { testResults(kind: $kind, id: $id) { analyte conclusion } }',
      { kind: subject.kind.toUpperCase(), id: subject.id }));
    return new Set(z.array(testResult).parse(data.testResults).filter((r) => r.conclusion === 'pass').map((r) => r.analyte));
  }

  async #lookBackCase(): Promise<{ status: string; caseId: string } | undefined> {
    const caseId = (await this.#lot())?.holds.find((h) => h.kind === 'look-back')?.ref;
    const record = caseId === undefined ? undefined : await this.#object('look-back-case', caseId);
    return record === undefined ? undefined : { caseId: caseId!, status: withStatus.parse(record).status };
  }

  /** Every donation of the demo donors, found by their pseudonyms: each donor's first and later bag. */
  async #donations(): Promise<DemoDonation[]> {
    const perDonor = await Promise.all(this.#donors().map(async (donor) => {
      const data = await this.#read('query ($p: String!) { downstreamOfDonor(pseudonym: $p) { donations } }', { p: this.#plan.donorPseudonym(donor) });
      const dins = data.downstreamOfDonor.donations as string[]; // in collection order
      return Promise.all(dins.slice(0, 2).map(async (din, index) => {
        const found = await this.#read('query ($din: String!) { donation(din: $din) { status } }', { din });
        return { donor, index, din, status: found.donation.status as string };
      }));
    }));
    return perDonor.flat();
  }

  async #firstDonations(): Promise<DemoDonation[]> {
    return (await this.#donations()).filter((d) => d.index === 0);
  }

  async #recordedAt(din: string): Promise<string> {
    const data = await this.#read('query ($din: String!) { donation(din: $din) { recordedAt } }', { din });
    return data.donation.recordedAt as string;
  }

  /** The pool's DIN with its check character (the ledger keys it without); it carries the year of the first donor's first bag, so every telling names the same pool. */
  async #poolDin(): Promise<string> {
    const first = (await this.#donations()).find((d) => d.donor === 0 && d.index === 0);
    if (first === undefined) throw new Error('the first donor\'s first donation is not on the ledger yet');
    return dinOf(this.#cast.factory.facility, Number(first.din.slice(5, 7)), this.#plan.poolSequence);
  }

  #ruleSet(): Promise<RuleSet> {
    return this.#step('read the governing rule set from the projection', () => this.#readRuleSet());
  }

  async #readRuleSet(): Promise<RuleSet> {
    if (this.#rules) return this.#rules;
    // The consortium registry is one ledger object, every member's entry in it.
    const registry = await this.#object('consortium', 'consortium');
    if (registry === undefined) throw new Error('the consortium registry is not in the projection; the launcher initialises the consortium');
    const organisations = readOrganisations(registry.organisations, 'consortium.organisations');
    const jurisdictions = [...this.#cast.stations.map((s) => s.mspId), this.#cast.factory.mspId].map((mspId) => {
      const organisation = organisations.find((o) => o.mspId === mspId);
      if (organisation === undefined) throw new Error(`organisation ${mspId} is not in the consortium registry`);
      return jurisdictionOf(organisation);
    });
    if (new Set(jurisdictions).size !== 1) throw new Error(`the stations and the factory collect under different jurisdictions (${jurisdictions.join(', ')}); the demo pools them together`);
    const record = await this.#object('rule-set', jurisdictions[0]!);
    if (record === undefined) throw new Error(`no rule set for ${jurisdictions[0]} in the projection; the launcher seeds them`);
    this.#rules = ruleSet.parse(record);
    return this.#rules;
  }

  #donors(): number[] {
    return Array.from({ length: DONORS }, (_, donor) => donor);
  }

  /** The first half of the donors give at the first station, the rest at the second. */
  #stationOf(donor: number): Station {
    const { stations } = this.#cast;
    return stations[Math.floor((donor * stations.length) / DONORS)]!;
  }

  async #settle(check: () => Promise<boolean>): Promise<void> {
    await this.#settled('the projection to show the chapter', async () => ((await check()) ? true : undefined));
  }

  async #settled<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + this.#settleTimeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting ${this.#settleTimeoutMs / 1000} s for ${what}; is the indexer running?`);
      await sleep(500);
    }
  }

  async #outcome(alreadyTold: boolean): Promise<DemoStoryOutcome> {
    const lotRecord = await this.#lot();
    const lookBack = await this.#lookBackCase();
    const pooled = await this.#firstDonations();
    return {
      alreadyTold,
      lotId: this.#plan.lotId,
      poolDin: lotRecord?.pools[0] ?? '',
      pooledDins: pooled.map((d) => d.din),
      vials: [...this.#plan.gs1Vials, ...this.#plan.cnVials],
      lookBackCaseId: lookBack?.caseId ?? '',
    };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
