// The lint engine of this tree against the one of another commit, in one process, file by file: each
// corpus file is linted by both in turn (which goes first alternates), several rounds, and each
// engine's time for a file is its fastest round after the first (a warm-up). Sums of those minima are
// far steadier than whole-CLI wall times on a shared machine: other load slows both engines alike.
//
//   node bench/ab.mjs --baseline REF [--corpus DIR] [--reps N] [--top K]
//
//   --baseline REF   the other commit: a git worktree in $TMPDIR (the one run.mjs --baseline makes),
//                    using this repository's node_modules
//   --corpus DIR     the corpus bench/corpus.mjs built (default $TMPDIR/routelint-bench-corpus)
//   --reps N         rounds (default 5; the first is not counted)
//   --top K          also list the K files this tree is slowest on against the baseline (default 15)
//
// Single-threaded and without the CLI's start-up, file walk and worker threads: run.mjs measures those.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defaultCorpusDir } from './corpus.mjs';
import { baselineWorktree } from './worktree.mjs';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ref = arg('--baseline');
if (!ref) {
  console.error('usage: node bench/ab.mjs --baseline REF [--corpus DIR] [--reps N] [--top K]');
  process.exit(2);
}
const corpus = arg('--corpus', defaultCorpusDir());
const reps = Number(arg('--reps', '5'));
const top = Number(arg('--top', '15'));
const outDir = join(tmpdir(), 'routelint-bench-out');
mkdirSync(outDir, { recursive: true });

/** The engine of a source tree, bundled: compileRules, lintBytes and the tree's own shipped packs. */
async function engineOf(root, name) {
  const outfile = join(outDir, `ab-${name}.cjs`);
  await build({
    stdin: {
      contents: "export { compileRules } from './server/src/engine/compile.js'; export { lintBytes } from './server/src/engine/engine.js'; export { loadBuiltinPacks } from './server/src/node/rules.js';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  const lib = createRequire(import.meta.url)(outfile);
  return { name, lint: lib.lintBytes, rules: lib.compileRules(lib.loadBuiltinPacks(join(root, 'rules')), {}) };
}

const sha = execFileSync('git', ['rev-parse', ref], { cwd: REPO, encoding: 'utf8' }).trim();
const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'rules'], { cwd: REPO, encoding: 'utf8' }).trim() !== '';
const base = await engineOf(baselineWorktree(REPO, outDir, sha), `base-${sha.slice(0, 10)}`);
const mine = await engineOf(REPO, 'current');
const files = readdirSync(corpus)
  .filter((f) => /\.(md|markdown)$/.test(f))
  .sort();
if (files.length === 0) throw new Error(`no Markdown files in ${corpus}: run node bench/corpus.mjs first`);
const bytes = files.map((f) => readFileSync(join(corpus, f)));
const best = [new Float64Array(files.length).fill(Infinity), new Float64Array(files.length).fill(Infinity)];
const engines = [base, mine];
for (let rep = 0; rep < reps; rep++) {
  for (let i = 0; i < files.length; i++) {
    for (let k = 0; k < 2; k++) {
      const e = (rep + i + k) % 2;
      const t = performance.now();
      engines[e].lint(files[i], bytes[i], engines[e].rules, {});
      const d = performance.now() - t;
      if (rep > 0 && d < best[e][i]) best[e][i] = d;
    }
  }
}
const sum = (a) => a.reduce((n, x) => n + x, 0);
const [sb, sm] = best.map(sum);
console.log(`${files.length} files, ${reps} rounds (the first not counted), fastest round per file and engine`);
console.log(`${ref} (${sha.slice(0, 7)}): ${sb.toFixed(0)} ms`);
console.log(`this tree (${head}${dirty ? ' + changes' : ''}): ${sm.toFixed(0)} ms`);
console.log(`ratio: ${(sm / sb).toFixed(3)}`);
if (top > 0) {
  const rows = files.map((f, i) => [best[1][i] - best[0][i], best[1][i], best[0][i], f]).sort((a, b) => b[0] - a[0]);
  console.log(`\nslowest against ${ref} (ms: difference, this tree, baseline):`);
  for (const [d, m, b, f] of rows.slice(0, top)) console.log(`${d.toFixed(1).padStart(8)} ${m.toFixed(1).padStart(8)} ${b.toFixed(1).padStart(8)}  ${f}`);
}
