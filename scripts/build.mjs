// Bundles the CLI, the language server and the VS Code client with esbuild.
import { build } from 'esbuild';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { routelint: 'server/src/bin.ts', server: 'server/src/lsp/entry.ts' },
    define: {
      ROUTELINT_VERSION: JSON.stringify(pkg.version),
      ROUTELINT_REPOSITORY: JSON.stringify(pkg.repository.url.replace(/\.git$/, '')),
    },
  }),
  // The extension host provides `vscode`; everything else (vscode-languageclient) is bundled, minified
  // because the client is loaded on activation.
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'], minify: true }),
]);
chmodSync('dist/routelint.js', 0o755);

// dist/packs.json: the shipped rule packs parsed and validated once here, not at every start.
const tmp = mkdtempSync(join(tmpdir(), 'routelint-packs-'));
try {
  const out = join(tmp, 'packs.cjs');
  await build({ entryPoints: ['server/src/gen/packs-cache.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
  await import(pathToFileURL(out).href);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
