// Golden whole documents: every file in examples/ against its snapshot in test/golden/ (findings by
// line, column, severity and rule, plus each preferred fix's text). Careful explainers must have no
// error or warning at all. Regenerate with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../server/src/cli/report.js';
import { lintBytes } from '../server/src/engine/engine.js';
import { rules, TODAY } from './helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name === 'README.md' && dir === 'examples' ? [] : [join(dir, e.name)]));
}

function snapshot(path: string): string[] {
  const result = lintBytes(path, readFileSync(path), rules(), { today: TODAY });
  const report = buildReport([{ path, result }]);
  if (result.status === 'skipped') return [`skipped: ${result.reason}`];
  return report.files[0]!.findings.map((f) => {
    const fix = f.fixes.find((x) => x.preferred);
    return `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.ruleId}${fix ? ` → ${JSON.stringify(fix.edits[0]!.newText)}` : ''}`;
  });
}

const CAREFUL = /help-which-route/;

describe('golden documents', () => {
  const all = files('examples');

  it('has the three careful explainers and three risky pages', () => {
    for (const lang of ['en', 'ko', 'es']) {
      expect(all).toContain(join('examples', lang, 'help-which-route.md'));
      expect(all).toContain(join('examples', lang, 'landing-page.md'));
    }
  });

  it.each(all.map((p) => [relative('examples', p), p] as const))('%s', (_name, path) => {
    const got = snapshot(path);
    const golden = join('test/golden', `${relative('examples', path)}.txt`);
    if (UPDATE || !existsSync(golden)) {
      if (!UPDATE) throw new Error(`no golden file ${golden}: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`);
      mkdirSync(dirname(golden), { recursive: true });
      writeFileSync(golden, got.join('\n') + '\n');
    }
    expect(got.join('\n') + '\n').toBe(readFileSync(golden, 'utf8'));
    if (CAREFUL.test(path)) expect(got.filter((l) => / (error|warning) /.test(l))).toEqual([]);
    else expect(got.filter((l) => / (error|warning) /.test(l)).length).toBeGreaterThan(0);
  });
});
