// The language server process: `routelint lsp --stdio`, or node dist/server.js --node-ipc when the
// VS Code extension starts it. The transport comes from the command line.
import { watch } from 'node:fs';
import { posix } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { REPOSITORY_URL, today, VERSION } from '../node/clock.js';
import { nodeFs } from '../node/fs.js';
import { loadBuiltinPacks } from '../node/rules.js';
import { RoutelintServer } from './server.js';

export function runServer(): void {
  const connection = createConnection(ProposedFeatures.all);
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
