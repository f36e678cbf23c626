// The stdio transport's JSON encoding and writer. A message is JSON.stringify'd, except that a
// message carrying a document's diagnostics (a publishDiagnostics notification, a full document
// diagnostic report) is put together from each diagnostic's bytes, kept per diagnostic object. The
// server hands back the same object for a diagnostic that did not change (server.ts diagnosticsOf), so
// a keystroke in a document with hundreds of findings encodes only the few that moved, not ~170 KB
// of JSON (a string, then its UTF-8 copy: most of a publish's time and garbage). The bytes are exactly
// JSON.stringify's. Diagnostics are never changed once made; a changed one would be a new object.
// (The IPC transport that VS Code uses serializes inside Node's process.send: it keeps the default.)
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

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

export interface DiagnosticsEncoder {
  /** Diagnostics encoded, and of those, taken from the per-object cache (for tests and benchmarks). */
  readonly stats: { encoded: number; reused: number };
  /** The message's JSON as UTF-8 pieces to write in order (throws what JSON.stringify throws). */
  pieces(msg: Message): Buffer[];
}

export function diagnosticsEncoder(): DiagnosticsEncoder {
  const bytes = new WeakMap<object, Buffer>();
  const stats = { encoded: 0, reused: 0 };
  const pieces = (msg: Message): Buffer[] => {
    const at = diagnosticsIn(msg);
    if (!at) return [Buffer.from(JSON.stringify(msg, undefined, 0), 'utf-8')];
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
    return parts;
  };
  return { stats, pieces };
}

/**
 * The stdio writer: each message as one write of its header and body. (vscode-jsonrpc's stream writer
 * writes the body only once the header's write has called back: one event-loop turn later, after
 * whatever the server does next, a garbage collection or the next lint. The client waited for it.)
 * Messages go out in the order written; a failed write is reported as vscode-jsonrpc's writer does.
 */
export class StdioMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    readonly encoder: DiagnosticsEncoder = diagnosticsEncoder(),
  ) {
    super();
    stream.on('error', (e: Error) => this.fireError(e));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let body: Buffer[];
    try {
      body = this.encoder.pieces(msg);
    } catch (e) {
      this.fireError(e, msg, ++this.errors);
      return Promise.reject(e);
    }
    const length = body.reduce((n, b) => n + b.byteLength, 0);
    const bytes = Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii'), ...body]);
    return new Promise((resolve, reject) => {
      this.stream.write(bytes, (error) => {
        if (error) {
          this.fireError(error, msg, ++this.errors);
          reject(error);
        } else resolve();
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
