// Where each object an event names lives in the world state (objectStateKey), against what the transactions of a whole
// chain of custody wrote: the indexer reads each named object's new record from its transaction's writes by this key.
import { expect } from 'chai';
import { carriesRecordOf, objectStateKey, type LedgerEvent, type ObjectType } from '../src/browser';
import type { Outcome } from './fake-context';
import { callers, ORGANISATIONS } from './fixtures';
import { signRecord } from './pki';
import { at, Story, T0 } from './story';

const compositeKey = (type: string, attributes: readonly string[]): string => `\u0000${[type, ...attributes].join('\u0000')}\u0000`;

describe('object state keys', () => {
  it('name, for every object an event lists, a key its transaction wrote, and for a record event the record it carries', async () => {
    const story = await Story.begin();
    const outcomes: Outcome[] = [];
    const invoke = story.ledger.invoke.bind(story.ledger);
    story.ledger.invoke = async (...args) => {
      const outcome = await invoke(...args);
      outcomes.push(outcome);
      return outcome;
    };
    const dins = await story.releasedDonations(5);
    const poolDin = await story.closedPool(dins, at(T0, 95), 2);
    await story.releasedLot('L1', [poolDin], at(T0, 100));
    const caseCode = await story.packedCase('L1', 3, at(T0, 101));
    await story.ok(
      callers.warehouse,
      'Units:ShipCases',
      [{ shipmentId: 'OUT-1', destination: 'DC Pudong', cases: [caseCode] }],
      at(T0, 102),
    );
    const donor = (await story.donation(dins[0]!)).donorPseudonym as string;
    await story.ok(callers.stationQaA, 'Donor:DeferDonor', [donor, { kind: 'permanent', reason: 'reactive-test' }], at(T0, 103));
    await story.ok(
      callers.factoryQa,
      'Lot:DefineMasterBatchRecord',
      ['8600001', { fromVersion: 0, productName: 'IVIG 5 %', steps: [{ step: 'fractionation', parameters: [] }], reason: 'validated' }],
      at(T0, 103),
    );
    await story.ok(callers.stationAAdmin, 'SecurityLog:AnchorHead', [{ log: 'plasma_gateway', seq: 1, hash: 'a'.repeat(64) }], at(T0, 103));
    await story.ok(callers.stationQaA, 'LookBack:OpenLookBack', [donor, 'donor anti-HCV reactive', {}], at(T0, 104));
    // A registry change gathered on the ledger: proposed, approved, and applied by the approval that makes a majority.
    const change = { organisations: ORGANISATIONS.map((o) => ({ ...o, name: `${o.name} Ltd` })), reason: 'names' };
    await story.ok(callers.factoryAdmin, 'Consortium:ProposeRegistryChange', ['P-1', change], at(T0, 105));
    for (const admin of [callers.stationAAdmin, callers.stationBAdmin, callers.factoryAdmin, callers.regulatorAdmin]) {
      const { digest } = await story.ok(admin, 'Consortium:GetRegistryProposalRecord', ['P-1'], at(T0, 105));
      await story.ok(
        admin,
        'Consortium:ApproveRegistryChange',
        ['P-1', signRecord(admin, digest, 'registry-change', at(T0, 105))],
        at(T0, 105),
      );
    }

    const unwritten: string[] = [];
    const seen = new Set<ObjectType>();
    for (const { event, writes, error } of outcomes) {
      if (error || !event) continue;
      const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as LedgerEvent;
      payload.objects.forEach((ref, index) => {
        const { keyType, attributes } = objectStateKey(ref.type, ref.id);
        const written = writes.get(compositeKey(keyType, attributes));
        seen.add(ref.type);
        if (!written) unwritten.push(`${payload.type} ${ref.type}`);
        else if (index === 0 && carriesRecordOf(payload.type, ref.type)) {
          expect(JSON.parse(Buffer.from(written).toString('utf8')), `${payload.type} ${ref.type} ${ref.id}`).to.deep.equal(payload.data);
        }
      });
    }
    expect([...new Set(unwritten)]).to.deep.equal([]);
    expect([...seen]).to.include.members([
      'donation',
      'donor',
      'shipment',
      'pool',
      'lot',
      'test-result',
      'unit',
      'case',
      'look-back-case',
      'security-log',
      'consortium',
      'registry-proposal',
      'master-batch-record',
    ]);
  });
});
