// An object's projected audit trail against its key's history on the ledger, without a network: each version rebuilt
// from the ledger's changes is compared with the record the trail holds for that transaction, its stamp (who, role,
// transaction, reason), its time and its submitter.
import { expect } from 'chai';
import { trailDifferences, type LedgerTrailEntry, type ProjectedTrailEntry } from '../../src/verification/trail-differences';

const WHEN = '2026-12-05T10:00:00.000Z';
const by = { mspId: 'FactoryMSP', name: 'qa1', role: 'qa' };
const stamp = (txId: string, reason?: string) => ({ txId, at: WHEN, by, transaction: 'Lot:X', ...(reason ? { reason } : {}) });
const change = (txId: string, changes: Record<string, unknown>, reason: string | null = null): LedgerTrailEntry => ({
  txId,
  when: WHEN,
  who: by,
  what: 'Lot:X',
  reason,
  changes: Object.entries(changes).map(([field, value]) => ({ field, new: value })),
});
const row = (txId: string, event: string, record: Record<string, unknown> | null): ProjectedTrailEntry => ({
  txId,
  event,
  at: new Date(WHEN),
  record,
  carried: record,
  organisation: by.mspId,
  who: by.name,
});

describe('audit trail against the ledger', function () {
  const ledger = [change('t1', { lotId: 'L1', status: 'created', note: 'x' }), change('t2', { status: 'held', note: null }, 'a leak')];
  const created = { lotId: 'L1', status: 'created', note: 'x', lastChange: stamp('t1') };
  const held = { lotId: 'L1', status: 'held', lastChange: stamp('t2', 'a leak') };

  it('finds nothing where each entry is the version the ledger rebuilds, with its stamp, a dropped field included', function () {
    expect(trailDifferences(ledger, [row('t1', 'LotCreated', created), row('t2', 'LotPutOnHold', held)])).to.deep.equal([]);
  });

  it('names an entry whose record the projection no longer keeps, and one the ledger never wrote, record or not', function () {
    const projected = [
      row('t1', 'LotCreated', created),
      { ...row('t2', 'LotPutOnHold', null), carried: null },
      row('t9', 'LotsSummary', null),
    ];
    expect(trailDifferences(ledger, projected)).to.deep.equal([
      { field: 'trail.t2.record', ledger: '"Lot:X"', offChain: null, source: 'event_objects' },
      { field: 'trail.t9', ledger: null, offChain: '"LotsSummary"', source: 'event_objects' },
    ]);
  });

  it('names a change the trail lacks, and a field, a reason, a time or a submitter edited', function () {
    const projected = [
      { ...row('t1', 'LotCreated', { ...created, status: 'released' }), who: 'qa2', at: new Date('2026-12-01T00:00:00.000Z') },
      { ...row('t2', 'LotPutOnHold', { ...held, lastChange: stamp('t2', 'routine') }), carried: held },
    ];
    expect(trailDifferences([...ledger, change('t3', { status: 'released' })], projected)).to.deep.equal([
      { field: 'trail.t1.submitter', ledger: '"FactoryMSP/qa1"', offChain: '"FactoryMSP/qa2"', source: 'transactions' },
      { field: 'trail.t1.at', ledger: `"${WHEN}"`, offChain: '"2026-12-01T00:00:00.000Z"', source: 'ledger_events' },
      { field: 'trail.t1.status', ledger: '"created"', offChain: '"released"', source: 'event_objects' },
      { field: 'trail.t1.status', ledger: '"created"', offChain: '"released"', source: 'ledger_events' },
      { field: 'trail.t2.lastChange.reason', ledger: '"a leak"', offChain: '"routine"', source: 'event_objects' },
      { field: 'trail.t3', ledger: `{"what":"Lot:X","when":"${WHEN}"}`, offChain: null, source: 'ledger_events' },
    ]);
  });
});
