// Mocha's spec reporter, closed by one plain line with the counts that CI reads:
// "tests: N passed, N failed, N skipped".
const { reporters, Runner } = require('mocha');

class SummaryReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0, failed = 0, skipped = 0;
    runner.on(Runner.constants.EVENT_TEST_PASS, () => { passed += 1; });
    runner.on(Runner.constants.EVENT_TEST_FAIL, () => { failed += 1; });
    runner.on(Runner.constants.EVENT_TEST_PENDING, () => { skipped += 1; });
    runner.once(Runner.constants.EVENT_RUN_END, () => {
      // After the spec reporter's own epilogue.
      setImmediate(() => console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`));
    });
  }
}

module.exports = SummaryReporter;
