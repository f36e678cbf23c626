// The cells of a chunk (markdown.ts, cellsOf): each cell parsed on its own must give exactly the blocks
// a parse of the whole chunk gives there, checked against remark itself on the bundled examples, the
// fixtures, crafted documents (lists the planner cuts into items, thematic breaks, HTML, tables) and
// generated ones. Labels are left out (chunks that may use or define one are skipped): the cache defines
// them again for each cell, which test/incremental.test.ts checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { planChunks } from '../server/src/engine/extract/chunks.js';
import { cellsOf, checkNesting, markdownExtractor } from '../server/src/engine/extract/markdown.js';
import { LintMemo } from '../server/src/engine/memo.js';
import type { ExtractContext, ProseBlock } from '../server/src/engine/types.js';
import { document } from './fuzz.js';
import { listFiles, prng } from './helpers.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);
const SENTINEL = '# s\n';

interface Node {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: Node[];
  [k: string]: unknown;
}

/** The blocks of `str` parsed alone (the sentinel after it, left out), offsets moved by `base`. */
function blocks(str: string, base: number): unknown[] {
  const kids = (processor.parse(str + SENTINEL) as unknown as Node).children ?? [];
  const shape = (n: Node): unknown => {
    const { position, children, ...rest } = n;
    return { ...rest, at: [position!.start.offset! + base, position!.end.offset! + base], ...(children ? { children: children.map(shape) } : {}) };
  };
  return kids.filter((k) => k.position!.start.offset! < str.length).map(shape);
}

/** Chunks cut into cells: [chunk text's blocks, the cells' blocks] for each. */
function compare(bommed: string): Array<[unknown[], unknown[], string]> {
  // (the engine lints the text after a BOM)
  const text = bommed.replace(/^\uFEFF/, '');
  // every prose segment may hold a finding (so the planner cuts lists after headings into their items)
  const plan = planChunks(text, { level: () => 2, blockDepth: 2 * checkNesting(text, 64) + 4, maxWalk: 136 });
  if (!plan) return [];
  const out: Array<[unknown[], unknown[], string]> = [];
  plan.chunks.forEach((c, ci) => {
    const whole = text.slice(c.start, c.end);
    if (whole.includes(']') || !/[\r\n]$/.test(whole)) return;
    const cells = cellsOf(text, plan, ci, [[c.start, c.end]]);
    if (!cells) return;
    const mine = cells.flatMap((cell) => blocks(cell.str, cell.pieces[0]![0]));
    out.push([blocks(whole, c.start), mine, cells.map((x) => x.str).join('|')]);
  });
  return out;
}

const crafted = [
  // a bullet list right after a heading: the planner cuts it into items, the cells must not
  '# Plans\n\n- Free unlimited API for everyone.\n\n- Unlimited generations, no key needed.\n- Free credits.\n\nAfter.\n',
  '# Plans\n- Free unlimited API.\n-   Unlimited generations.\n\n  More of the item.\n\n* Another list.\n',
  '## A\n\n1. Free API key.\n2. Unlimited.\n\nText.\n\n3. Unlimited again.\n',
  // thematic breaks and setext-like lines at a cut (alone, "---" would read as front matter)
  '# A\n\nFree API.\n\n---\n\nUnlimited.\n\n---\n',
  '# A\n\nFree API.\n\n===\n\nText\n---\n\n+++\ntoml = 1\n+++\n',
  // HTML blocks, tables, indented code, quotes, footnote-like text without labels
  '# A\n\n<div>\nFree API\n</div>\n\nText.\n\n<!-- c -->\n\nMore.\n\n    code\n\nAfter code.\n\n> quote\n> more\n\nlazy.\n',
  '# A\n\nCaption:\n\n| a | b |\n|---|---|\n| free | API |\n\nText | with pipe\n\nEnd.\n',
  '# A\n\n```\nfence\n\nstill fence\n```\n\nAfter.\n\n~~~\nopen to the end\n',
  '# A\r\n\r\nFree API.\r\n\r\n- item\r\n\r\nText.\r\n',
];

