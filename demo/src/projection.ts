// What the demo story reads from the gateway's projection, as the inspector: where each demo donation stands, the
// pool, the lot and its release, the cases, the look-back, and the rules that govern the story's plasma. Each chapter
// first looks here for what is already there, which is what makes telling again harmless.
import { DONATION_STATUSES, jurisdictionOf, readOrganisations, type DonationStatus } from '@plasma/chaincode';
import type { Cast } from './cast';
import type { GoverningRuleSetQuery, LotOfQuery } from './generated/operations';
import { dinOf } from './identifiers';
import {
  Consortium,
  DonationProgressOf,
  DonorDonations,
  GoverningRuleSet,
  LookBackCaseOf,
  LotOf,
  PoolOf,
  ShipmentOf,
  ShippingCaseOf,
  TestResultsOf,
  UnitOf,
} from './operations';
import { DONORS, demoDonors, type DemoPlan } from './plan';
import type { Telling } from './telling';

/** A donation's path in the story; interdicted (by the look-back) comes after all of it. */
const DONATION_PATH = ['collected', 'screened', 'stored', 'shipped', 'received', 'quarantined', 'released', 'pooled'] as const;
type DonationStep = (typeof DONATION_PATH)[number];

export interface DemoDonation {
  readonly donor: number;
  /** 0: the bag that goes into the lot; 1: the later bag whose negative screening lets the first be released. */
  readonly index: number;
  readonly din: string;
  readonly status: DonationStatus;
  readonly recordedAt: string;
}

/** Whether the donation has come as far as `step` on the story's path. */
export function reached(donation: DemoDonation, step: DonationStep): boolean {
  if (donation.status === 'interdicted') return true;
  const at = DONATION_PATH.indexOf(donation.status as DonationStep);
  if (at < 0) throw new Error(`donation ${donation.din} is ${donation.status}, off the demo story's path`);
  return at >= DONATION_PATH.indexOf(step);
}

/** What a pool or lot test result is about. */
export interface TestSubject {
  readonly kind: 'pool' | 'lot';
  readonly id: string;
}

export class StoryProjection {
  readonly #telling: Telling;
  readonly #cast: Cast;
  readonly #plan: DemoPlan;
  #rules: NonNullable<GoverningRuleSetQuery['ruleSet']> | undefined;

  constructor(telling: Telling, cast: Cast, plan: DemoPlan) {
    this.#telling = telling;
    this.#cast = cast;
    this.#plan = plan;
  }

  /** Every donation of the demo donors, found by their pseudonyms: each donor's first and later bag. */
  async donations(): Promise<DemoDonation[]> {
    const perDonor = await Promise.all(
      demoDonors().map(async (donor) => {
        const { downstreamOfDonor } = await this.#telling.read(DonorDonations, { pseudonym: this.#plan.donorPseudonym(donor) });
        return Promise.all(
          downstreamOfDonor.donations.slice(0, 2).map(async (din, index) => {
            // in collection order
            const { donation } = await this.#telling.read(DonationProgressOf, { din });
            if (donation === null) throw new Error(`donation ${din} is in the donor's lineage but not in the projection`);
            return { donor, index, din, status: donationStatus(din, donation.status), recordedAt: donation.recordedAt };
          }),
        );
      }),
    );
    return perDonor.flat();
  }

  async firstDonations(): Promise<DemoDonation[]> {
    return (await this.donations()).filter((d) => d.index === 0);
  }

