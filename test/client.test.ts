// The VS Code client against a vscode mock: what it starts, what it registers, what it shows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (e?: unknown) => unknown;
interface Pos { line: number; character: number }
interface FakeDiagnostic { source?: string; range: { contains(p: Pos): boolean }; code?: unknown }

// Shared between the mocks (hoisted above the imports) and the tests.
const h = vi.hoisted(() => {
  const State = { Stopped: 1, Running: 2, Starting: 3 } as const;
  const uri = (s: string) => ({ toString: () => s, fsPath: s });
  return {
    State,
    uri,
    commands: new Map<string, (...args: unknown[]) => unknown>(),
    diagnostics: new Map<string, FakeDiagnostic[]>(),
    listeners: { diagnostics: [] as Listener[], editor: [] as Listener[], state: [] as Listener[] },
    statusBar: { text: '', tooltip: '' as unknown, command: undefined as unknown, name: '', show: vi.fn(), dispose: vi.fn() },
    output: { info: vi.fn(), error: vi.fn(), appendLine: vi.fn(), dispose: vi.fn() },
    window: {
      activeTextEditor: undefined as undefined | { document: { uri: ReturnType<typeof uri> }; selection: { active: Pos } },
    },
    openExternal: vi.fn(async (_url: unknown) => true),
    showQuickPick: vi.fn(async (_items: string[]): Promise<string | undefined> => undefined),
    showInformationMessage: vi.fn(),
    showWarningMessage: vi.fn(),
    clients: [] as Array<{
      id: string;
      name: string;
      serverOptions: any;
      clientOptions: any;
      features: any[];
      state: number;
      start: ReturnType<typeof vi.fn>;
      stop: ReturnType<typeof vi.fn>;
      restart: ReturnType<typeof vi.fn>;
      sendRequest: ReturnType<typeof vi.fn>;
      setState(s: number): void;
    }>,
  };
});

vi.mock('vscode', () => {
  const disposable = { dispose: () => undefined };
  const on = (list: Listener[]) => (l: Listener) => (list.push(l), disposable);
  return {
    StatusBarAlignment: { Left: 1, Right: 2 },
    Uri: { parse: (s: string) => h.uri(s) },
    window: {
      createOutputChannel: vi.fn(() => h.output),
      createStatusBarItem: vi.fn(() => h.statusBar),
      get activeTextEditor() {
        return h.window.activeTextEditor;
      },
      onDidChangeActiveTextEditor: on(h.listeners.editor),
      showQuickPick: h.showQuickPick,
      showInformationMessage: h.showInformationMessage,
      showWarningMessage: h.showWarningMessage,
    },
    languages: {
      getDiagnostics: (u: { toString(): string }) => h.diagnostics.get(u.toString()) ?? [],
      onDidChangeDiagnostics: on(h.listeners.diagnostics),
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        // As in VS Code: a second registration of an id throws.
        if (h.commands.has(id)) throw new Error(`command '${id}' already exists`);
        h.commands.set(id, fn);
        return { dispose: () => h.commands.delete(id) };
      },
    },
    env: { openExternal: h.openExternal },
  };
});

vi.mock('vscode-languageclient/node', () => {
  class LanguageClient {
    features: any[] = [];
    state: number = h.State.Stopped;
    start = vi.fn(async () => this.setState(h.State.Starting));
    stop = vi.fn(async () => this.setState(h.State.Stopped));
    restart = vi.fn(async () => {
      await this.stop();
      await this.start();
    });
    sendRequest = vi.fn(async () => ({ files: 3, findings: 5 }));
    constructor(
      public id: string,
      public name: string,
      public serverOptions: unknown,
      public clientOptions: unknown,
    ) {
      h.clients.push(this as never);
    }
    registerFeature(f: unknown) {
      this.features.push(f);
    }
    onDidChangeState(l: Listener) {
      h.listeners.state.push(l);
      return { dispose: () => undefined };
    }
    setState(s: number) {
      const oldState = this.state;
      this.state = s;
      for (const l of h.listeners.state) l({ oldState, newState: s });
    }
    isRunning() {
      return this.state === h.State.Running;
    }
    needsStop() {
      return this.state === h.State.Running || this.state === h.State.Starting;
    }
  }
  return {
    LanguageClient,
    State: h.State,
    TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 },
    ExecuteCommandRequest: { type: { method: 'workspace/executeCommand' } },
  };
});

