// An in-memory file system for CLI tests: paths are POSIX, folders are implied by file paths.
import { posix } from 'node:path';
import type { CliFs } from '../server/src/cli/main.js';

export class MemFs implements CliFs {
  readonly files = new Map<string, Uint8Array>();
  readonly unreadable = new Set<string>();
  /** Paths whose rename fails (to test that a failed write loses nothing). */
  readonly failRename = new Set<string>();
  readonly writes: string[] = [];

  constructor(files: Record<string, string | Uint8Array> = {}, root = '/work') {
    for (const [p, c] of Object.entries(files)) this.files.set(posix.resolve(root, p), typeof c === 'string' ? new TextEncoder().encode(c) : c);
  }

  readFile(path: string): Uint8Array {
    if (this.unreadable.has(path)) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return f;
  }

  stat(path: string) {
    const p = path.replace(/\/+$/, '') || '/';
    if (this.files.has(p)) return { isFile: () => true, isDirectory: () => false };
    const prefix = p === '/' ? '/' : `${p}/`;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return { isFile: () => false, isDirectory: () => true };
    return null;
  }

  writeFile(path: string, data: Uint8Array | string): void {
    this.writes.push(path);
    this.files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }

  rename(from: string, to: string): void {
    if (this.failRename.has(to)) throw Object.assign(new Error(`EACCES: permission denied, rename '${from}' -> '${to}'`), { code: 'EACCES' });
    const f = this.files.get(from);
    if (!f) throw Object.assign(new Error(`ENOENT: ${from}`), { code: 'ENOENT' });
    this.files.delete(from);
    this.files.set(to, f);
  }

  unlink(path: string): void {
    this.files.delete(path);
  }

  text(path: string): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.readFile(path));
  }

  readdir(path: string): string[] {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
    return [...names];
  }
}
