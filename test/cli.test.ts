// The minimal CLI through main(): formats, exit codes, folder walks, skipped files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../server/src/cli/main.js';
import type { JsonReport } from '../server/src/cli/report.js';
import { MemFs } from './memfs.js';
import { rules, TODAY } from './helpers.js';

function run(argv: string[], fs: MemFs, opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  let out = '';
  let err = '';
  const code = main({
    argv,
    cwd: '/work',
    fs,
    stdout: { write: (s) => void (out += s), isTTY: opts.tty ?? false },
    stderr: { write: (s) => void (err += s) },
    env: opts.env ?? {},
    today: TODAY,
    version: '9.9.9',
    loadRules: rules,
  });
  return { code, out, err };
}

const RISKY = '# Pricing\n\nGenerate unlimited generations with our API today.\n';
const CLEAN = '# Pricing\n\nImages are billed per token by the official API.\n';

describe('cli', () => {
  it('prints the PRODUCT.md JSON report with 1-based UTF-16 positions and exit 1 on errors', () => {
    const fs = new MemFs({ 'docs/pricing.md': RISKY, 'docs/ok.md': CLEAN });
    const r = run(['--format', 'json', 'docs'], fs);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as JsonReport;
    expect(report.version).toBe(1);
    expect(report.files.map((f) => f.path)).toEqual(['docs/ok.md', 'docs/pricing.md']);
    const f = report.files[1]!.findings[0]!;
    expect(f).toMatchObject({ ruleId: 'unlimited-claim', severity: 'error', line: 3, column: 10, endLine: 3, endColumn: 31 });
    expect(f.routes).toEqual(['no-login-wrapper', 'provider-trial']);
    expect(f.missing).toEqual(['owner', 'payer', 'limit']);
    expect(f.fixes[0]).toMatchObject({ preferred: true, route: null });
    expect(f.fixes[0]!.edits[0]).toMatchObject({ line: 3, column: 10, endLine: 3, endColumn: 31 });
    expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 0, infos: 0 });
  });

  it('exits 0 on clean files and prints a stylish summary', () => {
    const r = run(['docs'], new MemFs({ 'docs/ok.md': CLEAN }));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 file checked, no problems/);
  });

  it('prints stylish findings with position, severity, message and rule id, coloured only on a TTY without NO_COLOR', () => {
    const fs = new MemFs({ 'a.md': RISKY });
    const plain = run(['a.md'], fs);
    expect(plain.out).toMatch(/^a\.md\n {2}3:10 {2}error {4}".*unlimited-claim$/m);
    expect(plain.out).not.toContain('\u001b[');
    expect(run(['a.md'], fs, { tty: true }).out).toContain('\u001b[');
    expect(run(['a.md'], fs, { tty: true, env: { NO_COLOR: '1' } }).out).not.toContain('\u001b[');
  });

  it('walks dotfiles, skips .git and node_modules, and picks files by format', () => {
    const fs = new MemFs({
      '.github/notes.md': RISKY,
      '.git/x.md': RISKY,
      'node_modules/p/README.md': RISKY,
      'src/app.js': RISKY,
      'notes.txt': 'We offer unlimited generations.',
    });
    const report = JSON.parse(run(['--format', 'json'], fs).out) as JsonReport;
    expect(report.files.map((f) => f.path)).toEqual(['.github/notes.md', 'notes.txt']);
  });

  it('lints an explicitly named file whatever its extension, as text', () => {
    const report = JSON.parse(run(['--format', 'json', 'src/app.js'], new MemFs({ 'src/app.js': 'We offer unlimited generations.' })).out) as JsonReport;
    expect(report.files[0]!.findings.map((f) => f.ruleId)).toEqual(['unlimited-claim']);
  });

  it('lists skipped files in JSON and names them on stderr otherwise; they do not change the exit code', () => {
    const fs = new MemFs({ 'bin.md': new Uint8Array([1, 0, 2]), 'latin1.md': new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'ok.md': CLEAN });
    fs.unreadable.add('/work/locked.md');
    fs.files.set('/work/locked.md', new Uint8Array());
    const j = run(['--format', 'json', '.'], fs);
    expect(j.code).toBe(0);
    expect((JSON.parse(j.out) as JsonReport).skipped).toEqual([
      { path: 'bin.md', reason: 'binary' },
      { path: 'latin1.md', reason: 'not-utf8' },
      { path: 'locked.md', reason: 'unreadable' },
    ]);
    const s = run(['.'], fs);
    expect(s.err).toMatch(/skipped bin\.md: binary file/);
    expect(s.err).toMatch(/skipped latin1\.md: not UTF-8/);
  });

  it('is a usage error (exit 2) for a missing path, an unknown option or format', () => {
    const fs = new MemFs({ 'a.md': CLEAN });
    expect(run(['nope.md'], fs)).toMatchObject({ code: 2 });
    expect(run(['nope.md'], fs).err).toMatch(/no such file or folder: nope\.md/);
    expect(run(['--frobnicate'], fs).code).toBe(2);
    expect(run(['--format', 'xml', 'a.md'], fs).err).toMatch(/unknown format "xml"/);
  });

  it('prints help and version', () => {
    const fs = new MemFs({});
    expect(run(['--help'], fs)).toMatchObject({ code: 0 });
    expect(run(['--help'], fs).out).toMatch(/--format stylish\|json/);
    expect(run(['--version'], fs).out).toBe('9.9.9\n');
  });

  it('runs as a built bin on a real file system', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelint-cli-'));
    writeFileSync(join(dir, 'page.md'), RISKY);
    const r = spawnSync(process.execPath, [join(process.cwd(), 'dist/routelint.js'), '--format', 'json', 'page.md'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files[0]!.path).toBe('page.md');
    expect(report.files[0]!.findings[0]!.ruleId).toBe('unlimited-claim');
  });
});
