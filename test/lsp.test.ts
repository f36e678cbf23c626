// The language server end to end: the built server as a child process, spoken to over stdio with a
// real client library (vscode-languageserver-protocol), in push and pull modes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  createProtocolConnection,
  LSPErrorCodes,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { randomEdit } from './fuzz.js';
import { prng } from './helpers.js';

const BIN = join(process.cwd(), 'dist/routelint.js');

interface Session {
  conn: ProtocolConnection;
  proc: ChildProcess;
  dir: string;
  published: Map<string, PublishDiagnosticsParams[]>;
  waitFor(uri: string, pred: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  open(name: string, text: string, languageId?: string): string;
}

const sessions: Session[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) {
    const exited = new Promise<void>((resolve) => {
      if (s.proc.exitCode !== null) resolve();
      else s.proc.once('exit', () => resolve());
    });
    try {
      await Promise.race([s.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await s.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => s.proc.kill(), 2000);
    await exited;
    clearTimeout(timer);
    s.conn.dispose();
  }
});

async function start(opts: { pull: boolean; watch?: boolean; files?: Record<string, string>; debounceMs?: number }): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-lsp-'));
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), text);
  const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: Array<() => void> = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
    waiters.splice(0).forEach((w) => w());
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ debounceMs: opts.debounceMs ?? 0 })));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }],
    capabilities: {
      textDocument: {
        ...(opts.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        publishDiagnostics: { versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        hover: { contentFormat: ['markdown'] },
      },
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: opts.watch ?? true } },
      window: { workDoneProgress: true },
    },
  });
  conn.sendNotification('initialized', {});
  const s: Session = {
    conn,
    proc,
    dir,
    published,
    waitFor: (uri, pred) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(published.get(uri)?.at(-1))}`)), 15_000);
        const check = () => {
          const last = published.get(uri)?.at(-1);
          if (last && pred(last.diagnostics)) {
            clearTimeout(timer);
            resolve(last.diagnostics);
          } else waiters.push(check);
        };
        check();
      }),
    open: (name, text, languageId = 'markdown') => {
      const path = join(dir, name);
      writeFileSync(path, text);
      const uri = pathToFileURL(path).toString();
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
  };
  sessions.push(s);
  return s;
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'x', 0, text), edits);
}

const EN = '# Pricing\n\nTry the unlimited GPT Image 2 API (gpt-image-2) today.\n';
const KO = '# 요금\n\n🚀 무제한 GPT Image 2 API(gpt-image-2)를 지금 사용하세요.\n';
const ES = '# Precios\n\nCrea imágenes sin límites desde hoy.\n';

describe('language server over stdio', () => {
  it('pushes diagnostics in English, Korean and Spanish with codes, links, UTF-16 ranges and data', async () => {
    const s = await start({ pull: false });
    const en = s.open('page.md', EN);
    const ko = s.open('가격.md', KO);
    const es = s.open('precios.md', ES);
    const [d] = await s.waitFor(en, (x) => x.length > 0);
    expect(d).toMatchObject({ code: 'unlimited-claim', source: 'routelint', severity: 1 });
    expect(d!.codeDescription!.href).toBe('https://github.com/routelint/routelint/blob/main/docs/rules/unlimited-claim.md');
    expect(d!.message).toMatch(/owner/);
    expect((d!.data as { fixes: unknown[] }).fixes.length).toBeGreaterThan(1);
    const kd = await s.waitFor(ko, (x) => x.some((y) => y.code === 'unlimited-claim'));
    const k = kd.find((y) => y.code === 'unlimited-claim')!;
    // "🚀 " is 3 UTF-16 code units: the claim starts at character 3 of line 2.
    expect(k.range.start).toEqual({ line: 2, character: 3 });
    expect(KO.split('\n')[2]!.slice(k.range.start.character, k.range.end.character)).toBe('무제한 GPT Image 2 API');
    const ed = await s.waitFor(es, (x) => x.length > 0);
    expect(ed.map((x) => x.code)).toEqual(['unlimited-claim']);
  });

  it('agrees with the CLI on a file', async () => {
    const s = await start({ pull: false });
    const uri = s.open('page.md', `${EN}\nNo API key required. Free credits for everyone!\n`);
    const diags = await s.waitFor(uri, (x) => x.length >= 3);
    const cli = JSON.parse(spawnSync(process.execPath, [BIN, '--format', 'json', 'page.md'], { cwd: s.dir, encoding: 'utf8' }).stdout);
    const fromCli = cli.files[0].findings.map((f: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }) => [f.ruleId, f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1, f.message]);
    const fromLsp = diags.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message]);
    expect(fromLsp).toEqual(fromCli);
  });

  it('serves pull diagnostics when the client announces them, and pushes none', async () => {
    const s = await start({ pull: true });
    const uri = s.open('page.md', EN);
    const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
    expect(report.kind).toBe('full');
    expect(report.items.map((d) => d.code)).toEqual(['unlimited-claim']);
    // Give the server a chance to (wrongly) push: a later request round-trip orders after any push.
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    expect(s.published.get(uri)).toBeUndefined();
  });

  it('honours $/cancelRequest for pull diagnostics, and answers a request a newer version overtook with ServerCancelled', async () => {
    // a debounce, so the newer version surely arrives while the older request waits
    const s = await start({ pull: true, debounceMs: 200 });
    const uri = s.open('page.md', EN);
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const source = new CancellationTokenSource();
    const cancelled = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
    source.cancel();
    await expect(cancelled).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    // a request for version 1, and version 2 arrives before it is served
    const old = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${EN}\nNo API key required.\n` }] });
    await expect(old).rejects.toMatchObject({ code: LSPErrorCodes.ServerCancelled, data: { retriggerRequest: true } });
    const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
    expect(report.items.map((d) => d.code)).toEqual(['unlimited-claim', 'no-key-claim']);
  });

  it('agrees with the CLI after a sequence of edits of a long document (incremental re-linting)', async () => {
    const s = await start({ pull: true });
    const block = `${EN}\nSome neutral text about the build.\n\n## Notes\n\nSee [docs].\n\n`;
    let text = `${block.repeat(300)}[docs]: https://example.com\n`;
    const uri = s.open('long.md', text);
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const doc = TextDocument.create(uri, 'markdown', 1, text);
    const edits: TextEdit[] = [
      { range: { start: { line: 900, character: 0 }, end: { line: 900, character: 0 } }, newText: 'Free unlimited API, no key needed. ' },
      { range: { start: { line: 20, character: 0 }, end: { line: 22, character: 0 } }, newText: '' },
      { range: { start: { line: 1500, character: 0 }, end: { line: 1500, character: 0 } }, newText: '# Fresh\n\n[docs]: https://example.com/other\n\n' },
    ];
    let version = 1;
    for (const e of edits) {
      version++;
      TextDocument.update(doc, [{ range: e.range, text: e.newText }], version);
      s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: e.range, text: e.newText }] });
      await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }).catch(() => undefined);
    }
    text = doc.getText();
    writeFileSync(join(s.dir, 'long.md'), text);
    const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
    const cli = JSON.parse(spawnSync(process.execPath, [BIN, '--format', 'json', 'long.md'], { cwd: s.dir, encoding: 'utf8' }).stdout);
    const fromCli = cli.files[0].findings.map((f: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }) => [f.ruleId, f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1, f.message]);
    const fromLsp = report.items.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message]);
    expect(fromLsp.length).toBeGreaterThan(300);
    expect(fromLsp).toEqual(fromCli);
  });

  it('offers disable-for-this-line in each host comment syntax: <!-- --> in HTML, {/* */} in JSX text and MDX, // in code', async () => {
    const s = await start({ pull: false });
    const cases: Array<[string, string, string]> = [
      ['page.html', '<p>Try the unlimited GPT Image 2 API today.</p>\n', '<p>Try the unlimited GPT Image 2 API today.</p> <!-- routelint-disable-line unlimited-claim -->\n'],
      ['Page.tsx', 'export const P = () => (\n  <p>\n    Try the unlimited GPT Image 2 API today.\n  </p>\n);\n', 'export const P = () => (\n  <p>\n    Try the unlimited GPT Image 2 API today. {/* routelint-disable-line unlimited-claim */}\n  </p>\n);\n'],
      ['copy.ts', "export const s = 'Try the unlimited GPT Image 2 API today.';\n", "export const s = 'Try the unlimited GPT Image 2 API today.'; // routelint-disable-line unlimited-claim\n"],
      ['page.mdx', 'Try the unlimited GPT Image 2 API today.\n', 'Try the unlimited GPT Image 2 API today. {/* routelint-disable-line unlimited-claim */}\n'],
    ];
    for (const [name, text, want] of cases) {
      const uri = s.open(name, text);
      const diags = await s.waitFor(uri, (x) => x.some((d) => d.code === 'unlimited-claim'));
      const d = diags.find((x) => x.code === 'unlimited-claim')!;
      const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const disable = actions.find((a) => a.title === 'Disable unlimited-claim for this line');
      expect(disable, name).toBeDefined();
      expect(apply(text, disable!.edit!.changes![uri]!)).toBe(want);
    }
    // Inside a multi-line template literal no comment can go at the line end: no action.
    const tpl = 'export const s = `Try the unlimited GPT Image 2 API today.\nMore.`;\n';
    const uri = s.open('tpl.js', tpl);
    const [d] = await s.waitFor(uri, (x) => x.some((y) => y.code === 'unlimited-claim'));
    const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } })) as CodeAction[];
    expect(actions.some((a) => a.title.startsWith('Disable '))).toBe(false);
    expect(actions.length).toBeGreaterThan(0);
  });

  it('applies a route-labelled quick fix and the fix-all action, and offers disable-for-this-line', async () => {
    const s = await start({ pull: false });
    const uri = s.open('page.md', EN);
    const [d] = await s.waitFor(uri, (x) => x.length > 0);
    const actions = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d!.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const official = actions.find((a) => /official API route/.test(a.title))!;
    expect(official.kind).toBe('quickfix');
    expect(apply(EN, official.edit!.changes![uri]!)).toBe('# Pricing\n\nTry the GPT Image 2 through the official OpenAI API, billed per token (gpt-image-2) today.\n');
    expect(actions.filter((a) => a.isPreferred)).toHaveLength(1);
    const disable = actions.find((a) => a.title === 'Disable unlimited-claim for this line')!;
    expect(apply(EN, disable.edit!.changes![uri]!)).toBe('# Pricing\n\nTry the unlimited GPT Image 2 API (gpt-image-2) today. <!-- routelint-disable-line unlimited-claim -->\n');
    // A client that drops `data` gets the same actions, recomputed from the range.
    const noData = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d!.range,
      context: { diagnostics: [{ ...d, data: undefined }] },
    })) as CodeAction[];
    expect(noData.map((a) => a.title)).toEqual(actions.map((a) => a.title));
    const fixAll = ((await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.routelint'] },
    })) as CodeAction[])[0]!;
    expect(fixAll.kind).toBe('source.fixAll.routelint');
    expect(apply(EN, fixAll.edit!.changes![uri]!)).toBe('# Pricing\n\nTry the GPT Image 2 API within the limits its owner sets (gpt-image-2) today.\n');
  });

  it('keeps diagnostic data small (no edit range equal to the diagnostic own, no null route) and its quick fixes exact', async () => {
    const s = await start({ pull: false });
    // The fix grows over the emphasis markers: its edit range is not the diagnostic's.
    const text = '# Pricing\n\nTry the **unlimited** GPT Image 2 API today.\n';
    const uri = s.open('page.md', text);
    const diags = await s.waitFor(uri, (x) => x.length >= 2);
    const claim = diags.find((d) => d.code === 'unlimited-claim')!;
    const label = diags.find((d) => d.code === 'model-label')!;
    type Data = { fixes: Array<{ title?: string; label?: string; route?: unknown; preferred?: unknown; edits: Array<{ range?: Range }> }> };
    const cd = claim.data as Data;
    expect(cd.fixes.every((f) => f.edits.every((e) => e.range))).toBe(true);
    // titles that quote the fix's edit travel as their label
    expect(cd.fixes.every((f) => f.label && !('title' in f))).toBe(true);
    expect(cd.fixes.filter((f) => 'preferred' in f)).toHaveLength(1);
    expect(cd.fixes.filter((f) => 'route' in f).length).toBe(cd.fixes.length - 1);
    const ld = label.data as Data;
    expect(ld.fixes.every((f) => f.edits.every((e) => !('range' in e)) && !('route' in f))).toBe(true);
    const ask = async (d: Diagnostic) =>
      (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const claimActions = await ask(claim);
    const official = claimActions.find((a) => /official API route/.test(a.title))!;
    expect(official.title).toBe('Label the official API route: "GPT Image 2 (gpt-image-2) through the official OpenAI API, billed per token"');
    expect(apply(text, official.edit!.changes![uri]!)).toBe('# Pricing\n\nTry the GPT Image 2 (gpt-image-2) through the official OpenAI API, billed per token today.\n');
    expect(claimActions.filter((a) => a.isPreferred).map((a) => a.title)).toEqual([expect.stringMatching(/^Rewrite without/)]);
    expect(claimActions.filter((a) => a.isPreferred === false).length).toBeGreaterThan(1);
    const labelFix = (await ask(label)).find((a) => a.isPreferred)!;
    expect(apply(text, labelFix.edit!.changes![uri]!)).toBe('# Pricing\n\nTry the **unlimited** GPT Image 2 (gpt-image-2) API today.\n');
    // Without data, the same edits are recomputed.
    const again = (await ask({ ...label, data: undefined })).find((a) => a.isPreferred)!;
    expect(again.edit).toEqual(labelFix.edit);
  });

  it('publishes after every keystroke what a fresh lint of the same text publishes, data included', async () => {
    // The server keeps the previous publish's diagnostic objects where they did not change (and the
    // encoder their bytes): a kept one that should have changed would show here.
    const s = await start({ pull: false });
    const lastOf = (u: string) => s.published.get(u)?.at(-1);
    const versionOf = (u: string, v: number) => s.waitFor(u, () => lastOf(u)?.version === v);
    let compared = 0;
    const typist = async (name: string, text: string) => {
      const uri = s.open(name, text);
      await versionOf(uri, 1);
      const doc = TextDocument.create(uri, 'markdown', 1, text);
      return async (start: number, end: number, insert: string): Promise<{ text: string; diagnostics: Diagnostic[] }> => {
        const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
        const version = doc.version + 1;
        TextDocument.update(doc, [{ range, text: insert }], version);
        s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
        const typed = await versionOf(uri, version);
        const fresh = s.open(`fresh-${compared}.md`, doc.getText());
        const want = await versionOf(fresh, 1);
        expect(typed, `${name} after keystroke ${version}`).toEqual(want);
        s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
        compared++;
        return { text: doc.getText(), diagnostics: typed };
      };
    };
    // The model ID after a claim changes its fixes, not its range: "gpt-image-2" → "gpt-image-1" and back.
    const type = await typist('model.md', EN);
    const at = EN.indexOf('gpt-image-2') + 'gpt-image-'.length;
    const { diagnostics: before } = await type(0, 0, '');
    await type(at, at + 1, '');
    const changed = await type(at, at, '1');
    const claim = (d: Diagnostic[]) => d.find((x) => x.code === 'unlimited-claim')!;
    expect(claim(changed.diagnostics).range).toEqual(claim(before).range);
    expect(claim(changed.diagnostics).data).not.toEqual(claim(before).data);
    await type(at, at + 1, '2');
    // Random typing over the bundled examples (hundreds of findings).
    const examples = ['examples/en/landing-page.md', 'examples/ko/landing-page.md', 'examples/es/help-which-route.md'];
    let text = examples.map((p) => readFileSync(join(process.cwd(), p), 'utf8')).join('\n\n');
    const typeMore = await typist('typed.md', text);
    const rnd = prng(4);
    let last: Diagnostic[] = [];
    for (let i = 0; i < 24; i++) {
      for (const [start, end, insert] of randomEdit(rnd, text)) ({ text, diagnostics: last } = await typeMore(start, end, insert));
    }
    expect(compared).toBeGreaterThan(30);
    expect(last.length).toBeGreaterThan(20);
  });

  it('offers no quick fix for a diagnostic of an older version, and the current one its fixes', async () => {
    const s = await start({ pull: false });
    const uri = s.open('page.md', EN);
    const [old] = await s.waitFor(uri, (x) => x.length > 0);
    // A line above it: the old diagnostic's range now points at other text.
    s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'Intro.\n' }],
    });
    const [current] = await s.waitFor(uri, (x) => x.length > 0 && s.published.get(uri)!.at(-1)!.version === 2);
    expect(current!.range.start.line).toBe(old!.range.start.line + 1);
    const ask = async (d: Diagnostic) =>
      ((await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[]).filter((a) => a.kind === 'quickfix');
    expect(await ask(old!)).toEqual([]);
    const fixes = await ask(current!);
    expect(fixes.length).toBeGreaterThan(1);
    const text = `# Pricing\nIntro.\n\nTry the unlimited GPT Image 2 API (gpt-image-2) today.\n`;
    const official = fixes.find((a) => /official API route/.test(a.title))!;
    expect(apply(text, official.edit!.changes![uri]!)).toBe('# Pricing\nIntro.\n\nTry the GPT Image 2 through the official OpenAI API, billed per token (gpt-image-2) today.\n');
  });

  it('hovers with the route card and the dated facts', async () => {
    const s = await start({ pull: false });
    const uri = s.open('page.md', '# FAQ\n\nGet a free OpenAI API key for gpt-image-2 here.\n');
    const diags = await s.waitFor(uri, (x) => x.some((d) => d.code === 'free-official-api'));
    const d = diags.find((x) => x.code === 'free-official-api')!;
    const hover = (await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { kind: string; value: string } };
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value).toMatch(/\| owner \| the model vendor \(OpenAI\) \|/);
    expect(hover.contents.value).toMatch(/checked 2026-05-04/);
  });

  it('re-lints open documents when .routelint.yaml changes, and shows a broken config in the config file', async () => {
    const s = await start({ pull: false });
    const uri = s.open('page.md', EN);
    await s.waitFor(uri, (x) => x.some((d) => d.severity === 1));
    const config = join(s.dir, '.routelint.yaml');
    const configUri = pathToFileURL(config).toString();
    writeFileSync(config, 'rules:\n  unlimited-claim: warning\n');
    s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    await s.waitFor(uri, (x) => x.length === 1 && x[0]!.severity === 2);
    // A broken config: an error at its line, and the last good config stays in force.
    writeFileSync(config, 'rules:\n  unlimited-claim: loud\n');
    s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const [err] = await s.waitFor(configUri, (x) => x.length > 0);
    expect(err).toMatchObject({ code: 'config-error', severity: 1 });
    expect(err!.range.start.line).toBe(1);
    const again = await s.waitFor(uri, () => true);
    expect(again[0]!.severity).toBe(2);
  });

  it('clears diagnostics on close, keeps versions in order, and survives malformed requests', async () => {
    const s = await start({ pull: false });
    const uri = s.open('page.md', EN);
    await s.waitFor(uri, (x) => x.length > 0);
    s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 18 } }, text: '' }],
    });
    const after = await s.waitFor(uri, (x) => x.every((d) => d.code !== 'unlimited-claim'));
    expect(after.map((d) => d.code)).not.toContain('unlimited-claim');
    const versions = s.published.get(uri)!.map((p) => p.version ?? 0);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    await expect(s.conn.sendRequest('textDocument/codeAction', { nonsense: true })).resolves.toBeDefined();
    await expect(s.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope.md' }, position: { line: -1, character: 'x' } })).resolves.toBeNull();
    s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await s.waitFor(uri, (x) => x.length === 0);
    // Still alive.
    const again = s.open('again.md', EN);
    await s.waitFor(again, (x) => x.length > 0);
  });

  it('lints the workspace with progress, honouring ignores', async () => {
    const s = await start({ pull: false, files: { 'a.md': EN, 'b.md': ES, 'vendor.md': EN, '.routelint.yaml': 'ignore: ["vendor.md"]\n' } });
    const result = (await s.conn.sendRequest('workspace/executeCommand', { command: 'routelint.server.lintWorkspace', arguments: [] })) as { files: number };
    expect(result.files).toBe(3);
    expect(s.published.get(pathToFileURL(join(s.dir, 'a.md')).toString())?.at(-1)?.diagnostics.length).toBeGreaterThan(0);
    expect(s.published.get(pathToFileURL(join(s.dir, 'vendor.md')).toString())).toBeUndefined();
  });
});
