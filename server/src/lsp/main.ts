// The language server process: `routelint lsp --stdio`, or node dist/server.js --node-ipc when the
// VS Code extension starts it. The transport comes from the command line.
import { watch } from 'node:fs';
import { posix } from 'node:path';
import { format } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { REPOSITORY_URL, today, VERSION } from '../node/clock.js';
import { nodeFs } from '../node/fs.js';
import { loadBuiltinPacks } from '../node/rules.js';
import { StdioMessageWriter } from './encoder.js';
import { RoutelintServer } from './server.js';

/**
 * The connection the command line asks for. Over stdio the replies are written by our writer and
 * encoder (encoder.ts: one write per message, unchanged diagnostics' bytes kept);
 * vscode-languageserver still reads stdin itself (and exits when it ends), but no
 * longer keeps stdout free of console output for us: console.* goes to stderr, which LSP clients log.
 */
function connect(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    console[level] = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  }
  const writer = new StdioMessageWriter(process.stdout);
  // (a stream and a writer: vscode-languageserver accepts each of them for either side)
  return createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
}

export function runServer(): void {
  // A young generation that does not grow: compiling the rules (a burst of long-lived objects) would
  // otherwise leave about 30 MB of it committed for the life of an editor session (bench/RESULTS.md).
  setFlagsFromString('--semi-space-growth-factor=1');
  const connection = connect();
  let packs: ReturnType<typeof loadBuiltinPacks> | null = null;
  new RoutelintServer(connection, {
    fs: nodeFs,
    builtinPacks: () => (packs ??= loadBuiltinPacks()),
    today,
    version: VERSION,
    repositoryUrl: REPOSITORY_URL,
    // Clients without file watching: watch the workspace folders ourselves.
    watch: (folder, onChange) => {
      try {
        const w = watch(folder, { recursive: true }, (_e, name) => name && onChange(posix.join(folder, String(name).split('\\').join('/'))));
        return () => w.close();
      } catch {
        return () => undefined;
      }
    },
  }).listen();
}
