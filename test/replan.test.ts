// The incremental chunk plan (chunks.ts replanChunks): after every keystroke of seeded edit sequences,
// the plan made from the previous one must equal a fresh planChunks of the new text, but for `reach`,
// which may only be larger (it says how far a chunk's scan may have read; larger is safe). And the
// incremental fold (engine.ts refold) against a fresh foldForMatch.
import { describe, expect, it } from 'vitest';
import { lineFoldable, refold } from '../server/src/engine/engine.js';
import { planChunks, replanChunks, type ChunkPlan, type PlanOptions } from '../server/src/engine/extract/chunks.js';
import { foldForMatch } from '../server/src/engine/prose.js';
import { chance, document, pick, randomEdit } from './fuzz.js';
import { prng, type Rnd } from './helpers.js';

/** Lines that make the scan look ahead past a chunk (indented fences and HTML) or give up (tailWhole). */
const LOOKAHEAD = [
  '  ```\n# inside or not\n  ```\n',
  ' ~~~\ncode\n~~~\n',
  '  <!--\n# hidden?\n-->\n',
  '   <script>\n# x\n</script>\n',
  '- item\n  ```\ncode at column 0 with unlimited generations\n```\n',
  'text\n<custom-tag>\n```\ncode\n```\n',
  '</script>\n```\n### not a heading\n',
  '<div>\n\n# in html\n\n</div>\n',
  '| a | b |\n| - | - |\n| unlimited | x |\n',
  `${'['.repeat(40)}deep${']'.repeat(40)}\n`,
];

function withLookahead(rnd: Rnd, text: string): string {
  const lines = text.split('\n');
  for (let k = 0; k < 4; k++) lines.splice(Math.floor(rnd() * lines.length), 0, pick(rnd, LOOKAHEAD));
  return lines.join('\n');
}

const OPTION_SETS: Array<[string, PlanOptions]> = [
  ['no levels (markdownPlan)', { level: () => 0, blockDepth: 10, maxWalk: 136 }],
  ['levels from the text', { level: () => 0, blockDepth: 10, maxWalk: 136 }],
];

/** A plan without `reach` (compared apart). */
function shape(p: ChunkPlan | null): unknown {
  return p && { ...p, chunks: p.chunks.map(({ reach: _r, ...c }) => c) };
}

function run(seed: number, options: (text: string) => PlanOptions, edits: number): { replans: number; stopped: number } {
  const rnd = prng(seed);
  let text = document(rnd, 6 + Math.floor(rnd() * 20));
  if (chance(rnd, 0.5)) text = withLookahead(rnd, text);
  let plan = planChunks(text, options(text));
  let replans = 0;
  let stopped = 0;
  for (let e = 0; e < edits; e++) {
    for (const [a, b, s] of randomEdit(rnd, text)) {
      const before = text;
      text = text.slice(0, a) + s + text.slice(b);
      const fresh = planChunks(text, options(text));
      if (!plan) {
        plan = fresh;
        continue;
      }
      const next = replanChunks(before, plan, text, options(text));
      replans++;
      const what = `seed ${seed}, edit ${e}: [${a}, ${b}) -> ${JSON.stringify(s)}\nbefore: ${JSON.stringify(before)}`;
      expect(shape(next), what).toEqual(shape(fresh));
      if (next && fresh) {
        next.chunks.forEach((c, k) => {
          expect(c.reach, `${what}\nreach of chunk ${k}`).toBeGreaterThanOrEqual(fresh.chunks[k]!.reach);
          if (k > 0) expect(c.reach, `${what}\nreach of chunk ${k} decreases`).toBeGreaterThanOrEqual(next.chunks[k - 1]!.reach);
        });
        // the scan stopped before the end and kept the rest: the chunks after the edit are shared work
        if (next.chunks.length > 2 && next.chunks[next.chunks.length - 1]!.end === text.length && next.chunks[0] === plan.chunks[0]) stopped++;
      }
      plan = next;
    }
  }
  return { replans, stopped };
}