import { activate, deactivate } from '../client/src/extension.js';

const ROOT = resolve(__dirname, '..');
const DOC = 'file:///w/pricing.md';
const context = () => ({
  subscriptions: [] as Array<{ dispose(): void }>,
  asAbsolutePath: (p: string) => resolve(ROOT, p),
  extension: { packageJSON: { repository: { url: 'https://github.com/routelint/routelint' } } },
});
const range = (line: number, from: number, to: number) => ({
  contains: (p: Pos) => p.line === line && p.character >= from && p.character <= to,
});
const diagnostic = (id: string, line: number, from: number, to: number): FakeDiagnostic => ({
  source: 'routelint',
  range: range(line, from, to),
  code: { value: id, target: h.uri(`https://github.com/routelint/routelint/blob/main/docs/rules/${id}.md`) },
});
const fireDiagnostics = (...uris: string[]) => h.listeners.diagnostics.forEach((l) => l({ uris: uris.map(h.uri) }));

let ctx: ReturnType<typeof context>;
let activationMs = 0;

beforeEach(async () => {
  await deactivate();
  h.commands.clear();
  h.diagnostics.clear();
  h.clients.length = 0;
  for (const list of Object.values(h.listeners)) list.length = 0;
  h.window.activeTextEditor = { document: { uri: h.uri(DOC) }, selection: { active: { line: 0, character: 0 } } };
  vi.clearAllMocks();
  ctx = context();
  const t0 = performance.now();
  activate(ctx as never);
  activationMs = performance.now() - t0;
});

const client = () => h.clients[0]!;

