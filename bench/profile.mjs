// Where routelint's time goes on the benchmark corpus: one run under `node --cpu-prof`, then the
// functions with the most self time, and the same summed by source module (dist/routelint.js is an
// esbuild bundle without a source map; its `// server/src/...` and `// node_modules/...` comments
// mark where each module starts, which is enough to name the module of every bundled line).
//
//   node bench/profile.mjs [--corpus DIR] [--top N] [--js FILE] [--profile FILE.cpuprofile ...]
//
// --js runs another copy of the bundle (bench/run.mjs keeps the one it measured in
// $TMPDIR/routelint-bench-out/dist-snapshot/routelint.js; a copy outside the repository finds rules/
// through the working directory, the repository). With --profile it only summarises existing
// profiles (no run). The CLI lints on worker threads when there are two cores or more; each thread
// writes its own profile and all of them are summed. "(idle)" is a thread waiting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCorpusDir } from './corpus.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(BENCH);
const o = { corpus: defaultCorpusDir(), top: 25, profile: [], js: join(REPO, 'dist/routelint.js') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--corpus') o.corpus = resolve(argv[++i]);
  else if (argv[i] === '--top') o.top = Number(argv[++i]);
  else if (argv[i] === '--profile') o.profile.push(resolve(argv[++i]));
  else if (argv[i] === '--js') o.js = resolve(argv[++i]);
  else {
    console.error(`profile.mjs: unknown argument ${argv[i]}`);
    process.exit(2);
  }
}

const DIST = o.js;
let file = o.profile;
if (!file.length) {
  const dir = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'routelint-prof-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, DIST, o.corpus, '--format', 'json'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) {
    console.error(`profile.mjs: routelint exited ${r.status}`);
    process.exit(2);
  }
  const profs = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (profs.length !== 1) console.log(`note: ${profs.length} profiles (worker threads write their own); summarising all`);
  file = profs.map((f) => join(dir, f));
  console.log(`node --cpu-prof ${DIST.startsWith(REPO + '/') ? DIST.slice(REPO.length + 1) : DIST} ${o.corpus} --format json: ${s.toFixed(1)} s wall (profiles in ${dir})`);
}
const files = Array.isArray(file) ? file : [file];

// Bundle line -> module, from esbuild's module comments.
const moduleStarts = [];
try {
  readFileSync(DIST, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ ((?:server|node_modules|rules|scripts)\/\S+)$/.exec(line);
      if (m) moduleStarts.push([i, m[1]]);
    });
} catch {}
function moduleOf(url, line) {
  if (!url) return '(native / V8)';
  if (url.replace(/^file:\/\//, '') !== DIST) return url.replace(/^file:\/\//, '').replace(REPO + '/', '');
  let lo = 0;
  let hi = moduleStarts.length - 1;
  let found = '(bundle prelude)';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (moduleStarts[mid][0] <= line) {
      found = moduleStarts[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1');
}

const byFn = new Map();
const byModule = new Map();
let total = 0; // busy time: every sample but "(idle)"
const threads = [];
for (const f of files) {
  const prof = JSON.parse(readFileSync(f, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  const t = { file: basename(f), busy: 0, idle: 0, gc: 0 };
  for (const [id, us] of self) {
    const cf = nodes.get(id).callFrame;
    if (cf.functionName === '(idle)') {
      t.idle += us;
      continue;
    }
    if (cf.functionName === '(garbage collector)') t.gc += us;
    t.busy += us;
    const mod = moduleOf(cf.url, cf.lineNumber);
    const name = cf.functionName || '(anonymous)';
    const key = `${name}  ${mod}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
    total += us;
  }
  threads.push(t);
}
const sec = (us) => (us / 1e6).toFixed(2);
const show = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${sec(us).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(`\nthreads (one profile each; busy = every sample but "(idle)"):`);
for (const t of threads) console.log(`  ${t.file}: busy ${sec(t.busy)} s (of which GC ${sec(t.gc)} s), idle ${sec(t.idle)} s`);
console.log(`\nbusy ${sec(total)} s in all; percentages are of that\n\ntop ${o.top} functions by self time (line is in ${DIST}):\n${show(byFn, o.top)}`);
console.log(`\nself time by module:\n${show(byModule, 15)}`);
