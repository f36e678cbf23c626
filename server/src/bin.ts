#!/usr/bin/env node
// The routelint command: real file system, real clock, real streams; everything else is main().
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { main } from './cli/main.js';
import { builtinRules } from './node/rules.js';

declare const ROUTELINT_VERSION: string;

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

process.exitCode = main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  fs: {
    readFile: (p) => readFileSync(p),
    stat: (p) => {
      try {
        return statSync(p);
      } catch {
        return null;
      }
    },
    readdir: (p) => readdirSync(p),
  },
  stdout: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY },
  stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY },
  env: process.env,
  today: today(),
  version: typeof ROUTELINT_VERSION === 'string' ? ROUTELINT_VERSION : 'dev',
  loadRules: () => builtinRules(),
});
