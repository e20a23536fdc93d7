// The Caliper bench's pure parts: its report's summary row, its log's round marks and failure reasons, and the blocks
// of DINs its workers submit (never one DIN for two workers).
import { expect } from 'chai';
import { FIRST_DEMO_DIN_SEQUENCE } from '@plasma/demo';
import { dinClockSequence } from '@plasma/testkit';
import { firstDinSequence, workerDins } from '../../caliper/configuration';
import { CaliperLog, plainLine } from '../../caliper/log';
import { parseCaliperReport } from '../../caliper/report';

/** The parts of a Caliper 0.6 report.html the bench reads, written by hand in its shape: a summary of two rounds. */
const REPORT = `<!doctype html>
<html><body>
  <div id="benchmarkinfo"><table><tr><th>DLT</th><td>fabric</td></tr></table></div>
  <div style="border-bottom: 1px solid #d9d9d9; margin-bottom: 10px;" id="benchmarksummary">
    <table style="min-width: 100%;">
      <h3>Summary of performance metrics</h3>
      <tr>
         <th>Name</th> <th>Succ</th> <th>Fail</th> <th>Send Rate (TPS)</th> <th>Max Latency (s)</th> <th>Min Latency (s)</th> <th>Avg Latency (s)</th> <th>Throughput (TPS)</th>
      </tr>

      <tr>
         <td>warm</td> <td>10</td> <td>0</td> <td>5.0</td> <td>1.00</td> <td>0.50</td> <td>0.75</td> <td>4.9</td>
      </tr>
      <tr>
         <td>record-donation</td> <td>1960</td> <td>40</td> <td>61.2</td> <td>2.41</td> <td>0.08</td> <td>0.93</td> <td>58.7</td>
      </tr>
      <tr>
         <td>all-failed</td> <td>0</td> <td>12</td> <td>3.0</td> <td>-</td> <td>-</td> <td>-</td> <td>2.9</td>
      </tr>
    </table>
  </div>
  <div id="record-donation"><h2>Benchmark round: record-donation</h2>
    <table><tr><th>Name</th> <th>Succ</th></tr><tr><td>record-donation</td> <td>1</td></tr></table>
  </div>
</body></html>
`;

describe('bench: Caliper report', () => {
  it("reads a round's row of the summary table, latencies in ms", () => {
    const summary = parseCaliperReport(REPORT, 'record-donation');
    expect(summary).to.deep.equal({
      succeeded: 1960,
      failed: 40,
      sendRatePerSecond: 61.2,
      maxLatencyMs: 2410,
      minLatencyMs: 80,
      avgLatencyMs: 930,
      throughputPerSecond: 58.7,
    });
  });

  it("reads Caliper's '-' latencies of a round where nothing succeeded as NaN", () => {
    const summary = parseCaliperReport(REPORT, 'all-failed');
    expect(summary.succeeded).to.equal(0);
    expect(summary.failed).to.equal(12);
    expect(summary.avgLatencyMs).to.be.NaN;
    expect(summary.throughputPerSecond).to.equal(2.9);
  });

  it('refuses a report without the round, the summary table or one of its columns, naming what is missing', () => {
    expect(() => parseCaliperReport(REPORT, 'other-round', 'report.html')).to.throw('report.html has no row for round other-round');
    expect(() => parseCaliperReport('<html><table></table></html>', 'record-donation')).to.throw('has no summary table');
    const noThroughput = REPORT.replace('<th>Throughput (TPS)</th>', '');
    expect(() => parseCaliperReport(noThroughput, 'record-donation')).to.throw("no column 'Throughput (TPS)'");
  });
});

