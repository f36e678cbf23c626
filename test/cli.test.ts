// The CLI through main() with an in-memory file system and a fixed date (PRODUCT.md "CLI", "Config",
// "Inline suppression"), plus a few runs of the built bin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../server/src/cli/configs.js';
import { main } from '../server/src/cli/main.js';
import type { JsonReport } from '../server/src/cli/report.js';
import { loadBuiltinPacks } from '../server/src/node/rules.js';
import { MemFs } from './memfs.js';
import { TODAY } from './helpers.js';

const packs = loadBuiltinPacks();

async function run(argv: string[], fs: MemFs, opts: { tty?: boolean; errTty?: boolean; env?: Record<string, string>; stdin?: string } = {}) {
  let out = '';
  let err = '';
  const code = await main({
    argv,
    cwd: '/work',
    fs,
    stdout: { write: (s) => void (out += s), isTTY: opts.tty ?? false },
    stderr: { write: (s) => void (err += s), isTTY: opts.errTty ?? false },
    stdin: () => new TextEncoder().encode(opts.stdin ?? ''),
    env: opts.env ?? {},
    today: TODAY,
    version: '9.9.9',
    repositoryUrl: 'https://github.com/routelint/routelint',
    builtinPacks: () => packs,
  });
  return { code, out, err };
}
const json = (r: { out: string }) => JSON.parse(r.out) as JsonReport;

const RISKY = '# Pricing\n\nGenerate unlimited generations with our API today.\n';
const CLEAN = '# Pricing\n\nImages are billed per token by the official API.\n';
const WARN = '# Start\n\nNo API key required to try GPT Image 2.\n';

