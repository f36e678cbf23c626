// Which files a run lints: explicit paths, folder walks (dotfiles in, .git and node_modules out,
// .gitignore honoured, formats routelint reads), and globs. Paths are absolute POSIX here.
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { posix } from 'node:path';
import { formatOf } from '../engine/extract/index.js';
import { UsageError } from './args.js';
import type { CliFs } from './main.js';

export const SKIP_DIRS = new Set(['.git', 'node_modules']);

export interface Target {
  abs: string;
  /** Named on the command line (or matched by a glob): linted whatever its extension. */
  explicit: boolean;
  /** Its size in bytes, where the file system told it. */
  size?: number;
}

interface GitIgnore {
  dir: string;
  ig: Ignore;
}

export class FileCollector {
  private readonly gitignores = new Map<string, GitIgnore | null>();

  constructor(private readonly fs: CliFs) {}

  private gitignoreOf(dir: string): GitIgnore | null {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir)!;
    let gi: GitIgnore | null = null;
    const p = posix.join(dir, '.gitignore');
    if (this.fs.stat(p)?.isFile()) {
      try {
        gi = { dir, ig: ignore().add(new TextDecoder().decode(this.fs.readFile(p))) };
      } catch {
        gi = null;
      }
    }
    this.gitignores.set(dir, gi);
    return gi;
  }

  /** .gitignore files that apply to a folder: its own and its ancestors' up to the repository root. */
  /** The .gitignore chain of each directory walked (every file of a directory shares it). */
  private readonly chains = new Map<string, GitIgnore[]>();

  private chainFor(dir: string): GitIgnore[] {
    const known = this.chains.get(dir);
    if (known) return known;
    const chain: GitIgnore[] = [];
    this.chains.set(dir, chain);
    let d = dir;
    for (;;) {
      const gi = this.gitignoreOf(d);
      if (gi) chain.push(gi);
      if (this.fs.stat(posix.join(d, '.git')) || d === '/' || posix.dirname(d) === d) break;
      d = posix.dirname(d);
    }
    return chain;
  }

  isGitIgnored(abs: string, isDir: boolean): boolean {
    for (const gi of this.chainFor(posix.dirname(abs))) {
      const rel = posix.relative(gi.dir, abs);
      if (!rel || rel.startsWith('..')) continue;
      if (gi.ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  private walk(dir: string, out: Target[], accept: (abs: string) => boolean): void {
    let names: string[];
    try {
      names = this.fs.readdir(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const abs = posix.join(dir, name);
      const st = this.fs.stat(abs);
      if (!st) continue;
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(name) || this.isGitIgnored(abs, true)) continue;
        this.walk(abs, out, accept);
      } else if (st.isFile() && !this.isGitIgnored(abs, false) && accept(abs)) {
        out.push({ abs, explicit: false, ...(st.size !== undefined ? { size: st.size } : {}) });
      }
    }
  }

  collect(cwd: string, args: readonly string[]): Target[] {
    const out: Target[] = [];
    for (const raw of args.length ? args : ['.']) {
      const arg = raw.split('\\').join('/');
      const abs = posix.resolve(cwd, arg);
      const st = this.fs.stat(abs);
      if (st?.isDirectory()) {
        this.walk(abs, out, (p) => formatOf(p) !== null);
        continue;
      }
      if (st?.isFile()) {
        out.push({ abs, explicit: true, ...(st.size !== undefined ? { size: st.size } : {}) });
        continue;
      }
      const scan = picomatch.scan(arg);
      if (!scan.isGlob) throw new UsageError(`no such file or folder: ${raw}`);
      const base = posix.resolve(cwd, scan.base || '.');
      const isMatch = picomatch(posix.isAbsolute(arg) ? arg : posix.join(cwd, arg), { dot: true });
      const found: Target[] = [];
      if (this.fs.stat(base)?.isDirectory()) this.walk(base, found, (p) => isMatch(p));
      if (found.length === 0) throw new UsageError(`no files match ${raw}`);
      for (const f of found) out.push({ abs: f.abs, explicit: true });
    }
    // Path order, each file once (explicit wins).
    const byPath = new Map<string, Target>();
    for (const t of out) {
      const prev = byPath.get(t.abs);
      if (!prev || t.explicit) byPath.set(t.abs, t);
    }
    return [...byPath.values()].sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
  }
}