describe("bench: Caliper's log", () => {
  const coloured = (text: string): string => `2026.12.06-18:42:38.466\x1b[32m info \x1b[39m [caliper] [round-orchestrator] \t${text}`;

  it('strips the colours and marks the start and end of round 1 only', () => {
    const log = new CaliperLog();
    expect(plainLine(coloured('Started round 1 (record-donation)'))).to.not.include('\x1b');
    expect(log.read(plainLine(coloured('Preparing worker connections')))).to.equal(undefined);
    expect(log.read(plainLine(coloured('Started round 1 (record-donation)')))).to.equal('started');
    expect(log.read(plainLine(coloured('Finished round 1 (record-donation) in 9.623 seconds')))).to.equal('finished');
    expect(log.read(plainLine(coloured('Started round 2 (other)')))).to.equal(undefined);
  });

  it("keys each failure by its first peer's answer when the details follow, and without the DIN or instant", () => {
    const log = new CaliperLog();
    const failed = (din: string): string =>
      coloured(
        `Failed to perform submit transaction [RecordDonation] using arguments [${din}], with error: EndorseError: 10 ABORTED: failed to endorse`,
      );
    log.read(failed('W123426000017X'));
    log.read('Details:');
    log.read('-  peer0.stationa:7051: chaincode response 500, VALIDATION: din W123426000017X already recorded');
    log.read('-  peer1.stationa:7051: chaincode response 500, VALIDATION: din W123426000017X already recorded');
    log.read(failed('W123426000018V'));
    log.read('Details:');
    log.read('-  peer0.stationa:7051: chaincode response 500, VALIDATION: din W123426000018V already recorded');
    log.read(coloured('Failed to perform submit transaction [RecordDonation] with error: timeout at 2026-12-06T18:42:40.123Z'));
    log.end();
    expect(log.reasons).to.have.length(3);
    expect(log.reasons[0]).to.equal(log.reasons[1]);
    expect(log.reasons[0]).to.include('VALIDATION: din <din> already recorded').and.not.include('W1234');
    expect(log.reasons[2]).to.equal('timeout at <time>');
  });
});

describe('bench: DIN blocks of the Caliper workers', () => {
  const sequenceOf = (din: string): number => Number(din.slice(7, 13));

  it('gives two workers of the same facility blocks that never share a DIN, end to end', () => {
    const [first, second] = workerDins({ workers: 2, transactionsPerWorker: 500, inFlight: 64 }, 123_456, () => 'W1234');
    expect(first).to.have.length(500);
    expect(second).to.have.length(500);
    expect(new Set([...first!, ...second!]).size).to.equal(1000);
    expect(sequenceOf(first![0]!)).to.equal(123_456);
    expect(sequenceOf(second![0]!)).to.equal(123_956);
    for (const din of [...first!, ...second!]) expect(din).to.match(/^W1234\d{2}\d{6}[0-9A-Z*]$/);
  });

  it("never shares a DIN when the blocks wrap below the demo's sequences", () => {
    const start = FIRST_DEMO_DIN_SEQUENCE - 300;
    const blocks = workerDins({ workers: 4, transactionsPerWorker: 200, inFlight: 8 }, start, (w) => (w % 2 === 0 ? 'W1234' : 'W5678'));
    const all = blocks.flat();
    expect(new Set(all).size).to.equal(800);
    expect(all.every((din) => sequenceOf(din) < FIRST_DEMO_DIN_SEQUENCE)).to.equal(true);
    // Workers 0 and 2 share a facility: their sequences too are apart.
    const sequences = (w: number): number[] => blocks[w]!.map(sequenceOf);
    expect(sequences(0).filter((s) => sequences(2).includes(s))).to.deep.equal([]);
  });

  it('refuses a round needing more DINs than there are sequences below the demo’s', () => {
    expect(() => workerDins({ workers: 2, transactionsPerWorker: FIRST_DEMO_DIN_SEQUENCE, inFlight: 1 }, 0, () => 'W1234')).to.throw(
      'needs more DINs',
    );
  });

  it("starts half the DIN clock's wrap ahead of the clock", () => {
    const at = Date.parse('2026-12-06T18:00:00Z');
    const ahead = (firstDinSequence(at) - dinClockSequence(at) + FIRST_DEMO_DIN_SEQUENCE) % FIRST_DEMO_DIN_SEQUENCE;
    expect(ahead).to.equal(FIRST_DEMO_DIN_SEQUENCE / 2);
  });
});
