/**
 * Ends a jest run with one plain line, `Tests: N passed, N failed, N skipped`, that any CI can read without
 * knowing jest's own summary format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`;
    // Jest reports on stderr; the line goes there too (so it follows jest's summary) and to stdout.
    process.stderr.write(line);
    process.stdout.write(line);
  }
}

module.exports = SummaryReporter;
