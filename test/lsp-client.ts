// A language-server client for tests: the built server as a child process over stdio, diagnostics by
// push (debounce 0), every published set kept by URI, log messages and stderr collected.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const BIN = join(process.cwd(), 'dist/routelint.js');

export interface PushSession {
  conn: ProtocolConnection;
  proc: ChildProcess;
  /** The last diagnostics published for each URI. */
  got: Map<string, PublishDiagnosticsParams>;
  /** window/logMessage, window/showMessage and $/logTrace text, and the server's stderr, so far. */
  logs(): string;
  stderr(): string;
  /** Open `name` (relative to the folder) with this text; returns its URI. */
  open(name: string, text: string): string;
  /** Wait until every URI has had diagnostics published. */
  waitAll(uris: string[], ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPushSession(dir: string, opts: { extraCapabilities?: object; settings?: object; trace?: boolean } = {}): Promise<PushSession> {
  const proc = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const got = new Map<string, PublishDiagnosticsParams>();
  const waiters: Array<() => void> = [];
  let logs = '';
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    got.set(p.uri, p);
    waiters.splice(0).forEach((w) => w());
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs += `${p.message}\n`;
  });
  conn.onNotification('window/showMessage', (p: { message: string }) => {
    logs += `${p.message}\n`;
  });
  conn.onNotification('$/logTrace', (p: { message: string; verbose?: string }) => {
    logs += `${p.message} ${p.verbose ?? ''}\n`;
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ debounceMs: 0, ...(opts.settings ?? {}) })));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'fixture' }],
    ...(opts.trace ? { trace: 'verbose' } : {}),
    capabilities: {
      textDocument: { publishDiagnostics: { versionSupport: true }, ...(opts.extraCapabilities ?? {}) },
      workspace: { configuration: true },
    },
  });
  conn.sendNotification('initialized', {});
  if (opts.trace) await conn.sendNotification('$/setTrace', { value: 'verbose' });
  return {
    conn,
    proc,
    got,
    logs: () => logs,
    stderr: () => stderr,
    open(name, text) {
      const uri = pathToFileURL(join(dir, name)).toString();
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
      return uri;
    },
    waitAll: (uris, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uris.filter((u) => !got.has(u)).join(', ')}`)), ms);
        const check = () => {
          if (uris.every((u) => got.has(u))) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    async close() {
      await Promise.race([conn.sendRequest('shutdown').catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      conn.sendNotification('exit');
      setTimeout(() => proc.kill(), 2000).unref();
      conn.dispose();
    },
  };
}
