// The language server: the same engine call as the CLI (lintText with the nearest .routelint.yaml),
// positions converted once here, at the edge. Handlers are short: find the document, delegate, return.
import { posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigResolver, type Resolved } from '../cli/configs.js';
import { FileCollector } from '../cli/files.js';
import { fixUntilStable } from '../cli/fix.js';
import type { CliFs } from '../cli/main.js';
import { defaultConfig, ConfigView } from '../config/config.js';
import { compileRules } from '../engine/compile.js';
import { lintBytes, lintText, type LintOptions } from '../engine/engine.js';
import { formatOf } from '../engine/extract/index.js';
import { LintMemo } from '../engine/memo.js';
import { disableLineComment } from '../engine/extract/comments.js';
import type { LoadedPack } from '../engine/packs.js';
import { PackError } from '../engine/packs.js';
import type { Finding, Severity } from '../engine/types.js';
import { readSettings, type Settings } from './settings.js';

export interface ServerOptions {
  fs: CliFs;
  builtinPacks: () => LoadedPack[];
  /** YYYY-MM-DD, read by the caller (the engine never reads the clock). */
  today: () => string;
  repositoryUrl: string;
  version: string;
  /** Fallback watcher when the client cannot watch files: returns a disposer. */
  watch?: (folder: string, onChange: (file: string) => void) => () => void;
}

export const COMMAND_LINT_WORKSPACE = 'routelint.server.lintWorkspace';
export const FIX_ALL_KIND = 'source.fixAll.routelint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * What code actions need, in every diagnostic's `data`, kept small (a dense document publishes
 * hundreds of diagnostics on each keystroke): a fix's `route` and `preferred` are left out when null
 * and false, an edit's range when it is the diagnostic's own, and a title that quotes the fix's one
 * edit (`Label the official API route: "…"`) is sent as what comes before the quote (`label`).
 * No document version: a diagnostic that did not change is the same object, and the same bytes, in
 * every publish after it (see diagnosticsOf and encoder.ts). Code actions take the data of the
 * current lint's diagnostic at the request's place, so a stale diagnostic from a client gets nothing.
 */
export interface DiagnosticData {
  ruleId: string;
  fixes: Array<{ title?: string; label?: string; route?: string; preferred?: true; edits: Array<{ range?: Range; newText: string }> }>;
}

/** A fix's title from its data (see DiagnosticData). */
export function fixTitle(fix: DiagnosticData['fixes'][number]): string {
  return fix.title ?? `${fix.label}: "${fix.edits[0]?.newText ?? ''}"`;
}

interface Linted {
  version: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** The "disable for this line" comment to append at a line end (an offset), or null where none fits (plain text). */
  comment: (at: number) => ((ids: string) => string) | null;
}

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri).split('\\').join('/');
  // Untitled and virtual documents: a path whose name keeps the extension, under the working folder.
  const name = decodeURIComponent(uri.replace(/^[a-z-]+:/i, '').split('/').pop() || 'untitled');
  return posix.join(process.cwd().split('\\').join('/'), name);
}

