import { expect } from 'chai';
import { callers, expectRefused, ORGANISATIONS } from './fixtures';
import { signRecord, TestCa } from './pki';
import { stepDigest } from '../src/lot/batch-record';
import { canonicalDigest } from '../src/ledger/digest';
import { at, GTIN, LOT_PRODUCT, LOT_QC, Story, T0 } from './story';

const WHEN = at(T0, 100);

/** Version 1 of the albumin's master batch record: four steps, in the order they are done. */
const STEPS = [
  {
    step: 'cold ethanol fractionation',
    parameters: [
      { name: 'temperature', unit: '°C', min: -6, max: -2 },
      { name: 'ethanol', unit: '%', min: 19, max: 21 },
    ],
  },
  { step: 'ultrafiltration', parameters: [{ name: 'tmp', unit: 'bar', min: 0.5, max: 1.5 }] },
  {
    step: 'pasteurisation',
    parameters: [
      { name: 'temperature', unit: '°C', min: 59.5, max: 60.5 },
      { name: 'duration', unit: 'h', min: 10, max: 10.5 },
    ],
  },
  { step: 'filling', parameters: [] },
];

const change = (fromVersion: number, overrides: Record<string, unknown> = {}) => ({
  fromVersion,
  productName: LOT_PRODUCT.name,
  steps: STEPS,
  reason: fromVersion === 0 ? 'process validated (PV-2025-01)' : 'change control CC-2025-07',
  ...overrides,
});

const stepInput = (step: string, parameters?: Record<string, unknown>) => ({
  step,
  parameterDataHash: 'b'.repeat(64),
  equipment: 'tank T-7',
  start: at(WHEN, 0, -1),
  end: WHEN,
  ...(parameters === undefined ? {} : { parameters }),
});

const IN_RANGE: Readonly<Record<string, Record<string, number>>> = {
  'cold ethanol fractionation': { temperature: -5, ethanol: 20 },
  ultrafiltration: { tmp: 1 },
  pasteurisation: { temperature: 60, duration: 10.2 },
  filling: {},
};

/** A story with the albumin's master batch record (version 1) and lot L1 of it, in process. */
async function withMasterRecord(): Promise<Story> {
  const story = await Story.begin();
  const dins = await story.releasedDonations(3);
  const poolDin = await story.closedPool(dins, at(T0, 95));
  await story.ok(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(0)], at(T0, 96));
  await story.ok(callers.production, 'Lot:CreateLot', [{ lotId: 'L1', product: LOT_PRODUCT, pools: [poolDin] }], WHEN);
  return story;
}

const record = (story: Story, step: string, parameters: Record<string, unknown> | undefined = IN_RANGE[step]) =>
  story.invoke(callers.production, 'Lot:RecordProcessStep', ['L1', stepInput(step, parameters)], WHEN);

/** A second factory joins the consortium, approved by a majority of the members' admins; returns its QA. */
async function secondFactory(story: Story, when: string) {
  const ca = new TestCa('Factory2MSP');
  const factory2 = { mspId: 'Factory2MSP', name: 'Factory2', kind: 'factory', facilities: ['G2002'], caCertificate: ca.certificate };
  const joining = { organisations: [...ORGANISATIONS, factory2], reason: 'Factory2 joins the consortium' };
  const { digest } = await story.ok(callers.regulatorAdmin, 'Consortium:GetRegistryChangeRecord', [joining], when);
  const approvals = [callers.regulatorAdmin, callers.factoryAdmin, callers.stationAAdmin].map((admin) =>
    signRecord(admin, digest, 'registry-change', when),
  );
  await story.ok(callers.regulatorAdmin, 'Consortium:ChangeRegistry', [joining, approvals], when);
  return ca.issue('qa9', 'factory-qa');
}

