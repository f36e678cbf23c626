// routelint's CLI throughput benchmark: routelint and its peers, one process at a time, on the same corpus.
//
//   node bench/run.mjs [--corpus DIR] [--runs N] [--only a,b] [--timeout-min M] [--no-write] [--baseline REF]
//
//   --corpus DIR      the corpus bench/corpus.mjs built (default $TMPDIR/routelint-bench-corpus)
//   --runs N          timed runs per tool (default 3); the table shows the median wall time
//   --only LIST       a subset of: routelint,ripgrep,textlint-prh,alex (default all four)
//   --timeout-min M   per run (default 30); a run past it is killed and reported as a timeout
//   --no-write        print the table only, do not append a section to bench/RESULTS.md
//   --baseline REF    also run routelint as built from git REF (a worktree in $TMPDIR, built with
//                     the repository's node_modules), as the tool "routelint@REF", in the same rounds:
//                     before and after a change, same machine, same run
//
// Tools (exact commands are printed and written to RESULTS.md):
//   routelint     node dist/routelint.js DIR --format json
//   ripgrep       rg --no-config --no-ignore --hidden --stats --count-matches -i -f bench/phrases.rg DIR
//                 (the floor: read the bytes, run one regex, on all cores)
//   textlint-prh  textlint --config bench/.textlintrc.json --format json DIR  (rule prh, bench/prh.yml only)
//   alex          alex --reporter=bench/alex-reporter.mjs DIR   (its default Markdown set-up)
//
// Honesty checks, on every run: each tool must report exactly the corpus's files (by name, against
// DIR.manifest.json) and so its bytes (ripgrep and alex report the bytes they read; routelint and
// textlint report the files, whose bytes come from the manifest). Before timing, each tool lints a
// small canary file and must find something in it, so a peer whose phrase list did not load cannot
// win by doing nothing. The page cache is warmed (every corpus file read once) before the first run.
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`; Debian package `time`).
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCorpusDir, manifestPath } from './corpus.mjs';
import { rgAlternation, RG_FILE } from './phrases.mjs';
import { baselineWorktree } from './worktree.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(BENCH);
const MB = 1_000_000;
const TOOLS = ['routelint', 'ripgrep', 'textlint-prh', 'alex'];
const GNU_TIME = '/usr/bin/time';

// ---------------------------------------------------------------------------------------------
// arguments

function parseArgs(argv) {
  const o = { corpus: defaultCorpusDir(), runs: 3, only: TOOLS, timeoutMin: 30, write: true, baseline: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--corpus') o.corpus = resolve(next());
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--only') o.only = next().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--timeout-min') o.timeoutMin = Number(next());
    else if (a === '--no-write') o.write = false;
    else if (a === '--baseline') o.baseline = next();
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(Number.isInteger(o.runs) && o.runs >= 1)) throw new Error('--runs must be a whole number >= 1');
  if (!(o.timeoutMin > 0)) throw new Error('--timeout-min must be > 0');
  for (const t of o.only) if (!TOOLS.includes(t)) throw new Error(`unknown tool ${t} (one of ${TOOLS.join(', ')})`);
  if (o.baseline !== null && !o.only.includes('routelint')) throw new Error('--baseline needs routelint among the tools');
  return o;
}

// ---------------------------------------------------------------------------------------------
// the tools

const RG_ARGS = ['--no-config', '--no-ignore', '--hidden', '--stats', '--count-matches', '-i', '-f', RG_FILE];

/** Each tool: how to run it on a folder, and how to read what it says it did. */
// The lead rebuilds dist/ while benchmarks run, so routelint runs from a copy of dist/routelint.js
// taken once at the start (its sha256 goes into RESULTS.md). The copy finds the rules/ folder
// through its working directory, the repository.
let routelintJs = join(REPO, 'dist/routelint.js');
const tool = {
  routelint: {
    cwd: REPO,
    cmd: (dir) => [process.execPath, routelintJs, dir, '--format', 'json'],
    okExit: [0, 1],
    parse(out) {
      const r = JSON.parse(out.stdout);
      const linted = r.files.map((f) => f.path);
      const skipped = r.skipped.map((f) => f.path);
      const hits = r.files.reduce((n, f) => n + f.findings.length, 0);
      return { linted, skipped, hits, cwd: REPO };
    },
  },
  ripgrep: {
    cwd: REPO,
    cmd: (dir) => ['rg', ...RG_ARGS, dir],
    okExit: [0, 1],
    parse(out) {
      const stat = (what) => {
        const m = new RegExp(`^(\\d+) ${what}$`, 'm').exec(out.stdout);
        if (!m) throw new Error(`ripgrep --stats printed no "${what}" line`);
        return Number(m[1]);
      };
      // --count-matches prints PATH:N for each file with a match (not for the others), so the file
      // count is --stats's "files searched" and the bytes its "bytes searched".
      return { count: stat('files searched'), bytes: stat('bytes searched'), hits: stat('matches') };
    },
  },
  'textlint-prh': {
    cwd: BENCH,
    cmd: (dir) => [process.execPath, join(BENCH, 'node_modules/textlint/bin/textlint.js'), '--config', join(BENCH, '.textlintrc.json'), '--format', 'json', dir],
    okExit: [0, 1],
    parse(out) {
      const r = JSON.parse(out.stdout);
      return { linted: r.map((f) => f.filePath), skipped: [], hits: r.reduce((n, f) => n + f.messages.length, 0), cwd: BENCH };
    },
  },
  alex: {
    cwd: BENCH,
    env: { NO_UPDATE_NOTIFIER: '1' },
    cmd: (dir) => [process.execPath, join(BENCH, 'node_modules/alex/cli.js'), `--reporter=${join(BENCH, 'alex-reporter.mjs')}`, dir],
    okExit: [0, 1],
    parse(out) {
      const line = out.stderr.split('\n').reverse().find((l) => l.startsWith('{"reporter":"routelint-bench"'));
      if (!line) throw new Error('alex printed no report from bench/alex-reporter.mjs');
      const r = JSON.parse(line);
      const fatal = r.files.filter((f) => f.fatal).map((f) => f.path);
      if (fatal.length) throw new Error(`alex failed on ${fatal.length} files, e.g. ${fatal[0]}`);
      return { linted: r.files.map((f) => f.path), skipped: [], hits: r.messages, bytes: r.files.reduce((n, f) => n + f.bytes, 0), cwd: BENCH };
    },
  },
};

const displayCmd = (name, dir) =>
  tool[name]
    .cmd(dir)
    .map((a) => (a === process.execPath ? 'node' : a === routelintJs ? 'dist/routelint.js' : a.startsWith(REPO + '/') ? relative(REPO, a) : a.startsWith('--reporter=' + REPO) ? '--reporter=' + relative(REPO, a.slice(11)) : a))
    .join(' ');

// ---------------------------------------------------------------------------------------------
// running one command: wall time (hrtime), peak RSS (GNU time), a timeout that kills the group

let haveGnuTime = null;
function gnuTimeWorks() {
  if (haveGnuTime === null) {
    try {
      execFileSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' });
      haveGnuTime = true;
    } catch {
      haveGnuTime = false;
    }
  }
  return haveGnuTime;
}

async function runOnce(name, dir, outDir, timeoutMs) {
  const t = tool[name];
  const argv = t.cmd(dir);
  const stdoutPath = join(outDir, `${name}.stdout`);
  const stderrPath = join(outDir, `${name}.stderr`);
  const rssPath = join(outDir, `${name}.rss`);
  rmSync(rssPath, { force: true });
  const full = gnuTimeWorks() ? [GNU_TIME, '-f', '%M %U %S', '-o', rssPath, ...argv] : argv;
  const so = openSync(stdoutPath, 'w');
  const se = openSync(stderrPath, 'w');
  const start = process.hrtime.bigint();
  const child = spawn(full[0], full.slice(1), {
    cwd: t.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...(t.env ?? {}) },
    stdio: ['ignore', so, se],
    detached: true, // its own process group, so a timeout can end it and its children
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, timeoutMs);
  const code = await new Promise((res, rej) => {
    child.on('error', rej);
    child.on('exit', (c, sig) => res(c ?? sig));
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearTimeout(timer);
  closeSync(so);
  closeSync(se);
  let rssKb = null;
  let cpuS = null;
  if (existsSync(rssPath)) {
    // GNU time writes "Command exited with non-zero status N" first when the exit code is not 0.
    const m = /(\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(readFileSync(rssPath, 'utf8'));
    if (m) {
      rssKb = Number(m[1]);
      cpuS = Number(m[2]) + Number(m[3]);
    }
  }
  return {
    code,
    seconds,
    rssKb,
    cpuS,
    timedOut,
    stdout: readFileSync(stdoutPath, 'utf8'),
    stderr: readFileSync(stderrPath, 'utf8'),
  };
}

/** Turns a tool's report into checked counts, or throws. */
function verify(name, out, manifest, dir) {
  const t = tool[name];
  if (!t.okExit.includes(out.code)) {
    throw new Error(`${name} exited ${out.code}: ${out.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
  const p = t.parse(out);
  if (name === 'ripgrep') {
    if (p.count !== manifest.files) throw new Error(`ripgrep searched ${p.count} files, the corpus has ${manifest.files}`);
    if (p.bytes !== manifest.bytes) throw new Error(`ripgrep searched ${p.bytes} bytes, the corpus has ${manifest.bytes}`);
    return { files: p.count, skipped: 0, bytes: p.bytes, hits: p.hits };
  }
  const sizes = new Map(manifest.list.map((f) => [f.name, f.bytes]));
  const names = (paths) =>
    paths.map((x) => {
      const abs = isAbsolute(x) ? x : resolve(p.cwd, x);
      if (dirname(abs) !== dir) throw new Error(`${name} reported a file outside the corpus: ${x}`);
      return basename(abs);
    });
  const linted = names(p.linted);
  const skipped = names(p.skipped);
  const seen = new Set();
  for (const n of [...linted, ...skipped]) {
    if (!sizes.has(n)) throw new Error(`${name} reported ${n}, which is not in the manifest`);
    if (seen.has(n)) throw new Error(`${name} reported ${n} twice`);
    seen.add(n);
  }
  if (seen.size !== manifest.files) {
    const missing = manifest.list.filter((f) => !seen.has(f.name)).map((f) => f.name);
    throw new Error(`${name} reported ${seen.size} of ${manifest.files} files; missing e.g. ${missing.slice(0, 3).join(', ')}`);
  }
  const bytes = linted.reduce((n, f) => n + sizes.get(f), 0);
  if (p.bytes !== undefined && p.bytes !== bytes) throw new Error(`${name} read ${p.bytes} bytes, its files hold ${bytes}`);
  return { files: linted.length, skipped: skipped.length, bytes, hits: p.hits };
}

