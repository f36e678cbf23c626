// Bundles the CLI (and, later, the language server and client) with esbuild.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { routelint: 'server/src/bin.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  define: {
    ROUTELINT_VERSION: JSON.stringify(pkg.version),
    ROUTELINT_REPOSITORY: JSON.stringify(pkg.repository.url.replace(/\.git$/, '')),
  },
  logLevel: 'warning',
});
chmodSync('dist/routelint.js', 0o755);
