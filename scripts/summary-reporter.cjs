// Mocha's spec reporter, closed by one plain line with the counts that CI reads:
// "tests: N passed, N failed, N skipped". Under npm test, which runs two suites, each run is labelled
// (TEST_SUMMARY_LABEL) and appends its counts to TEST_SUMMARY_FILE, from which scripts/test.ts prints the total. The
// failed tests are named again after the counts, the first ones first, each with the minutes since the suite began: a
// log read from its end (CI's) still says which failed first and why, and when.
const { appendFileSync } = require('node:fs');
const { reporters, Runner } = require('mocha');

class SummaryReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    let passed = 0,
      skipped = 0;
    const failures = [];
    runner.on(Runner.constants.EVENT_TEST_PASS, () => {
      passed += 1;
    });
    runner.on(Runner.constants.EVENT_TEST_FAIL, (test, error) => {
      // Its first lines, on one line: enough to tell which assertion failed (node:assert puts the values on the next ones).
      const lines = String(error?.message ?? error).split('\n');
      const message = lines
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 4)
        .join(' ')
        .slice(0, 400);
      const minutes = ((Date.now() - started) / 60_000).toFixed(1);
      failures.push(`[${minutes} min] ${test.fullTitle()}: ${message}`);
    });
    runner.on(Runner.constants.EVENT_TEST_PENDING, () => {
      skipped += 1;
    });
    runner.once(Runner.constants.EVENT_RUN_END, () => {
      const label = process.env.TEST_SUMMARY_LABEL ?? 'tests';
      const failed = failures.length;
      if (process.env.TEST_SUMMARY_FILE) {
        appendFileSync(process.env.TEST_SUMMARY_FILE, `${JSON.stringify({ label, passed, failed, skipped, failures })}\n`);
      }
      // After the spec reporter's own epilogue.
      setImmediate(() => {
        const shown = 12;
        for (const failure of failures.slice(0, shown)) console.log(`failed: ${failure}`);
        if (failed > shown) console.log(`  … and ${failed - shown} more failures, named in the spec output above`);
        console.log(`\n${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
      });
    });
  }
}

module.exports = SummaryReporter;
