// Runs server/src/gen/main.ts (bundled on the fly: Node 20 cannot run TypeScript itself).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'routelint-gen-'));
const out = join(dir, 'gen.cjs');
await build({ entryPoints: ['server/src/gen/main.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
try {
  await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
