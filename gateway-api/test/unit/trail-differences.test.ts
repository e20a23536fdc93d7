// An object's projected audit trail against its key's history on the ledger, without a network: each version rebuilt
// from the ledger's changes is compared with the record the trail holds for that transaction, and its submitter.
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
const row = (txId: string, event: string, record: Record<string, unknown> | null): ProjectedTrailEntry => ({
  txId,
  event,
  record,
  carried: record,
  organisation: by.mspId,
  who: by.name,
});

describe('audit trail against the ledger', function () {
  const ledger = [change('t1', { lotId: 'L1', status: 'created', note: 'x' }), change('t2', { status: 'qa-released', note: null })];

  it('finds nothing where each record the trail holds is the version the ledger rebuilds, a dropped field included', function () {
    const projected = [
      row('t1', 'LotCreated', { lotId: 'L1', status: 'created', note: 'x', lastChange: stamp('t1') }),
      row('t2', 'LotQaReleased', { lotId: 'L1', status: 'qa-released', lastChange: stamp('t2') }),
    ];
    expect(trailDifferences(ledger, projected)).to.deep.equal([]);
  });

  it('takes a row without a record (indexed before records were kept) by its transaction and submitter alone', function () {
    const projected = [
      row('t1', 'LotCreated', { lotId: 'L1', status: 'created', note: 'x', lastChange: stamp('t1') }),
      row('t2', 'LotsSummary', null),
    ];
    expect(trailDifferences(ledger, projected)).to.deep.equal([]);
  });

  it('names a change the trail lacks, a field edited, a submitter changed and a record the ledger never wrote', function () {
    const projected = [
      { ...row('t1', 'LotCreated', { lotId: 'L1', status: 'released', note: 'x', lastChange: stamp('t1') }), who: 'qa2' },
      row('t9', 'LotPutOnHold', { lotId: 'L1', status: 'on-hold', lastChange: stamp('t9') }),
    ];
    expect(trailDifferences(ledger, projected)).to.deep.equal([
      { field: 'trail.t1.submitter', ledger: '"FactoryMSP/qa1"', offChain: '"FactoryMSP/qa2"', source: 'transactions' },
      { field: 'trail.t1.status', ledger: '"created"', offChain: '"released"', source: 'event_objects' },
      { field: 'trail.t1.status', ledger: '"created"', offChain: '"released"', source: 'ledger_events' },
      { field: 'trail.t2', ledger: '{"what":"Lot:X","when":"2026-12-05T10:00:00.000Z"}', offChain: null, source: 'ledger_events' },
      { field: 'trail.t9', ledger: null, offChain: '"LotPutOnHold"', source: 'ledger_events' },
    ]);
  });
});