describe('replanChunks', () => {
  it.each(OPTION_SETS.map(([name], i) => [name, i] as const))('equals a fresh plan after every keystroke (%s)', (_name, i) => {
    const options = (text: string): PlanOptions =>
      i === 0 ? OPTION_SETS[0]![1] : { ...OPTION_SETS[1]![1], level: (a, b) => (/unlimited|free|API key/i.test(text.slice(a, b)) ? 2 : /\?/.test(text.slice(a, b)) ? 1 : 0) };
    let replans = 0;
    let stopped = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = run(seed * 7919 + i, options, 25);
      replans += r.replans;
      stopped += r.stopped;
    }
    // most replans keep the chunks before and after the edit
    expect(replans).toBeGreaterThan(1000);
    expect(stopped / replans).toBeGreaterThan(0.5);
  });

  it('starts again from the first line when the edit touches it or the front matter, and keeps the tail of an ambiguity', () => {
    const o: PlanOptions = { level: () => 0, blockDepth: 10, maxWalk: 136 };
    const cases: Array<[string, string]> = [
      ['# A\n\ntext\n\n## B\n', '---\n# A\n\ntext\n\n## B\n'],
      ['---\ntitle: x\n---\n\n# A\n\ntext\n', '---\ntitle: x\n--\n\n# A\n\ntext\n'],
      ['---\ntitle: x\n\n# A\n---\n', '---\ntitle: x\n\n# A\n---\nmore\n'],
      ['# A\n\n- item\n  ```\ncode\n```\n\n# B\n\ntext\n\n# C\n', '# A\n\n- item\n  ```\ncode\n```\n\n# B\n\ntext more\n\n# C\n'],
      ['# A\n\ntext\n\n## B\n\nx\n', '# A\n\ntext\r\n\n## B\n\nx\n'],
      ['# A\n\ntext\n\n## B\n\nx\n', '# A\n\ntext\r\n## B\n\nx\n'],
      ['# A\n\ntext\n\n## B\n\nx\n', '# A\n\ntext\n\n##B\n\nx\n'],
      ['# A\n\ntext |\n\n## B\n\nx\n', '# A\n\ntext\n\n## B |\n\nx\n'],
    ];
    for (const [before, after] of cases) {
      const plan = planChunks(before, o);
      if (!plan) continue;
      expect(shape(replanChunks(before, plan, after, o)), JSON.stringify([before, after])).toEqual(shape(planChunks(after, o)));
    }
  });
});

describe('refold (the fold of a document after an edit)', () => {
  it('equals a fresh fold after every keystroke, in every script, or declines', () => {
    const rnd = prng(11);
    const pieces = ['ΟΔΟΣ ', 'Σ', 'σ\n', 'İstanbul ', 'ǅ', 'Straße ', 'ÉTÉ ', '무료 ', '😀', '\r\n', '\n', 'FREE ', 'a', ' ', 'ΑΣ\n'];
    let text = Array.from({ length: 200 }, () => pick(rnd, pieces)).join('').replace(/İ/g, 'I');
    let folded = foldForMatch(text);
    let declined = 0;
    let refolded = 0;
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(rnd() * (text.length + 1));
      const del = chance(rnd, 0.4) ? Math.floor(rnd() * 4) : 0;
      let next = text.slice(0, at) + (chance(rnd, 0.7) ? pick(rnd, pieces) : '') + text.slice(at + del);
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(next)) continue;
      if (chance(rnd, 0.98)) next = next.replace(/İ/g, 'I');
      if (!lineFoldable(text)) {
        text = next;
        folded = foldForMatch(text);
        continue;
      }
      const got = refold(next, { text, folded });
      if (got === null) declined++;
      else {
        refolded++;
        expect(got, JSON.stringify([text, next])).toBe(foldForMatch(next));
      }
      text = next;
      folded = foldForMatch(text);
    }
    expect(refolded).toBeGreaterThan(2000);
    expect(declined).toBeGreaterThan(0);
  });
});
