// The language server process: `routelint lsp --stdio`, or node dist/server.js --node-ipc when the
// VS Code extension starts it. The transport comes from the command line.
import { watch } from 'node:fs';
import { posix } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeFs } from '../node/fs.js';
import { loadBuiltinPacks } from '../node/rules.js';
import { RoutelintServer } from './server.js';

declare const ROUTELINT_VERSION: string;
declare const ROUTELINT_REPOSITORY: string;

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function runServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  let packs: ReturnType<typeof loadBuiltinPacks> | null = null;
  new RoutelintServer(connection, {
    fs: nodeFs,
    builtinPacks: () => (packs ??= loadBuiltinPacks()),
    today,
    version: typeof ROUTELINT_VERSION === 'string' ? ROUTELINT_VERSION : 'dev',
    repositoryUrl: typeof ROUTELINT_REPOSITORY === 'string' ? ROUTELINT_REPOSITORY : 'https://github.com/routelint/routelint',
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
