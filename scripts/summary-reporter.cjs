// Mocha's spec reporter, closed by one plain line with the counts that CI reads:
// "tests: N passed, N failed, N skipped". Under npm test, which runs two suites, each run is labelled
// (TEST_SUMMARY_LABEL) and appends its counts to TEST_SUMMARY_FILE, from which scripts/test.ts prints the total.
const { appendFileSync } = require('node:fs');
const { reporters, Runner } = require('mocha');

class SummaryReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0,
      failed = 0,
      skipped = 0;
    runner.on(Runner.constants.EVENT_TEST_PASS, () => {
      passed += 1;
    });
    runner.on(Runner.constants.EVENT_TEST_FAIL, () => {
      failed += 1;
    });
    runner.on(Runner.constants.EVENT_TEST_PENDING, () => {
      skipped += 1;
    });
    runner.once(Runner.constants.EVENT_RUN_END, () => {
      const label = process.env.TEST_SUMMARY_LABEL ?? 'tests';
      if (process.env.TEST_SUMMARY_FILE) appendFileSync(process.env.TEST_SUMMARY_FILE, `${JSON.stringify({ passed, failed, skipped })}\n`);
      // After the spec reporter's own epilogue.
      setImmediate(() => console.log(`\n${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`));
    });
  }
}

module.exports = SummaryReporter;
