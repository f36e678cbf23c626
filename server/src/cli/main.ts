// The CLI: main({argv, cwd, fs, stdin, stdout, stderr, env, today}) → exit code. The bin is a few
// lines around it, so tests call main with an in-memory file system and a fixed date.
import { posix } from 'node:path';
import type { CompiledRules } from '../engine/compile.js';
import { lintBytes, lintText, type LintOptions } from '../engine/engine.js';
import { PackError, type LoadedPack, type PackSource } from '../engine/packs.js';
import type { FileResult, Lang } from '../engine/types.js';
import { HELP, parseArgs, UsageError, type Args } from './args.js';
import { ConfigResolver, type Resolved } from './configs.js';
import { FileCollector } from './files.js';
import { fixUntilStable } from './fix.js';
import { formatGithub } from './formats/github.js';
import { formatSarif, type RuleMeta } from './formats/sarif.js';
import { buildReport, formatStylish, skipText, type JsonReport, type LintedFile } from './report.js';

export interface CliFs {
  /** Throws (with `code`) when missing or unreadable. */
  readFile(path: string): Uint8Array;
  /** `size` in bytes where known (it only decides whether to start lint threads early). */
  stat(path: string): { isFile(): boolean; isDirectory(): boolean; size?: number } | null;
  readdir(path: string): string[];
  writeFile(path: string, data: Uint8Array | string): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
}

export interface CliWriter {
  write(s: string): void;
  isTTY?: boolean;
}

export interface CliContext {
  argv: string[];
  cwd: string;
  fs: CliFs;
  stdout: CliWriter;
  stderr: CliWriter;
  /** Reads all of standard input. */
  stdin?: () => Uint8Array;
  env: Record<string, string | undefined>;
  /** YYYY-MM-DD: which dated facts are known. */
  today: string;
  version: string;
  /** The project's repository URL: rule pages are `<repository>/blob/main/docs/rules/<id>.md`. */
  repositoryUrl: string;
  /** The shipped rule packs (read once by the bin; the tests pass them in). */
  builtinPacks: () => LoadedPack[];
  /** Lints a batch of files; the bin may spread them over worker threads. Default: in process. */
  lintMany?: (jobs: LintJob[]) => Promise<FileResult[]>;
  /** Told how many files (and bytes) a run will lint as soon as they are known (lintMany may start its threads then). */
  prestartLint?: (files: number, bytes: number) => void;
}

export interface LintJob {
  path: string;
  bytes: Uint8Array;
  options: LintOptions;
  /** Key of the compiled rule set (the config path) and the rules themselves for in-process runs. */
  rulesKey: string;
  rules: CompiledRules;
  /** What a worker thread needs to compile the same rules: the config's packs and languages. */
  userPacks: PackSource[];
  languages?: Lang[] | undefined;
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function toPosix(p: string): string {
  return p.split('\\').join('/');
}

/** A rule's description in route-contract terms: what it flags, the routes it implies, what it needs. */
function describeRule(r: CompiledRules, id: string): string {
  const spec = r.byId.get(id)!.spec;
  const routes = spec.routes.map((x) => r.routes.get(x)?.name ?? x);
  const parts = [`${spec.title}.`];
  if (routes.length) parts.push(`The claim implies the ${routes.join(' or ')} route.`);
  if (spec.requires.length) parts.push(`A route claim must show its ${spec.requires.join(', ')}.`);
  if (spec.satisfiedBy?.length) parts.push(`Fine when the context states ${spec.satisfiedBy.join(' and ')}.`);
  return parts.join(' ');
}

export function ruleMeta(rules: Iterable<CompiledRules>, repositoryUrl: string): RuleMeta[] {
  const base = repositoryUrl.replace(/\.git$/, '').replace(/\/$/, '');
  const byId = new Map<string, RuleMeta>();
  for (const r of rules) {
    for (const rule of r.rules) {
      if (byId.has(rule.spec.id)) continue;
      byId.set(rule.spec.id, {
        id: rule.spec.id,
        title: rule.spec.title,
        severity: rule.spec.severity,
        helpUri: `${base}/blob/main/docs/rules/${rule.spec.id}.md`,
        description: describeRule(r, rule.spec.id),
      });
    }
  }
  byId.set('config-error', {
    id: 'config-error',
    title: "A problem in routelint's own config, rule packs or suppression comments",
    severity: 'error',
    helpUri: `${base}/blob/main/docs/rules/config-error.md`,
    description: 'An unknown rule id in a suppression comment, or another problem in routelint input that is not prose.',
  });
  byId.set('too-many-findings', {
    id: 'too-many-findings',
    title: 'More findings in the file than the per-file cap',
    severity: 'warning',
    helpUri: `${base}/blob/main/docs/rules/too-many-findings.md`,
    description: 'The file has more findings than routelint reports per file; the rest are summarised in one finding.',
  });
  return [...byId.values()];
}

class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly out: CliWriter,
    private readonly enabled: boolean,
    private readonly total: number,
  ) {}

  tick(done: number): void {
    if (!this.enabled || this.total < 20) return;
    const pct = Math.floor((done * 100) / this.total);
    if (pct === this.last && done !== this.total) return;
    this.last = pct;
    this.shown = true;
    this.out.write(`\rroutelint: ${done}/${this.total} files (${pct}%)`);
  }

  clear(): void {
    if (this.shown) this.out.write('\r\u001b[2K');
  }
}

