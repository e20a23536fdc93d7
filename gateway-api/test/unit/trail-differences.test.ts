// An object's projected audit trail against its key's history on the ledger, without a network: each version rebuilt
// from the ledger's changes is compared only with an event that carries that object's record.
import { expect } from 'chai';
import { trailDifferences, type LedgerTrailEntry, type ProjectedTrailEntry } from '../../src/verification/trail-differences';

const by = { mspId: 'FactoryMSP', name: 'qa1' };
const stamp = (txId: string) => ({ txId, at: '2026-12-05T10:00:00.000Z', by: { ...by, role: 'qa' }, transaction: 'Lot:X' });
const change = (txId: string, changes: Record<string, unknown>): LedgerTrailEntry => ({
  txId,
  when: '2026-12-05T10:00:00.000Z',
  who: by,
  what: 'Lot:X',
  changes: Object.entries(changes).map(([field, value]) => ({ field, new: value })),
});
const row = (txId: string, event: string, data: unknown, isMain = true): ProjectedTrailEntry => ({
  txId,
  isMain,
  event,
  payload: { data },
  organisation: by.mspId,
  who: by.name,
});

describe('audit trail against the ledger', function () {
  const ledger = [change('t1', { lotId: 'L1', status: 'created', note: 'x' }), change('t2', { status: 'qa-released', note: null })];

  it('finds nothing where each record the trail shows is the version the ledger rebuilds, a dropped field included', function () {
    const projected = [
      row('t1', 'LotCreated', { lotId: 'L1', status: 'created', note: 'x', lastChange: stamp('t1') }),
      row('t2', 'LotQaReleased', { lotId: 'L1', status: 'qa-released', lastChange: stamp('t2') }),
    ];
    expect(trailDifferences('lot', ledger, projected)).to.deep.equal([]);
  });

  it('compares no record an event carries for another object: a process step announced under its lot', function () {
    const projected = [
      row('t1', 'LotCreated', { lotId: 'L1', status: 'created', note: 'x', lastChange: stamp('t1') }),
      row('t2', 'ProcessStepRecorded', { lotId: 'L1', seq: 1, step: 'fractionation', lastChange: stamp('t2') }),
    ];
    expect(trailDifferences('lot', ledger, projected)).to.deep.equal([]);
  });

  it('names a change the trail lacks, a field edited, a submitter changed and a record the ledger never wrote', function () {
    const projected = [
      { ...row('t1', 'LotCreated', { lotId: 'L1', status: 'released', note: 'x', lastChange: stamp('t1') }), who: 'qa2' },
      row('t9', 'LotPutOnHold', { lotId: 'L1', status: 'on-hold', lastChange: stamp('t9') }),
    ];
    expect(trailDifferences('lot', ledger, projected)).to.deep.equal([
      { field: 'trail.t1.submitter', ledger: '"FactoryMSP/qa1"', offChain: '"FactoryMSP/qa2"', source: 'transactions' },
      { field: 'trail.t1.status', ledger: '"created"', offChain: '"released"', source: 'ledger_events' },
      { field: 'trail.t2', ledger: '{"what":"Lot:X","when":"2026-12-05T10:00:00.000Z"}', offChain: null, source: 'ledger_events' },
      { field: 'trail.t9', ledger: null, offChain: '"LotPutOnHold"', source: 'ledger_events' },
    ]);
  });

  it("takes an event over many objects as an entry of each, its first bag's included, without a record to compare", function () {
    const donation = [change('d1', { din: 'A', status: 'collected' }), change('d2', { status: 'stored' })];
    const projected = [
      row('d1', 'DonationRecorded', { din: 'A', status: 'collected', lastChange: stamp('d1') }),
      row('d2', 'DonationStored', { dins: ['A', 'B'], location: 'F1', temperatureC: -30 }),
    ];
    expect(trailDifferences('donation', donation, projected)).to.deep.equal([]);
  });
});