describe('the VS Code client', () => {
  it('starts the bundled server module over IPC for the documents of every format routelint reads', () => {
    expect(h.clients).toHaveLength(1);
    const c = client();
    const server = { module: resolve(ROOT, 'dist/server.js'), transport: 1 };
    expect(c.serverOptions).toEqual({ run: server, debug: server });
    const selector = c.clientOptions.documentSelector;
    const languages = ['markdown', 'mdx', 'plaintext', 'html', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'yaml', 'json', 'jsonc', 'toml', 'dotenv'];
    for (const language of languages) {
      expect(selector).toContainEqual({ scheme: 'file', language });
      expect(selector).toContainEqual({ scheme: 'untitled', language });
    }
    // .env files get a language id that depends on the extensions installed: selected by name
    for (const pattern of ['**/.env', '**/.env.*', '**/*.env']) expect(selector).toContainEqual({ scheme: 'file', pattern });
    expect(selector).toHaveLength(languages.length * 2 + 3);
    // the extension activates for each of them
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] };
    for (const language of languages) expect(pkg.activationEvents).toContain(`onLanguage:${language}`);
    expect(c.clientOptions.synchronize).toEqual({ configurationSection: 'routelint' });
    expect(c.clientOptions.outputChannel).toBe(h.output);
    expect(c.start).toHaveBeenCalledTimes(1);
  });

  it('registers the three commands that package.json contributes', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(contributed).toEqual(['routelint.lintWorkspace', 'routelint.openRuleDocs', 'routelint.restartServer']);
    expect([...h.commands.keys()].sort()).toEqual(contributed);
  });

  it('lint workspace sends workspace/executeCommand to a running server and reports the counts', async () => {
    client().setState(h.State.Running);
    await h.commands.get('routelint.lintWorkspace')!();
    expect(client().sendRequest).toHaveBeenCalledWith({ method: 'workspace/executeCommand' }, { command: 'routelint.server.lintWorkspace', arguments: [] });
    expect(h.showInformationMessage).toHaveBeenCalledWith('routelint: 3 files, 5 problems.');
  });

  it('lint workspace asks for a restart instead of sending when the server is not running', async () => {
    client().setState(h.State.Stopped);
    await h.commands.get('routelint.lintWorkspace')!();
    expect(client().sendRequest).not.toHaveBeenCalled();
    expect(h.showWarningMessage).toHaveBeenCalledWith(expect.stringContaining('Restart server'));
  });

  it('open rule docs opens the page of the routelint diagnostic under the cursor', async () => {
    h.diagnostics.set(DOC, [
      { source: 'markdownlint', range: range(2, 0, 40), code: { value: 'MD001', target: h.uri('https://example.invalid/md001') } },
      diagnostic('unlimited-claim', 2, 5, 24),
      diagnostic('undated-claim', 4, 0, 10),
    ]);
    h.window.activeTextEditor!.selection.active = { line: 2, character: 10 };
    await h.commands.get('routelint.openRuleDocs')!();
    expect(h.showQuickPick).not.toHaveBeenCalled();
    expect(h.openExternal).toHaveBeenCalledTimes(1);
    expect(String(h.openExternal.mock.calls[0]![0])).toBe('https://github.com/routelint/routelint/blob/main/docs/rules/unlimited-claim.md');
  });

  it('open rule docs offers a pick of the shipped rules when no routelint diagnostic is under the cursor', async () => {
    h.showQuickPick.mockResolvedValueOnce('shared-key');
    await h.commands.get('routelint.openRuleDocs')!();
    const items = h.showQuickPick.mock.calls[0]![0];
    expect(items).toContain('unlimited-claim');
    expect(items).toContain('config-error');
    expect(items.length).toBeGreaterThanOrEqual(12);
    expect(String(h.openExternal.mock.calls[0]![0])).toBe('https://github.com/routelint/routelint/blob/main/docs/rules/shared-key.md');
  });

  it('open rule docs opens nothing when the pick is dismissed, and takes a rule id as argument', async () => {
    await h.commands.get('routelint.openRuleDocs')!();
    expect(h.openExternal).not.toHaveBeenCalled();
    await h.commands.get('routelint.openRuleDocs')!('model-label');
    expect(String(h.openExternal.mock.calls[0]![0])).toBe('https://github.com/routelint/routelint/blob/main/docs/rules/model-label.md');
  });

  it('restart server restarts a running client and starts a stopped one', async () => {
    client().setState(h.State.Running);
    await h.commands.get('routelint.restartServer')!();
    expect(client().restart).toHaveBeenCalledTimes(1);
    client().setState(h.State.Stopped);
    client().start.mockClear();
    await h.commands.get('routelint.restartServer')!();
    expect(client().start).toHaveBeenCalledTimes(1);
  });

  it('shows the server state, then the count of routelint problems in the active file', () => {
    expect(h.statusBar.show).toHaveBeenCalled();
    expect(h.statusBar.text).toContain('routelint: starting');
    client().setState(h.State.Running);
    expect(h.statusBar.text).toContain('routelint: 0');
    h.diagnostics.set(DOC, [diagnostic('unlimited-claim', 0, 0, 5), diagnostic('no-key-claim', 1, 0, 5), { source: 'cSpell', range: range(3, 0, 1) }]);
    fireDiagnostics('file:///w/other.md');
    expect(h.statusBar.text).toContain('routelint: 0'); // another file's diagnostics changed
    fireDiagnostics(DOC);
    expect(h.statusBar.text).toContain('routelint: 2');
    expect(h.statusBar.tooltip).toContain('running');

    h.diagnostics.set('file:///w/clean.md', []);
    h.window.activeTextEditor = { document: { uri: h.uri('file:///w/clean.md') }, selection: { active: { line: 0, character: 0 } } };
    h.listeners.editor.forEach((l) => l(h.window.activeTextEditor));
    expect(h.statusBar.text).toContain('routelint: 0');

    client().setState(h.State.Stopped);
    expect(h.statusBar.text).toContain('routelint: stopped');
    expect(h.statusBar.command).toBe('routelint.restartServer');
  });

  it('disposes its output channel, status bar item, listeners and commands with the extension', () => {
    expect(ctx.subscriptions.length).toBeGreaterThanOrEqual(8);
    for (const d of ctx.subscriptions) d.dispose();
    expect(h.commands.size).toBe(0);
    expect(h.statusBar.dispose).toHaveBeenCalled();
    expect(h.output.dispose).toHaveBeenCalled();
  });

  it('deactivate stops the client', async () => {
    client().setState(h.State.Running);
    await deactivate();
    expect(client().stop).toHaveBeenCalledTimes(1);
  });

  it('activates in well under 100 ms (the server starts in the background)', () => {
    expect(activationMs).toBeLessThan(100);
  });
});