// ---------------------------------------------------------------------------------------------
// checks before timing

function fail(msg) {
  console.error(`run.mjs: ${msg}`);
  process.exit(2);
}

function preflight(o) {
  if (existsSync(RG_FILE) ? readFileSync(RG_FILE, 'utf8') !== rgAlternation() : true) {
    fail('bench/phrases.rg does not match bench/prh.yml: run node bench/phrases.mjs');
  }
  const need = {
    routelint: [join(REPO, 'dist/routelint.js'), 'run npm run build'],
    'textlint-prh': [join(BENCH, 'node_modules/textlint/bin/textlint.js'), 'run cd bench && npm ci'],
    alex: [join(BENCH, 'node_modules/alex/cli.js'), 'run cd bench && npm ci'],
  };
  for (const name of o.only) {
    if (need[name] && !existsSync(need[name][0])) fail(`${need[name][0]} is missing: ${need[name][1]}`);
  }
  if (o.only.includes('ripgrep')) {
    try {
      execFileSync('rg', ['--version'], { stdio: 'ignore' });
    } catch {
      fail('ripgrep (rg) is not on PATH: apt-get install -y ripgrep');
    }
  }
  if (!gnuTimeWorks()) console.warn(`run.mjs: ${GNU_TIME} (GNU time) is missing, so no peak RSS: apt-get install -y time`);
  const mpath = manifestPath(o.corpus);
  if (!existsSync(mpath)) fail(`no corpus manifest at ${mpath}: run node bench/corpus.mjs`);
  const manifest = JSON.parse(readFileSync(mpath, 'utf8'));
  if (manifest.dir !== o.corpus) fail(`${mpath} describes ${manifest.dir}, not ${o.corpus}`);
  // The folder on disk must be exactly the manifest: same names, same sizes, same bytes.
  const onDisk = readdirSync(o.corpus).sort();
  const listed = manifest.list.map((f) => f.name).sort();
  if (onDisk.length !== listed.length || onDisk.some((n, i) => n !== listed[i])) {
    fail(`${o.corpus} no longer matches its manifest (${onDisk.length} entries, ${listed.length} listed): rerun node bench/corpus.mjs`);
  }
  let total = 0;
  for (const f of manifest.list) {
    const buf = readFileSync(join(o.corpus, f.name)); // also warms the page cache
    if (buf.length !== f.bytes || createHash('sha256').update(buf).digest('hex') !== f.sha256) {
      fail(`${f.name} changed since the manifest was written: rerun node bench/corpus.mjs`);
    }
    total += buf.length;
  }
  if (total !== manifest.bytes || manifest.list.length !== manifest.files) fail('the manifest totals do not add up');
  if (o.only.includes('ripgrep')) {
    const listedByRg = execFileSync('rg', ['--no-config', '--no-ignore', '--hidden', '--files', o.corpus], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
    if (listedByRg !== manifest.files) fail(`rg --files lists ${listedByRg} files, the corpus has ${manifest.files}`);
  }
  return manifest;
}

const CANARY = `# Pricing

Generate unlimited images with our API. No API key required, and start free today.

GPT Image 2 무제한 생성을 로그인 없이 시작하세요.

Crea imágenes sin límites y sin registro.

Ask the chairman whether he agrees.
`;

/** Each tool must find something in the canary, or its set-up is not doing the work. */
async function canary(o, outDir) {
  const dir = join(outDir, 'canary');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'canary.md'), CANARY);
  const manifest = { files: 1, bytes: Buffer.byteLength(CANARY), list: [{ name: 'canary.md', bytes: Buffer.byteLength(CANARY) }] };
  for (const name of o.only) {
    const out = await runOnce(name, dir, outDir, 120_000);
    const v = verify(name, out, manifest, dir);
    if (!(v.hits > 0)) fail(`${name} found nothing in the canary file, so it is not checking anything: see ${outDir}/${name}.stdout`);
    console.log(`  canary  ${name.padEnd(13)} ${v.hits} hits`);
  }
}

