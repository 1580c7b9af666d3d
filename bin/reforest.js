#!/usr/bin/env node
// The reforest command line. The core is compiled to dist/ when the package is installed (npm's prepare step).
import { main } from '../dist/sim/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
