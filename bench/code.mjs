// Speed and memory of the CLI on code and markup (HTML, JS/TS/JSX/TSX, MDX): copies such files from
// node_modules (a fixed set for a given lockfile) into a folder outside git, lints it with the built
// CLI under GNU time, and prints files, MB, wall time, CPU time, peak RSS, findings and skipped files.
//   npm run build && node bench/code.mjs [--mb 20] [--runs 3]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const budget = opt('mb', 20) * 1e6;
const runs = opt('runs', 3);
const EXT = /\.(?:html?|[cm]?js|jsx|[cm]?ts|tsx|mdx)$/;
const out = join(tmpdir(), 'routelint-code-corpus');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let bytes = 0;
let files = 0;
const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    if (bytes >= budget) return;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && EXT.test(e.name) && !e.name.endsWith('.d.ts')) {
      const size = statSync(p).size;
      if (size === 0 || size > 1_000_000) continue;
      copyFileSync(p, join(out, `${String(files).padStart(5, '0')}-${e.name}`));
      bytes += size;
      files++;
    }
  }
};
walk('node_modules');

const results = [];
for (let r = 0; r < runs; r++) {
  const t = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, 'dist/routelint.js', out, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, user, sys, rss] = t.stderr.trim().split('\n').pop().split(' ').map(Number);
  const report = JSON.parse(t.stdout);
  results.push({ wall, cpu: user + sys, rss, findings: report.files.reduce((n, f) => n + f.findings.length, 0), skipped: report.skipped.length, linted: report.files.length });
}
const median = (k) => results.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(`corpus: ${files} files, ${(bytes / 1e6).toFixed(2)} MB in ${out}`);
console.log(`routelint: median wall ${median('wall')} s, CPU ${median('cpu').toFixed(2)} s, peak RSS ${(Math.max(...results.map((x) => x.rss)) / 1024).toFixed(0)} MB, ${(bytes / 1e6 / median('wall')).toFixed(2)} MB/s; linted ${results[0].linted}, skipped ${results[0].skipped}, findings ${results[0].findings}`);
