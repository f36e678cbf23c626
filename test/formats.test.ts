// `--format sarif` and `--format github` (PRODUCT.md "CLI", the level table, "Secrets"), built from
// reports the real engine produced. The SARIF is also checked by Microsoft's SARIF Multitool.
// No key is written in this file: the planted one is assembled at run time.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatGithub } from '../server/src/cli/formats/github.js';
import { formatSarif, pascalCase, type RuleMeta } from '../server/src/cli/formats/sarif.js';
import { buildReport, type JsonReport, type LintedFile } from '../server/src/cli/report.js';
import { lintBytes, lintText, type LintOptions } from '../server/src/engine/engine.js';
import { LineIndex } from '../server/src/engine/positions.js';
import type { Severity } from '../server/src/engine/types.js';
import { builtinRules } from '../server/src/node/rules.js';

const TODAY = '2026-11-23';
const ROOT = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
const REPO = pkg.repository.url.replace(/\.git$/, '').replace(/\/$/, '');
const SARIF_HINT = 'run routelint --format sarif --output-file routelint.sarif and upload it to code scanning';

// The planted key, and the only form of it any output may show (known prefix + "…" + last 4).
const KEY_PREFIX = 'sk-proj-';
const KEY = [KEY_PREFIX, 'R0uteL1ntSynth3tic', 'N0tARealK3yQ7xzM2a9Lk9PZr4T'].join('');
const MASKED = `${KEY_PREFIX}…${KEY.slice(-4)}`;

const KO_PATH = 'docs/가격 안내.md';
const KO_URI = 'docs/%EA%B0%80%EA%B2%A9%20%EC%95%88%EB%82%B4.md';
// BOM, CRLF, an emoji (two UTF-16 code units) before the Korean claim.
const KO_TEXT = '\uFEFF# 가격\r\n\r\n🚀 무제한 생성! 공식 무료 API로 GPT Image 2를 쓰세요.\r\n';
const EN_PATH = 'README.md';
const EN_TEXT =
  '# Pricing\n\nGPT Image 2 costs $0.04 per image.\n\n' +
  'Get unlimited generations with the free GPT Image 2 API. 🎉 No rate limits.\n\n' +
  '```env\nAPI_KEY=' + KEY + '\n```\n';
// Capped at two findings: the third is the engine's zero-length summary finding.
const CAPPED_PATH = 'notes/capped.md';
const CAPPED_TEXT = 'Unlimited images. No rate limits. Never blocked. Unlimited generations.\n';
const SKIPPED_PATH = 'assets/logo.md';

function lintFile(path: string, text: string, extra: Partial<LintOptions> = {}): LintedFile {
  return { path, result: lintText(path, text, builtinRules(), { today: TODAY, ...extra }) };
}

const LINTED: LintedFile[] = [
  lintFile(EN_PATH, EN_TEXT),
  { path: SKIPPED_PATH, result: lintBytes(SKIPPED_PATH, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), builtinRules(), { today: TODAY }) },
  lintFile(KO_PATH, KO_TEXT),
  lintFile(CAPPED_PATH, CAPPED_TEXT, { maxFindings: 2 }),
];
const SOURCES: Record<string, string> = { [EN_PATH]: EN_TEXT, [KO_PATH]: KO_TEXT, [CAPPED_PATH]: CAPPED_TEXT };
const REPORT = buildReport(LINTED);

const RULES: RuleMeta[] = builtinRules().rules.map((r) => ({
  id: r.spec.id,
  title: r.spec.title,
  severity: r.spec.severity,
  helpUri: `${REPO}/blob/main/docs/rules/${r.spec.id}.md`,
  description: `${r.spec.title}. Implied routes: ${r.spec.routes.join(', ') || 'none'}.`,
}));
const SARIF_OPTS = { toolVersion: pkg.version, informationUri: REPO };

