// Fixture folders per format (test/fixtures/formats/<format>/), each with its input files and an
// expected.txt, run through the built CLI and through the built language server: both must report
// exactly the expected findings at exact positions. expected.txt holds one finding per line,
//   <file> <line>:<column>-<endLine>:<endColumn> <rule-id>
// 1-based lines, columns in UTF-16 code units, end exclusive (as in `--format json`), sorted by file then
// position; `<file> skipped <reason>` for a file the CLI must skip; `#` starts a comment line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPushSession } from './lsp-client.js';

const BIN = join(process.cwd(), 'dist/routelint.js');
const ROOT = join(process.cwd(), 'test/fixtures/formats');
const FOLDERS = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function expectedOf(folder: string): string[] {
  return readFileSync(join(ROOT, folder, 'expected.txt'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

interface JsonOut {
  files: Array<{ path: string; findings: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number }> }>;
  skipped: Array<{ path: string; reason: string }>;
}

function line(file: string, a: { line: number; column: number }, b: { line: number; column: number }, rule: string): string {
  return `${file} ${a.line}:${a.column}-${b.line}:${b.column} ${rule}`;
}

function cli(folder: string): { lines: string[]; linted: string[] } {
  const r = spawnSync(process.execPath, [BIN, '.', '--format', 'json'], { cwd: join(ROOT, folder), encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`routelint exited ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as JsonOut;
  const lines: string[] = [];
  for (const f of out.files) for (const x of f.findings) lines.push(line(f.path, x, { line: x.endLine, column: x.endColumn }, x.ruleId));
  for (const s of out.skipped) lines.push(`${s.path} skipped ${s.reason}`);
  return { lines, linted: out.files.map((f) => f.path) };
}

/** The built server over stdio, pushing diagnostics, rooted in the fixture folder. */
async function lsp(folder: string, files: string[]): Promise<string[]> {
  const dir = join(ROOT, folder);
  const s = await startPushSession(dir);
  try {
    // VS Code hands a server the text without its BOM; so does this client.
    const uris = files.map((f) => s.open(f, readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '')));
    await s.waitAll(uris);
    const lines: string[] = [];
    files.forEach((f, i) => {
      for (const d of s.got.get(uris[i]!)!.diagnostics) {
        const a = d.range.start;
        const b = d.range.end;
        lines.push(line(f, { line: a.line + 1, column: a.character + 1 }, { line: b.line + 1, column: b.character + 1 }, String(d.code)));
      }
    });
    return lines;
  } finally {
    await s.close();
  }
}

function sortLines(lines: string[]): string[] {
  const key = (l: string) => {
    const [file, pos] = l.split(' ');
    const m = /^(\d+):(\d+)-(\d+):(\d+)$/.exec(pos ?? '');
    return { file: file!, n: m ? m.slice(1).map(Number) : [0, 0, 0, 0] };
  };
  return [...lines].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    for (let i = 0; i < 4; i++) if (a.n[i] !== b.n[i]) return a.n[i]! - b.n[i]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function inputFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...inputFiles(p, base));
    else if (e.name !== 'expected.txt') out.push(relative(base, p).split(sep).join('/'));
  }
  return out.sort();
}

describe('format fixtures', () => {
  it('has fixture folders, each with an expected.txt', () => {
    expect(FOLDERS.length).toBeGreaterThan(0);
    for (const f of FOLDERS) expect(existsSync(join(ROOT, f, 'expected.txt')), f).toBe(true);
  });

  const linted = new Map<string, string[]>();
  for (const folder of FOLDERS) {
    it(`${folder}: the CLI reports exactly expected.txt`, () => {
      const r = cli(folder);
      linted.set(folder, r.linted);
      expect(sortLines(r.lines)).toEqual(sortLines(expectedOf(folder)));
      // every input file is either linted or reported skipped (nothing silent), config files aside
      const seen = new Set([...r.linted, ...r.lines.filter((l) => l.includes(' skipped ')).map((l) => l.split(' ')[0])]);
      for (const f of inputFiles(join(ROOT, folder))) if (f !== '.routelint.yaml') expect(seen.has(f), `${f} neither linted nor skipped`).toBe(true);
    });

    it(`${folder}: the language server reports exactly what the CLI does`, async () => {
      const files = linted.get(folder) ?? cli(folder).linted;
      const lines = await lsp(folder, files);
      const want = expectedOf(folder).filter((l) => !l.includes(' skipped '));
      expect(sortLines(lines)).toEqual(sortLines(want));
    }, 30_000);
  }
});