async function lintInProcess(jobs: LintJob[]): Promise<FileResult[]> {
  return jobs.map((j) => lintBytes(j.path, j.bytes, j.rules, j.options));
}

export async function main(ctx: CliContext): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(ctx.argv);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr.write(`routelint: ${e.message}\n\n${HELP}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    ctx.stdout.write(`${ctx.version}\n`);
    return 0;
  }
  if (args.lsp) {
    ctx.stderr.write('routelint: the language server is not part of this build yet (routelint lsp --stdio)\n');
    return 2;
  }
  try {
    return await run(ctx, args);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr.write(`routelint: ${e.message}\n`);
      return 2;
    }
    if (e instanceof PackError) {
      ctx.stderr.write(`routelint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function run(ctx: CliContext, args: Args): Promise<number> {
  const cwd = toPosix(ctx.cwd);
  const configPath = args.config ? posix.resolve(cwd, toPosix(args.config)) : null;
  if (configPath && !ctx.fs.stat(configPath)?.isFile()) throw new UsageError(`no such config file: ${args.config}`);
  const resolver = new ConfigResolver(ctx.fs, ctx.builtinPacks, configPath);
  const optionsFor = (abs: string, r: Resolved): LintOptions => {
    const s = r.view.settingsFor(abs);
    const o: LintOptions = { today: ctx.today, severities: s.severities, mentions: s.mentions };
    if (s.maxFileSize !== undefined) o.maxFileSize = s.maxFileSize;
    if (s.locale) o.locale = true;
    return o;
  };

  if (args.stdin) return runStdin(ctx, args, cwd, resolver, optionsFor);

  const targets = new FileCollector(ctx.fs).collect(cwd, args.paths);
  ctx.prestartLint?.(targets.length, targets.reduce((n, t) => n + (t.size ?? 0), 0));
  // Every config and pack is read and checked before anything is linted.
  const resolved = targets.map((t) => resolver.resolve(t.abs));

  const progress = new Progress(ctx.stderr, !!ctx.stderr.isTTY && !ctx.env.CI, targets.length);
  const linted: Array<LintedFile | null> = new Array(targets.length).fill(null);
  const jobs: Array<{ index: number; job: LintJob }> = [];
  targets.forEach((t, i) => {
    const rel = posix.relative(cwd, t.abs) || posix.basename(t.abs);
    const r = resolved[i]!;
    if (r.view.ignores(t.abs)) {
      // A file named explicitly but ignored by the config is listed; a walked one is simply not picked.
      if (t.explicit) linted[i] = { path: rel, result: { status: 'skipped', reason: 'ignored' } };
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = ctx.fs.readFile(t.abs);
    } catch (e) {
      linted[i] = { path: rel, result: { status: 'skipped', reason: 'unreadable', detail: (e as Error).message } };
      return;
    }
    linted[i] = { path: rel, result: { status: 'skipped', reason: 'internal-error' } };
    jobs.push({
      index: i,
      job: {
        path: t.abs,
        bytes,
        options: optionsFor(t.abs, r),
        rulesKey: r.view.config.path ?? '',
        // (asked only where the file is linted in this thread)
        get rules(): CompiledRules {
          return r.rules;
        },
        userPacks: r.userPacks,
        languages: r.view.config.spec.languages,
      },
    });
  });

  const lintMany = ctx.lintMany ?? lintInProcess;
  const results = await lintMany(jobs.map((j) => j.job));
  let fixFailures = 0;
  jobs.forEach(({ index, job }, k) => {
    let result = results[k]!;
    if (args.fix && result.status === 'linted') {
      const original = (result.bom ? '\uFEFF' : '') + result.text;
      const outcome = fixUntilStable(original, (text) => lintText(job.path, text, job.rules, job.options));
      result = outcome.result;
      if (outcome.changed && !writeAtomic(ctx, job.path, outcome.text)) fixFailures++;
    }
    linted[index] = { path: linted[index]!.path, result };
    progress.tick(k + 1);
  });
  progress.clear();

  const report = buildReport(linted.filter((x): x is LintedFile => x !== null));
  const code = exitCode(report, args);
  if (args.quiet) quietReport(report);
  const out = formatReport(report, args, ctx, () => resolved.map((r) => r.rules));
  if (args.outputFile) {
    if (!writeAtomic(ctx, posix.resolve(cwd, toPosix(args.outputFile)), out)) return 2;
  } else ctx.stdout.write(out);
  if (args.format !== 'json' && args.format !== 'sarif') {
    for (const s of report.skipped) ctx.stderr.write(`routelint: skipped ${s.path}: ${skipText(s.reason)}\n`);
  }
  return fixFailures ? 2 : code;
}

async function runStdin(
  ctx: CliContext,
  args: Args,
  cwd: string,
  resolver: ConfigResolver,
  optionsFor: (abs: string, r: Resolved) => LintOptions,
): Promise<number> {
  const name = args.stdinFilename ? toPosix(args.stdinFilename) : '<stdin>';
  const abs = posix.resolve(cwd, name);
  const r = resolver.resolve(abs);
  const bytes = ctx.stdin ? ctx.stdin() : new Uint8Array();
  const rel = args.stdinFilename ? posix.relative(cwd, abs) || name : name;
  let result: FileResult;
  if (r.view.ignores(abs)) result = { status: 'skipped', reason: 'ignored' };
  else result = lintBytes(abs, bytes, r.rules, optionsFor(abs, r));
  if (args.fix) {
    // The fixed text goes to stdout, and nothing else does.
    if (result.status !== 'linted') {
      ctx.stdout.write(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
      ctx.stderr.write(`routelint: ${rel} not fixed: ${skipText(result.reason)}\n`);
      return 0;
    }
    const original = utf8.decode(bytes);
    const options = optionsFor(abs, r);
    const outcome = fixUntilStable(original, (text) => lintText(abs, text, r.rules, options));
    ctx.stdout.write(outcome.text);
    return exitCode(buildReport([{ path: rel, result: outcome.result }]), args);
  }
  const report = buildReport([{ path: rel, result }]);
  const code = exitCode(report, args);
  if (args.quiet) quietReport(report);
  const out = formatReport(report, args, ctx, () => [r.rules]);
  if (args.outputFile) {
    if (!writeAtomic(ctx, posix.resolve(cwd, toPosix(args.outputFile)), out)) return 2;
  } else ctx.stdout.write(out);
  if (args.format !== 'json' && args.format !== 'sarif') {
    for (const s of report.skipped) ctx.stderr.write(`routelint: skipped ${s.path}: ${skipText(s.reason)}\n`);
  }
  return code;
}

function exitCode(report: JsonReport, args: Args): number {
  if (report.summary.errors > 0) return 1;
  if (args.maxWarnings !== null && report.summary.warnings > args.maxWarnings) return 1;
  return 0;
}

/** --quiet: errors only, in the findings and the summary. */
function quietReport(report: JsonReport): void {
  for (const f of report.files) f.findings = f.findings.filter((x) => x.severity === 'error');
  report.summary.warnings = 0;
  report.summary.infos = 0;
}

function formatReport(report: JsonReport, args: Args, ctx: CliContext, rules: () => CompiledRules[]): string {
  switch (args.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      return formatSarif(report, ruleMeta(new Set(rules()), ctx.repositoryUrl), {
        toolVersion: ctx.version,
        informationUri: ctx.repositoryUrl,
      });
    case 'github':
      return formatGithub(report, {
        sarifHint: 'run routelint --format sarif --output-file routelint.sarif and upload it to code scanning',
      });
    default:
      return formatStylish(report, !!ctx.stdout.isTTY && !ctx.env.NO_COLOR && !args.outputFile);
  }
}

/** Write through a temporary file in the same folder and a rename: readers never see half a file. */
function writeAtomic(ctx: CliContext, abs: string, text: string): boolean {
  const tmp = posix.join(posix.dirname(abs), `.${posix.basename(abs)}.routelint-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    ctx.fs.writeFile(tmp, encoder.encode(text));
    ctx.fs.rename(tmp, abs);
    return true;
  } catch (e) {
    try {
      ctx.fs.unlink(tmp);
    } catch {
      // the temporary file may not exist
    }
    ctx.stderr.write(`routelint: cannot write ${abs}: ${(e as Error).message}\n`);
    return false;
  }
}