export class RoutelintServer {
  readonly documents = new TextDocuments(TextDocument);
  private pull = false;
  private watchFilesDynamically = false;
  private configurationSupport = false;
  private progressSupport = false;
  private resolver: ConfigResolver;
  private readonly lastGood = new Map<string, Resolved>();
  private readonly brokenConfigs = new Set<string>();
  private readonly cache = new Map<string, Linted>();
  /** Incremental re-linting: one memo per open document (dropped on close and when rules change). */
  private readonly memos = new Map<string, LintMemo>();
  /** Each open document's latest diagnostics (see diagnosticsOf). */
  private readonly diagnosticCache = new Map<string, DiagnosticMemo>();
  private readonly settings = new Map<string, Promise<Settings>>();
  /** Each document's pending debounced lint, as the function that cancels it. */
  private readonly timers = new Map<string, () => void>();
  private readonly pushedOutsidePull = new Set<string>();
  private folders: string[] = [];
  private disposers: Array<() => void> = [];
  private fallbackRules: Resolved | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly opts: ServerOptions,
  ) {
    this.resolver = new ConfigResolver(opts.fs, opts.builtinPacks, null);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => this.initialized());
    c.onShutdown(() => this.disposers.forEach((d) => d()));
    this.documents.onDidOpen((e) => this.guard(() => this.opened(e.document)));
    this.documents.onDidChangeContent((e) => this.guard(() => this.changed(e.document)));
    this.documents.onDidSave((e) => this.guard(() => this.saved(e.document)));
    this.documents.onDidClose((e) => this.guard(() => this.closed(e.document)));
    c.languages.diagnostics.on(async (params, token) => {
      const doc = this.documents.get(params.textDocument.uri);
      if (!doc) return { kind: 'full', items: [] };
      const s = await this.settingsFor(doc.uri);
      if (!s.enable) return { kind: 'full', items: [] };
      const cached = this.cache.get(doc.uri);
      if (s.run === 'onSave' && cached) return { kind: 'full', items: cached.diagnostics };
      // (the document object is updated in place: keep the version the request was made for)
      const version = doc.version;
      // Wait out the debounce (or at least let queued messages in: a $/cancelRequest or a newer
      // version), then lint only what is still wanted.
      await new Promise((r) => (s.run === 'onType' && s.debounceMs > 0 ? setTimeout(r, s.debounceMs) : setImmediate(r)));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      const current = this.documents.get(doc.uri);
      if (!current) return { kind: 'full', items: [] };
      // A newer version arrived: its own request will follow; ask the client to pull again.
      if (current.version !== version) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded by a newer version', { retriggerRequest: true });
      return { kind: 'full', items: this.lint(current).diagnostics };
    });
    c.onCodeAction((p) => this.guard(() => this.codeActions(p.textDocument.uri, p.range, p.context.diagnostics, p.context.only), []));
    c.onHover((p) => this.guard(() => this.hover(p.textDocument.uri, p.position), null));
    c.onExecuteCommand((p, token) => this.guardAsync(async () => {
      if (p.command === COMMAND_LINT_WORKSPACE) return this.lintWorkspace(token, p.workDoneToken);
      return null;
    }, null));
    c.onDidChangeConfiguration(() => {
      this.settings.clear();
      this.relintAll();
    });
    c.onDidChangeWatchedFiles((p) => this.filesChanged(p.changes.map((x) => uriToPath(x.uri))));
    this.documents.listen(c);
    c.listen();
  }

  private guard<T>(fn: () => T, fallback?: T): T {
    try {
      return fn();
    } catch (e) {
      this.connection.console.error(`routelint: ${(e as Error)?.stack ?? String(e)}`);
      return fallback as T;
    }
  }

  private async guardAsync<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.connection.console.error(`routelint: ${(e as Error)?.stack ?? String(e)}`);
      return fallback;
    }
  }

  private initialize(p: InitializeParams): InitializeResult {
    const caps = p.capabilities;
    this.pull = !!caps.textDocument?.diagnostic;
    this.watchFilesDynamically = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.configurationSupport = !!caps.workspace?.configuration;
    this.progressSupport = !!caps.window?.workDoneProgress;
    this.folders = (p.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (!this.folders.length && p.rootUri) this.folders = [uriToPath(p.rootUri)];
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        executeCommandProvider: { commands: [COMMAND_LINT_WORKSPACE] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'routelint', version: this.opts.version },
    };
    if (this.pull) result.capabilities.diagnosticProvider = { interFileDependencies: false, workspaceDiagnostics: false };
    return result;
  }

  private initialized(): void {
    if (this.watchFilesDynamically) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/.routelint.{yaml,yml}' }, { globPattern: '**/*.{yaml,yml}' }],
      });
    } else if (this.opts.watch) {
      for (const f of this.folders) this.disposers.push(this.opts.watch(f, (file) => this.filesChanged([file])));
    }
  }

  private settingsFor(uri: string): Promise<Settings> {
    let s = this.settings.get(uri);
    if (!s) {
      s = this.configurationSupport
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'routelint' }).then(readSettings, () => readSettings(undefined))
        : Promise.resolve(readSettings(undefined));
      this.settings.set(uri, s);
    }
    return s;
  }

  // ---- documents ----------------------------------------------------------------------------

  private opened(doc: TextDocument): void {
    if (this.pull) {
      // Anything a workspace lint pushed for this file is replaced by pulled diagnostics.
      if (this.pushedOutsidePull.delete(doc.uri)) void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    void this.settingsFor(doc.uri).then((s) => s.enable && this.publish(doc));
  }

  private changed(doc: TextDocument): void {
    this.cache.delete(doc.uri);
    if (this.pull) return;
    void this.settingsFor(doc.uri).then((s) => {
      if (!s.enable || s.run !== 'onType') return;
      this.timers.get(doc.uri)?.();
      const run = () => {
        this.timers.delete(doc.uri);
        this.guard(() => this.publish(doc));
      };
      // No debounce: lint once the messages already queued are in (a timer would wait at least 1 ms).
      if (s.debounceMs > 0) {
        const t = setTimeout(run, s.debounceMs);
        this.timers.set(doc.uri, () => clearTimeout(t));
      } else {
        const t = setImmediate(run);
        this.timers.set(doc.uri, () => clearImmediate(t));
      }
    });
  }

  private saved(doc: TextDocument): void {
    if (this.isConfigOrPack(uriToPath(doc.uri))) this.filesChanged([uriToPath(doc.uri)]);
    void this.settingsFor(doc.uri).then((s) => {
      if (!s.enable) return;
      if (this.pull) {
        this.cache.delete(doc.uri);
        if (s.run === 'onSave') this.lint(doc);
        void this.connection.languages.diagnostics.refresh();
      } else this.publish(doc);
    });
  }

  private closed(doc: TextDocument): void {
    this.timers.get(doc.uri)?.();
    this.timers.delete(doc.uri);
    this.cache.delete(doc.uri);
    this.memos.delete(doc.uri);
    this.diagnosticCache.delete(doc.uri);
    this.settings.delete(doc.uri);
    if (!this.pull) void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
  }

  /** Push mode: lint the current version and publish it, unless a newer version arrived meanwhile. */
  private publish(doc: TextDocument): void {
    const current = this.documents.get(doc.uri);
    if (!current) return;
    const linted = this.lint(current);
    if (this.documents.get(doc.uri)?.version !== linted.version) return;
    void this.connection.sendDiagnostics({ uri: doc.uri, version: linted.version, diagnostics: linted.diagnostics });
  }

  private relintAll(): void {
    this.cache.clear();
    this.memos.clear();
    this.diagnosticCache.clear();
    if (this.pull) void this.connection.languages.diagnostics.refresh();
    else for (const d of this.documents.all()) void this.settingsFor(d.uri).then((s) => (s.enable ? this.publish(d) : this.connection.sendDiagnostics({ uri: d.uri, diagnostics: [] })));
  }

  // ---- config -------------------------------------------------------------------------------

  private isConfigOrPack(path: string): boolean {
    return /(^|\/)\.routelint\.ya?ml$/.test(path) || /\.ya?ml$/.test(path);
  }

  private filesChanged(paths: string[]): void {
    if (!paths.some((p) => this.isConfigOrPack(p))) return;
    this.resolver = new ConfigResolver(this.opts.fs, this.opts.builtinPacks, null);
    this.relintAll();
  }

  /** Rules and config for a file; a broken config keeps its last good version and shows its error. */
  private resolve(path: string): Resolved {
    const configPath = (() => {
      try {
        return this.resolver.configFor(path).path;
      } catch (e) {
        return e instanceof PackError ? e.file : null;
      }
    })();
    try {
      const r = this.resolver.resolve(path);
      const key = r.view.config.path ?? 'default';
      this.lastGood.set(key, r);
      if (r.view.config.path && this.brokenConfigs.delete(r.view.config.path)) {
        void this.connection.sendDiagnostics({ uri: pathToFileURL(r.view.config.path).toString(), diagnostics: [] });
      }
      return r;
    } catch (e) {
      if (!(e instanceof PackError)) throw e;
      this.showConfigError(e);
      const good = configPath ? this.lastGood.get(configPath) : undefined;
      return good ?? this.defaults(path);
    }
  }

  private showConfigError(e: PackError): void {
    this.brokenConfigs.add(e.file);
    const line = Math.max(0, e.line - 1);
    const character = Math.max(0, e.column - 1);
    void this.connection.sendDiagnostics({
      uri: pathToFileURL(e.file).toString(),
      diagnostics: [
        {
          range: { start: { line, character }, end: { line, character: character + 200 } },
          severity: DiagnosticSeverity.Error,
          code: 'config-error',
          codeDescription: { href: this.ruleHref('config-error') },
          source: 'routelint',
          message: `${e.field ? `${e.field}: ` : ''}${e.problem} (routelint keeps using the last good configuration until this is fixed)`,
        },
      ],
    });
  }

  private defaults(path: string): Resolved {
    if (!this.fallbackRules) {
      const config = defaultConfig(posix.dirname(path));
      this.fallbackRules = { view: new ConfigView(config), rules: compileRules(this.opts.builtinPacks()), userPacks: [] };
    }
    return this.fallbackRules;
  }

  // ---- linting ------------------------------------------------------------------------------

  private options(path: string, r: Resolved): LintOptions {
    const s = r.view.settingsFor(path);
    const o: LintOptions = { today: this.opts.today(), severities: s.severities, mentions: s.mentions };
    if (s.maxFileSize !== undefined) o.maxFileSize = s.maxFileSize;
    if (s.locale) o.locale = true;
    return o;
  }

  /** Lint a document's current text (cached per version). */
  lint(doc: TextDocument): Linted {
    const cached = this.cache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const path = uriToPath(doc.uri);
    const text = doc.getText();
    const r = this.resolve(path);
    let findings: Finding[] = [];
    if (!r.view.ignores(path)) {
      let memo = this.memos.get(doc.uri);
      if (!memo && this.documents.get(doc.uri)) this.memos.set(doc.uri, (memo = new LintMemo()));
      const result = lintText(path, text, r.rules, { ...this.options(path, r), memo });
      if (result.status === 'linted') findings = result.findings;
    }
    const bomShift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const linted: Linted = {
      version: doc.version,
      findings,
      diagnostics: this.diagnosticsOf(doc, findings, bomShift),
      comment: (at) => disableLineComment(path, text, at),
    };
    this.cache.set(doc.uri, linted);
    return linted;
  }

  private ruleHref(id: string): string {
    return `${this.opts.repositoryUrl.replace(/\/$/, '')}/blob/main/docs/rules/${id}.md`;
  }

  private range(doc: TextDocument, start: number, end: number, shift: number): Range {
    return { start: doc.positionAt(start + shift), end: doc.positionAt(end + shift) };
  }

  /**
   * A lint's diagnostics, the previous lint's objects wherever they did not change, so that a publish
   * sends (and the encoder re-encodes) only what did. A patched lint (engine/patch.ts) hands back the
   * very finding objects of the previous lint where nothing before them changed: their diagnostics are
   * the same. A finding after the edit is a moved copy; its diagnostic is built again and, when it
   * equals the previous one at the same place (an edit on another line moves no LSP position), the
   * previous object is kept.
   */
  private diagnosticsOf(doc: TextDocument, findings: Finding[], shift: number): Diagnostic[] {
    const prev = this.diagnosticCache.get(doc.uri);
    const next: DiagnosticMemo = { byFinding: new Map(), list: [] };
    const list = prev?.list ?? [];
    let j = 0; // the first of the previous diagnostics that does not start before the current finding
    const out = findings.map((f) => {
      let d = prev?.byFinding.get(f);
      if (!d) {
        const range = this.range(doc, f.start, f.end, shift);
        if (j > 0 && before(range.start, list[j - 1]!.diagnostic.range.start)) j = 0;
        while (j < list.length && before(list[j]!.diagnostic.range.start, range.start)) j++;
        for (let k = j; k < list.length && samePosition(list[k]!.diagnostic.range.start, range.start); k++) {
          const old = list[k]!;
          if (samePosition(old.diagnostic.range.end, range.end) && this.sameDiagnostic(doc, shift, old.finding, old.diagnostic, f)) {
            d = old.diagnostic;
            break;
          }
        }
        d ??= this.toDiagnostic(doc, f, shift, range);
      }
      next.byFinding.set(f, d);
      next.list.push({ finding: f, diagnostic: d });
      return d;
    });
    if (this.documents.get(doc.uri)) this.diagnosticCache.set(doc.uri, next);
    return out;
  }

  /**
   * Whether `f`, at the same LSP range as `old` (the diagnostic of `g`), would make the same diagnostic:
   * the same rule, severity and message, and the same fixes, their edits at the same places relative to
   * the finding (those with a range of their own also at the same LSP positions).
   */
  private sameDiagnostic(doc: TextDocument, shift: number, g: Finding, old: Diagnostic, f: Finding): boolean {
    if (g.ruleId !== f.ruleId || g.severity !== f.severity || g.message !== f.message || g.end - g.start !== f.end - f.start) return false;
    if (g.fixes.length !== f.fixes.length) return false;
    const data = old.data as DiagnosticData;
    for (let i = 0; i < f.fixes.length; i++) {
      const x = f.fixes[i]!;
      const y = g.fixes[i]!;
      if (x.title !== y.title || x.route !== y.route || x.preferred !== y.preferred || x.edits.length !== y.edits.length) return false;
      for (let j = 0; j < x.edits.length; j++) {
        const e = x.edits[j]!;
        const h = y.edits[j]!;
        if (e.newText !== h.newText || e.start - f.start !== h.start - g.start || e.end - f.start !== h.end - g.start) return false;
        const own = data.fixes[i]!.edits[j]!.range;
        if (own && !sameRange(own, this.range(doc, e.start, e.end, shift))) return false;
      }
    }
    return true;
  }

  private toDiagnostic(doc: TextDocument, f: Finding, shift: number, range = this.range(doc, f.start, f.end, shift)): Diagnostic {
    const data: DiagnosticData = {
      ruleId: f.ruleId,
      fixes: f.fixes.map((x) => {
        const quoted = x.edits.length === 1 ? `: "${x.edits[0]!.newText}"` : null;
        const fix: DiagnosticData['fixes'][number] = {
          ...(quoted && x.title.endsWith(quoted) && x.title.length > quoted.length ? { label: x.title.slice(0, -quoted.length) } : { title: x.title }),
          edits: x.edits.map((e) => (e.start === f.start && e.end === f.end ? { newText: e.newText } : { range: this.range(doc, e.start, e.end, shift), newText: e.newText })),
        };
        if (x.route !== null) fix.route = x.route;
        if (x.preferred) fix.preferred = true;
        return fix;
      }),
    };
    return {
      range,
      severity: SEVERITY[f.severity],
      code: f.ruleId,
      codeDescription: { href: this.ruleHref(f.ruleId) },
      source: 'routelint',
      message: f.message,
      data,
    };
  }

  // ---- code actions and hover ---------------------------------------------------------------

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const linted = this.lint(doc);
    const actions: CodeAction[] = [];
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
    const wantsQuickFix = !only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k));
    if (wantsQuickFix) {
      // Diagnostics from the request, with their data; or, from clients that drop data, recomputed.
      const ours = diagnostics.filter((d) => d.source === 'routelint');
      const pool = ours.length ? ours : linted.diagnostics.filter((d) => overlaps(d.range, range));
      for (const d of pool) {
        // The current lint's diagnostic at the same place: a client's may be from an older version.
        const data = linted.diagnostics.find((x) => sameRange(x.range, d.range) && x.code === d.code)?.data as DiagnosticData | undefined;
        if (!data) continue;
        for (const fix of data.fixes) {
          actions.push({
            title: fixTitle(fix),
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: !!fix.preferred,
            edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range ?? d.range, newText: e.newText })) } },
          });
        }
        const line = d.range.start.line;
        const end = doc.positionAt(doc.offsetAt({ line: line + 1, character: 0 }));
        const lineText = doc.getText({ start: { line, character: 0 }, end });
        const eolLen = lineText.endsWith('\r\n') ? 2 : lineText.endsWith('\n') ? 1 : 0;
        const at = { line, character: lineText.length - eolLen };
        const comment = data.ruleId !== 'config-error' ? linted.comment(doc.offsetAt(at)) : null;
        if (comment) {
          actions.push({
            title: `Disable ${data.ruleId} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: { changes: { [uri]: [{ range: { start: at, end: at }, newText: comment(data.ruleId) }] } },
          });
        }
      }
    }
    if (wantsFixAll || (!only && linted.findings.some((f) => f.fixes.some((x) => x.preferred)))) {
      const fixAll = this.fixAll(doc);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  /** "Fix all routelint problems": the CLI's --fix loop, as one edit of the whole document. */
  fixAll(doc: TextDocument): CodeAction | null {
    const path = uriToPath(doc.uri);
    const r = this.resolve(path);
    const options = this.options(path, r);
    const original = doc.getText();
    const outcome = fixUntilStable(original, (text) => lintText(path, text, r.rules, options));
    if (!outcome.changed) return null;
    return {
      title: 'Fix all routelint problems',
      kind: FIX_ALL_KIND,
      edit: { changes: { [doc.uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(original.length) }, newText: outcome.text }] } },
    };
  }

  hover(uri: string, position: { line: number; character: number }): { contents: { kind: 'markdown'; value: string } } | null {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const linted = this.lint(doc);
    const at = linted.diagnostics.filter((d) => contains(d.range, position));
    if (!at.length) return null;
    const path = uriToPath(uri);
    const r = this.resolve(path);
    const parts: string[] = [];
    for (const d of at) {
      const f = linted.findings[linted.diagnostics.indexOf(d)]!;
      parts.push(`**routelint · [${f.ruleId}](${this.ruleHref(f.ruleId)})** — ${f.message}`);
      for (const id of f.routes) {
        const route = r.rules.routes.get(id);
        if (!route) continue;
        parts.push(
          [
            `**Route: ${route.name}** (\`${id}\`): ${route.what}`,
            '',
            '| | |',
            '|---|---|',
            `| owner | ${route.owner} |`,
            `| payer | ${route.payer} |`,
            `| limit | ${route.limit} |`,
            `| payment trigger | ${route.paymentTrigger} |`,
            `| data terms | ${route.dataTerms} |`,
            `| output rights | ${route.outputRights} |`,
            `| support | ${route.support} |`,
          ].join('\n'),
        );
      }
      if (f.missing.length) parts.push(`Unstated here: ${f.missing.join(', ')}.`);
      const facts = (f.facts ?? []).map((id) => r.rules.facts.find((x) => x.id === id)).filter((x) => !!x);
      if (facts.length) parts.push(`Dated facts:\n${facts.map((x) => `- ${x!.text} (checked ${x!.checked})`).join('\n')}`);
    }
    return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
  }

  // ---- workspace lint -----------------------------------------------------------------------

  async lintWorkspace(token: { isCancellationRequested: boolean }, workDoneToken?: string | number): Promise<{ files: number; findings: number }> {
    const progress = workDoneToken !== undefined
      ? this.connection.window.attachWorkDoneProgress(workDoneToken)
      : this.progressSupport
        ? await this.connection.window.createWorkDoneProgress()
        : null;
    const files = this.folders.flatMap((f) => new FileCollector(this.opts.fs).collect(f, ['.'])).map((t) => t.abs);
    progress?.begin('routelint: linting the workspace', 0, `${files.length} files`, true);
    let findings = 0;
    for (let i = 0; i < files.length; i++) {
      if (token.isCancellationRequested) break;
      const path = files[i]!;
      const uri = pathToFileURL(path).toString();
      if (this.documents.get(uri)) continue; // open documents are linted as they change
      const r = this.resolve(path);
      if (r.view.ignores(path)) continue;
      let bytes: Uint8Array;
      try {
        bytes = this.opts.fs.readFile(path);
      } catch {
        continue;
      }
      const result = lintBytes(path, bytes, r.rules, this.options(path, r));
      if (result.status !== 'linted') continue;
      const doc = TextDocument.create(uri, 'plaintext', 0, (result.bom ? '\uFEFF' : '') + result.text);
      const shift = result.bom ? 1 : 0;
      findings += result.findings.length;
      this.pushedOutsidePull.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => this.toDiagnostic(doc, f, shift)) });
      progress?.report(Math.round(((i + 1) * 100) / files.length), `${i + 1}/${files.length} ${posix.basename(path)}`);
      // Let other requests in between files.
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    progress?.done();
    return { files: files.length, findings };
  }
}

interface DiagnosticMemo {
  byFinding: Map<Finding, Diagnostic>;
  /** In the order of the findings (by position), with the finding each was made from. */
  list: Array<{ finding: Finding; diagnostic: Diagnostic }>;
}

type Position = { line: number; character: number };
function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: { line: number; character: number }, y: { line: number; character: number }) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

function contains(r: Range, p: { line: number; character: number }): boolean {
  const after = (x: { line: number; character: number }) => p.line > x.line || (p.line === x.line && p.character >= x.character);
  const before = (x: { line: number; character: number }) => p.line < x.line || (p.line === x.line && p.character <= x.character);
  return after(r.start) && before(r.end);
}