// Loose views of the SARIF we read back.
interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }>;
  properties: { routes: string[]; missing: string[] };
  fixes?: Array<{
    description: { text: string };
    artifactChanges: Array<{ artifactLocation: ArtifactLocation; replacements: Array<{ deletedRegion: Region; insertedContent: { text: string } }> }>;
    properties: { route: string | null; preferred: boolean };
  }>;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion: string;
        informationUri: string;
        rules: Array<{
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          helpUri?: string;
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
        }>;
      };
    };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: string; message: { text: string } }> }>;
    originalUriBaseIds?: Record<string, { uri: string }>;
    artifacts: Array<{ location: ArtifactLocation }>;
    results: SarifResult[];
    columnKind: string;
  }>;
}

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** Apply region replacements (1-based, UTF-16, end-exclusive) to a text whose BOM is not counted. */
function applyRegions(text: string, reps: Array<{ deletedRegion: Region; insertedContent: { text: string } }>): string {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(body);
  const edits = reps.map((r) => ({
    start: lines.offset(r.deletedRegion.startLine, r.deletedRegion.startColumn),
    end: lines.offset(r.deletedRegion.endLine, r.deletedRegion.endColumn),
    text: r.insertedContent.text,
  }));
  for (const e of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  return body;
}

function regionText(text: string, r: Region): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(body);
  return body.slice(lines.offset(r.startLine, r.startColumn), lines.offset(r.endLine, r.endColumn));
}

// ---------------------------------------------------------------------------------------------
// The SARIF Multitool. Its `validate` verb exits 0 even when it finds errors (with or without
// --rich-return-code), so the errors are read from the SARIF log it writes. And it silently skips a
// file it cannot deserialize (an unknown enum value such as level "fatal" yields no result at all),
// so each file is validated next to a canary copy with one planted schema error (JSON1005, an
// unknown property): if the canary's error is missing, the Multitool did not really analyse the file.

const MULTITOOL = join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
const work = mkdtempSync(join(tmpdir(), 'routelint-sarif-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function multitool(): string {
  if (!existsSync(MULTITOOL)) throw new Error(`SARIF Multitool missing at ${MULTITOOL}: run npm ci`);
  // npm here skips install scripts, so the package's postinstall `chmod u+x` may not have run.
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL, statSync(MULTITOOL).mode | 0o111);
  }
  return MULTITOOL;
}

interface Validation {
  errors: string[];
  warnings: string[];
}

