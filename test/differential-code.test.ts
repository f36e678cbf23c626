// The fast path must find exactly what a full read finds in code and markup too (HTML, JS/TS/JSX and
// MDX, whose sources spell prose through escapes and references), and no such file may crash the
// extractors: a real corpus (source files in node_modules, a fixed set for a given lockfile) and
// seeded documents that mix claims with escapes, references, tags and comments.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/engine.js';
import { listFiles, rules, TODAY } from './helpers.js';

function bothWays(path: string, text: string) {
  const opts = { today: TODAY, mentions: 'info' as const };
  const run = (prefilter: boolean) => {
    const r = lintText(path, text, rules(), { ...opts, prefilter });
    return r.status === 'linted' ? r.findings.map((f) => `${f.ruleId} ${f.start}-${f.end} ${f.severity} ${f.mention ?? ''}`) : `skipped ${r.reason} ${r.detail ?? ''}`;
  };
  return { fast: run(true), full: run(false) };
}

describe('fast path = full read on a corpus of code and markup', () => {
  // Per extension, files under 150 KB in path order, up to a budget: a fixed set for a given lockfile.
  const budgets: Record<string, number> = { js: 1_500_000, mjs: 300_000, cjs: 300_000, ts: 700_000, mts: 200_000, tsx: 200_000, jsx: 200_000, html: 400_000, mdx: 200_000 };
  const used: Record<string, number> = {};
  const files = listFiles('node_modules', (p) => {
    const ext = /\.([a-z]+)$/.exec(p)?.[1] ?? '';
    if (!(ext in budgets)) return false;
    const size = statSync(p).size;
    if (size > 150_000 || (used[ext] ?? 0) + size > budgets[ext]!) return false;
    used[ext] = (used[ext] ?? 0) + size;
    return true;
  });
  it('has a corpus', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  const groups = new Map<string, string[]>();
  for (const f of files) {
    const ext = /\.([a-z]+)$/.exec(f)![1]!;
    groups.set(ext, [...(groups.get(ext) ?? []), f]);
  }
  for (const [ext, list] of groups) {
    it(`.${ext}: ${list.length} files`, () => {
      for (const path of list) {
        const text = readFileSync(path, 'utf8');
        const { fast, full } = bothWays(path, text);
        expect(typeof fast === 'string' ? fast : 'linted', path).toBe('linted');
        expect(fast, path).toEqual(full);
      }
    }, 120_000);
  }
});

describe('fast path = full read on seeded documents', () => {
  const claims = ['Get free unlimited GPT Image 2 API access.', 'No API key required.', 'uptime guaranteed', 'Use this free key', '무료 무제한 API', 'API gratis ilimitada', 'gpt-image-7'];
  // Ways to spell a character of a claim, per host.
  const spell: Record<string, Array<(c: string) => string>> = {
    html: [(c) => c, (c) => `&#${c.codePointAt(0)};`, (c) => `&#x${c.codePointAt(0)!.toString(16)};`, (c) => (c === ' ' ? '\n  ' : c), (c) => (/[a-z]/.test(c) ? `<b>${c}</b>` : c), (c) => (/[a-z]/.test(c) ? `${c}<!-- -->` : c)],
    jsx: [(c) => c, (c) => `&#${c.codePointAt(0)};`, (c) => (c === ' ' ? '\n  ' : c), (c) => (/[a-z]/.test(c) ? `<b>${c}</b>` : c), (c) => (/[a-z]/.test(c) ? `${c}{/**/}` : c), (c) => (c === ' ' ? "{' '}" : c)],
    js: [(c) => c, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`, (c) => (c === ' ' ? '\\n' : c), (c) => (c === "'" ? "\\'" : c)],
  };
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const spelled = (host: string, s: string) => [...s].map((c) => (rand(4) === 0 ? spell[host]![rand(spell[host]!.length)]!(c) : c)).join('');
  it('HTML', () => {
    let found = 0;
    for (let k = 0; k < 150; k++) {
      const parts = ['<h1>Pricing</h1>'];
      for (let j = 0; j < 4; j++) {
        const c = claims[rand(claims.length)]!;
        const pick = rand(4);
        if (pick === 0) parts.push(`<p>${spelled('html', c)}</p>`);
        else if (pick === 1) parts.push(`<img alt="${spelled('html', c).replace(/<\/?b>/g, '')}">`);
        else if (pick === 2) parts.push(`<script>var s = "${c}";</script>`);
        else parts.push(`<li>${spelled('html', c)} as of 2026-05-04</li>`);
      }
      const doc = parts.join('\n');
      const { fast, full } = bothWays('seeded.html', doc);
      expect(fast, doc).toEqual(full);
      found += fast.length;
    }
    expect(found).toBeGreaterThan(150);
  });
  it('JS/JSX', () => {
    let found = 0;
    for (let k = 0; k < 150; k++) {
      const parts = ["import x from 'y';"];
      for (let j = 0; j < 4; j++) {
        const c = claims[rand(claims.length)]!;
        const pick = rand(4);
        if (pick === 0) parts.push(`const s${j} = '${spelled('js', c).replace(/'/g, "\\'")}';`);
        else if (pick === 1) parts.push(`const t${j} = \`${spelled('js', c).replace(/`/g, '\\`')} \${x}\`;`);
        else if (pick === 2) parts.push(`// ${c}`);
        else parts.push(`const e${j} = <p>${spelled('jsx', c)}</p>;`);
      }
      const doc = parts.join('\n');
      const { fast, full } = bothWays('seeded.jsx', doc);
      expect(fast, doc).toEqual(full);
      found += fast.length;
    }
    expect(found).toBeGreaterThan(150);
  });
});
