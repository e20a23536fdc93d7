// The demo story `up` tells across the organisations' gateways, read back through the regulator's: every vial of the
// demo lot goes back to exactly the first bags of the story's donors, and the look-back on the first donor reached the
// lot; each gateway signs in its own people only and shows the same ledger from its own projection. Tells the story
// first when it is not there (telling is idempotent), so the test does not depend on the order of tests.
import { expect } from 'chai';
import type { Donation, Lot, RuleSet } from '@plasma/chaincode';
import { loadTopology, organisation } from '@plasma/network';
import { gatewayUrl, ledgerHeight, openServiceChannel, type ServiceChannel } from '@plasma/gateway-api';
import {
  type Answered,
  DEMO_LOT_ID,
  demoPeopleOfAll,
  demoPlan,
  type DemoStoryOutcome,
  graphqlClient,
  GraphQLRequestError,
  operation,
  tellDemoStory,
} from '@plasma/demo';

const topology = loadTopology();

const RULE_SET = operation<{ ruleSet: Answered<RuleSet, 'lateEntryHours'> | null }, { jurisdiction: string }>(/* GraphQL */ `
  query DemoRuleSet($jurisdiction: String!) {
    ruleSet(jurisdiction: $jurisdiction) {
      lateEntryHours
    }
  }
`);
const DOWNSTREAM_OF_DONOR = operation<
  { downstreamOfDonor: { donations: string[]; lots: { lotId: string; unitCodes: string[] }[] } },
  { pseudonym: string }
>(/* GraphQL */ `
  query DemoDonorDownstream($pseudonym: String!) {
    downstreamOfDonor(pseudonym: $pseudonym) {
      donations
      lots {
        lotId
        unitCodes
      }
    }
  }
`);
type Bag = Answered<Donation, 'din' | 'station' | 'status' | 'collectionStart' | 'collectionEnd' | 'recordedAt' | 'lateEntry'> & {
  readonly screening: Pick<NonNullable<Donation['screening']>, 'screenedAt'> | null;
};
const DONATION = operation<{ donation: Bag | null }, { din: string }>(/* GraphQL */ `
  query DemoBag($din: String!) {
    donation(din: $din) {
      din
      station
      status
      collectionStart
      collectionEnd
      recordedAt
      lateEntry {
        reason
      }
      screening {
        screenedAt
      }
    }
  }
`);
const UPSTREAM = operation<
  {
    upstreamOfUnit: {
      lotId: string;
      donationCount: number;
      pools: { poolDin: string; donations: { din: string; station: string }[] }[];
    } | null;
  },
  { code: string }
>(/* GraphQL */ `
  query DemoVialUpstream($code: String!) {
    upstreamOfUnit(code: $code) {
      lotId
      donationCount
      pools {
        poolDin
        donations {
          din
          station
        }
      }
    }
  }
`);
const LOT = operation<
  { lot: { lot: Answered<Lot, 'status'> & { holds: Pick<Lot['holds'][number], 'kind' | 'ref'>[] } } | null },
  { lotId: string }
>(/* GraphQL */ `
  query DemoLot($lotId: String!) {
    lot(lotId: $lotId) {
      lot {
        status
        holds {
          kind
          ref
        }
      }
    }
  }
`);

const AUDIT_TRAIL = operation<
  { auditTrail: { transactionId: string; organisation: string; who: string; what: string }[] },
  { objectType: string; objectId: string }
>(/* GraphQL */ `
  query DemoAuditTrail($objectType: String!, $objectId: String!) {
    auditTrail(objectType: $objectType, objectId: $objectId) {
      transactionId
      organisation
      who
      what
    }
  }
`);
const SIGNING_KEY = operation<{ transaction: { signingKey: { kind: string; deviceLabel: string | null } | null } | null }, { id: string }>(
  /* GraphQL */ `
    query DemoSigningKey($id: ID!) {
      transaction(id: $id) {
        signingKey {
          kind
          deviceLabel
        }
      }
    }
  `,
);

