// A status's colour is what a QA head scans a list by: whatever stops a product is red, whatever waits is amber.
import { expect } from 'chai';
import { DONATION_STATUSES, LOT_STATUSES } from '@plasma/chaincode';
import { toneOf } from '../../src/ui/status-tones';

describe('status tones', () => {
  it('colour every donation and lot status, red for what is out of use', () => {
    const stopped = [...DONATION_STATUSES, ...LOT_STATUSES].filter((status) => toneOf(status) === 'stop');
    expect(stopped.sort()).to.deep.equal(['destroyed', 'interdicted', 'recalled', 'rejected']);
    expect([...DONATION_STATUSES, ...LOT_STATUSES].filter((status) => toneOf(status) === 'neutral')).to.deep.equal([]);
  });

  it("keep amber for what waits or is held, and read the explorer's own verdicts by their words", () => {
    expect(['on-hold', 'quarantined', 'in-process', 'quality hold', 'still open'].map(toneOf)).to.deep.equal([
      'wait',
      'wait',
      'wait',
      'wait',
      'wait',
    ]);
    expect(['chain intact', 'healthy', 'chain broken', 'refused by the ledger: x'].map(toneOf)).to.deep.equal([
      'good',
      'good',
      'stop',
      'stop',
    ]);
  });
});
