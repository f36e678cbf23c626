// The stdio encoder (server/src/lsp/encoder.ts): the bytes of every message are JSON.stringify's, and a
// diagnostic object seen before is not encoded again.
import { describe, expect, it } from 'vitest';
import type { Message } from 'vscode-languageserver/node';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader } from 'vscode-languageserver/node';
import { diagnosticsEncoder, StdioMessageWriter } from '../server/src/lsp/encoder.js';

const diag = (line: number, message: string, extra: object = {}) => ({
  range: { start: { line, character: 2 }, end: { line, character: 17 } },
  severity: 2,
  code: 'unlimited-claim',
  codeDescription: { href: 'https://github.com/routelint/routelint/blob/main/docs/rules/unlimited-claim.md' },
  source: 'routelint',
  message,
  data: { ruleId: 'unlimited-claim', fixes: [{ label: 'Rewrite', edits: [{ newText: 'GPT Image 2 (gpt-image-2) API' }], preferred: true }] },
  ...extra,
});

const publish = (diagnostics: object[], version: number): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/%EA%B0%80.md', version, diagnostics } }) as Message;

async function bytes(enc: ReturnType<typeof diagnosticsEncoder>, msg: Message): Promise<string> {
  return Buffer.concat(enc.pieces(msg)).toString('latin1');
}
const expected = (msg: unknown) => Buffer.from(JSON.stringify(msg), 'utf-8').toString('latin1');

describe('diagnostics encoder', () => {
  const many = [
    diag(0, '"unlimited" promises what no route gives (implied route: official API).'),
    diag(3, '"무제한 GPT Image 2 API"는 어떤 경로도 주지 않는 것을 약속합니다 — 🚀 \u2028 "quoted" \\ back'),
    diag(7, '«sin límites» ¿gratis? No.', { tags: undefined, relatedInformation: [] }),
    diag(9, 'control \u0001 chars \t and lone surrogate \ud800'),
  ];

  it('writes publishDiagnostics, full reports and every other message exactly as JSON.stringify does', async () => {
    const enc = diagnosticsEncoder();
    const messages: unknown[] = [
      publish(many, 7),
      publish([], 8),
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a.md', diagnostics: many } },
      { jsonrpc: '2.0', id: 3, result: { kind: 'full', resultId: '12', items: many } },
      { jsonrpc: '2.0', id: 4, result: { kind: 'full', items: [] } },
      { jsonrpc: '2.0', id: 5, result: { kind: 'unchanged', resultId: '12' } },
      { jsonrpc: '2.0', id: 6, result: [{ title: 'Fix', kind: 'quickfix' }] },
      { jsonrpc: '2.0', id: 7, result: null },
      { jsonrpc: '2.0', id: 8, error: { code: -32800, message: 'cancelled' } },
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'hi ✓' } },
      // the list not last in its object, or its object not last in the message: the plain path
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { diagnostics: many, uri: 'file:///w/a.md' } },
      { jsonrpc: '2.0', id: 9, result: { kind: 'full', items: many }, extra: 1 },
      // a list holding something other than objects: the plain path
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a.md', diagnostics: [1, null, 'x'] } },
    ];
    for (const m of messages) {
      expect(await bytes(enc, m as Message), JSON.stringify(m).slice(0, 80)).toBe(expected(m));
      expect(JSON.parse(Buffer.concat(enc.pieces(m as Message)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(m)));
    }
  });

  it('encodes a diagnostic object once, and a new object again', async () => {
    const enc = diagnosticsEncoder();
    await bytes(enc, publish(many, 1));
    expect(enc.stats).toEqual({ encoded: 4, reused: 0 });
    // The next publish keeps three objects and makes one new (another message at the same place).
    const next = [many[0]!, many[1]!, diag(7, 'changed'), many[3]!];
    const msg = publish(next, 2);
    expect(await bytes(enc, msg)).toBe(expected(msg));
    expect(enc.stats).toEqual({ encoded: 8, reused: 3 });
    // A pull report shares the cache.
    const report = { jsonrpc: '2.0', id: 1, result: { kind: 'full', items: next } } as unknown as Message;
    expect(await bytes(enc, report)).toBe(expected(report));
    expect(enc.stats).toEqual({ encoded: 12, reused: 7 });
  });

  it('throws what JSON cannot hold', () => {
    const enc = diagnosticsEncoder();
    const loop: Record<string, unknown> = { range: many[0]!.range };
    loop.self = loop;
    expect(() => enc.pieces(publish([loop], 2))).toThrow(/circular/i);
    expect(() => enc.pieces({ jsonrpc: '2.0', method: 'x', params: loop } as unknown as Message)).toThrow(/circular/i);
  });

  it('writes each message as one write of header and body, in order, readable by vscode-jsonrpc', async () => {
    const out = new PassThrough();
    const writes: Buffer[] = [];
    out.on('data', (b: Buffer) => writes.push(b));
    const writer = new StdioMessageWriter(out);
    const sent = [publish(many, 1), { jsonrpc: '2.0', id: 1, result: { kind: 'full', items: many } }, { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: '가격 ✓' } }] as Message[];
    for (const m of sent) await writer.write(m);
    expect(writes).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      const text = writes[i]!.toString('utf8');
      const body = Buffer.from(JSON.stringify(sent[i]));
      expect(text.startsWith(`Content-Length: ${body.byteLength}\r\n\r\n`)).toBe(true);
      expect(writes[i]!.subarray(writes[i]!.byteLength - body.byteLength).equals(body)).toBe(true);
    }
    // read back by vscode-jsonrpc's own reader
    const back = new PassThrough();
    const got: unknown[] = [];
    new StreamMessageReader(back).listen((m) => got.push(m));
    for (const w of writes) back.write(w);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(sent.map((m) => JSON.parse(JSON.stringify(m))));
  });

  it('reports a failed write or encoding as an error of the writer, and rejects', async () => {
    const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('EPIPE')) });
    broken.on('error', () => undefined);
    const writer = new StdioMessageWriter(broken);
    const errors: unknown[] = [];
    writer.onError(([e]) => errors.push(e));
    await expect(writer.write(publish(many, 1))).rejects.toThrow('EPIPE');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    await expect(writer.write({ jsonrpc: '2.0', method: 'x', params: loop } as unknown as Message)).rejects.toThrow(/circular/i);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});
