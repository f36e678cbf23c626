// The rule pages (docs/rules/<id>.md) say what each rule flags and what it leaves alone. Their
// examples are run here, so a page never promises what the rule does not do.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from './helpers.js';
import { keysPerFormat } from './keys.js';

const DIR = join(__dirname, '..', 'docs', 'rules');

interface Block {
  lang: string;
  text: string;
  flagged: boolean;
  line: number;
}

/** The fenced blocks of a page's "Examples" section, each under the last "Flagged" / "Not flagged" lead-in. */
function exampleBlocks(page: string): Block[] {
  const lines = page.split('\n');
  const out: Block[] = [];
  let inExamples = false;
  let flagged: boolean | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^## /.test(l)) {
      inExamples = l === '## Examples';
      continue;
    }
    if (!inExamples) continue;
    if (/^not flagged/i.test(l)) flagged = false;
    else if (/\bflagged\b/i.test(l) && !l.startsWith('```')) flagged = true;
    const fence = /^```(\w*)\s*$/.exec(l);
    if (!fence) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
    if (flagged !== null) out.push({ lang: fence[1]!, text: body.join('\n'), flagged, line: i + 2 });
    i = j;
  }
  return out;
}

/** The texts a block stands for: a document (headings, a table, paragraphs) is one text; otherwise each line is one. */
function texts(b: Block): Array<{ text: string; path: string; line: number }> {
  const key = keysPerFormat()[0]!.key;
  const clean = (s: string) => s.replace(/<!--.*?-->/g, '').replace(/<key>/g, key).trimEnd();
  if (b.lang === 'yaml' || b.lang === 'env' || b.lang === 'json') {
    return [{ text: clean(b.text) + '\n', path: b.lang === 'env' ? '.env' : `config.${b.lang}`, line: b.line }];
  }
  // a document (headings, a table, paragraphs) is read whole; a list of sentences line by line
  if (/^(#|\||\s*$)/m.test(b.text)) return [{ text: clean(b.text) + '\n', path: 'page.md', line: b.line }];
  return b.text
    .split('\n')
    .map((t, k) => ({ text: clean(t), path: 'page.md', line: b.line + k }))
    .filter((t) => t.text.trim());
}

const pages = readdirSync(DIR).filter((f) => f.endsWith('.md'));

describe('rule pages', () => {
  it('has a page for every rule with examples', () => {
    expect(pages.length).toBeGreaterThanOrEqual(12);
  });

  for (const page of pages) {
    const id = page.replace(/\.md$/, '');
    const blocks = exampleBlocks(readFileSync(join(DIR, page), 'utf8'));
    if (blocks.length === 0) continue;
    it(`${id}: flags what its page shows flagged and nothing it shows not flagged`, () => {
      expect(blocks.some((b) => b.flagged)).toBe(true);
      expect(blocks.some((b) => !b.flagged)).toBe(true);
      const wrong: string[] = [];
      for (const b of blocks) {
        for (const t of texts(b)) {
          const hit = lint(t.text, t.path).some((f) => f.ruleId === id);
          if (hit !== b.flagged) wrong.push(`docs/rules/${page}:${t.line}: ${b.flagged ? 'not flagged' : 'flagged'}: ${t.text}`);
        }
      }
      expect(wrong.join('\n')).toBe('');
    });
  }
});