describe('Master batch record', () => {
  describe('definition', () => {
    it('is defined by factory QA from version 0, versioned, and each version stays readable', async () => {
      const story = await Story.begin();
      const defined = await story.invoke(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(0)], at(T0, 96));
      const first = JSON.parse(defined.result!);
      expect(first).to.include({
        productCode: GTIN,
        productName: LOT_PRODUCT.name,
        factory: 'FactoryMSP',
        version: 1,
        definedAt: at(T0, 96),
      });
      expect(first.steps).to.deep.equal(STEPS);
      expect(first.lastChange).to.include({ transaction: 'Lot:DefineMasterBatchRecord', reason: 'process validated (PV-2025-01)' });
      expect(defined.event?.name).to.equal('MasterBatchRecordDefined');
      expect([...defined.writes.keys()]).to.have.members([
        `\u0000master-batch-record\u0000${GTIN}\u0000`,
        `\u0000master-batch-record-version\u0000${GTIN}\u0000000001\u0000`,
      ]);
      // Owned by the factory: every later change of either key needs its peer.
      expect([...defined.validationParameters.keys()]).to.have.length(2);

      const narrower = STEPS.map((s, i) =>
        i === 0 ? { ...s, parameters: [{ name: 'temperature', unit: '°C', min: -5, max: -3 }, s.parameters[1]] } : s,
      );
      const second = await story.ok(callers.factoryQa2, 'Lot:DefineMasterBatchRecord', [GTIN, change(1, { steps: narrower })], at(T0, 97));
      expect(second).to.include({ version: 2, definedAt: at(T0, 97) });
      expectRefused(
        await story.invoke(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(1)], at(T0, 98)),
        `CONFLICT: the master batch record of product ${GTIN} is at version 2, not 1 as the change was made from: read it again`,
      );
      expectRefused(
        await story.invoke(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(0)], at(T0, 98)),
        `CONFLICT: the master batch record of product ${GTIN} is at version 2, not 0`,
      );
      expect(await story.ok(callers.inspector, 'Lot:GetMasterBatchRecord', [GTIN, ''], at(T0, 98))).to.deep.equal(second);
      // Its audit trail: who changed it, when and why, field by field.
      const trail = await story.ok(callers.inspector, 'Lineage:GetAuditTrail', ['master-batch-record', GTIN], at(T0, 98));
      expect(trail.map((entry: { who: { name: string }; reason: string }) => [entry.who.name, entry.reason])).to.deep.equal([
        ['qa1', 'process validated (PV-2025-01)'],
        ['qa2', 'change control CC-2025-07'],
      ]);
      expect(await story.ok(callers.collectorA, 'Lot:GetMasterBatchRecord', [GTIN, '1'], at(T0, 98))).to.deep.equal(first);
      expect((await story.invoke(callers.inspector, 'Lot:GetMasterBatchRecord', [GTIN, '3'], at(T0, 98))).error?.message).to.equal(
        `NOT_FOUND: product ${GTIN} has no master batch record version 3`,
      );
      expect((await story.invoke(callers.inspector, 'Lot:GetMasterBatchRecord', ['8612345', ''], at(T0, 98))).error?.message).to.equal(
        'NOT_FOUND: product 8612345 has no master batch record',
      );
      expect((await story.invoke(callers.inspector, 'Lot:GetMasterBatchRecord', [GTIN, '01'], at(T0, 98))).error?.message).to.match(
        /^VALIDATION: version: /,
      );
    });

    it('refuses anyone but factory QA, and another factory for a product the first one governs', async () => {
      const story = await Story.begin();
      for (const caller of [callers.production, callers.qp, callers.regulator]) {
        expectRefused(
          await story.invoke(caller, 'Lot:DefineMasterBatchRecord', [GTIN, change(0)], at(T0, 96)),
          'FORBIDDEN: Lot:DefineMasterBatchRecord requires role factory-qa',
        );
      }
      const otherQa = await secondFactory(story, at(T0, 1));
      await story.ok(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(0)], at(T0, 96));
      for (const fromVersion of [0, 1]) {
        expectRefused(
          await story.invoke(
            otherQa,
            'Lot:DefineMasterBatchRecord',
            [GTIN, change(fromVersion, { steps: [{ step: 'anything', parameters: [] }] })],
            at(T0, 97),
          ),
          `FORBIDDEN: the master batch record of product ${GTIN} is FactoryMSP's; Factory2MSP may not change it`,
        );
      }
    });

    it('names the field of every invalid range, step and name', async () => {
      const story = await Story.begin();
      const refused = async (productCode: string, given: unknown, prefix: string) =>
        expectRefused(await story.invoke(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [productCode, given], at(T0, 96)), prefix);
      const withParameter = (parameter: Record<string, unknown>) =>
        change(0, { steps: [{ step: 'fractionation', parameters: [parameter] }] });
      await refused(
        GTIN,
        withParameter({ name: 'ethanol', unit: '%', min: 21, max: 19 }),
        'VALIDATION: change.steps[0].parameters[0].max: must not be below min (21)',
      );
      await refused(
        GTIN,
        withParameter({ name: 'ethanol', unit: '%', min: '19', max: 21 }),
        'VALIDATION: change.steps[0].parameters[0].min: must be a finite number',
      );
      await refused(
        GTIN,
        '{"fromVersion":0,"productName":"p","reason":"r","steps":[{"step":"s","parameters":[{"name":"t","unit":"°C","min":1,"max":1e999}]}]}',
        'VALIDATION: change.steps[0].parameters[0].max: must be a finite number',
      );
      await refused(
        GTIN,
        withParameter({ name: 'ethanol', unit: '%', min: null, max: 21 }),
        'VALIDATION: change.steps[0].parameters[0].min: must be a finite number',
      );
      await refused(
        GTIN,
        withParameter({ name: 'ethanol %', unit: '%', min: 19, max: 21 }),
        'VALIDATION: change.steps[0].parameters[0].name: must be a parameter name',
      );
      await refused(
        GTIN,
        withParameter({ name: 'ethanol', unit: '%', min: 19, max: 21, target: 20 }),
        'VALIDATION: change.steps[0].parameters[0].target: is not a known field',
      );
      const twice = { name: 'ethanol', unit: '%', min: 19, max: 21 };
      await refused(
        GTIN,
        change(0, { steps: [{ step: 'f', parameters: [twice, twice] }] }),
        'VALIDATION: change.steps[0].parameters[1].name: repeats ethanol',
      );
      await refused(GTIN, change(0, { steps: [STEPS[1], STEPS[1]] }), 'VALIDATION: change.steps[1].step: repeats ultrafiltration');
      await refused(GTIN, change(0, { steps: [] }), 'VALIDATION: change.steps: must hold 1 to 50 items; it holds 0');
      const many = Array.from({ length: 51 }, (_, i) => ({ step: `step ${i}`, parameters: [] }));
      await refused(GTIN, change(0, { steps: many }), 'VALIDATION: change.steps: must hold 1 to 50 items; it holds 51');
      const tooMany = Array.from({ length: 21 }, (_, i) => ({ name: `p${i}`, unit: 'u', min: 0, max: 1 }));
      await refused(
        GTIN,
        change(0, { steps: [{ step: 's', parameters: tooMany }] }),
        'VALIDATION: change.steps[0].parameters: must hold 0 to 20 items',
      );
      await refused(GTIN, change(-1), 'VALIDATION: change.fromVersion: must be a whole number');
      await refused(GTIN, { ...change(0), approvedBy: 'me' }, 'VALIDATION: change.approvedBy: is not a known field');
      await refused('06912345678900', change(0), 'VALIDATION: productCode: must be a product code');
      await refused('12345', change(0), 'VALIDATION: productCode: must be a product code');
    });
  });

  describe('batch-record steps checked against it', () => {
    it('records a step in range with its values and the version it met, and no deviation', async () => {
      const story = await withMasterRecord();
      const outcome = await record(story, 'cold ethanol fractionation');
      const step = JSON.parse(outcome.result!);
      expect(step).to.include({ seq: 1, step: 'cold ethanol fractionation' });
      expect(step.parameters).to.deep.equal({ temperature: -5, ethanol: 20 });
      expect(step.masterRecord).to.deep.equal({ productCode: GTIN, version: 1 });
      expect(step.outOfRange).to.deep.equal([]);
      // The hash chain proves the values and the verdict.
      const { digest, lastChange: _stamp, ...content } = step;
      expect(stepDigest(content)).to.equal(digest);
      expect(stepDigest({ ...content, parameters: { temperature: -5.1, ethanol: 20 } })).to.not.equal(digest);
      expect(stepDigest({ ...content, outOfRange: ['temperature'] })).to.not.equal(digest);
      const lot = await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN);
      expect(lot).to.include({ stepCount: 1, ebrDigest: digest });
      expect(lot.openDeviations).to.deep.equal([]);
      expect(await story.ok(callers.inspector, 'Lot:ListDeviations', ['L1'], WHEN)).to.deep.equal([]);
    });

    it('raises a major deviation for each value out of range, which holds QA release until it is closed with its CAPA', async () => {
      const story = await withMasterRecord();
      await record(story, 'cold ethanol fractionation');
      await record(story, 'ultrafiltration');
      const step = JSON.parse((await record(story, 'pasteurisation', { temperature: 61.2, duration: 9.5 })).result!);
      expect(step.parameters).to.deep.equal({ temperature: 61.2, duration: 9.5 });
      expect(step.outOfRange).to.deep.equal(['temperature', 'duration']);
      const deviations = await story.ok(callers.inspector, 'Lot:ListDeviations', ['L1'], WHEN);
      expect(
        deviations.map((d: { deviationId: string; classification: string; status: string }) => [d.deviationId, d.classification, d.status]),
      ).to.deep.equal([
        ['S000003-duration', 'major', 'open'],
        ['S000003-temperature', 'major', 'open'],
      ]);
      expect(deviations.find((d: { deviationId: string }) => d.deviationId === 'S000003-temperature').description).to.equal(
        `temperature 61.2 °C is outside its range 59.5 to 60.5 °C in master batch record ${GTIN} version 1, step pasteurisation (batch record step 3)`,
      );
      const lot = await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN);
      expect(lot.openDeviations).to.deep.equal(['S000003-temperature', 'S000003-duration']);
      expect(lot).to.include({ stepCount: 3, ebrDigest: step.digest });
      expect(lot.lastChange).to.include({ transaction: 'Lot:RecordProcessStep' });

      await record(story, 'filling');
      for (const analyte of LOT_QC) await story.testResult('lot', 'L1', analyte, WHEN);
      const { digest } = await story.ok(callers.qp, 'Lot:GetReleaseRecord', ['L1', 'qa'], WHEN);
      const signatures = [signRecord(callers.factoryQa, digest, 'qa-review', WHEN), signRecord(callers.qp, digest, 'qp-release', WHEN)];
      expectRefused(
        await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', signatures], WHEN),
        'CONFLICT: lot L1 has open deviations S000003-temperature, S000003-duration',
      );
      const capa = {
        rootCause: 'jacket valve stuck open',
        correctiveAction: 'valve replaced; lot assessed',
        preventiveAction: 'valve on PM plan',
      };
      await story.ok(callers.factoryQa, 'Lot:CloseDeviation', ['L1', 'S000003-temperature', capa], WHEN);
      await story.ok(callers.factoryQa, 'Lot:CloseDeviation', ['L1', 'S000003-duration', capa], WHEN);
      expect((await story.qaRelease('L1', WHEN)).status).to.equal('qa-released');
    });

    it('refuses a missing, unknown or malformed value with nothing written', async () => {
      const story = await withMasterRecord();
      const refused = async (parameters: unknown, prefix: string, step = 'cold ethanol fractionation') =>
        expectRefused(
          await story.invoke(callers.production, 'Lot:RecordProcessStep', ['L1', { ...stepInput(step), parameters }], WHEN),
          prefix,
        );
      await refused(
        { temperature: -5 },
        'VALIDATION: processStep.parameters.ethanol: is required: a critical parameter of cold ethanol fractionation',
      );
      await refused(undefined, 'VALIDATION: processStep.parameters.temperature: is required');
      await refused(
        { temperature: -5, ethanol: 20, pressure: 1 },
        'VALIDATION: processStep.parameters.pressure: is not a critical parameter of cold ethanol fractionation',
      );
      await refused({ tmp: 1 }, 'VALIDATION: processStep.parameters.tmp: is not a critical parameter of filling', 'filling');
      await refused({ temperature: '-5', ethanol: 20 }, 'VALIDATION: processStep.parameters.temperature: must be a finite number');
      await refused({ temperature: null, ethanol: 20 }, 'VALIDATION: processStep.parameters.temperature: must be a finite number');
      await refused({ temperature: [-5], ethanol: 20 }, 'VALIDATION: processStep.parameters.temperature: must be a finite number');
      await refused([-5, 20], 'VALIDATION: processStep.parameters: must be a JSON object');
      await refused(
        Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])),
        'VALIDATION: processStep.parameters: must hold at most 20 parameters; it holds 21',
      );
      const raw = (parameters: string) =>
        story.invoke(
          callers.production,
          'Lot:RecordProcessStep',
          ['L1', JSON.stringify(stepInput('cold ethanol fractionation')).replace(/}$/, `,"parameters":${parameters}}`)],
          WHEN,
        );
      expectRefused(
        await raw('{"temperature":1e999,"ethanol":20}'),
        'VALIDATION: processStep.parameters.temperature: must be a finite number',
      );
      expectRefused(await raw('{"temperature":-5,"ethanol":20,"__proto__":1}'), 'VALIDATION: processStep.parameters: names "__proto__"');
      expectRefused(
        await raw('{"temperature":-5,"ethanol":20,"constructor":1}'),
        'VALIDATION: processStep.parameters.constructor: is not a critical parameter',
      );
      expectRefused(
        await raw('{"temperature":-5}'.replace('}', ',"ethanol":20,"x y":1}')),
        'VALIDATION: processStep.parameters: names "x y"',
      );
      expect((await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], WHEN)).stepCount).to.equal(0);
    });

    it('keeps the order of the master steps: an earlier step after a later one is refused, the same one again is rework', async () => {
      const story = await withMasterRecord();
      expectRefused(
        await record(story, 'centrifugation', {}),
        `VALIDATION: processStep.step: must be a step of master batch record ${GTIN} version 1: cold ethanol fractionation, ultrafiltration, pasteurisation, filling`,
      );
      await story.ok(
        callers.production,
        'Lot:RecordProcessStep',
        ['L1', stepInput('cold ethanol fractionation', IN_RANGE['cold ethanol fractionation'])],
        WHEN,
      );
      // Steps may be skipped (the MBR does not force each one): pasteurisation straight after fractionation.
      JSON.parse((await record(story, 'pasteurisation')).result!);
      expectRefused(
        await record(story, 'ultrafiltration'),
        `VALIDATION: processStep.step: must not come before pasteurisation, the last step of master batch record ${GTIN} version 1 recorded on this lot: one of pasteurisation, filling`,
      );
      const rework = JSON.parse((await record(story, 'pasteurisation', { temperature: 60.1, duration: 10 })).result!);
      expect(rework).to.include({ seq: 3, step: 'pasteurisation' });
      expect(JSON.parse((await record(story, 'filling')).result!)).to.include({ seq: 4 });
      expectRefused(await record(story, 'pasteurisation'), 'VALIDATION: processStep.step: must not come before filling');
    });

    it('checks a lot against the version its first checked step met; a later version governs the lots begun after it', async () => {
      const story = await withMasterRecord();
      const first = JSON.parse((await record(story, 'cold ethanol fractionation', { temperature: -2.5, ethanol: 20 })).result!);
      expect(first.outOfRange).to.deep.equal([]);
      // Change control narrows the fractionation temperature: lot L1, begun under version 1, stays on version 1.
      const withTemperature = (min: number, max: number) =>
        STEPS.map((s, i) => (i === 0 ? { ...s, parameters: [{ name: 'temperature', unit: '°C', min, max }, s.parameters[1]!] } : s));
      await story.ok(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(1, { steps: withTemperature(-6, -3) })], WHEN);
      const again = JSON.parse((await record(story, 'cold ethanol fractionation', { temperature: -2.5, ethanol: 20 })).result!);
      expect(again.masterRecord).to.deep.equal({ productCode: GTIN, version: 1 });
      expect(again.outOfRange).to.deep.equal([]);
      // A lot begun after it is checked against version 2.
      const dins = await story.releasedDonations(2, at(T0, 1), 'A', 'second');
      const poolDin = await story.closedPool(dins, at(T0, 95));
      await story.ok(callers.production, 'Lot:CreateLot', [{ lotId: 'L2', product: LOT_PRODUCT, pools: [poolDin] }], WHEN);
      const second = await story.ok(
        callers.production,
        'Lot:RecordProcessStep',
        ['L2', stepInput('cold ethanol fractionation', { temperature: -2.5, ethanol: 20 })],
        WHEN,
      );
      expect(second.masterRecord).to.deep.equal({ productCode: GTIN, version: 2 });
      expect(second.outOfRange).to.deep.equal(['temperature']);
      expect((await story.ok(callers.inspector, 'Lot:ListDeviations', ['L2'], WHEN))[0].description).to.match(
        /range -6 to -3 °C in master batch record \d+ version 2/,
      );
      // A dishonest QA widens the range while L1 is in process, to hide a warm step: L1 is still held to version 1.
      await story.ok(callers.factoryQa, 'Lot:DefineMasterBatchRecord', [GTIN, change(2, { steps: withTemperature(-6, 0) })], WHEN);
      const warm = JSON.parse((await record(story, 'cold ethanol fractionation', { temperature: -1, ethanol: 20 })).result!);
      expect(warm.masterRecord).to.deep.equal({ productCode: GTIN, version: 1 });
      expect(warm.outOfRange).to.deep.equal(['temperature']);
      const steps = await story.ok(callers.inspector, 'Lot:ListProcessSteps', ['L1'], WHEN);
      expect(steps.map((s: { masterRecord: { version: number } }) => s.masterRecord.version)).to.deep.equal([1, 1, 1]);
      // Version 1, with the range L1 is held to, is still on the ledger.
      const v1 = await story.ok(callers.inspector, 'Lot:GetMasterBatchRecord', [GTIN, '1'], WHEN);
      expect(v1.steps[0].parameters[0]).to.deep.equal({ name: 'temperature', unit: '°C', min: -6, max: -2 });
    });

    it('records free steps for a product without a master batch record, keeping its values unchecked', async () => {
      const story = await withMasterRecord();
      const dins = await story.releasedDonations(2, at(T0, 1), 'A', 'other');
      const poolDin = await story.closedPool(dins, at(T0, 95));
      const ivig = { name: 'IVIG 5 % 50 mL', cnProductCode: '8600001', expiry: '2028-06-30' };
      await story.ok(callers.production, 'Lot:CreateLot', [{ lotId: 'L2', product: ivig, pools: [poolDin] }], WHEN);
      const free = await story.ok(callers.production, 'Lot:RecordProcessStep', ['L2', { ...stepInput('anything', { ph: 4.2 }) }], WHEN);
      expect(free.parameters).to.deep.equal({ ph: 4.2 });
      expect(free).to.not.have.any.keys('masterRecord', 'outOfRange');
      const bare = await story.ok(callers.production, 'Lot:RecordProcessStep', ['L2', stepInput('before anything')], WHEN);
      expect(bare).to.not.have.any.keys('parameters', 'masterRecord', 'outOfRange');
      // Unchecked values are still finite numbers.
      expectRefused(
        await story.invoke(callers.production, 'Lot:RecordProcessStep', ['L2', stepInput('x', { ph: 'acid' })], WHEN),
        'VALIDATION: processStep.parameters.ph: must be a finite number',
      );
      expect((await story.ok(callers.inspector, 'Lot:GetLot', ['L2'], WHEN)).openDeviations).to.deep.equal([]);
    });

    it("digests a step without the new fields as it always did, so an existing batch record's chain still verifies", () => {
      const content = {
        lotId: 'L1',
        seq: 1,
        step: 'fractionation',
        parameterDataHash: 'a'.repeat(64),
        equipment: 'tank T-7',
        operator: 'production1',
        start: T0,
        end: T0,
        previousDigest: '0'.repeat(64),
      };
      expect(stepDigest(content)).to.equal(canonicalDigest(content));
      expect(stepDigest({ ...content, parameters: { ph: 4 } })).to.not.equal(canonicalDigest(content));
    });
  });

  describe('a dishonest member', () => {
    it('cannot take the id of a deviation a step will raise, and so keep an out-of-range step off the record', async () => {
      const story = await withMasterRecord();
      expectRefused(
        await story.invoke(
          callers.production,
          'Lot:RaiseDeviation',
          ['L1', { deviationId: 'S000001-temperature', description: 'pre-empted', classification: 'minor' }],
          WHEN,
        ),
        'VALIDATION: deviation.deviationId: must not start with S, six digits and "-"',
      );
    });

    it("cannot have its own record of another factory's product govern that factory's lots", async () => {
      const story = await withMasterRecord();
      const otherQa = await secondFactory(story, WHEN);
      // Factory2 defines a record for a product code FactoryMSP has not governed yet (its IVIG)...
      await story.ok(
        otherQa,
        'Lot:DefineMasterBatchRecord',
        ['8600001', change(0, { steps: [{ step: 'only this', parameters: [] }] })],
        WHEN,
      );
      const dins = await story.releasedDonations(2, at(T0, 1), 'A', 'other');
      const poolDin = await story.closedPool(dins, at(T0, 95));
      const ivig = { name: 'IVIG 5 % 50 mL', cnProductCode: '8600001', expiry: '2028-06-30' };
      await story.ok(callers.production, 'Lot:CreateLot', [{ lotId: 'L2', product: ivig, pools: [poolDin] }], WHEN);
      // ...which does not bind FactoryMSP's lot of it.
      const step = await story.ok(callers.production, 'Lot:RecordProcessStep', ['L2', stepInput('fractionation', { ph: 4 })], WHEN);
      expect(step).to.not.have.any.keys('masterRecord');
    });

    it("cannot step outside its lot's master record by leaving the parameters out, nor record a step without the role", async () => {
      const story = await withMasterRecord();
      expectRefused(
        await story.invoke(callers.production, 'Lot:RecordProcessStep', ['L1', stepInput('cold ethanol fractionation')], WHEN),
        'VALIDATION: processStep.parameters.temperature: is required',
      );
      // The verdict and the version are the ledger's to write, never the caller's.
      for (const claim of [{ outOfRange: [] }, { masterRecord: { productCode: GTIN, version: 1 } }]) {
        expectRefused(
          await story.invoke(
            callers.production,
            'Lot:RecordProcessStep',
            ['L1', { ...stepInput('cold ethanol fractionation', { temperature: 5, ethanol: 20 }), ...claim }],
            WHEN,
          ),
          `VALIDATION: processStep.${Object.keys(claim)[0]}: is not a known field`,
        );
      }
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:RecordProcessStep', ['L1', stepInput('filling', {})], WHEN),
        'FORBIDDEN: Lot:RecordProcessStep requires role',
      );
    });
  });
});