/**
 * routelint as built from another commit: a git worktree of REF under outDir, its node_modules the
 * repository's, built with its own scripts/build.mjs; run from the repository like the current one
 * (the same working directory, so the same .gitignore walk), finding its rules/ beside its dist/.
 */
function addBaseline(ref, outDir) {
  const sha = execFileSync('git', ['rev-parse', ref], { cwd: REPO, encoding: 'utf8' }).trim();
  const dir = baselineWorktree(REPO, outDir, sha, { build: true });
  const name = `routelint@${sha.slice(0, 7)}`;
  const js = join(dir, 'dist/routelint.js');
  tool[name] = { ...tool.routelint, cmd: (d) => [process.execPath, js, d, '--format', 'json'] };
  return name;
}

// ---------------------------------------------------------------------------------------------
// report

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtS = (s) => (s < 1 ? s.toFixed(3) : s < 10 ? s.toFixed(2) : s.toFixed(1));
const fmtX = (x) => (x == null ? '–' : x >= 10 ? x.toFixed(0) + '×' : x >= 0.1 ? x.toFixed(2) + '×' : x.toPrecision(2) + '×');

function versions() {
  const v = {};
  const pkgVersion = (p) => {
    try {
      return JSON.parse(readFileSync(p, 'utf8')).version;
    } catch {
      return '?';
    }
  };
  v.node = process.version;
  v.textlint = pkgVersion(join(BENCH, 'node_modules/textlint/package.json'));
  v.prh = pkgVersion(join(BENCH, 'node_modules/textlint-rule-prh/package.json'));
  v.alex = pkgVersion(join(BENCH, 'node_modules/alex/package.json'));
  try {
    v.rg = execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    v.rg = '?';
  }
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'rules', 'scripts', 'package.json', 'package-lock.json'], { cwd: REPO, encoding: 'utf8' }).trim();
    v.routelint = `${head}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    v.routelint = '?';
  }
  try {
    v.dist = createHash('sha256').update(readFileSync(routelintJs)).digest('hex').slice(0, 12);
  } catch {
    v.dist = '?';
  }
  let cpu = cpus()[0]?.model ?? '?';
  v.machine = `${cpus().length} × ${cpu.trim()}, Linux ${release()}, ${(Number(execFileSync('sh', ['-c', "awk '/MemTotal/ {print $2}' /proc/meminfo"], { encoding: 'utf8' })) / 1048576).toFixed(0)} GiB`;
  try {
    v.nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    v.nproc = String(cpus().length);
  }
  return v;
}

function table(rows) {
  const rg = rows.find((r) => r.name === 'ripgrep' && r.median != null);
  const rl = rows.find((r) => r.name === 'routelint' && r.median != null);
  const head = ['tool', 'files', 'MB', 'median s', 'runs s', 'MB/s', 'CPU s', 'peak RSS MB', '× ripgrep', '× routelint', 'hits'];
  const lines = rows.map((r) => {
    const t = r.median;
    const lower = r.timedOut ? '>' : '';
    return [
      r.name,
      r.files == null ? '–' : `${r.files}${r.skipped ? ` (+${r.skipped} skipped)` : ''}`,
      r.bytes == null ? '–' : (r.bytes / MB).toFixed(2),
      t == null ? '–' : lower + fmtS(t),
      r.runs.map((x) => fmtS(x)).join(', ') + (r.timedOut ? `, timeout ${fmtS(r.timeoutS)}` : ''),
      t == null ? '–' : (r.timedOut ? '<' : '') + (r.bytes / MB / t).toFixed(r.bytes / MB / t < 10 ? 2 : 0),
      r.cpuMedian == null ? '–' : fmtS(r.cpuMedian),
      r.rssKb == null ? '–' : (r.rssKb / 1024).toFixed(0),
      t == null || !rg ? '–' : lower + fmtX(t / rg.median),
      t == null || !rl ? '–' : lower + fmtX(t / rl.median),
      r.hits == null ? '–' : String(r.hits),
    ];
  });
  const md = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const txt = [head, ...lines].map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
  return { md, txt };
}

function targets(rows) {
  const get = (n) => rows.find((r) => r.name === n);
  const rl = get('routelint');
  const out = [];
  if (!rl || rl.median == null) return ['routelint was not measured: no verdict'];
  if (rl.timedOut) out.push(`routelint timed out (over ${fmtS(rl.timeoutS)} s): every target below is judged on that lower bound`);
  for (const peer of ['textlint-prh', 'alex']) {
    const p = get(peer);
    if (!p || p.median == null) {
      out.push(`faster than ${peer}: not measured`);
      continue;
    }
    const met = rl.median < p.median && !rl.timedOut;
    out.push(`faster than ${peer}: **${met ? 'met' : 'not met'}** (routelint ${rl.timedOut ? '>' : ''}${fmtS(rl.median)} s, ${peer} ${p.timedOut ? '>' : ''}${fmtS(p.median)} s: ${fmtX(p.median / rl.median)} routelint's speed)`);
  }
  const rg = get('ripgrep');
  if (!rg || rg.median == null) out.push('within 20× of ripgrep: not measured');
  else {
    const x = rl.median / rg.median;
    const met = x <= 20 && !rl.timedOut;
    out.push(`within 20× of ripgrep: **${met ? 'met' : 'not met'}** (routelint takes ${fmtX(x)} ripgrep's time; 20× would be ${fmtS(rg.median * 20)} s)`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    fail(e.message);
  }
  const manifest = preflight(o);
  const outDir = join(process.env.TMPDIR || tmpdir(), 'routelint-bench-out');
  mkdirSync(outDir, { recursive: true });
  if (o.only.includes('routelint')) {
    const snap = join(outDir, 'dist-snapshot');
    mkdirSync(snap, { recursive: true });
    copyFileSync(join(REPO, 'dist/routelint.js'), join(snap, 'routelint.js'));
    routelintJs = join(snap, 'routelint.js');
  }
  if (o.baseline) {
    const name = addBaseline(o.baseline, outDir);
    o.only = [...o.only.filter((t) => t !== name), name];
  }
  const load0 = loadavg();
  const v = versions();
  console.log(`corpus ${o.corpus}: ${manifest.files} files, ${(manifest.bytes / MB).toFixed(2)} MB (checked against its manifest; page cache warm)`);
  console.log(`machine: ${v.machine}; node ${v.node}`);
  await canary(o, outDir);

  // Round robin (run 1 of every tool, then run 2 of every tool, ...), so that load from other work
  // on the machine falls on all tools alike rather than on whichever tool ran during it.
  const rows = o.only.map((name) => ({ name, runs: [], cpu: [], rssKb: null, timedOut: false, timeoutS: null, files: null, skipped: null, bytes: null, hits: null, median: null }));
  for (const row of rows) console.log(`${row.name}: ${displayCmd(row.name, o.corpus)}`);
  for (let i = 0; i < o.runs; i++) {
    console.log(`\nround ${i + 1} of ${o.runs}`);
    for (const row of rows) {
      if (row.timedOut) continue;
      const out = await runOnce(row.name, o.corpus, outDir, o.timeoutMin * 60_000);
      if (out.rssKb != null) row.rssKb = Math.max(row.rssKb ?? 0, out.rssKb);
      if (out.timedOut) {
        row.timedOut = true;
        row.timeoutS = out.seconds;
        console.log(`  ${row.name.padEnd(13)} killed after ${fmtS(out.seconds)} s (timeout ${o.timeoutMin} min)`);
        continue;
      }
      const c = verify(row.name, out, manifest, o.corpus);
      Object.assign(row, { files: c.files, skipped: c.skipped, bytes: c.bytes, hits: c.hits });
      row.runs.push(out.seconds);
      if (out.cpuS != null) row.cpu.push(out.cpuS);
      console.log(`  ${row.name.padEnd(13)} ${fmtS(out.seconds)} s (cpu ${out.cpuS == null ? '?' : fmtS(out.cpuS)} s), ${out.rssKb == null ? '?' : (out.rssKb / 1024).toFixed(0)} MB peak RSS, ${c.files} files, ${c.bytes} bytes, ${c.hits} hits, load ${loadavg()[0].toFixed(2)}`);
    }
  }
  for (const row of rows) {
    if (row.cpu.length) row.cpuMedian = median(row.cpu);
    if (row.runs.length) row.median = median(row.runs);
    else if (row.timedOut) {
      row.median = row.timeoutS; // a lower bound, shown with ">"
      row.bytes = manifest.bytes;
    }
  }

  const { md, txt } = table(rows);
  const verdict = targets(rows);
  console.log('\n' + txt + '\n');
  for (const l of verdict) console.log('- ' + l.replace(/\*\*/g, ''));

  const load1 = loadavg();
  const fmtLoad = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`load average before ${fmtLoad(load0)}, after ${fmtLoad(load1)}`);
  if (!o.write) return;
  const date = execFileSync('date', ['-u', '+%F'], { encoding: 'utf8' }).trim();
  const sources = Object.entries(manifest.sources)
    .map(([label, s]) => `${label} ${s.files} files / ${(s.bytes / MB).toFixed(2)} MB (\`${s.dir}\`)`)
    .join('; ');
  const cmds = [
    'node bench/corpus.mjs',
    `node bench/run.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    '',
    ...o.only.map((n) => `# ${n}\n${displayCmd(n, '$CORPUS')}`),
  ].join('\n');
  const section = `
## ${date}: ${manifest.files} files, ${(manifest.bytes / MB).toFixed(2)} MB

- Machine: nproc ${v.nproc} (${v.machine}); Node.js ${v.node}.
- routelint ${v.routelint} (dist/routelint.js sha256 ${v.dist}); ${v.rg}; textlint ${v.textlint} + textlint-rule-prh ${v.prh}; alex ${v.alex}.
- Corpus \`$CORPUS\` = \`${o.corpus}\`: ${sources}. Left out: ${Object.entries(manifest.skipped).map(([k, n]) => `${n} ${k}`).join(', ')}.
- Load average (1, 5, 15 min) before ${fmtLoad(load0)}, after ${fmtLoad(load1)}. Other work may share these ${v.nproc} cores: a load well above 1 means noisy timings.
- ${o.runs} run${o.runs === 1 ? '' : 's'} per tool, one process at a time, round robin (run 1 of each tool, then run 2, ...), page cache warm; median wall time; CPU s is the median user + system time (GNU time %U + %S; above the wall time when a tool uses both cores, and less disturbed by other load than wall time); peak RSS is the largest over the runs (GNU time %M). MB = 10^6 bytes. Every run's file and byte counts were checked against the manifest.

\`\`\`sh
${cmds}
\`\`\`

${md}

Targets:
${verdict.map((l) => `- ${l}`).join('\n')}
`;
  const resultsPath = join(BENCH, 'RESULTS.md');
  if (!existsSync(resultsPath)) {
    writeFileSync(
      resultsPath,
      `# Benchmark results\n\nAppended by \`node bench/run.mjs\` (see bench/README.md), newest last. "hits" are each tool's own findings and are not comparable across tools: ripgrep counts raw matches of bench/phrases.rg anywhere in the bytes, textlint-prh the same phrases in prose nodes only, alex its own word list, routelint its claims after use-versus-mention judgement.\n`,
    );
  }
  appendFileSync(resultsPath, section);
  console.log(`\nappended to ${relative(REPO, resultsPath)}`);
}

await main();
