// Prints one plain closing line ("N passed, N failed, N skipped") that CI can read.
class SummaryReporter {
  onRunComplete(_contexts, r) {
    process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed, ${r.numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
