// The CLI: main({argv, cwd, fs, stdout, stderr, env, today}) → exit code. The bin is a few lines
// around it, so tests call main with an in-memory file system and a fixed date.
import { posix } from 'node:path';
import type { CompiledRules } from '../engine/compile.js';
import { lintBytes } from '../engine/engine.js';
import { formatOf } from '../engine/extract/index.js';
import { PackError } from '../engine/packs.js';
import { buildReport, formatStylish, skipText, type LintedFile } from './report.js';

export interface CliFs {
  /** Throws (with `code`) when missing or unreadable. */
  readFile(path: string): Uint8Array;
  stat(path: string): { isFile(): boolean; isDirectory(): boolean } | null;
  readdir(path: string): string[];
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
  env: Record<string, string | undefined>;
  /** YYYY-MM-DD: which dated facts are known. */
  today: string;
  version: string;
  loadRules: () => CompiledRules;
}

const HELP = `routelint [PATH|GLOB ...]           lint files and folders (default: .)
  --format stylish|json              default stylish (coloured on a TTY unless NO_COLOR is set)
  --help, --version
`;

/** Folders never walked into. */
const SKIP_DIRS = new Set(['.git', 'node_modules']);

interface Args {
  paths: string[];
  format: 'stylish' | 'json';
  help: boolean;
  version: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { paths: [], format: 'stylish', help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'stylish' && v !== 'json') throw new UsageError(`unknown format "${v}" (expected stylish or json)`);
        args.format = v;
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--version':
      case '-v':
        args.version = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  return args;
}

function toPosix(p: string): string {
  return p.split('\\').join('/');
}

/** Walk a folder: dotfiles included, .git and node_modules skipped, only formats routelint reads. */
function walk(fs: CliFs, dir: string, out: string[]): void {
  for (const name of fs.readdir(dir).sort()) {
    const p = posix.join(dir, name);
    const st = fs.stat(p);
    if (!st) continue;
    if (st.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(fs, p, out);
    } else if (st.isFile() && formatOf(p) !== null) out.push(p);
  }
}

export function main(ctx: CliContext): number {
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
  let rules: CompiledRules;
  try {
    rules = ctx.loadRules();
  } catch (e) {
    if (e instanceof PackError) {
      ctx.stderr.write(`routelint: rule pack error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const cwd = toPosix(ctx.cwd);
  const files: string[] = [];
  for (const raw of args.paths.length ? args.paths : ['.']) {
    const abs = posix.resolve(cwd, toPosix(raw));
    const st = ctx.fs.stat(abs);
    if (!st) {
      ctx.stderr.write(`routelint: no such file or folder: ${raw}\n`);
      return 2;
    }
    if (st.isDirectory()) walk(ctx.fs, abs, files);
    else files.push(abs);
  }
  const unique = [...new Set(files)].sort();
  const linted: LintedFile[] = unique.map((abs) => {
    const rel = posix.relative(cwd, abs) || posix.basename(abs);
    let bytes: Uint8Array;
    try {
      bytes = ctx.fs.readFile(abs);
    } catch (e) {
      return { path: rel, result: { status: 'skipped', reason: 'unreadable', detail: (e as Error).message } };
    }
    return { path: rel, result: lintBytes(abs, bytes, rules, { today: ctx.today }) };
  });
  const report = buildReport(linted);
  if (args.format === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const color = !!ctx.stdout.isTTY && !ctx.env.NO_COLOR;
    ctx.stdout.write(formatStylish(report, color));
  }
  if (args.format !== 'json') {
    for (const s of report.skipped) ctx.stderr.write(`routelint: skipped ${s.path}: ${skipText(s.reason)}\n`);
  }
  return report.summary.errors > 0 ? 1 : 0;
}
