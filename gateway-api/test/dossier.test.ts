// The lot release dossier and a lot's distribution, end to end: a lot made on the real network (donations collected,
// screened, shipped, released, pooled, NAT-tested; the lot's batch record, a deviation with its CAPA, QC with an OOS
// result invalidated by its investigation, QA and regulator release, vials packed and a case shipped), indexed by the
// real indexer into this gateway's own fresh database, and read back through GraphQL as the explorer reads it.
import { createVerify, randomBytes, webcrypto } from 'node:crypto';
import { expect } from 'chai';
import { DEFAULT_RULES, type ElectronicSignature, signingPayload } from '@plasma/chaincode';
import { certificateRequest, newDeviceKeys, signedMutation } from '@plasma/explorer-ui/device-key';
import { loadTopology } from '@plasma/network';
import { daysAgo, eventually, ledgerPeople, newDin, signAs, testedPoolOnLedger } from '@plasma/testkit';
import { gtinOf, ssccOf } from '@plasma/demo';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const topology = loadTopology();
const run = randomBytes(4).toString('hex').toUpperCase();
const GTIN = gtinOf('0691234567890');
const POOL_NAT = DEFAULT_RULES.CN!.mandatoryTests.pool;
const LOT_QC = DEFAULT_RULES.CN!.mandatoryTests.lot;
const sscc = (n: number): string => ssccOf(`0691234${String((Date.now() * 10 + n) % 1e10).padStart(10, '0')}`);
const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;

