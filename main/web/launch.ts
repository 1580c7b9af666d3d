#!/usr/bin/env node
// `npm run web`: serves the Reforest page and its host API on 127.0.0.1, simulation on worker threads
// in this process, until Ctrl-C.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { assetPath } from '../../sim/assets.js';
import { startWebHost } from './webHost.js';

const USAGE = `Usage: npm run web -- [--port N]

Serves the Reforest page on http://127.0.0.1 (loopback only) and prints its address,
which carries a token made for this launch: requests without it are refused.
  --port N     listen on port N (default: any free port)
  -h, --help   show this help
`;

async function main(): Promise<number> {
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port ${values.port}: must be a whole number from 0 to 65535\n`);
    return 2;
  }
  const version = (JSON.parse(readFileSync(assetPath('..', 'package.json'), 'utf8')) as { version: string }).version;
  let host;
  try {
    host = await startWebHost({ port, version });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE' ? `Port ${port} is already in use; choose another with --port.\n` : `${(err as Error).message}\n`);
    return code === 'EADDRINUSE' ? 2 : 1;
  }
  process.stdout.write(`Reforest is serving on loopback only. Open this address in a browser:\n\n  ${host.url}\n\nCtrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  return 0;
}

process.exitCode = await main();
