#!/usr/bin/env node
// Prints the closing line CI reads, `N passed, N failed[, N skipped]`, from jest's JSON results
// rather than from its human summary, plus, for each further file given, the counts of the
// closing line in that log (the browser test's, the quick benchmark's; a log without one counts
// as one failure). Exits 1 when a test or a whole suite failed (a suite that fails to load has
// no failing test of its own, so it is counted as one failure), or when no test ran at all.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log('0 passed, 1 failed');
  console.error(`summarize-jest: cannot read ${file}: ${error.message}`);
  process.exit(1);
}

const brokenSuites = results.testResults.filter(
  suite => suite.status === 'failed' && suite.assertionResults.length === 0,
);
for (const suite of brokenSuites) {
  console.error(
    `summarize-jest: suite failed to run: ${suite.name}\n${suite.message}`,
  );
}
let passed = results.numPassedTests;
let failed = results.numFailedTests + brokenSuites.length;

for (const log of process.argv.slice(3)) {
  let counts;
  try {
    const lines = readFileSync(log, 'utf8').split('\n');
    counts = lines
      .map(line => line.match(/^(\d+) passed, (\d+) failed$/))
      .filter(Boolean)
      .pop();
  } catch {
    counts = undefined;
  }
  if (counts) {
    passed += Number(counts[1]);
    failed += Number(counts[2]);
  } else {
    console.error(
      `summarize-jest: no closing line in ${log}: that check did not finish`,
    );
    failed += 1;
  }
}
const skipped = results.numPendingTests + results.numTodoTests;
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