describe('lot release dossier and distribution through the gateway', function () {
  this.timeout(600_000);
  let t: TestGateway;
  let token: string;
  const people = ledgerPeople(topology);
  const { submit, query } = people;

  const graphql = (document: string, variables: Record<string, unknown> = {}) => t.graphql(document, variables, token);

  const poolDin = newDin('G2001');
  const releasedLot = `DOS-${run}-A`;
  const reviewedLot = `DOS-${run}-B`;
  const units = [1, 2, 3, 4].map((n) => `(01)${GTIN}(21)D${run}${n}`);
  const shippedCase = sscc(1);
  const keptCase = sscc(2);
  const consignee = `Hospital pharmacy ${run}`;
  let oosResultId = '';
  let reviewDevice: { id: string; certificate: string };
  const reviewStages: string[] = [];

  before(async function () {
    t = await testGateway({ indexed: 'from genesis' });

    await testedPoolOnLedger(people, `G1001-SHP-${run}`, poolDin);

    // The released lot: batch record of two steps, a deviation closed with its CAPA, QC with an OOS found to be a lab error.
    const product = { name: 'Human albumin 20 %', gtin: GTIN, expiry: '2029-06-30' };
    await eventually(() => submit('Factory', 'qa1', 'Lot', 'CreateLot', { lotId: releasedLot, product, pools: [poolDin] }));
    for (const [step, equipment] of [
      ['Cohn fractionation', 'tank T-7'],
      ['Pasteurisation', 'bath P-2'],
    ]) {
      await submit('Factory', 'qa1', 'Lot', 'RecordProcessStep', releasedLot, {
        step,
        parameterDataHash: randomBytes(32).toString('hex'),
        equipment,
        start: daysAgo(1),
        end: new Date().toISOString(),
      });
    }
    await submit('Factory', 'qa1', 'Lot', 'RaiseDeviation', releasedLot, {
      deviationId: `DEV-${run}`,
      description: 'filter pressure above alert limit',
      classification: 'minor',
    });
    await submit('Factory', 'qa1', 'Lot', 'CloseDeviation', releasedLot, `DEV-${run}`, {
      rootCause: 'blocked prefilter',
      correctiveAction: 'prefilter replaced',
      preventiveAction: 'shorter change interval',
    });
    const qc = (analyte: string, fields: Record<string, unknown> = {}) =>
      submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
        subject: { kind: 'lot', id: releasedLot },
        analyte,
        method: 'ChP 2020',
        result: 'conforms',
        specification: 'conforms',
        conclusion: 'pass',
        oos: false,
        lab: 'QC',
        instrument: 'QC-01',
        rawDataHash: 'c'.repeat(64),
        testedAt: new Date().toISOString(),
        ...fields,
      });
    oosResultId = (
      await qc('endotoxin', {
        result: '0.61 EU/mL',
        value: 0.61,
        unit: 'EU/mL',
        specification: '< 0.50 EU/mL',
        conclusion: 'fail',
        oos: true,
      })
    ).resultId;
    await submit('Factory', 'qa1', 'TestResult', 'CloseOosInvestigation', oosResultId, {
      outcome: 'invalidated',
      rootCause: 'contaminated reagent lot',
      capa: 'reagent lot quarantined',
    });
    for (const analyte of LOT_QC) await qc(analyte);

    const { digest } = await query('Factory', 'qp1', 'Lot', 'GetReleaseRecord', releasedLot, 'qa');
    await submit('Factory', 'qp1', 'Lot', 'QaRelease', releasedLot, [
      signAs('Factory', 'qa1', 'FactoryMSP', digest, 'qa-review'),
      signAs('Factory', 'qp1', 'FactoryMSP', digest, 'qp-release'),
    ]);
    const regulatorRecord = await eventually(() => query('Regulator', 'regulator1', 'Lot', 'GetReleaseRecord', releasedLot, 'regulator'));
    await eventually(() =>
      submit(
        'Regulator',
        'regulator1',
        'Lot',
        'RegulatorRelease',
        releasedLot,
        signAs('Regulator', 'regulator1', 'RegulatorMSP', regulatorRecord.digest, 'regulator-lot-release'),
      ),
    );
    // The regulator's release was committed through the regulator's peer: the factory's endorsers may see it a moment later.
    await eventually(() => submit('Factory', 'warehouse1', 'Units', 'CommissionUnits', releasedLot, units));
    await submit('Factory', 'warehouse1', 'Units', 'PackCase', releasedLot, { caseCode: shippedCase, units: units.slice(0, 2) });
    await submit('Factory', 'warehouse1', 'Units', 'PackCase', releasedLot, { caseCode: keptCase, units: units.slice(2, 3) });
    await eventually(() =>
      submit('Factory', 'warehouse1', 'Units', 'ShipCases', { shipmentId: `OUT-${run}`, destination: consignee, cases: [shippedCase] }),
    );

    // The second lot: its QA review signed through the gateway by the reviewer's own device (a key the gateway never
    // sees), waiting there for the QP.
    await submit('Factory', 'qa1', 'Lot', 'CreateLot', { lotId: reviewedLot, product, pools: [poolDin] });
    token = await t.login('Factory', 'qa1');
    const keys = await newDeviceKeys(webcrypto as Crypto);
    const enrolled = await graphql(
      'mutation ($csr: String!) { enrolDevice(label: "QA laptop", certificateRequest: $csr) { id certificate } }',
      {
        csr: await certificateRequest(keys, 'qa1', webcrypto as Crypto),
      },
    );
    reviewDevice = enrolled.data.enrolDevice;
    const review = (await signedMutation(
      async (document, variables) => {
        const answer = await graphql(document, variables);
        if (answer.errors) throw new Error(answer.errors[0]!.message);
        return answer.data as Record<string, unknown>;
      },
      { id: reviewDevice.id, privateKey: keys.privateKey, username: 'qa1' },
      'mutation ($lotId: String!, $p: String!) { signLotQaRelease(lotId: $lotId, signature: QA_REVIEW, password: $p) { lotId waitingFor } }',
      { lotId: reviewedLot, p: t.password('Factory', 'qa1') },
      (request) => reviewStages.push(request.stage),
      webcrypto as Crypto,
    )) as { signLotQaRelease: { waitingFor: string } };
    expect(review.signLotQaRelease.waitingFor).to.equal('qp-release');

    await t.untilCaughtUp(120_000);
  });

  after(async function () {
    people.close();
    await t?.close();
  });

  it("keeps a QA review signed by the reviewer's own device: its certificate, and a signature over the record, name, time and meaning", async function () {
    // Reading the release record is a proposal too; the electronic signature is the device's own act over its payload.
    expect(reviewStages).to.deep.equal(['PROPOSAL', 'RECORD']);
    const { rows } = await t.pool.query<{ signature: ElectronicSignature }>(
      "SELECT signature FROM release_signatures WHERE lot_id = $1 AND meaning = 'qa-review'",
      [reviewedLot],
    );
    const [waiting] = rows.map((r) => r.signature);
    expect(waiting).to.include({ signerName: 'qa1', mspId: 'FactoryMSP', certificate: reviewDevice.certificate });
    const verifier = createVerify('sha256').update(signingPayload(waiting!));
    expect(verifier.verify(reviewDevice.certificate, Buffer.from(waiting!.signature, 'base64'))).to.equal(true);
  });

  it('lists lots by status with the release signatures each still needs, and those waiting in the gateway', async function () {
    const inProcess = await graphql(
      '{ lots(status: ["in-process"]) { lot { lotId status holds { kind } } awaitingSignatures signedWaiting { meaning signerName } } }',
    );
    const reviewed = inProcess.data.lots.find((l: any) => l.lot.lotId === reviewedLot);
    expect(reviewed).to.deep.equal({
      lot: { lotId: reviewedLot, status: 'in-process', holds: [] },
      awaitingSignatures: ['qp-release', 'regulator-lot-release'],
      signedWaiting: [{ meaning: 'qa-review', signerName: 'qa1' }],
    });
    expect(inProcess.data.lots.map((l: any) => l.lot.lotId)).to.not.include(releasedLot);

    const released = await graphql(
      '{ lots(status: ["released"], limit: 1000) { lot { lotId status unitCount openDeviations } awaitingSignatures } }',
    );
    expect(released.data.lots.find((l: any) => l.lot.lotId === releasedLot)).to.deep.equal({
      lot: { lotId: releasedLot, status: 'released', unitCount: 4, openDeviations: [] },
      awaitingSignatures: [],
    });
    expect(released.data.lots.every((l: any) => l.lot.status === 'released')).to.equal(true);
  });

  it('serves one lot by its number with the signature waiting for it, so a dossier opened later still shows it', async function () {
    const document =
      'query ($lotId: String!) { lot(lotId: $lotId) { lot { lotId status } awaitingSignatures signedWaiting { meaning signerName signedAt } } }';
    const reviewed = (await graphql(document, { lotId: reviewedLot })).data.lot;
    expect(reviewed).to.deep.include({ awaitingSignatures: ['qp-release', 'regulator-lot-release'] });
    expect(reviewed.lot).to.deep.equal({ lotId: reviewedLot, status: 'in-process' });
    expect(reviewed.signedWaiting).to.have.length(1);
    expect(reviewed.signedWaiting[0]).to.include({ meaning: 'qa-review', signerName: 'qa1' });
    expect(Date.parse(reviewed.signedWaiting[0].signedAt)).to.be.closeTo(Date.now(), 15 * 60_000);

    expect((await graphql(document, { lotId: releasedLot })).data.lot).to.deep.equal({
      lot: { lotId: releasedLot, status: 'released' },
      awaitingSignatures: [],
      signedWaiting: [],
    });
    expect((await graphql(document, { lotId: `NONE-${run}` })).data.lot).to.equal(null);
  });

  it("serves the pool's NAT and the lot's QC with the OOS investigation, judged against the jurisdiction's mandatory tests", async function () {
    const pool = await graphql(
      `
        query ($id: String!) {
          testResults(kind: POOL, id: $id) {
            analyte
            conclusion
            oos
            subject {
              kind
              id
            }
          }
          testAssessment(kind: POOL, id: $id) {
            jurisdiction
            mandatory
            passed
            missing
            failing
            openInvestigations
          }
        }
      `,
      { id: poolDin },
    );
    expect(pool.data.testResults.map((r: any) => r.analyte)).to.have.members(POOL_NAT);
    expect(
      pool.data.testResults.every(
        (r: any) => r.conclusion === 'pass' && !r.oos && r.subject.kind === 'pool' && r.subject.id === poolDin.slice(0, 13),
      ),
    ).to.equal(true);
    expect(pool.data.testAssessment).to.deep.equal({
      jurisdiction: 'CN',
      mandatory: POOL_NAT,
      passed: true,
      missing: [],
      failing: [],
      openInvestigations: [],
    });

    const lot = await graphql(
      `
        query ($id: String!) {
          testResults(kind: LOT, id: $id) {
            resultId
            analyte
            result
            specification
            conclusion
            oos
            investigation {
              status
              rootCause
              capa
              closedAt
            }
            analyst
          }
          testAssessment(kind: LOT, id: $id) {
            passed
            missing
          }
        }
      `,
      { id: releasedLot },
    );
    expect(lot.data.testResults).to.have.length(LOT_QC.length + 1);
    const oos = lot.data.testResults.find((r: any) => r.resultId === oosResultId);
    expect(oos).to.deep.include({
      analyte: 'endotoxin',
      result: '0.61 EU/mL',
      specification: '< 0.50 EU/mL',
      conclusion: 'fail',
      oos: true,
      analyst: 'qa1',
    });
    expect(oos.investigation).to.deep.include({
      status: 'invalidated',
      rootCause: 'contaminated reagent lot',
      capa: 'reagent lot quarantined',
    });
    expect(lot.data.testAssessment).to.deep.equal({ passed: true, missing: [] });

    const untested = await graphql('query ($id: String!) { testAssessment(kind: LOT, id: $id) { passed missing } }', { id: reviewedLot });
    expect(untested.data.testAssessment).to.deep.equal({ passed: false, missing: LOT_QC });
  });

  it('serves the batch record with each step digest recomputed and linked, and notices a step altered in the projection', async function () {
    const document = `query ($lotId: String!) {
      processSteps(lotId: $lotId) { seq step equipment previousDigest digest digestMatches linksToPrevious }
      deviations(lotId: $lotId) { deviationId status classification capa { rootCause correctiveAction preventiveAction closedAt } }
      lot(lotId: $lotId) { lot { ebrDigest stepCount } }
    }`;
    const answer = await graphql(document, { lotId: releasedLot });
    const steps = answer.data.processSteps;
    expect(steps.map((s: any) => [s.seq, s.step, s.digestMatches, s.linksToPrevious])).to.deep.equal([
      [1, 'Cohn fractionation', true, true],
      [2, 'Pasteurisation', true, true],
    ]);
    expect(steps[0].previousDigest).to.equal('0'.repeat(64));
    expect(steps[1].previousDigest).to.equal(steps[0].digest);
    expect(answer.data.lot.lot).to.deep.equal({ ebrDigest: steps[1].digest, stepCount: 2 });
    expect(answer.data.deviations).to.have.length(1);
    expect(answer.data.deviations[0]).to.deep.include({ deviationId: `DEV-${run}`, status: 'closed', classification: 'minor' });
    expect(answer.data.deviations[0].capa).to.deep.include({
      rootCause: 'blocked prefilter',
      correctiveAction: 'prefilter replaced',
      preventiveAction: 'shorter change interval',
    });

    // The check recomputes each digest: a step whose content no longer matches it is flagged, its successor still links.
    await t.pool.query(
      `UPDATE ledger_state SET value = jsonb_set(value, '{equipment}', '"tank T-9"') WHERE object_type = 'lot-step' AND attributes = ARRAY[$1, '000001']`,
      [releasedLot],
    );
    const altered = (await graphql(document, { lotId: releasedLot })).data.processSteps;
    expect(altered.map((s: any) => [s.equipment, s.digestMatches, s.linksToPrevious])).to.deep.equal([
      ['tank T-9', false, true],
      ['bath P-2', true, true],
    ]);
  });

  it("says where a lot's vials went: each case, its shipment and consignee, and what stayed at the factory", async function () {
    const answer = await graphql(
      `
        query ($lotIds: [String!]!) {
          lotDistribution(lotIds: $lotIds) {
            lotId
            status
            unitCount
            packedUnitCount
            shippedUnitCount
            cases {
              caseCode
              count
              units
              status
              shipment {
                shipmentId
                destination
                shippedAt
              }
              lastChange {
                transaction
              }
            }
          }
        }
      `,
      { lotIds: [releasedLot, reviewedLot, 'NO-SUCH-LOT'] },
    );
    const [released, reviewed, unknown] = answer.data.lotDistribution;
    expect(released).to.deep.include({ lotId: releasedLot, status: 'released', unitCount: 4, packedUnitCount: 3, shippedUnitCount: 2 });
    const shipped = released.cases.find((c: any) => c.caseCode === shippedCase);
    expect(shipped).to.deep.include({ count: 2, units: [...units.slice(0, 2)].sort(), status: 'shipped' });
    expect(shipped.shipment).to.deep.include({ shipmentId: `OUT-${run}`, destination: consignee });
    expect(shipped.lastChange.transaction).to.equal('Units:ShipCases');
    expect(released.cases.find((c: any) => c.caseCode === keptCase)).to.deep.include({ status: 'packed', shipment: null, count: 1 });
    expect(reviewed).to.deep.equal({
      lotId: reviewedLot,
      status: 'in-process',
      unitCount: 0,
      packedUnitCount: 0,
      shippedUnitCount: 0,
      cases: [],
    });
    expect(unknown).to.deep.include({ lotId: 'NO-SUCH-LOT', status: null, cases: [] });
  });

  it("lists a lot's vials, those not packed yet apart, each with its case once packed", async function () {
    const query = `query ($lotId: String!, $status: String) { unitsOfLot(lotId: $lotId, status: $status) { code status caseCode } }`;
    const all = (await graphql(query, { lotId: releasedLot })).data.unitsOfLot;
    expect(all.map((u: any) => u.code)).to.deep.equal([...units].sort());
    expect(all.find((u: any) => u.code === units[0])).to.deep.include({ status: 'packed', caseCode: shippedCase });
    const unpacked = (await graphql(query, { lotId: releasedLot, status: 'commissioned' })).data.unitsOfLot;
    expect(unpacked).to.deep.equal([{ code: units[3], status: 'commissioned', caseCode: null }]);
    expect((await graphql(query, { lotId: reviewedLot })).data.unitsOfLot).to.deep.equal([]);
  });

  it('serves each record by its key, typed as the chaincode keeps it, with the stamp of the transaction that last changed it', async function () {
    const answer = await graphql(
      `
        query ($pool: String!, $case: String!, $unit: String!) {
          pool(poolDin: $pool) {
            poolDin
            status
            count
            merkleRoot
            lastChange {
              transaction
              by {
                mspId
              }
            }
          }
          shippingCase(caseCode: $case) {
            caseCode
            lotId
            status
            shipment {
              shipmentId
            }
          }
          unit(code: $unit) {
            code
            lotId
            status
            caseCode
          }
          ruleSet(jurisdiction: "CN") {
            jurisdiction
            mandatoryTests {
              pool
            }
            excursionAllowance {
              maxCount
            }
          }
          consortium {
            organisations {
              mspId
              kind
            }
          }
          missing: pool(poolDin: "G9999990000001") {
            poolDin
          }
        }
      `,
      { pool: poolDin, case: shippedCase, unit: units[0] },
    );
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    const { pool, shippingCase, unit, ruleSet, consortium, missing } = answer.data;
    expect(pool).to.deep.include({ poolDin: poolDin.slice(0, 13), status: 'closed' });
    expect(pool.lastChange).to.deep.equal({ transaction: 'Pool:ClosePool', by: { mspId: 'FactoryMSP' } });
    expect(shippingCase).to.deep.equal({
      caseCode: shippedCase,
      lotId: releasedLot,
      status: 'shipped',
      shipment: { shipmentId: `OUT-${run}` },
    });
    expect(unit).to.deep.equal({ code: units[0], lotId: releasedLot, status: 'packed', caseCode: shippedCase });
    expect(ruleSet.mandatoryTests.pool).to.have.members(POOL_NAT);
    expect(consortium.organisations.map((o: { mspId: string }) => o.mspId)).to.include.members([
      'StationAMSP',
      'FactoryMSP',
      'RegulatorMSP',
    ]);
    expect(missing).to.equal(null);
    const badDin = await graphql('{ pool(poolDin: "not a DIN") { poolDin } }');
    expect(codeOf(badDin)).to.equal('VALIDATION');
  });

  it('answers bad input with VALIDATION naming the field, and a caller not signed in with UNAUTHENTICATED', async function () {
    const cases: [string, Record<string, unknown>, string][] = [
      ['{ lots(status: ["shipped"]) { lot { lotId } } }', {}, 'status'],
      ['{ lots(limit: 0) { lot { lotId } } }', {}, 'limit'],
      ['{ lot(lotId: "bad lot") { lot { lotId } } }', {}, 'lotId'],
      ['query ($id: String!) { testResults(kind: POOL, id: $id) { analyte } }', { id: 'not-a-din' }, 'id'],
      ['query ($id: String!) { testResults(kind: LOT, id: $id) { analyte } }', { id: 'lot 1' }, 'id'],
      ['query ($id: String!) { testAssessment(kind: DONATION, id: $id) { passed } }', { id: poolDin }, 'kind'],
      ['{ processSteps(lotId: "lower-case") { seq } }', {}, 'lotId'],
      ['query ($ids: [String!]!) { lotDistribution(lotIds: $ids) { lotId } }', { ids: [releasedLot, 'bad lot'] }, 'lotIds[1]'],
      ['{ unitsOfLot(lotId: "bad lot") { code } }', {}, 'lotId'],
      ['query ($id: String!) { unitsOfLot(lotId: $id, status: "shipped") { code } }', { id: releasedLot }, 'status'],
      ['query ($id: String!) { unitsOfLot(lotId: $id, first: 1001) { code } }', { id: releasedLot }, 'first'],
    ];
    for (const [document, variables, field] of cases) {
      const answer = await graphql(document, variables);
      expect(codeOf(answer), document).to.equal('VALIDATION');
      expect(answer.errors?.[0]?.extensions?.field, document).to.equal(field);
    }
    // Each check names the rule too: a DIN check character that does not match is refused.
    const wrongCheck = poolDin.slice(0, 13) + (poolDin.endsWith('A') ? 'B' : 'A');
    expect(codeOf(await graphql('query ($id: String!) { testResults(kind: POOL, id: $id) { analyte } }', { id: wrongCheck }))).to.equal(
      'VALIDATION',
    );
    expect(codeOf(await t.graphql('{ lots { lot { lotId } } }'))).to.equal('UNAUTHENTICATED');
  });
});
