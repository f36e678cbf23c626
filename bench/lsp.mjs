// Language-server latency and memory (issue 4): time from didChange to publishDiagnostics (debounce
// set to 0, so it is excluded) on 1,000-, 10,000- and 100,000-line Markdown documents, median and
// p95; and the server's resident memory with 200 open documents of 500 lines.
//   npm run build && node bench/lsp.mjs [--edits 40]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const EDITS = Number(process.argv[process.argv.indexOf('--edits') + 1]) || 40;
const root = process.cwd();
const bin = join(root, 'dist/routelint.js');

// Realistic material: the bundled examples, risky and careful, repeated to size.
const source = ['examples/en/landing-page.md', 'examples/en/help-which-route.md', 'examples/ko/landing-page.md', 'examples/es/help-which-route.md']
  .map((p) => readFileSync(join(root, p), 'utf8'))
  .join('\n\n')
  .split('\n');
function doc(lines) {
  const out = [];
  for (let i = 0; out.length < lines; i++) out.push(source[i % source.length]);
  return out.join('\n') + '\n';
}

function startServer() {
  const proc = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
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
    rootUri: pathToFileURL(root).toString(),
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  s.conn.sendNotification('initialized', {});
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

const results = [];
for (const lines of [1000, 10000, 100000]) {
  const s = startServer();
  await init(s);
  const text = doc(lines);
  const uri = pathToFileURL(join(root, `bench-${lines}.md`)).toString();
  let version = 1;
  let p = s.published(uri, version);
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  await p;
  const times = [];
  for (let i = 0; i < EDITS; i++) {
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
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (i === 0) results.push({ lines, diagnostics: got.diagnostics.length });
  }
  const st = stats(times);
  Object.assign(results[results.length - 1], { medianMs: st.median.toFixed(1), p95Ms: st.p95.toFixed(1), maxMs: st.max.toFixed(1) });
  await s.conn.sendRequest('shutdown');
  s.conn.sendNotification('exit');
  s.proc.kill();
}

// Memory: 200 open documents of 500 lines each.
{
  const s = startServer();
  await init(s);
  const text = doc(500);
  for (let i = 0; i < 200; i++) {
    const uri = pathToFileURL(join(root, `mem-${i}.md`)).toString();
    const p = s.published(uri, 1);
    s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: text.replace('# ', `# ${i} `) } });
    await p;
  }
  results.push({ documents: 200, linesEach: 500, rssMb: rssMb(s.proc.pid).toFixed(0) });
  await s.conn.sendRequest('shutdown');
  s.conn.sendNotification('exit');
  s.proc.kill();
}

console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, edits: EDITS, results }, null, 2));
process.exit(0);
