// Language-server latency and memory (issue 4): time from didChange to publishDiagnostics (debounce
// set to 0, so it is excluded) on 1,000-, 10,000- and 100,000-line Markdown documents, median and
// p95; and the server's resident memory with 200 open documents of 500 lines.
//   npm run build && node bench/lsp.mjs [--edits 100] [--warmup 20] [--only dense-1000,readme-10000] [--no-memory]
// The first --warmup edits of each document (the server's code still being compiled) are timed apart:
// their largest time is coldMaxMs; median and p95 are of the --edits after them.
// BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to the server's node.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

// The server speaks LSP on its stdout: a V8 flag that prints there (--trace-gc, --trace-opt, ...) would
// corrupt the stream and hang the run.
if (/--(?:trace|print)/.test(process.env.BENCH_NODE_ARGS ?? '')) {
  console.error('lsp.mjs: BENCH_NODE_ARGS must not print to stdout (the LSP channel): no --trace-* or --print-* flags');
  process.exit(2);
}
const argAfter = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const EDITS = Number(argAfter('--edits')) || 100;
// (even: the edits come in pairs, a character typed and deleted)
const WARMUP = 2 * Math.ceil((argAfter('--warmup') !== undefined ? Number(argAfter('--warmup')) : 20) / 2);
const ONLY = argAfter('--only')?.split(',') ?? null;
const root = process.cwd();
const bin = join(root, 'dist/routelint.js');

// Two kinds of material, repeated to size: "dense" is the bundled examples (a claim on most lines,
// the worst case); "readme" is real npm READMEs from node_modules with the examples' landing page
// every 2,000 lines (a few claims, the usual case).
const examples = ['examples/en/landing-page.md', 'examples/en/help-which-route.md', 'examples/ko/landing-page.md', 'examples/es/help-which-route.md']
  .map((p) => readFileSync(join(root, p), 'utf8'))
  .join('\n\n')
  .split('\n');
const readmes = readdirSync(join(root, 'node_modules'))
  .map((d) => join(root, 'node_modules', d, 'README.md'))
  .filter((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  })
  .sort()
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n\n')
  .split('\n');
const landing = readFileSync(join(root, 'examples/en/landing-page.md'), 'utf8').split('\n');
function doc(kind, lines) {
  const out = [];
  if (kind === 'dense') for (let i = 0; out.length < lines; i++) out.push(examples[i % examples.length]);
  else
    for (let i = 0; out.length < lines; i++) {
      if (out.length % 2000 === 1000) out.push('', ...landing, '');
      out.push(readmes[i % readmes.length]);
    }
  return out.slice(0, lines).join('\n') + '\n';
}
// The documents live in a folder whose config lifts the 2 MiB file limit (100,000 lines is ~4 MB).
const work = mkdtempSync(join(tmpdir(), 'routelint-lsp-bench-'));
writeFileSync(join(work, '.routelint.yaml'), 'maxFileSize: 64MiB\n');

function startServer() {
  const proc = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiters.get(`${p.uri}@${p.version}`);
    if (w) {
      waiters.delete(`${p.uri}@${p.version}`);
      w(p);
    }
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ debounceMs: 0 })));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const published = (uri, version) => new Promise((r) => waiters.set(`${uri}@${version}`, r));
  return { proc, conn, published };
}

async function init(s) {
  await s.conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(work).toString(),
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  s.conn.sendNotification('initialized', {});
}

async function stop(s) {
  await s.conn.sendRequest('shutdown').catch(() => undefined);
  await s.conn.sendNotification('exit').catch(() => undefined);
  await new Promise((r) => (s.proc.exitCode !== null ? r() : s.proc.once('exit', r)));
  s.conn.dispose();
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

// The client (this process) is collected in full before each document: what the earlier documents left
// in its heap (the 100,000-line ones: hundreds of megabytes of published diagnostics) must not make its
// collector pause inside the next document's timed edits.
setFlagsFromString('--expose-gc');
const collectClient = runInNewContext('gc');

const results = [];
for (const [kind, lines] of [['readme', 1000], ['readme', 10000], ['readme', 100000], ['dense', 1000], ['dense', 10000], ['dense', 100000]]) {
  if (ONLY && !ONLY.includes(`${kind}-${lines}`)) continue;
  collectClient();
  const s = startServer();
  await init(s);
  const text = doc(kind, lines);
  const uri = pathToFileURL(join(work, `bench-${kind}-${lines}.md`)).toString();
  let version = 1;
  let p = s.published(uri, version);
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  await p;
  const times = [];
  const cold = [];
  for (let i = -WARMUP; i < EDITS; i++) {
    // Type one character in the middle of the document, then delete it: real incremental edits.
    const line = Math.floor(lines / 2) + (i % 50);
    version++;
    const change = i % 2 === 0
      ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }
      : { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 1 } }, text: '' };
    p = s.published(uri, version);
    const t0 = process.hrtime.bigint();
    s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const got = await p;
    if (process.env.BENCH_VERBOSE) console.error(kind, lines, i, times.length ? times[times.length - 1] : 0);
    (i < 0 ? cold : times).push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (i === 0) results.push({ kind, lines, diagnostics: got.diagnostics.length });
  }
  const st = stats(times);
  Object.assign(results[results.length - 1], { medianMs: st.median.toFixed(1), p95Ms: st.p95.toFixed(1), maxMs: st.max.toFixed(1) });
  if (cold.length) results[results.length - 1].coldMaxMs = Math.max(...cold).toFixed(1);
  // Responsiveness while typing: a hover sent right after each keystroke (answered once the server
  // has caught up with the new version), and the time until that version's diagnostics arrive.
  if (lines === 100000) {
    const hovers = [];
    for (let i = 0; i < Math.min(EDITS, 10); i++) {
      const line = Math.floor(lines / 3) + i;
      version++;
      p = s.published(uri, version);
      const t0 = process.hrtime.bigint();
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'y' }] });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 2 } });
      hovers.push(Number(process.hrtime.bigint() - t0) / 1e6);
      await p;
    }
    const h = stats(hovers);
    Object.assign(results[results.length - 1], { hoverAfterEditMedianMs: h.median.toFixed(1), hoverAfterEditMaxMs: h.max.toFixed(1) });
  }
  await stop(s);
}

// Memory: 200 open documents of 500 lines each.
if (!process.argv.includes('--no-memory')) {
  const s = startServer();
  await init(s);
  const text = doc('readme', 500);
  for (let i = 0; i < 200; i++) {
    const uri = pathToFileURL(join(work, `mem-${i}.md`)).toString();
    const p = s.published(uri, 1);
    s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: text.replace('# ', `# ${i} `) } });
    await p;
  }
  results.push({ documents: 200, linesEach: 500, rssMb: rssMb(s.proc.pid).toFixed(0) });
  await stop(s);
}

console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, edits: EDITS, warmup: WARMUP, results }, null, 2));
process.exit(0);
