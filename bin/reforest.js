#!/usr/bin/env node
// The reforest command line. The core is compiled to dist/ when the package is installed (npm's prepare step).
import { main } from '../dist/sim/cli/main.js';

// A reader that stops early (`reforest run | head`) is not an error; a full disk is, said in one line.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`reforest: cannot write to standard output: ${err.message}\n`);
  process.exit(1);
});

process.exitCode = await main(process.argv.slice(2));