describe('the demo story', function () {
  this.timeout(600_000);
  const plan = demoPlan();
  const people = demoPeopleOfAll(topology);
  const inspector = people.find((p) => p.role === 'inspector')!;
  const gatewayOf = (org: string) => graphqlClient(gatewayUrl(organisation(topology, org)));
  const client = gatewayOf(inspector.org);
  let service: ServiceChannel | undefined;
  let outcome: DemoStoryOutcome;
  let token: string;

  before(async function () {
    const channel = openServiceChannel(topology, inspector.org);
    service = channel;
    outcome = await tellDemoStory({
      urlOf: (org) => gatewayUrl(organisation(topology, org)),
      topology,
      people,
      progress: () => undefined,
      ledgerHeight: async () => Number(await ledgerHeight(channel.network)),
    });
    token = await client.login(inspector.org, inspector.username, inspector.password);
  });
  after(() => service?.close());

  it("signs each person in at their own organisation's gateway only", async function () {
    for (const org of topology.organisations) {
      const gateway = gatewayOf(org.name);
      for (const person of people) {
        const signIn = gateway.login(person.org, person.username, person.password);
        if (person.org === org.name) {
          expect(await signIn, `${person.username}@${person.org} at ${org.name}'s gateway`).to.be.a('string');
        } else {
          const refusal: unknown = await signIn.then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(refusal, `${person.username}@${person.org} at ${org.name}'s gateway`).to.be.instanceOf(GraphQLRequestError);
          expect((refusal as GraphQLRequestError).code).to.equal('UNAUTHENTICATED');
        }
      }
    }
  });

  it("shows the released demo lot at every organisation's gateway, each from its own projection", async function () {
    for (const org of topology.organisations) {
      const person = people.find((p) => p.org === org.name && p.username !== 'admin')!;
      const gateway = gatewayOf(org.name);
      const own = await gateway.login(person.org, person.username, person.password);
      const { lot } = await gateway.request(LOT, { lotId: DEMO_LOT_ID }, own);
      expect(lot?.lot.status, `${org.name}'s gateway`).to.equal('released');
    }
  });

  it("signed every step with the person's own key, made for the story as a browser makes one, never the gateway's", async function () {
    const entries = [
      ...(await client.request(AUDIT_TRAIL, { objectType: 'lot', objectId: DEMO_LOT_ID }, token)).auditTrail,
      ...(await client.request(AUDIT_TRAIL, { objectType: 'donation', objectId: outcome.pooledDins[0]! }, token)).auditTrail,
    ];
    const signers = new Set(entries.map((entry) => entry.organisation));
    expect(signers.size, 'a station, the factory and the regulator').to.equal(3);
    for (const entry of entries) {
      // Which key signed is known to the signer's own organisation's gateway only.
      const org = topology.organisations.find((o) => o.mspId === entry.organisation)!;
      const person = people.find((p) => p.org === org.name && p.username !== 'admin')!;
      const gateway = gatewayOf(org.name);
      const own = await gateway.login(person.org, person.username, person.password);
      const { transaction } = await gateway.request(SIGNING_KEY, { id: entry.transactionId }, own);
      const what = `${entry.what} by ${entry.who}@${entry.organisation}`;
      expect(transaction?.signingKey?.kind, what).to.equal('DEVICE');
      expect(transaction?.signingKey?.deviceLabel, what).to.match(/^demo story on /);
    }
  });

  it('pooled the first bag of each donor, and no other', function () {
    expect(outcome.lotId).to.equal(DEMO_LOT_ID);
    const sequences = outcome.pooledDins.map((din) => Number(din.slice(7, 13)));
    expect(sequences).to.have.members([0, 1, 2, 3].map((donor) => plan.dinSequence(donor, 0)));
  });

  it("recorded every collection as it happened, each donor's follow-up bag collected, recorded and screened after the first", async function () {
    const { ruleSet } = await client.request(RULE_SET, { jurisdiction: 'CN' }, token);
    expect(ruleSet).to.not.equal(null);
    const { lateEntryHours } = ruleSet!;
    for (const donor of [0, 1, 2, 3]) {
      const {
        downstreamOfDonor: { donations },
      } = await client.request(DOWNSTREAM_OF_DONOR, { pseudonym: plan.donorPseudonym(donor) }, token);
      const bags = await Promise.all(donations.map(async (din) => (await client.request(DONATION, { din }, token)).donation));
      const [first, followUp] = bags;
      expect(first, `donor ${donor}'s first bag`).to.not.equal(null);
      expect(followUp, `donor ${donor}'s follow-up bag`).to.not.equal(null);
      for (const bag of [first!, followUp!]) {
        // No back-dating: recorded within the hours a scanner's upload may lag, no late entry needed.
        expect(Date.parse(bag.recordedAt) - Date.parse(bag.collectionEnd), bag.din).to.be.within(0, lateEntryHours * 3_600_000);
        expect(bag.lateEntry, bag.din).to.equal(null);
      }
      expect(Date.parse(followUp!.collectionStart)).to.be.greaterThan(Date.parse(first!.collectionEnd));
      expect(Date.parse(followUp!.recordedAt)).to.be.greaterThan(Date.parse(first!.recordedAt));
      expect(Date.parse(followUp!.screening!.screenedAt)).to.be.greaterThan(Date.parse(first!.screening!.screenedAt));
      expect(followUp!.station).to.equal(first!.station);
    }
  });

  it('traces every vial of the demo lot, GS1 and China code alike, back to exactly those bags', async function () {
    for (const code of [...plan.gs1Vials, ...plan.cnVials]) {
      const { upstreamOfUnit: upstream } = await client.request(UPSTREAM, { code }, token);
      expect(upstream, code).to.not.equal(null);
      expect(upstream!.lotId, code).to.equal(DEMO_LOT_ID);
      expect(
        upstream!.pools.map((p) => p.poolDin),
        code,
      ).to.deep.equal([outcome.poolDin]);
      const dins = upstream!.pools.flatMap((p) => p.donations.map((d) => d.din));
      expect(dins, code).to.have.members([...outcome.pooledDins]);
      expect(upstream!.donationCount, code).to.equal(outcome.pooledDins.length);
      // Bags of both stations.
      expect(new Set(upstream!.pools[0]!.donations.map((d) => d.station)).size).to.equal(2);
    }
  });

  it("followed the seroconverted donor's plasma to the demo lot's vials and held the lot", async function () {
    const { downstreamOfDonor: downstream } = await client.request(DOWNSTREAM_OF_DONOR, { pseudonym: plan.donorPseudonym(0) }, token);
    expect(downstream.donations).to.have.length(2);
    expect(downstream.lots.map((l) => l.lotId)).to.deep.equal([DEMO_LOT_ID]);
    expect(downstream.lots[0]!.unitCodes).to.have.members([...plan.gs1Vials, ...plan.cnVials]);
    const { lot } = await client.request(LOT, { lotId: DEMO_LOT_ID }, token);
    expect(lot).to.not.equal(null);
    expect(lot!.lot.status).to.equal('released');
    expect(lot!.lot.holds.find((hold) => hold.kind === 'look-back')?.ref).to.equal(outcome.lookBackCaseId);
    for (const din of downstream.donations) {
      const { donation } = await client.request(DONATION, { din }, token);
      expect(donation?.status, din).to.equal('interdicted');
    }
  });
});
