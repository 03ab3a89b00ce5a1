#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StaticDir } from './index.js';

/**
 * The emulator's server packages are optional dependencies of the SDK, so that an install with
 * `--omit=optional` (a production CRM backend that only mints tokens) goes without them. The
 * emulator module is therefore loaded here, where a missing package becomes a clear message.
 */
const SERVER_PACKAGES = ['hono', '@hono/node-server', 'socket.io', 'jose'];

async function loadEmulator(): Promise<typeof import('./index.js')> {
  try {
    return await import('./index.js');
  } catch (error) {
    const missing = SERVER_PACKAGES.find((name) => (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(`'${name}'`));
    if (!missing) throw error;
    fail(
      `cannot start: the package ${missing} is missing. The emulator needs ${SERVER_PACKAGES.join(', ')}, optional dependencies of @ringnity/agent-sdk that this install left out (--omit=optional?). Install them with \`npm install --save-dev ${SERVER_PACKAGES.join(' ')}\`, or reinstall without --omit=optional.`,
    );
  }
}

const USAGE = `usage: ringnity-emulator [--port 8192] [--host 127.0.0.1] [--seed FILE] [--allowed-origin ORIGIN]... [--static DIR]... [--ring-timeout SECONDS] [--presence-grace SECONDS] [--demo]`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '8192' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string' },
        'allowed-origin': { type: 'string', multiple: true, default: [] },
        static: { type: 'string', multiple: true, default: [] },
        'ring-timeout': { type: 'string', default: '30' },
        'presence-grace': { type: 'string', default: '30' },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535\n${USAGE}`);

  const ringTimeout = Number(args['ring-timeout']);
  if (!(ringTimeout > 0 && ringTimeout <= 600)) fail(`--ring-timeout must be a number of seconds from 1 to 600\n${USAGE}`);

  const presenceGrace = Number(args['presence-grace']);
  if (!(presenceGrace > 0 && presenceGrace <= 3600)) fail(`--presence-grace must be a number of seconds from 1 to 3600\n${USAGE}`);

  const { demoStaticDirs, readSeedFile, SeedError, startEmulator } = await loadEmulator();
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const staticDirs: StaticDir[] = args.static.map((dir) => ({ prefix: '/', dir: path.resolve(dir) }));
  // Demo mode serves the browser bundles and the demo pages by name: never the compiled emulator
  // (which holds the demo Server API key) nor anything else under the package.
  if (args.demo) staticDirs.push(...demoStaticDirs(packageRoot));

  let seed;
  try {
    seed = args.seed ? await readSeedFile(args.seed) : undefined;
  } catch (error) {
    if (error instanceof SeedError) fail(`--seed: ${error.message}`);
    throw error;
  }
  const emulator = await startEmulator({
    port,
    host: args.host,
    ...(seed ? { seed } : {}),
    allowedOrigins: args['allowed-origin'],
    staticDirs,
    demoTokenRoute: args.demo,
    ringTimeoutMs: ringTimeout * 1000,
    presenceGraceMs: presenceGrace * 1000,
  });
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  // Before the line that says we are ready: whoever reads it may signal us at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`listening on ${emulator.url}`);
}

function fail(message: string): never {
  console.error(`ringnity-emulator: ${message}`);
  process.exit(1);
}

main().catch((error) => {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`the port is already in use (${(error as Error).message})`);
  fail((error as Error).stack ?? String(error));
});
