// The config and locale fixture folders (test/fixtures/formats/<format>/) through the built CLI:
// every finding at its expected position, and no planted key in full in any output format.
// (The lead's test/fixtures.test.ts runs the same folders through the language server too.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(process.cwd(), 'dist/routelint.js');
const FORMATS = ['env', 'yaml', 'json', 'jsonc', 'toml', 'locale'];
const PLANTED = 'R0uteL1ntSynth3ticN0tARealK3yQ7xzM2a9';

interface Json {
  files: Array<{ path: string; findings: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number }> }>;
}

function run(dir: string, format: string): string {
  const r = spawnSync(process.execPath, [bin, '--format', format, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).not.toBe(2);
  return r.stdout + r.stderr;
}

describe.each(FORMATS)('fixture folder %s', (format) => {
  const dir = join('test/fixtures/formats', format);
  it('reports exactly the expected findings (CLI)', () => {
    const json = JSON.parse(run(dir, 'json')) as Json;
    const got = json.files
      .flatMap((f) => f.findings.map((x) => ({ path: f.path, ...x })))
      .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId))
      .map((x) => `${x.path} ${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.ruleId}`);
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n').filter(Boolean);
    expect(got).toEqual(expected);
  });
  it('never prints a planted key in full, in any output format', () => {
    for (const f of ['stylish', 'json', 'sarif', 'github']) expect(run(dir, f), f).not.toContain(PLANTED);
  });
});