  /** Every donor's bag `index` (0 first, 1 follow-up), once the projection shows them all. */
  recorded(index: number): Promise<DemoDonation[]> {
    return this.#telling.settled('the donations to reach the projection', async () => {
      const bags = (await this.donations()).filter((d) => d.index === index);
      return bags.length === DONORS ? bags : undefined;
    });
  }

  /** The pool's DIN with its check character; it carries the year of the first donor's first bag, so every telling names the same pool. */
  async poolDin(): Promise<string> {
    const first = (await this.donations()).find((d) => d.donor === 0 && d.index === 0);
    if (first === undefined) throw new Error("the first donor's first donation is not on the ledger yet");
    return dinOf(this.#cast.factory.facility, Number(first.din.slice(5, 7)), this.#plan.poolSequence);
  }

  async pool(poolDin: string) {
    return this.#telling.step(
      `read pool ${poolDin} from the projection`,
      async () => (await this.#telling.read(PoolOf, { poolDin })).pool ?? undefined,
    );
  }

  /** The demo lot, the release signatures it still needs, and those waiting in the gateway for the other one. */
  async lot(): Promise<NonNullable<LotOfQuery['lot']> | undefined> {
    const { lotId } = this.#plan;
    return this.#telling.step(
      `read lot ${lotId} from the projection`,
      async () => (await this.#telling.read(LotOf, { lotId })).lot ?? undefined,
    );
  }

  async shipment(shipmentId: string) {
    return this.#telling.step(
      `read shipment ${shipmentId} from the projection`,
      async () => (await this.#telling.read(ShipmentOf, { shipmentId })).shipment ?? undefined,
    );
  }

  async unit(code: string) {
    return this.#telling.step(
      `read unit ${code} from the projection`,
      async () => (await this.#telling.read(UnitOf, { code })).unit ?? undefined,
    );
  }

  async shippingCase(caseCode: string) {
    return this.#telling.step(
      `read case ${caseCode} from the projection`,
      async () => (await this.#telling.read(ShippingCaseOf, { caseCode })).shippingCase ?? undefined,
    );
  }

  /** The look-back case holding the demo lot, once one does. */
  async lookBackCaseId(): Promise<string | undefined> {
    return (await this.lot())?.lot.holds.find((h) => h.kind === 'look-back')?.ref;
  }

  async lookBackCase() {
    const caseId = await this.lookBackCaseId();
    if (caseId === undefined) return undefined;
    return this.#telling.step(
      `read look-back case ${caseId} from the projection`,
      async () => (await this.#telling.read(LookBackCaseOf, { caseId })).lookBackCase ?? undefined,
    );
  }

  /** The analytes the subject already has a passing result of. */
  async passedAnalytes(subject: TestSubject): Promise<Set<string>> {
    const { testResults } = await this.#telling.step(`read the test results of ${subject.kind} ${subject.id} from the projection`, () =>
      this.#telling.read(TestResultsOf, { kind: subject.kind === 'pool' ? 'POOL' : 'LOT', id: subject.id }),
    );
    return new Set(testResults.filter((r) => r.conclusion === 'pass').map((r) => r.analyte));
  }

  /** The rule set governing the stations' and the factory's plasma: one, since the demo pools their plasma together. */
  ruleSet(): Promise<NonNullable<GoverningRuleSetQuery['ruleSet']>> {
    return this.#telling.step('read the governing rule set from the projection', () => this.#readRuleSet());
  }

  async #readRuleSet(): Promise<NonNullable<GoverningRuleSetQuery['ruleSet']>> {
    if (this.#rules) return this.#rules;
    // The consortium registry is one ledger object, every member's entry in it, read with the chaincode's own reader.
    const { consortium } = await this.#telling.read(Consortium, {});
    if (consortium === null) throw new Error('the consortium registry is not in the projection; the launcher initialises the consortium');
    const organisations = readOrganisations(consortium.organisations.map(withoutNulls), 'consortium.organisations');
    const jurisdictions = [...this.#cast.stations.map((s) => s.mspId), this.#cast.factory.mspId].map((mspId) => {
      const organisation = organisations.find((o) => o.mspId === mspId);
      if (organisation === undefined) throw new Error(`organisation ${mspId} is not in the consortium registry`);
      return jurisdictionOf(organisation);
    });
    if (new Set(jurisdictions).size !== 1)
      throw new Error(
        `the stations and the factory collect under different jurisdictions (${jurisdictions.join(', ')}); the demo pools them together`,
      );
    const { ruleSet } = await this.#telling.read(GoverningRuleSet, { jurisdiction: jurisdictions[0]! });
    if (ruleSet === null) throw new Error(`no rule set for ${jurisdictions[0]} in the projection; the launcher seeds them`);
    this.#rules = ruleSet;
    return ruleSet;
  }
}

/** A donation's status as the gateway answers it (a string), checked against the chaincode's own list. */
function donationStatus(din: string, status: string): DonationStatus {
  const known = DONATION_STATUSES.find((s) => s === status);
  if (known === undefined) throw new Error(`donation ${din} has status ${status}, which the chaincode does not know`);
  return known;
}

/** A GraphQL answer as the chaincode's readers take a record: a field GraphQL answers null is one the record leaves out. */
function withoutNulls(answer: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answer).filter(([, value]) => value !== null));
}