describe('cells of a chunk parse apart', () => {
  it('on crafted documents', () => {
    let n = 0;
    for (const text of crafted) {
      for (const [whole, cells, cut] of compare(text)) {
        n++;
        expect(cells, cut).toEqual(whole);
      }
    }
    // (the two with a cell that would read as front matter get no cells)
    expect(n).toBeGreaterThanOrEqual(crafted.length - 2);
  });

  it('on the bundled examples and fixtures', () => {
    const files = [
      ...listFiles(join(__dirname, '../examples'), (p) => p.endsWith('.md')),
      ...listFiles(join(__dirname, 'fixtures'), (p) => p.endsWith('.md')),
    ];
    let n = 0;
    for (const f of files) {
      for (const [whole, cells, cut] of compare(readFileSync(f, 'utf8'))) {
        n++;
        expect(cells, `${f}: ${cut}`).toEqual(whole);
      }
    }
    expect(n).toBeGreaterThan(20);
  });

  it('on generated documents', () => {
    let n = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const text = document(prng(seed), 12);
      for (const [whole, cells, cut] of compare(text)) {
        n++;
        expect(cells, `seed ${seed}: ${cut}`).toEqual(whole);
      }
    }
    expect(n).toBeGreaterThan(100);
  });
});

// The extraction with a memo (cells cached by earlier lints) equals the one without, block for block and
// in what the first pass asks about, through sequences that change what a cached cell's labels mean and
// through units left out between the items of a list the planner cut up.
describe('the extraction with the parse cache equals the one without', () => {
  const RULES = {};
  function extract(text: string, memo: LintMemo | undefined, wanted: (a: number, b: number) => 0 | 1 | 2): string {
    if (memo) memo.begin(RULES, 'k');
    const asked: string[] = [];
    const candidate = (b: ProseBlock): 0 | 1 | 2 => {
      asked.push(`${b.kind}:${b.text}@${b.starts[0]}`);
      return b.text.includes('ree') && b.starts.length > 1 ? 1 : 0;
    };
    const ctx: ExtractContext = { maxDepth: 64, wanted, candidate, ...(memo ? { memo } : {}) };
    const e = markdownExtractor.extract(text, ctx);
    if (memo) memo.keepAll();
    return JSON.stringify({ asked, blocks: e.blocks.map((b) => [b.kind, b.text, b.starts[0], b.section]), sections: e.sections });
  }
  const both = (texts: string[], wanted: (text: string) => (a: number, b: number) => 0 | 1 | 2 = () => () => 2): void => {
    const memo = new LintMemo();
    for (const t of [...texts, texts[0]!]) expect(extract(t, memo, wanted(t)), JSON.stringify(t)).toBe(extract(t, undefined, wanted(t)));
  };

  it('when a definition in another cell of the chunk is renamed and back', () => {
    const base = '# A\n\nIntro.\n\nSee [our plans][docs] now.\n\n';
    both([`${base}[docs]: https://e.com\n`, `${base}[docz]: https://e.com\n`]);
  });

  it('when a label crosses the lines of a block quote', () => {
    const base = '# Title\n\nIntro.\n\n## Plans\n\n> Read [our plans][free unlimited\n> GPT Image 2 API] today.\n\nSee below.\n\n';
    both([`${base}[free unlimited GPT Image 2 API]: https://e.com/plans\n`, `${base}[free unlimited GPT Image 2 APIs]: https://e.com/plans\n`]);
    // the definition in another chunk
    both([`${base}## Links\n\n[free unlimited GPT Image 2 API]: https://e.com/plans\n`, `${base}## Links\n\n[free unlimited GPT Image 2 APIs]: https://e.com/plans\n`]);
  });

  it('when a link definition label reads like a footnote label ("[ ^n]")', () => {
    const a = '# A\n\nIntro.\n\n[ ^n]: https://e.com\n\nSee [^n] free.\n';
    const b = '# A\n\nIntro.\n\n[^n]: A note.\n\nSee [^n] free.\n';
    both([a, b]);
    both([b, a]);
    both(['# B\n\nx\n\nSee [^n] free.\n\n[^n]: A note.\n', '# B\n\nx\n\nSee [^n] free.\n\n[ ^n]: https://e.com\n']);
  });

  it('when an item of a cut-up list is left out before a fresh unit', () => {
    // the first pass parses "- Free *unlimited* API." and "More *free* API." with the item between left
    // out: the unit after the gap must be read as the pieces put together read it (a lazy continuation)
    const t = '# Other\n\n- Free *unlimited* API.\n# Other 2\n\nMore *free* API.\n# Plans\n\n- Free *unlimited* API.\n- Nothing else.\n\nMore *free* API.\n';
    both([t, t.replace('Nothing', 'Nothing at all')], (text) => (a, b) => (text.slice(a, b).includes('ree') ? 1 : 0));
  });
});
