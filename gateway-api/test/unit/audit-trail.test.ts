// The audit trail reads each event's record field by field, and shows the summary of an event over many objects as
// it is, even for the object the event names first.
import { expect } from 'chai';
import { auditTrail, auditTrailCsv } from '../../src/explorer/audit-trail';
import type { AuditRow, LedgerRepository } from '../../src/explorer/ledger-repository';

const stamp = (transaction: string) => ({
  txId: 't',
  at: '2026-12-04T10:00:00.000Z',
  by: { mspId: 'StationAMSP', name: 'collector1', role: 'collector' },
  transaction,
});

function row(txId: string, name: string, isMain: boolean, data: Record<string, unknown>): AuditRow {
  return {
    object_type: 'donation',
    object_id: 'G100126000001',
    tx_id: txId,
    block_number: 7,
    name,
    payload: { type: name, data },
    emitted_at: new Date('2026-12-04T10:00:00Z'),
    is_main: isMain,
    creator_msp: 'StationAMSP',
    creator_name: 'collector1',
    function_name: null,
  };
}

describe('the audit trail', function () {
  it('diffs records field by field, and shows a many-object summary as its detail even where the bag is named first', async function () {
    const rows = [
      row('a', 'DonationRecorded', true, { din: 'G100126000001', status: 'collected', lastChange: stamp('Donation:RecordDonation') }),
      row('b', 'DonationStored', true, { dins: ['G100126000001', 'G100126000002'], location: 'freezer F1', temperatureC: -35 }),
      row('c', 'DonationScreened', true, { din: 'G100126000001', status: 'screened', lastChange: stamp('Donation:RecordScreening') }),
    ];
    const ledger = { auditTrail: () => Promise.resolve(rows) } as unknown as LedgerRepository;
    const [recorded, stored, screened] = await auditTrail(ledger, { objectType: 'donation', objectId: 'G100126000001' } as never);
    expect(recorded!.changes.map((c) => c.field)).to.deep.equal(['din', 'status']);
    expect(stored!.changes).to.deep.equal([]);
    expect(stored!.detail).to.include('freezer F1');
    // The next record is compared with the last record, not with the summary in between.
    expect(screened!.changes).to.deep.equal([{ field: 'status', old: 'collected', new: 'screened' }]);
    expect(screened!.detail).to.equal(null);
  });

  it("compares an object's first change inside a time window with its last state before the window, not with nothing", async function () {
    const before = row('a', 'DonationRecorded', true, {
      din: 'G100126000001',
      status: 'collected',
      volumeMl: 650,
      lastChange: stamp('Donation:RecordDonation'),
    });
    const inWindow = row('c', 'DonationScreened', true, {
      din: 'G100126000001',
      status: 'screened',
      volumeMl: 650,
      lastChange: stamp('Donation:RecordScreening'),
    });
    const asked: unknown[] = [];
    const ledger = {
      auditTrail: () => Promise.resolve([inWindow]),
      recordsBefore: (objects: unknown, at: unknown) => {
        asked.push(objects, at);
        return Promise.resolve([before]);
      },
    } as unknown as LedgerRepository;
    const from = new Date('2026-12-04T09:30:00Z');
    const [screened] = await auditTrail(ledger, { from, limit: 500 });
    expect(asked).to.deep.equal([[{ type: 'donation', id: 'G100126000001' }], from]);
    expect(screened!.changes).to.deep.equal([{ field: 'status', old: 'collected', new: 'screened' }]);
    expect(screened!.blockNumber).to.equal(7);
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