describe('report formats', () => {
  it('prints the PRODUCT.md JSON report with 1-based UTF-16 positions and exit 1 on errors', async () => {
    const r = await run(['--format', 'json', 'docs'], new MemFs({ 'docs/pricing.md': RISKY, 'docs/ok.md': CLEAN }));
    expect(r.code).toBe(1);
    const report = json(r);
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

  it('prints stylish findings, coloured only on a TTY without NO_COLOR', async () => {
    const fs = new MemFs({ 'a.md': RISKY });
    const plain = await run(['a.md'], fs);
    expect(plain.out).toMatch(/^a\.md\n {2}3:10 {2}error {4}".*unlimited-claim$/m);
    expect(plain.out).not.toContain('\u001b[');
    expect((await run(['a.md'], fs, { tty: true })).out).toContain('\u001b[');
    expect((await run(['a.md'], fs, { tty: true, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
    expect((await run([], new MemFs({ 'ok.md': CLEAN }))).out).toMatch(/1 file checked, no problems/);
  });

  it('prints SARIF with absolute rule help URIs, and GitHub lines with a summary', async () => {
    const fs = new MemFs({ 'a.md': RISKY });
    const sarif = JSON.parse((await run(['--format', 'sarif', 'a.md'], fs)).out);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).toBe('unlimited-claim');
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'unlimited-claim');
    expect(rule.helpUri).toBe('https://github.com/routelint/routelint/blob/main/docs/rules/unlimited-claim.md');
    const gh = (await run(['--format', 'github', 'a.md'], fs)).out.trim().split('\n');
    expect(gh[0]).toMatch(/^::error file=a\.md,line=3,col=10,endLine=3,endColumn=31,title=routelint\/unlimited-claim::/);
    expect(gh[gh.length - 1]).toMatch(/^::notice .*summary.*1 error/);
  });
});

describe('files', () => {
  it('walks dotfiles, skips .git and node_modules, honours .gitignore, and picks files by format', async () => {
    const fs = new MemFs({
      '.github/notes.md': RISKY,
      '.git/x.md': RISKY,
      'node_modules/p/README.md': RISKY,
      'build/out.md': RISKY,
      '.gitignore': 'build/\n',
      'src/app.py': RISKY,
      'src/app.js': `const s = "We offer unlimited generations.";`,
      'web/index.html': '<p>We offer unlimited generations.</p>',
      'notes.txt': 'We offer unlimited generations.',
    });
    expect(json(await run(['--format', 'json'], fs)).files.map((f) => f.path)).toEqual(['.github/notes.md', 'notes.txt', 'src/app.js', 'web/index.html']);
  });

  it('lints an explicitly named file whatever its extension, as text, even if .gitignore lists it', async () => {
    const fs = new MemFs({ 'src/app.py': 'We offer unlimited generations.', '.gitignore': 'src/\n' });
    expect(json(await run(['--format', 'json', 'src/app.py'], fs)).files[0]!.findings.map((f) => f.ruleId)).toEqual(['unlimited-claim']);
  });

  it('expands globs, in path order, and refuses a path or glob that matches nothing (exit 2)', async () => {
    const fs = new MemFs({ 'docs/b.md': RISKY, 'docs/a.md': CLEAN, 'docs/sub/c.md': CLEAN, 'other.md': RISKY });
    expect(json(await run(['--format', 'json', 'docs/**/*.md'], fs)).files.map((f) => f.path)).toEqual(['docs/a.md', 'docs/b.md', 'docs/sub/c.md']);
    const none = await run(['docs/**/*.txt'], fs);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no files match docs\/\*\*\/\*\.txt/);
    expect((await run(['nope.md'], fs)).err).toMatch(/no such file or folder: nope\.md/);
  });

  it('lists skipped files in JSON and names them on stderr otherwise; they do not change the exit code', async () => {
    const fs = new MemFs({ 'bin.md': new Uint8Array([1, 0, 2]), 'latin1.md': new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'ok.md': CLEAN });
    fs.files.set('/work/locked.md', new Uint8Array());
    fs.unreadable.add('/work/locked.md');
    const j = await run(['--format', 'json', '.'], fs);
    expect(j.code).toBe(0);
    expect(json(j).skipped).toEqual([
      { path: 'bin.md', reason: 'binary' },
      { path: 'latin1.md', reason: 'not-utf8' },
      { path: 'locked.md', reason: 'unreadable' },
    ]);
    const s = await run(['.'], fs);
    expect(s.err).toMatch(/skipped bin\.md: binary file/);
    expect(s.err).toMatch(/skipped latin1\.md: not UTF-8/);
  });
});

describe('exit codes and report options', () => {
  it('exits 0 for warnings within --max-warnings and 1 beyond', async () => {
    const fs = new MemFs({ 'w.md': WARN });
    expect((await run(['w.md'], fs)).code).toBe(0);
    expect((await run(['--max-warnings', '1', 'w.md'], fs)).code).toBe(0);
    expect((await run(['--max-warnings', '0', 'w.md'], fs)).code).toBe(1);
    expect((await run(['--max-warnings', 'many', 'w.md'], fs)).code).toBe(2);
  });

  it('--quiet reports errors only', async () => {
    const fs = new MemFs({ 'a.md': RISKY + '\nNo API key required.\n' });
    const report = json(await run(['--quiet', '--format', 'json', 'a.md'], fs));
    expect(report.files[0]!.findings.map((f) => f.severity)).toEqual(['error']);
    expect(report.summary.warnings).toBe(0);
  });

  it('--output-file writes the report there through a temporary file, and nothing on stdout', async () => {
    const fs = new MemFs({ 'a.md': RISKY });
    const r = await run(['--format', 'json', '--output-file', 'out/report.json', 'a.md'], fs);
    expect(r.out).toBe('');
    expect(JSON.parse(fs.text('/work/out/report.json')).summary.errors).toBe(1);
    expect(fs.writes[0]).toMatch(/\/work\/out\/\.report\.json\.routelint-\w+\.tmp$/);
  });

  it('usage errors: unknown option, format, missing values, help and version', async () => {
    const fs = new MemFs({ 'a.md': CLEAN });
    expect((await run(['--frobnicate'], fs)).code).toBe(2);
    expect((await run(['--format', 'xml', 'a.md'], fs)).err).toMatch(/unknown format "xml"/);
    expect((await run(['--config'], fs)).err).toMatch(/--config needs a value/);
    expect((await run(['--stdin-filename', 'x.md'], fs)).code).toBe(2);
    expect((await run(['--help'], fs)).out).toMatch(/--format stylish\|json\|sarif\|github/);
    expect((await run(['--version'], fs)).out).toBe('9.9.9\n');
  });
});

describe('--fix', () => {
  it('applies preferred fixes only, keeps BOM and CRLF, and a second run changes nothing', async () => {
    const text = '\uFEFF# Pricing\r\n\r\nWe offer unlimited generations and no rate limits.\r\n\r\nTry the unlimited GPT Image 2 API (gpt-image-2).\r\n';
    const fs = new MemFs({ 'p.md': text });
    const first = await run(['--fix', 'p.md'], fs);
    const fixed = fs.text('/work/p.md');
    expect(fixed.startsWith('\uFEFF')).toBe(true);
    expect(fixed.split('\r\n').length).toBe(text.split('\r\n').length);
    expect(fixed).not.toMatch(/[^\r]\n/);
    expect(fixed).toContain('generations within the limits its owner sets');
    expect(fixed).toContain('limits set by the route');
    // The route-labelled alternatives are not applied.
    expect(fixed).not.toContain('through the official OpenAI API');
    expect(first.code).toBe(0);
    const writes = fs.writes.length;
    await run(['--fix', 'p.md'], fs);
    expect(fs.text('/work/p.md')).toBe(fixed);
    expect(fs.writes.length).toBe(writes);
  });

  it('never applies two overlapping edits in one pass, and still converges', async () => {
    // The same phrase carries several rules' fixes; each pass applies the ones that do not overlap.
    const fs = new MemFs({ 'h.md': '# Free unlimited GPT Image 2 API\n' });
    await run(['--fix', 'h.md'], fs);
    const once = fs.text('/work/h.md');
    await run(['--fix', 'h.md'], fs);
    expect(fs.text('/work/h.md')).toBe(once);
    expect(json(await run(['--format', 'json', 'h.md'], fs)).files[0]!.findings.filter((f) => f.fixes.some((x) => x.preferred))).toEqual([]);
  });

  it('writes atomically: a failed rename leaves the original untouched and no temporary file', async () => {
    const fs = new MemFs({ 'p.md': RISKY });
    fs.failRename.add('/work/p.md');
    const r = await run(['--fix', 'p.md'], fs);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write \/work\/p\.md/);
    expect(fs.text('/work/p.md')).toBe(RISKY);
    expect([...fs.files.keys()].filter((k) => k.includes('.tmp'))).toEqual([]);
  });
});

describe('--stdin', () => {
  it('lints standard input as if it were the named file, with its config', async () => {
    const fs = new MemFs({ 'docs/.routelint.yaml': 'rules:\n  unlimited-claim: warning\n' });
    const r = await run(['--stdin', '--stdin-filename', 'docs/page.md', '--format', 'json'], fs, { stdin: RISKY });
    const report = json(r);
    expect(report.files[0]!.path).toBe('docs/page.md');
    expect(report.files[0]!.findings[0]!.severity).toBe('warning');
    expect(r.code).toBe(0);
  });

  it('with --fix prints the fixed text on stdout and nothing else', async () => {
    const r = await run(['--stdin', '--stdin-filename', 'page.md', '--fix'], new MemFs({}), { stdin: RISKY });
    expect(r.out).toBe('# Pricing\n\nGenerate generations within the limits its owner sets with our API today.\n');
  });
});

describe('config', () => {
  it('uses the nearest .routelint.yaml alone, with overrides where later entries win', async () => {
    const fs = new MemFs({
      '.routelint.yaml': 'rules:\n  unlimited-claim: warning\n',
      'docs/.routelint.yaml': 'overrides:\n  - files: ["legal/**"]\n    rules: { unlimited-claim: off }\n  - files: ["legal/keep.md"]\n    rules: { unlimited-claim: info }\n',
      'a.md': RISKY,
      'docs/b.md': RISKY,
      'docs/legal/c.md': RISKY,
      'docs/legal/keep.md': RISKY,
    });
    const report = json(await run(['--format', 'json'], fs));
    const sev = Object.fromEntries(report.files.map((f) => [f.path, f.findings.map((x) => x.severity).join(',')]));
    // a.md: root config (warning); docs/*: docs config alone (no cascade: default error).
    expect(sev).toEqual({ 'a.md': 'warning', 'docs/b.md': 'error', 'docs/legal/c.md': '', 'docs/legal/keep.md': 'info' });
  });

  it('--config replaces the nearest config', async () => {
    const fs = new MemFs({ '.routelint.yaml': 'rules:\n  unlimited-claim: off\n', 'ci.yaml': 'mentions: info\n', 'a.md': 'Some sites claim unlimited generations.\n' });
    expect(json(await run(['--format', 'json', 'a.md'], fs)).files[0]!.findings).toEqual([]);
    const r = json(await run(['--config', 'ci.yaml', '--format', 'json', 'a.md'], fs));
    expect(r.files[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['unlimited-claim', 'info']]);
  });

  it('ignores with .gitignore syntax relative to the config: walked files vanish, named ones are listed as ignored', async () => {
    const fs = new MemFs({ 'site/.routelint.yaml': 'ignore: ["vendor/**", "CHANGELOG.md"]\n', 'site/vendor/x.md': RISKY, 'site/CHANGELOG.md': RISKY, 'site/page.md': CLEAN });
    expect(json(await run(['--format', 'json', 'site'], fs)).files.map((f) => f.path)).toEqual(['site/page.md']);
    const named = json(await run(['--format', 'json', 'site/CHANGELOG.md'], fs));
    expect(named.skipped).toEqual([{ path: 'site/CHANGELOG.md', reason: 'ignored' }]);
    expect(named.files).toEqual([]);
  });

  it('honours maxFileSize and languages', async () => {
    const fs = new MemFs({ '.routelint.yaml': 'maxFileSize: 50B\nlanguages: [en]\n', 'big.md': RISKY, 'ko.md': '무제한 생성을 지금 시작하세요.\n' });
    const report = json(await run(['--format', 'json'], fs));
    expect(report.skipped).toEqual([{ path: 'big.md', reason: 'too-large' }]);
    expect(report.files[0]).toMatchObject({ path: 'ko.md', findings: [] });
  });

  it('loads rule packs (data, never code) relative to the config', async () => {
    const pack = `rules:
  - id: team-free-forever
    severity: error
    title: Free forever
    message: '"{claim}" promises free forever.'
    matcher: phrase
    routes: [provider-trial]
    requires: [payer]
    patterns:
      en: ["free forever"]
    examples:
      invalid: [a, b, c, d, e]
      valid: [a, b, c, d, e]
`;
    const fs = new MemFs({ '.routelint.yaml': 'packs: ["./team/*.yaml"]\nrules:\n  team-free-forever: warning\n', 'team/p.yaml': pack, 'a.md': 'It is free forever.\n' });
    const report = json(await run(['--format', 'json', 'a.md'], fs));
    expect(report.files[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['team-free-forever', 'warning']]);
  });

  it('stops with exit 2 and file:line:field on a bad config, and lints nothing', async () => {
    const cases: Array<[string, RegExp]> = [
      ['rules:\n  unlimited-claim: loud\n', /\.routelint\.yaml:2:\d+: rules\.unlimited-claim: /],
      ['languages: [en]\ncolour: red\n', /\.routelint\.yaml:2:1: colour: unknown key "colour"/],
      ['rules:\n  unlimted-claim: off\n', /\.routelint\.yaml:2:3: rules\.unlimted-claim: unknown rule id "unlimted-claim"/],
      ['maxFileSize: huge\n', /\.routelint\.yaml:1:\d+: maxFileSize: /],
      ['rules: [\n', /\.routelint\.yaml:\d+:\d+: YAML syntax error/],
      ['packs: ["./none/*.yaml"]\n', /\.routelint\.yaml:1:\d+: packs\[0\]: no rule pack matches/],
    ];
    for (const [config, message] of cases) {
      const fs = new MemFs({ '.routelint.yaml': config, 'a.md': RISKY });
      const r = await run(['--format', 'json', 'a.md'], fs);
      expect(r.code, config).toBe(2);
      expect(r.err, config).toMatch(message);
      expect(r.out, config).toBe('');
    }
  });

  it('compiles the shipped rules only where they are first asked for, and a config\'s own packs at once', () => {
    // (packs that cannot compile: no pack defines the config facts)
    const fs = new MemFs({ 'a/.routelint.yaml': 'maxFileSize: 1000\n', 'a/x.md': 'x\n', 'b/.routelint.yaml': 'packs: [p.yaml]\n', 'b/p.yaml': 'rules: []\n', 'b/x.md': 'x\n' });
    const resolver = new ConfigResolver(fs, () => [], null);
    const a = resolver.resolve('/work/a/x.md');
    expect(() => a.rules).toThrow(/no pack defines `config`/);
    expect(() => resolver.resolve('/work/b/x.md')).toThrow(/no pack defines `config`/);
  });

  it('refuses a pack pattern that could backtrack catastrophically, naming it', async () => {
    const pack = `rules:
  - id: team-evil
    severity: error
    title: t
    message: m
    matcher: phrase
    routes: []
    requires: []
    patterns:
      en: ["(a+)+b"]
    examples:
      invalid: [a, b, c, d, e]
      valid: [a, b, c, d, e]
`;
    const fs = new MemFs({ '.routelint.yaml': 'packs: [evil.yaml]\n', 'evil.yaml': pack, 'a.md': `${'a'.repeat(40)}!\n` });
    const r = await run(['a.md'], fs);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/evil\.yaml:10:\d+: rules\[0\]\.patterns\.en\[0\]: pattern refused/);
  });
});

describe('suppression in host comments', () => {
  it('honours Markdown and MDX comment forms, and reports unknown ids as config-error', async () => {
    const fs = new MemFs({
      'a.md': 'We offer unlimited generations. <!-- routelint-disable-line unlimited-claim -- quoting the old page -->\n',
      'b.mdx': '{/* routelint-disable-next-line unlimited-claim */}\nWe offer unlimited generations.\n',
      'c.md': 'We offer unlimited generations. <!-- routelint-disable-line unlimted-claim -->\n',
    });
    const report = json(await run(['--format', 'json'], fs));
    const ids = Object.fromEntries(report.files.map((f) => [f.path, f.findings.map((x) => x.ruleId).sort()]));
    expect(ids).toEqual({ 'a.md': [], 'b.mdx': [], 'c.md': ['config-error', 'unlimited-claim'] });
  });
});

describe('progress', () => {
  const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d/f${String(i).padStart(2, '0')}.md`, CLEAN]));
  it('shows progress on a terminal, never in CI or a pipe', async () => {
    expect((await run(['d'], new MemFs(many), { errTty: true })).err).toMatch(/\rroutelint: 30\/30 files/);
    expect((await run(['d'], new MemFs(many), { errTty: true, env: { CI: 'true' } })).err).toBe('');
    expect((await run(['d'], new MemFs(many), { errTty: false })).err).toBe('');
  });
});

describe('the built bin', () => {
  const bin = join(process.cwd(), 'dist/routelint.js');
  it('runs on a real file system with exit codes 1, 0 and 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelint-cli-'));
    writeFileSync(join(dir, 'page.md'), RISKY);
    writeFileSync(join(dir, 'ok.md'), CLEAN);
    const r = spawnSync(process.execPath, [bin, '--format', 'json', 'page.md'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as JsonReport).files[0]!.findings[0]!.ruleId).toBe('unlimited-claim');
    expect(spawnSync(process.execPath, [bin, 'ok.md'], { cwd: dir }).status).toBe(0);
    expect(spawnSync(process.execPath, [bin, 'missing.md'], { cwd: dir }).status).toBe(2);
  });

  it('fixes in place and prints fixed stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelint-fix-'));
    writeFileSync(join(dir, 'page.md'), RISKY);
    spawnSync(process.execPath, [bin, '--fix', 'page.md'], { cwd: dir });
    expect(readFileSync(join(dir, 'page.md'), 'utf8')).toContain('within the limits its owner sets');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const s = spawnSync(process.execPath, [bin, '--stdin', '--stdin-filename', 'x.md', '--fix'], { cwd: dir, input: RISKY, encoding: 'utf8' });
    expect(s.stdout).toContain('within the limits its owner sets');
  });
});

describe('parallel linting', () => {
  it('gives the same report on worker threads as in process, in path order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelint-pool-'));
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) {
      const body = `# Page ${i}\n\n${'Plain words about images and prompts. '.repeat(1500)}\n\n${i % 3 ? RISKY : CLEAN}`;
      const name = `p${String(23 - i).padStart(2, '0')}.md`;
      files[name] = body;
      writeFileSync(join(dir, name), body);
    }
    const bin = join(process.cwd(), 'dist/routelint.js');
    const viaBin = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    const pooled = JSON.parse(viaBin.stdout) as JsonReport;
    const mem = new MemFs(files);
    const inProcess = json(await run(['--format', 'json', '.'], mem));
    expect(pooled.files.map((f) => f.path)).toEqual([...Object.keys(files)].sort());
    expect(pooled).toEqual(inProcess);
    // threads started early for a run that then stops on a bad config do not keep the process alive
    writeFileSync(join(dir, '.routelint.yaml'), 'colour: red\n');
    const stopped = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(stopped.status).toBe(2);
    expect(stopped.stderr).toMatch(/colour: unknown key/);
  });
});
