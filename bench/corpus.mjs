// Builds the benchmark corpus outside git: real Markdown that is not this repository's own.
//
//   node bench/corpus.mjs [--out DIR] [--min-mb 10] [--max-mb 35] [--root DIR ...] [--no-default-roots]
//
// Sources, in this order (a later one is read only while the corpus is under --max-mb):
//   1. <repo>/node_modules            (the root package's dependencies)
//   2. <repo>/bench/node_modules      (the peers: textlint, textlint-rule-prh, alex; `cd bench && npm ci`)
//   3. `npm root -g`                  (npm's own packages, shipped with Node.js)
//   4. Node.js's own Markdown docs    (API docs and changelogs: /usr/share/doc/nodejs on Debian's and
//                                      NodeSource's packages, <prefix>/share/doc/node for the tarballs)
//   5. each --root DIR, in order
// Every *.md and *.markdown file (any case) is taken, walked in sorted order without following
// symbolic links, except: empty files, files over 1 MiB, files that are not valid UTF-8 or hold a NUL
// byte (so no tool may legitimately skip one: every tool must read every byte), and files whose bytes
// were already taken (sha256). Files are copied, flattened, to DIR (default
// $TMPDIR/routelint-bench-corpus) as NNNNN-<source>-<path with / as __>.<md|markdown>, and the corpus
// stops at the first file that takes it to --max-mb MB (1 MB = 1,000,000 bytes).
// Fewer than --min-mb MB in all is an error (exit 1): add a --root.
//
// The manifest, DIR.manifest.json (beside DIR, never inside it, so no tool reads it), lists every
// file with its bytes, sha256 and origin, and the totals; bench/run.mjs checks each tool against it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(BENCH);
const MiB = 1024 * 1024;
const MB = 1_000_000;

export function defaultCorpusDir() {
  return join(process.env.TMPDIR || tmpdir(), 'routelint-bench-corpus');
}

function parseArgs(argv) {
  const o = { out: defaultCorpusDir(), minMb: 10, maxMb: 35, roots: [], defaults: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--out') o.out = resolve(next());
    else if (a === '--min-mb') o.minMb = Number(next());
    else if (a === '--max-mb') o.maxMb = Number(next());
    else if (a === '--root') o.roots.push(resolve(next()));
    else if (a === '--no-default-roots') o.defaults = false;
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.minMb > 0 && o.maxMb >= o.minMb)) throw new Error('need 0 < --min-mb <= --max-mb');
  return o;
}

function npmGlobalRoot() {
  try {
    return execFileSync('npm', ['root', '-g'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function nodeDocDirs() {
  const prefix = dirname(dirname(process.execPath));
  return [join(prefix, 'share', 'doc', 'node'), '/usr/share/doc/nodejs'];
}

function sources(o) {
  const list = [];
  if (o.defaults) {
    list.push({ label: 'nm', dir: join(REPO, 'node_modules') });
    list.push({ label: 'bench', dir: join(BENCH, 'node_modules') });
    const g = npmGlobalRoot();
    if (g) list.push({ label: 'global', dir: g });
    for (const d of nodeDocDirs()) list.push({ label: 'nodedoc', dir: d });
  }
  o.roots.forEach((dir, i) => list.push({ label: `root${i + 1}`, dir }));
  // The same folder twice (a symlinked prefix, say) is read once.
  const seen = new Set();
  return list.filter((s) => {
    if (!existsSync(s.dir)) return false;
    const key = resolve(s.dir);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) yield p;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function readable(buf) {
  if (buf.includes(0)) return false;
  try {
    utf8.decode(buf);
    return true;
  } catch {
    return false;
  }
}

function flatName(n, label, rel) {
  const ext = /\.markdown$/i.test(rel) ? '.markdown' : '.md';
  const stem = rel
    .replace(/\.(md|markdown)$/i, '')
    .split('/')
    .filter((seg) => seg !== 'node_modules')
    .join('__')
    .replace(/[^A-Za-z0-9._@+-]/g, '_')
    .replace(/^\.+/, '');
  return `${String(n).padStart(5, '0')}-${label}-${stem.slice(0, 150)}${ext}`;
}

export function buildCorpus(o) {
  // Clear the output folder only when it is empty or ours (the manifest beside it names it).
  if (existsSync(o.out)) {
    let ours = false;
    try {
      ours = JSON.parse(readFileSync(manifestPath(o.out), 'utf8')).dir === o.out;
    } catch {}
    if (readdirSync(o.out).length > 0 && !ours) {
      throw new Error(`${o.out} exists and is not a corpus this script made; pass --out to another folder`);
    }
    rmSync(o.out, { recursive: true, force: true });
  }
  mkdirSync(o.out, { recursive: true });

  const hashes = new Set();
  const files = [];
  const bySource = {};
  const skipped = { empty: 0, over1MiB: 0, notUtf8: 0, duplicate: 0 };
  let bytes = 0;
  const srcs = sources(o);
  outer: for (const src of srcs) {
    for (const path of walk(src.dir)) {
      if (bytes >= o.maxMb * MB) break outer;
      const st = lstatSync(path);
      if (st.size === 0) { skipped.empty++; continue; }
      if (st.size > MiB) { skipped.over1MiB++; continue; }
      const buf = readFileSync(path);
      if (!readable(buf)) { skipped.notUtf8++; continue; }
      const sha256 = createHash('sha256').update(buf).digest('hex');
      if (hashes.has(sha256)) { skipped.duplicate++; continue; }
      hashes.add(sha256);
      const rel = relative(src.dir, path).split('\\').join('/');
      const name = flatName(files.length + 1, src.label, rel);
      writeFileSync(join(o.out, name), buf);
      files.push({ name, bytes: buf.length, sha256, source: src.label, from: rel });
      bytes += buf.length;
      const s = (bySource[src.label] ??= { dir: src.dir, files: 0, bytes: 0 });
      s.files++;
      s.bytes += buf.length;
    }
  }
  const manifest = {
    version: 1,
    dir: o.out,
    created: new Date().toISOString(),
    files: files.length,
    bytes,
    sources: bySource,
    skipped,
    list: files,
  };
  writeFileSync(manifestPath(o.out), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

export function manifestPath(dir) {
  return join(dirname(dir), basename(dir) + '.manifest.json');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`corpus.mjs: ${e.message}`);
    process.exit(2);
  }
  const m = buildCorpus(o);
  for (const [label, s] of Object.entries(m.sources)) {
    console.log(`  ${label.padEnd(8)} ${String(s.files).padStart(5)} files ${(s.bytes / MB).toFixed(2).padStart(7)} MB  ${s.dir}`);
  }
  console.log(`  left out: ${Object.entries(m.skipped).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log(`corpus: ${m.files} files, ${m.bytes} bytes (${(m.bytes / MB).toFixed(2)} MB, ${(m.bytes / MiB).toFixed(2)} MiB) in ${m.dir}`);
  console.log(`manifest: ${manifestPath(m.dir)}`);
  if (m.bytes < o.minMb * MB) {
    console.error(`corpus.mjs: only ${(m.bytes / MB).toFixed(2)} MB, under --min-mb ${o.minMb}: install bench's peers (cd bench && npm ci) or add --root DIR`);
    process.exit(1);
  }
}
