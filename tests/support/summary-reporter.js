const { writeSync } = require('node:fs');

/**
 * Ends a jest run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI can read without
 * knowing jest's own summary format. Written as the process exits, so it comes after jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `Tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`;
    process.once('exit', () => writeSync(process.stdout.fd, line));
  }
}

module.exports = SummaryReporter;
