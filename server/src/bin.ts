#!/usr/bin/env node
// The routelint command: real file system, real clock, real streams; everything else is main().
import { readFileSync } from 'node:fs';
import { main } from './cli/main.js';
import { REPOSITORY_URL, today, VERSION } from './node/clock.js';
import { nodeFs } from './node/fs.js';
import { createPool, isPoolWorker, serveWorker } from './node/pool.js';
import { loadBuiltinPacks } from './node/rules.js';
import { runServer } from './lsp/main.js';

let packs: ReturnType<typeof loadBuiltinPacks> | null = null;

function runCli(): void {
  const pool = createPool(__filename);
  main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    fs: nodeFs,
    stdin: () => readFileSync(0),
    stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY },
    stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY },
    env: process.env,
    today: today(),
    version: VERSION,
    repositoryUrl: REPOSITORY_URL,
    builtinPacks: () => (packs ??= loadBuiltinPacks()),
    lintMany: pool.run,
    prestartLint: pool.prestart,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`routelint: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

if (isPoolWorker()) serveWorker();
else if (process.argv[2] === 'lsp') runServer();
else runCli();
