// The JSON encoder of the stream transports (stdio, socket, pipe): vscode-jsonrpc's own, except that a
// message carrying a document's diagnostics (a publishDiagnostics notification, a full document
// diagnostic report) is put together from each diagnostic's bytes, kept per diagnostic object. The
// server hands back the same object for a diagnostic that did not change (server.ts diagnosticsOf), so
// a keystroke in a document with hundreds of findings encodes only the few that moved, not ~170 KB
// of JSON (a string, then its UTF-8 copy: most of a publish's time and garbage). The bytes are exactly
// JSON.stringify's. Diagnostics are never changed once made; a changed one would be a new object.
// (The IPC transport that VS Code uses serializes inside Node's process.send: it keeps the default.)
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';

const COMMA = Buffer.from(',');

/**
 * Where a message keeps a list of diagnostics, or null: the list must be the last key of `params` (or
 * `result`), and that the last key of the message, so that splicing it in at the end keeps
 * JSON.stringify's key order. (vscode-jsonrpc builds notifications and responses so.)
 */
function diagnosticsIn(msg: Message): { list: unknown[]; outer: 'params' | 'result'; key: 'diagnostics' | 'items' } | null {
  const m = msg as unknown as Record<string, unknown>;
  const at = m.method === 'textDocument/publishDiagnostics' ? ({ outer: 'params', key: 'diagnostics' } as const) : 'result' in m ? ({ outer: 'result', key: 'items' } as const) : null;
  const outer = at && m[at.outer];
  if (!at || !isRecord(outer) || (at.key === 'items' && outer.kind !== 'full')) return null;
  const list = outer[at.key];
  if (!Array.isArray(list) || !list.every(isRecord) || last(m) !== at.outer || last(outer) !== at.key) return null;
  return { list, ...at };
}

function last(o: object): string | undefined {
  const keys = Object.keys(o);
  return keys[keys.length - 1];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `{"a":1}` + key → `{"a":1,"key":` (or `{"key":` for `{}`). */
function openWith(json: string, key: string): string {
  return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}${JSON.stringify(key)}:`;
}

export type DiagnosticsEncoder = ContentTypeEncoder & {
  /** Diagnostics encoded, and of those, taken from the per-object cache (for tests and benchmarks). */
  readonly stats: { encoded: number; reused: number };
};

export function diagnosticsEncoder(): DiagnosticsEncoder {
  const bytes = new WeakMap<object, Buffer>();
  const stats = { encoded: 0, reused: 0 };
  const encode = (msg: Message, charset: string): Buffer => {
    const at = /^utf-?8$/i.test(charset) ? diagnosticsIn(msg) : null;
    if (!at) return Buffer.from(JSON.stringify(msg, undefined, 0), charset as BufferEncoding);
    // The message without the list, then the list spliced in where it was (the last key of both).
    const { [at.outer]: outer, ...rest } = msg as unknown as Record<string, Record<string, unknown>>;
    const { [at.key]: _list, ...inner } = outer!;
    const head = openWith(openWith(JSON.stringify(rest), at.outer) + JSON.stringify(inner), at.key) + '[';
    const parts: Buffer[] = [Buffer.from(head)];
    at.list.forEach((d, i) => {
      let b = bytes.get(d as object);
      stats.encoded++;
      if (b) stats.reused++;
      else bytes.set(d as object, (b = Buffer.from(JSON.stringify(d))));
      if (i) parts.push(COMMA);
      parts.push(b);
    });
    parts.push(Buffer.from(']}}'));
    return Buffer.concat(parts);
  };
  return {
    name: 'application/json',
    stats,
    encode: (msg: Message, options: ContentTypeEncoderOptions) => {
      try {
        return Promise.resolve(encode(msg, options.charset ?? 'utf-8'));
      } catch (e) {
        return Promise.reject(e);
      }
    },
  };
}
