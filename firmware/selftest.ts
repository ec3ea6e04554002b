import { runSelfTest } from './selftest/program';

// Image entry for the `selftest` board: prints the self-test's lines on the console.
runSelfTest(function (line: string) {
  print(line);
});
if (typeof __aliotMark === 'function') __aliotMark('selftest-done');