let seq = 0;
/** Validate SARIF texts in one Multitool run; one Validation per text (errors include "not analysed"). */
function validate(...sarifTexts: string[]): Validation[] {
  const inputs = sarifTexts.map((text) => {
    const n = ++seq;
    const file = join(work, `log${n}.sarif`);
    const canary = join(work, `log${n}.canary.sarif`);
    writeFileSync(file, text);
    let canaryLog: { runs?: Array<Record<string, unknown>> } | null = null;
    try {
      canaryLog = JSON.parse(text);
    } catch {
      /* not JSON: the Multitool reports that itself */
    }
    if (canaryLog?.runs?.[0]) canaryLog.runs[0].routelintCanary = true;
    writeFileSync(canary, JSON.stringify(canaryLog));
    return { file, canary };
  });
  const out = join(work, `validation${++seq}.sarif`);
  const args = ['validate', ...inputs.flatMap((i) => [i.file, i.canary]), '--output', out, '--log', 'ForceOverwrite'];
  const r = spawnSync(multitool(), args, {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  if (r.error) throw r.error;
  if (r.status !== 0 || !existsSync(out)) throw new Error(`Sarif.Multitool ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const log = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: Array<{
      tool: { driver: { rules?: Array<{ id: string; messageStrings?: Record<string, { text: string }> }> } };
      results?: Array<{ ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] }; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }>;
    }>;
  };
  const run = log.runs[0]!;
  const describeResult = (res: NonNullable<typeof run.results>[number]) => {
    const template = run.tool.driver.rules?.find((x) => x.id === res.ruleId)?.messageStrings?.[res.message.id ?? '']?.text;
    const text = res.message.text ?? template?.replace(/\{(\d+)\}/g, (_m, i: string) => res.message.arguments?.[Number(i)] ?? '') ?? JSON.stringify(res.message);
    return `${res.ruleId}: ${text}`;
  };
  const about = (file: string) =>
    (run.results ?? []).filter((res) => {
      const uri = res.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
      return decodeURIComponent(uri).endsWith(`/${basename(file)}`);
    });
  return inputs.map(({ file, canary }) => {
    const own = about(file);
    const errors = own.filter((x) => (x.level ?? 'warning') === 'error').map(describeResult);
    const warnings = own.filter((x) => x.level === 'warning').map(describeResult);
    if (!about(canary).some((x) => x.ruleId === 'JSON1005')) {
      errors.push('not analysed: the Multitool reported nothing for a copy with a planted schema error, so it skipped this file (e.g. an unknown enum value)');
    }
    return { errors, warnings };
  });
}

// ---------------------------------------------------------------------------------------------

describe('the reports these tests use', () => {
  it('come from the real engine and cover BOM, CRLF, Korean, emoji, all three levels, fixes, a key, a cap and a skip', () => {
    expect(REPORT.files.map((f) => f.path)).toEqual([EN_PATH, KO_PATH, CAPPED_PATH]);
    expect(REPORT.skipped).toEqual([{ path: SKIPPED_PATH, reason: 'binary' }]);
    const all = REPORT.files.flatMap((f) => f.findings);
    expect(new Set(all.map((f) => f.severity))).toEqual(new Set(['error', 'warning', 'info']));
    expect(new Set(all.map((f) => f.ruleId)).size).toBeGreaterThanOrEqual(5);
    expect(all.some((f) => f.ruleId === 'shared-key' && f.message.includes(MASKED))).toBe(true);
    expect(all.some((f) => f.ruleId === 'too-many-findings' && f.line === f.endLine && f.column === f.endColumn)).toBe(true);
    const ko = REPORT.files[1]!.findings.find((f) => f.ruleId === 'unlimited-claim')!;
    // 🚀 is two code units, the BOM none: "무제한 생성" starts at column 4 of line 3 (CRLF lines).
    expect(ko).toMatchObject({ line: 3, column: 4, endLine: 3, endColumn: 10 });
  });
});

describe('formatSarif', () => {
  const text = formatSarif(REPORT, RULES, SARIF_OPTS);
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;

  it('is one SARIF 2.1.0 run of routelint with UTF-16 columns', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver).toMatchObject({ name: 'routelint', version: pkg.version, semanticVersion: pkg.version, informationUri: REPO });
    expect(run.originalUriBaseIds).toBeUndefined();
  });

  it('describes every rule: PascalCase name, title, description, absolute https help URI, level from the level table', () => {
    for (const meta of RULES) {
      const d = rules.find((r) => r.id === meta.id)!;
      expect(d, meta.id).toBeDefined();
      expect(d.name).toBe(pascalCase(meta.id));
      expect(d.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(d.shortDescription.text).toBe(meta.title);
      expect(d.fullDescription.text).toBe(meta.description);
      expect(d.helpUri).toBe(`${REPO}/blob/main/docs/rules/${meta.id}.md`);
      expect(new URL(d.helpUri!).protocol).toBe('https:');
      expect(d.help.text).toContain(d.helpUri);
      expect(d.help.markdown).toContain(`](${d.helpUri})`);
      expect(d.defaultConfiguration.level).toBe(LEVEL[meta.severity]);
    }
    expect(pascalCase('unlimited-claim')).toBe('UnlimitedClaim');
    const level = (id: string) => rules.find((r) => r.id === id)?.defaultConfiguration.level;
    expect([level('unlimited-claim'), level('model-label'), level('undated-claim')]).toEqual(['error', 'warning', 'note']);
  });

  it('points every result at a rule descriptor with its id, including ids no pack defines', () => {
    expect(run.results.length).toBe(REPORT.files.reduce((n, f) => n + f.findings.length, 0));
    for (const r of run.results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(rules.find((r) => r.id === 'too-many-findings')).toMatchObject({ defaultConfiguration: { level: 'warning' } });
  });

  it('maps each finding to a result: level, message, region, artifact, routes and missing', () => {
    let i = 0;
    REPORT.files.forEach((file, fi) => {
      for (const f of file.findings) {
        const r = run.results[i++]!;
        expect(r.ruleId).toBe(f.ruleId);
        expect(r.level).toBe(LEVEL[f.severity]);
        expect(r.message.text).toBe(f.message);
        const loc = r.locations[0]!.physicalLocation;
        expect(loc.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
        expect(loc.artifactLocation.index).toBe(fi);
        expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(run.artifacts[fi]!.location.uri).toBe(loc.artifactLocation.uri);
        expect(r.properties).toEqual({ routes: f.routes, missing: f.missing });
      }
    });
    expect(run.artifacts.map((a) => a.location)).toEqual([
      { uri: 'README.md', uriBaseId: '%SRCROOT%' },
      { uri: KO_URI, uriBaseId: '%SRCROOT%' },
      { uri: 'notes/capped.md', uriBaseId: '%SRCROOT%' },
    ]);
  });

  it('counts columns in UTF-16 code units after the BOM, across CRLF lines', () => {
    const ko = run.results.find((r) => r.ruleId === 'unlimited-claim' && r.locations[0]!.physicalLocation.artifactLocation.uri === KO_URI)!;
    expect(ko.locations[0]!.physicalLocation.region).toEqual({ startLine: 3, startColumn: 4, endLine: 3, endColumn: 10 });
    expect(regionText(KO_TEXT, ko.locations[0]!.physicalLocation.region)).toBe('무제한 생성');
    const en = run.results.find((r) => r.ruleId === 'unlimited-claim' && r.message.text.includes('No rate limits'))!;
    expect(regionText(EN_TEXT, en.locations[0]!.physicalLocation.region)).toBe('No rate limits');
  });

  it('keeps a zero-length region (the per-file cap finding) as a point', () => {
    const cap = run.results.find((r) => r.ruleId === 'too-many-findings')!;
    const reg = cap.locations[0]!.physicalLocation.region;
    expect(reg.startLine).toBe(reg.endLine);
    expect(reg.startColumn).toBe(reg.endColumn);
  });

  it("carries every finding's fixes, whose replacements rewrite the source exactly like the JSON edits", () => {
    let i = 0;
    let checked = 0;
    for (const file of REPORT.files) {
      for (const f of file.findings) {
        const r = run.results[i++]!;
        expect(r.fixes?.length ?? 0).toBe(f.fixes.length);
        f.fixes.forEach((fix, k) => {
          const s = r.fixes![k]!;
          expect(s.description.text).toBe(fix.title);
          expect(s.properties).toEqual({ route: fix.route, preferred: fix.preferred });
          expect(s.artifactChanges).toHaveLength(1);
          expect(s.artifactChanges[0]!.artifactLocation).toEqual(r.locations[0]!.physicalLocation.artifactLocation);
          const reps = s.artifactChanges[0]!.replacements;
          expect(reps).toEqual(
            fix.edits.map((e) => ({
              deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
              insertedContent: { text: e.newText },
            })),
          );
          const applied = applyRegions(SOURCES[file.path]!, reps);
          for (const e of fix.edits) expect(applied).toContain(e.newText);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(3);
    // The Korean preferred fix replaces exactly "무제한 생성".
    const ko = run.results.find((r) => r.ruleId === 'unlimited-claim' && r.locations[0]!.physicalLocation.artifactLocation.uri === KO_URI)!;
    const preferred = ko.fixes!.find((x) => x.properties.preferred)!;
    const fixed = applyRegions(KO_TEXT, preferred.artifactChanges[0]!.replacements);
    expect(fixed).toBe(KO_TEXT.slice(1).replace('무제한 생성', preferred.artifactChanges[0]!.replacements[0]!.insertedContent.text));
  });

  it('lists skipped files as note notifications of a successful invocation', () => {
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'note',
            message: { text: 'skipped assets/logo.md: binary file' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'assets/logo.md', uriBaseId: '%SRCROOT%' } } }],
            properties: { reason: 'binary' },
          },
        ],
      },
    ]);
    expect(run.artifacts.some((a) => a.location.uri.includes('logo'))).toBe(false);
  });

  it('sets %SRCROOT% only from a valid absolute srcRoot, ending it with "/"', () => {
    const withRoot = JSON.parse(formatSarif(REPORT, RULES, { ...SARIF_OPTS, srcRoot: 'file:///work/repo' })) as SarifLog;
    expect(withRoot.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } });
    expect(() => formatSarif(REPORT, RULES, { ...SARIF_OPTS, srcRoot: 'work/repo/' })).toThrow(/srcRoot/);
    expect(() => formatSarif(REPORT, [{ ...RULES[0]!, helpUri: 'docs/rules/x.md' }], SARIF_OPTS)).toThrow(/helpUri/);
  });

  it('is valid under the SARIF Multitool, and the check catches broken logs', () => {
    const withRoot = formatSarif(REPORT, RULES, { ...SARIF_OPTS, srcRoot: 'file:///work/repo/' });
    // Broken on purpose: a schema error and a dangling index; an unknown level; not JSON at all.
    const broken = JSON.parse(text) as SarifLog;
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    broken.runs[0]!.results[1]!.ruleIndex = 999;
    const badLevel = JSON.parse(text) as SarifLog;
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    const [plain, rooted, b1, b2, b3] = validate(text, withRoot, JSON.stringify(broken), JSON.stringify(badLevel), '{"version": "2.1.0", ');
    if (process.env.SHOW_SARIF_WARNINGS) console.log(plain!.warnings.join('\n'));
    expect(plain!.errors).toEqual([]);
    expect(rooted!.errors).toEqual([]);
    expect(b1!.errors.some((e) => e.startsWith('JSON1008'))).toBe(true); // startLine below its minimum
    expect(b1!.errors.some((e) => e.startsWith('SARIF1009'))).toBe(true); // ruleIndex past the rules array
    expect(b2!.errors.join('\n')).toMatch(/not analysed/);
    expect(b3!.errors.length).toBeGreaterThan(0);
  });
});

describe('formatGithub', () => {
  it('prints one exact annotation per finding, then the summary', () => {
    const report = buildReport([lintFile('docs/pricing.md', '# Pricing\n\nGenerate unlimited generations with our API today.\n')]);
    expect(formatGithub(report, { sarifHint: SARIF_HINT })).toBe(
      '::error file=docs/pricing.md,line=3,col=10,endLine=3,endColumn=31,title=routelint/unlimited-claim::' +
        '"unlimited generations" promises unlimited use, but every route has an owner who sets its limits ' +
        '(implied route: no-login wrapper, provider trial). The text leaves owner, payer, limit unstated. ' +
        'State the real limit and who sets it, or drop the promise.\n' +
        '::notice title=routelint summary::1 error, 0 warnings, 0 infos in 1 file. ' +
        `GitHub shows only the first annotations of a step; the full report: ${SARIF_HINT}\n`,
    );
  });

  it('uses ::error, ::warning and ::notice by level, a notice per skipped file, and one summary line last', () => {
    const out = formatGithub(REPORT, { sarifHint: SARIF_HINT });
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    const all = REPORT.files.flatMap((f) => f.findings.map((x) => ({ path: f.path, ...x })));
    expect(lines).toHaveLength(all.length + 2);
    all.forEach((f, i) => {
      const cmd = { error: 'error', warning: 'warning', info: 'notice' }[f.severity];
      expect(lines[i]!.startsWith(`::${cmd} file=`)).toBe(true);
      expect(lines[i]).toContain(`,line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=routelint/${f.ruleId}::`);
    });
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(REPORT.summary.errors);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(REPORT.summary.warnings);
    expect(lines.filter((l) => l.startsWith(`::error file=${KO_PATH},line=3,`))).toHaveLength(REPORT.files[1]!.findings.length);
    expect(lines[all.length]).toBe('::notice file=assets/logo.md,title=routelint/skipped::skipped: binary file');
    const { errors, warnings, infos } = REPORT.summary;
    expect(lines[all.length + 1]).toBe(
      `::notice title=routelint summary::${errors} errors, ${warnings} warnings, ${infos} info${infos === 1 ? '' : 's'} in 3 files (1 skipped). ` +
        `GitHub shows only the first annotations of a step; the full report: ${SARIF_HINT}`,
    );
    expect(lines.filter((l) => l.startsWith('::notice title=routelint summary::'))).toHaveLength(1);
  });

  it("escapes properties (% CR LF : ,) and messages (% CR LF) as GitHub's toolkit does", () => {
    const report: JsonReport = {
      version: 1,
      files: [
        {
          path: 'we,ird:dir/100%\r\nx.md',
          findings: [
            {
              ruleId: 'guarantee-claim',
              severity: 'warning',
              message: 'a: b, 100%\r\nnext::line',
              line: 2,
              column: 1,
              endLine: 2,
              endColumn: 5,
              routes: [],
              missing: [],
              fixes: [],
            },
          ],
        },
      ],
      skipped: [{ path: 'odd,name:1.md', reason: 'ignored' }],
      summary: { files: 1, errors: 0, warnings: 1, infos: 0 },
    };
    const lines = formatGithub(report, { sarifHint: '50% of it: see\nthe SARIF' }).split('\n');
    expect(lines[0]).toBe(
      '::warning file=we%2Cird%3Adir/100%25%0D%0Ax.md,line=2,col=1,endLine=2,endColumn=5,title=routelint/guarantee-claim::a: b, 100%25%0D%0Anext::line',
    );
    expect(lines[1]).toBe('::notice file=odd%2Cname%3A1.md,title=routelint/skipped::skipped: ignored by the config');
    expect(lines[2]).toBe(
      '::notice title=routelint summary::0 errors, 1 warning, 0 infos in 1 file (1 skipped). GitHub shows only the first annotations of a step; the full report: 50%25 of it: see%0Athe SARIF',
    );
    expect(lines[3]).toBe('');
  });
});

describe('secrets in SARIF and GitHub output', () => {
  it('never contains the planted key, only its masked form', () => {
    expect(EN_TEXT).toContain(KEY); // the key really was in the linted text
    const outputs = {
      sarif: formatSarif(REPORT, RULES, SARIF_OPTS),
      github: formatGithub(REPORT, { sarifHint: SARIF_HINT }),
    };
    const secretPart = KEY.slice(KEY_PREFIX.length);
    for (const [name, out] of Object.entries(outputs)) {
      expect(out.includes(KEY), `${name} contains the full key`).toBe(false);
      expect(out.includes(secretPart), `${name} contains the key's secret part`).toBe(false);
      expect(out.includes(secretPart.slice(0, 12)), `${name} contains the start of the key's secret part`).toBe(false);
      expect(out.includes(MASKED), `${name} lacks the masked key`).toBe(true);
    }
    // Also through JSON escaping: the SARIF's strings, decoded.
    expect(JSON.stringify(JSON.parse(outputs.sarif))).not.toContain(secretPart);
  });
});
