// The audit trail reads each object's record, as its transaction wrote it, field by field against the record it
// replaced: every object of a transaction over many its own; the event's summary, or another record it carries (a
// process step under its lot), shown as its detail.
import { expect } from 'chai';
import { auditTrail, auditTrailCsv } from '../../src/explorer/audit-trail';
import type { AuditRow, LedgerRepository } from '../../src/explorer/ledger-repository';

const stamp = (transaction: string) => ({
  txId: 't',
  at: '2026-12-04T10:00:00.000Z',
  by: { mspId: 'StationAMSP', name: 'collector1', role: 'collector' },
  transaction,
});

interface RowOf {
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly record: Record<string, unknown> | null;
  readonly previous?: Record<string, unknown>;
  readonly objectType?: string;
  readonly isMain?: boolean;
}

function row(txId: string, { event, data, record, previous, objectType = 'donation', isMain = true }: RowOf): AuditRow {
  return {
    object_type: objectType,
    object_id: 'G100126000001',
    tx_id: txId,
    block_number: 7,
    name: event,
    payload: { type: event, data },
    emitted_at: new Date('2026-12-04T10:00:00Z'),
    is_main: isMain,
    creator_msp: 'StationAMSP',
    creator_name: 'collector1',
    function_name: null,
    creator_printed_name: 'Chen Jing',
    record,
    previous_record: previous ?? null,
  };
}

const collected = { din: 'G100126000001', status: 'collected', lastChange: stamp('Donation:RecordDonation') };
const stored = { ...collected, status: 'stored', storage: { location: 'freezer F1' }, lastChange: stamp('Donation:RecordStorage') };

describe('the audit trail', function () {
  it("gives each object of a many-object transaction its own old → new, with the event's summary as its detail", async function () {
    const summary = { dins: ['G100126000002', 'G100126000001'], location: 'freezer F1', temperatureC: -35 };
    const rows = [
      row('a', { event: 'DonationRecorded', data: collected, record: collected }),
      // The second bag of forty stored at once: not the event's main object, and still its own change.
      row('b', { event: 'DonationStored', data: summary, record: stored, previous: collected, isMain: false }),
      // A row indexed before the indexer kept each object's record: only the summary.
      row('c', { event: 'DonationStored', data: summary, record: null }),
    ];
    const ledger = { auditTrail: () => Promise.resolve(rows) } as unknown as LedgerRepository;
    const [recorded, storedEntry, older] = await auditTrail(ledger, { objectType: 'donation', objectId: 'G100126000001' } as never);
    expect(recorded!.changes.map((c) => c.field)).to.deep.equal(['din', 'status']);
    expect(recorded!.detail).to.equal(null);
    expect(storedEntry!.changes).to.deep.equal([
      { field: 'status', old: 'collected', new: 'stored' },
      { field: 'storage', old: null, new: '{"location":"freezer F1"}' },
    ]);
    expect(storedEntry!.transaction).to.equal('Donation:RecordStorage');
    expect(storedEntry!.detail).to.include('freezer F1');
    expect(older!.changes).to.deep.equal([]);
    expect(older!.detail).to.include('G100126000002');
    expect(storedEntry!.blockNumber).to.equal(7);
  });

  it("shows the lot's own change of a step recorded under it, and the step as its detail", async function () {
    const lot = { lotId: 'L1', stepCount: 0, lastChange: stamp('Lot:CreateLot') };
    const step = { lotId: 'L1', seq: 1, step: 'fractionation', lastChange: stamp('Lot:RecordProcessStep') };
    const rows = [
      row('s', { event: 'ProcessStepRecorded', data: step, record: { ...lot, stepCount: 1 }, previous: lot, objectType: 'lot' }),
    ];
    const ledger = { auditTrail: () => Promise.resolve(rows) } as unknown as LedgerRepository;
    const [entry] = await auditTrail(ledger, { objectType: 'lot', objectId: 'L1' } as never);
    expect(entry!.changes).to.deep.equal([{ field: 'stepCount', old: '0', new: '1' }]);
    expect(entry!.detail).to.include('fractionation');
  });

  it('writes a CSV cell a spreadsheet would run as a formula as text, and keeps plain numbers numbers', function () {
    const entry = {
      at: new Date('2026-12-04T10:00:00Z'),
      transactionId: 't',
      blockNumber: 7,
      objectType: 'donation',
      objectId: 'G100126000001',
      organisation: 'StationAMSP',
      who: '=HYPERLINK("http://evil.example","open")',
      printedName: 'Chen Jing',
      role: '@SUM(A1)',
      what: 'DonationStored',
      transaction: '+cmd|calc',
      reason: '\t=1+1',
      changes: [{ field: 'temperatureC', old: '-25', new: '-1+2' }],
      detail: null,
    };
    const [, line] = auditTrailCsv([entry]).split('\r\n');
    expect(line!.split(',').slice(6)).to.deep.equal([
      `"'=HYPERLINK(""http://evil.example""`,
      `""open"")"`,
      'Chen Jing',
      "'@SUM(A1)",
      'DonationStored',
      "'+cmd|calc",
      "'\t=1+1",
      'temperatureC',
      '-25',
      "'-1+2",
      '',
    ]);
  });
});
