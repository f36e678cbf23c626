// The fast path (file and block prefilters) must give exactly the findings of a full remark parse
// of every block, over the examples, the golden fixtures and a real corpus (the npm READMEs in
// node_modules, a fixed set for a given lockfile).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintBytes, mayHaveFindings } from '../server/src/engine/engine.js';
import { rules, TODAY } from './helpers.js';

function listFiles(dir: string, pick: (p: string) => boolean, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, pick, out);
    else if (e.isFile() && pick(p)) out.push(p);
  }
  return out;
}

function corpus(): string[] {
  const own = [...listFiles('examples', () => true), ...listFiles('test/golden', () => true)];
  const npm = listFiles('node_modules', (p) => /\.md$/i.test(p));
  // A deterministic slice of real Markdown: every file up to 4 MB in all, in path order.
  const picked: string[] = [];
  let bytes = 0;
  for (const p of npm) {
    const size = statSync(p).size;
    if (size > 300_000) continue;
    if (bytes + size > 4_000_000) break;
    picked.push(p);
    bytes += size;
  }
  return [...own, ...picked];
}

function findings(path: string, bytes: Uint8Array, prefilter: boolean) {
  const r = lintBytes(path, bytes, rules(), { today: TODAY, prefilter, mentions: 'info' });
  return r.status === 'linted' ? r.findings : r.reason;
}

describe('fast path versus full parse', () => {
  const files = corpus();

  it('covers a real corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('gives identical findings on every file', () => {
    let withFindings = 0;
    for (const p of files) {
      const bytes = readFileSync(p);
      const fast = findings(p, bytes, true);
      const full = findings(p, bytes, false);
      expect(fast, p).toEqual(full);
      if (Array.isArray(full) && full.length) withFindings++;
    }
    // The comparison means something only if findings were produced on both paths.
    expect(withFindings).toBeGreaterThan(0);
  });

  it('skips a file with no candidate before parsing it, and keeps one with a candidate', () => {
    expect(mayHaveFindings('# Install\n\nRun the build, then open the page.\n', rules())).toBe(false);
    expect(mayHaveFindings('# Pricing\n\nUnlimited generations.\n', rules())).toBe(true);
    expect(mayHaveFindings('Fill in [[provider]].\n', rules())).toBe(true);
    expect(mayHaveFindings('<!-- routelint-disable-line nosuch -->\n', rules())).toBe(true);
  });
});
