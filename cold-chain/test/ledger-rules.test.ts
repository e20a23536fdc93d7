// The storage rule comes from the governed rule set on the real ledger (read-only queries): each device's
// site organisation picks its jurisdiction's rule set.
import { expect } from 'chai';
import { loadTopology, organisation } from '@plasma/network';
import { type LedgerSession, openSession } from '@plasma/platform';
import { ledgerRuleSource } from '../src/ingest/ledger-rules';
import { testConfig } from './harness';

describe('storage rule from the governed rule set (real network, queries only)', function () {
  this.timeout(60_000);
  const topology = loadTopology();
  let session: LedgerSession;

  before(async function () {
    session = openSession(topology, 'Factory', 'warehouse1');
  });

  after(() => session?.close());

  it("reads the rule of each device's jurisdiction and says which rule set version it applied", async () => {
    const devices = testConfig().servers[0]!.devices;
    const rule = ledgerRuleSource(
      () => session,
      devices,
      (site) => organisation(topology, site).mspId,
    );
    const stationA = await rule('G1001-FRZ-01');
    const orgA = JSON.parse(
      Buffer.from(await session.contract('Consortium').evaluateTransaction('GetOrganisation', 'StationAMSP')).toString(),
    ) as { jurisdiction?: string };
    const ruleSet = JSON.parse(
      Buffer.from(await session.contract('RuleSet').evaluateTransaction('GetRuleSet', orgA.jurisdiction ?? 'CN')).toString(),
    ) as {
      jurisdiction: string;
      version: number;
      storageLimitC: number;
      excursionAllowance: { maxTemperatureC: number; maxHours: number };
    };
    expect(stationA).to.deep.include({
      storageLimitC: ruleSet.storageLimitC,
      toleranceLimitC: ruleSet.excursionAllowance.maxTemperatureC,
      toleranceHours: ruleSet.excursionAllowance.maxHours,
    });
    expect(stationA.source).to.match(new RegExp(`^RuleSet ${ruleSet.jurisdiction} v${ruleSet.version} \\(tx [0-9a-f]{64}\\)$`));
    expect(await rule('G2001-SKID-01'))
      .to.have.property('storageLimitC')
      .that.is.a('number');
    const unknown = await rule('NOPE').catch((e: Error) => e);
    expect((unknown as Error).message).to.equal('device: NOPE is not in the configuration');
  });
});
