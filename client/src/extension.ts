// The VS Code client: start the bundled language server, show its state, forward three commands.
// No lint logic here: every finding comes from the server, which calls the same engine as the CLI.
import { readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The language ids of the formats routelint reads (the server decides the format from the file name). */
export const LANGUAGES = [
  'markdown',
  'mdx',
  'plaintext',
  'html',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'yaml',
  'json',
  'jsonc',
  'toml',
  'dotenv',
];
/** Files whose language id varies with the extensions installed (`.env` is "dotenv", "properties", "ini" or "shellscript"). */
export const FILE_PATTERNS = ['**/.env', '**/.env.*', '**/*.env'];
export const DOCUMENT_SELECTOR = [
  ...LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];
const LINT_WORKSPACE = 'routelint.lintWorkspace';
/** The server's own command id (vscode-languageclient registers it; ours forwards to it). */
const SERVER_LINT_WORKSPACE = 'routelint.server.lintWorkspace';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('routelint', { log: true });
  const server = { module: context.asAbsolutePath('dist/server.js'), transport: TransportKind.ipc };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'routelint' },
    outputChannel: output,
  };
  const c = (client = new LanguageClient('routelint', 'routelint', serverOptions, clientOptions));

  const status = vscode.window.createStatusBarItem('routelint.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'routelint';
  let state = 'starting';
  const render = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const count = doc ? vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'routelint').length : 0;
    if (state === 'running') {
      status.text = `${count ? '$(warning)' : '$(check)'} routelint: ${count}`;
      status.command = 'workbench.actions.view.problems';
    } else {
      status.text = `${state === 'starting' ? '$(sync~spin)' : '$(circle-slash)'} routelint: ${state}`;
      status.command = state === 'stopped' ? 'routelint.restartServer' : undefined;
    }
    status.tooltip = `routelint server: ${state}${doc && state === 'running' ? ` · ${count} problem(s) in this file` : ''}`;
  };
  render();
  status.show();

  context.subscriptions.push(
    output,
    status,
    c.onDidChangeState((e) => {
      state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
      output.info(`server ${state}`);
      render();
    }),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc && e.uris.some((u) => u.toString() === doc.uri.toString())) render();
    }),
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.commands.registerCommand(LINT_WORKSPACE, async () => {
      if (!c.isRunning()) return void vscode.window.showWarningMessage(`routelint: the server is ${state}; try "routelint: Restart server".`);
      const r = await c.sendRequest(ExecuteCommandRequest.type, { command: SERVER_LINT_WORKSPACE, arguments: [] });
      const summary = r && typeof r === 'object' ? `${r.files} files, ${r.findings} problems` : 'done';
      output.info(`lint workspace: ${summary}`);
      void vscode.window.showInformationMessage(`routelint: ${summary}.`);
    }),
    vscode.commands.registerCommand('routelint.openRuleDocs', async (id?: string) => {
      const url = typeof id === 'string' ? ruleUrl(context, id) : (docsUnderCursor() ?? (await pickRule(context)));
      if (url) await vscode.env.openExternal(url);
    }),
    vscode.commands.registerCommand('routelint.restartServer', async () => {
      output.info('restarting the server');
      await (c.needsStop() ? c.restart() : c.start());
    }),
  );
  c.start().catch((e: unknown) => output.error(`routelint: the server did not start: ${String(e)}`));
}

/** The rule page of the routelint diagnostic under the cursor (the server sets codeDescription). */
function docsUnderCursor(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const at = editor.selection.active;
  for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (d.source !== 'routelint' || !d.range.contains(at)) continue;
    if (d.code && typeof d.code === 'object' && d.code.target) return d.code.target;
  }
  return undefined;
}

function ruleUrl(context: vscode.ExtensionContext, id: string): vscode.Uri {
  const repo = String(context.extension.packageJSON?.repository?.url ?? 'https://github.com/routelint/routelint').replace(/\.git$/, '');
  return vscode.Uri.parse(`${repo}/blob/main/docs/rules/${id}.md`);
}

/** The shipped rule ids are the file names under rules/claims (read on demand, not at activation). */
async function pickRule(context: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  let ids: string[] = [];
  try {
    ids = readdirSync(context.asAbsolutePath('rules/claims')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  } catch {
    // no rules folder: only config-error remains
  }
  const id = await vscode.window.showQuickPick([...ids, 'config-error'], { placeHolder: 'routelint: open the docs of a rule' });
  return id ? ruleUrl(context, id) : undefined;
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.needsStop()) await c.stop();
}
