// An adversarial differential fuzzer for patched lints (engine/patch.ts, engine.ts DocumentLinter.run):
// a Markdown document linted with a memo after an edit lints again only the chunks the edit may change
// and keeps the rest of the previous findings. After every edit of every sequence here, that lint must
// deep-equal a fresh lint of the same text without a memo.
//
// The documents are made to stress what patch.ts says a finding reads: many chunks at every heading
// depth, headings that give no block (`#`, `# #`) or odd ones (`## [x](y)`, `### <b>x</b>`), setext,
// indented and quoted headings (structural chunks), a table right after a heading (its caption is the
// block before: the previous chunk's last one), questions answered by the next chunk's first block,
// section evidence (terms, billing, prices checked on a date) in subsections of depth 2 or more, a date
// line or front matter date on the first lines, link reference and footnote definitions used from
// other chunks, directives, fences and HTML blocks that may hide or show headings. The edits are
// keystrokes aimed mostly at what the window reasons about (heading lines, chunk boundaries,
// definitions, directives, dates, evidence words), words typed char by char, lines deleted, snippets
// pasted. Deterministic (seeded) and about a minute at most.
import { describe, expect, it } from 'vitest';
import { lintText, type LintOptions } from '../server/src/engine/engine.js';
import { LintMemo } from '../server/src/engine/memo.js';
import { patchStats } from '../server/src/engine/patch.js';
import { chance, document, randomEdit, type Step } from './fuzz.js';
import { prng, rules, TODAY } from './helpers.js';


// ---------------------------------------------------------------------------------------------
// The differential run

const OPTIONS: LintOptions = { today: TODAY };

export interface Tally {
  lints: number;
  patches: number;
  findings: number;
  refused: Map<string, number>;
}

export function tally(): Tally {
  return { lints: 0, patches: 0, findings: 0, refused: new Map() };
}

/** Whether two lint results are equal as the test compares them. */
function same(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}

/** Whether linting `before` and then `after` with one memo differs from a fresh lint of `after`. */
export function diverges(path: string, before: string, after: string): boolean {
  const memo = new LintMemo();
  lintText(path, before, rules(), { ...OPTIONS, memo });
  const incremental = lintText(path, after, rules(), { ...OPTIONS, memo });
  return !same(incremental, lintText(path, after, rules(), OPTIONS));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A smaller string `keep` still holds for: whole chunks (from a heading line on), lines, then runs of
 * characters removed, until nothing more goes or the time is up.
 */
function shrink(s: string, keep: (t: string) => boolean, deadline: number): string {
  let cur = s;
  const pieces = (t: string, cut: RegExp) => t.split(cut);
  for (const cut of [/(?=^#)/m, /(?<=\n)/]) {
    for (let again = true; again && Date.now() < deadline; ) {
      again = false;
      const ps = pieces(cur, cut);
      for (let i = 0; i < ps.length && Date.now() < deadline; ) {
        const cand = [...ps.slice(0, i), ...ps.slice(i + 1)].join('');
        if (keep(cand)) {
          ps.splice(i, 1);
          cur = cand;
          again = true;
        } else i++;
      }
    }
  }
  for (let size = 32; size >= 1 && Date.now() < deadline; size >>= 1) {
    for (let i = 0; i < cur.length && Date.now() < deadline; ) {
      const cand = cur.slice(0, i) + cur.slice(i + size);
      if (!LONE_SURROGATE.test(cand) && keep(cand)) cur = cand;
      else i += size;
    }
  }
  return cur;
}

export interface Repro {
  before: string;
  at: number;
  removed: string;
  inserted: string;
}

/**
 * A divergence brought down to the smallest document and edit that still show it on two lints (the
 * first whole, the second patched), or null when it needs the longer history.
 */
export function minimize(path: string, before: string, after: string, seconds = 20): Repro | null {
  const deadline = Date.now() + seconds * 1000;
  if (!diverges(path, before, after)) return null;
  const p = (() => {
    let i = 0;
    while (i < before.length && i < after.length && before[i] === after[i]) i++;
    return i;
  })();
  let sfx = 0;
  while (sfx < before.length - p && sfx < after.length - p && before[before.length - 1 - sfx] === after[after.length - 1 - sfx]) sfx++;
  let r: Repro = { before, at: p, removed: before.slice(p, before.length - sfx), inserted: after.slice(p, after.length - sfx) };
  const test = (x: Repro) => x.removed !== x.inserted && diverges(path, x.before, x.before.slice(0, x.at) + x.inserted + x.before.slice(x.at + x.removed.length));
  for (let round = 0; round < 3; round++) {
    const pre = shrink(r.before.slice(0, r.at), (t) => test({ ...r, before: t + r.before.slice(r.at), at: t.length }), deadline);
    r = { ...r, before: pre + r.before.slice(r.at), at: pre.length };
    const post = shrink(r.before.slice(r.at + r.removed.length), (t) => test({ ...r, before: r.before.slice(0, r.at + r.removed.length) + t }), deadline);
    r = { ...r, before: r.before.slice(0, r.at + r.removed.length) + post };
    const removed = shrink(r.removed, (t) => test({ ...r, before: r.before.slice(0, r.at) + t + r.before.slice(r.at + r.removed.length), removed: t }), deadline);
    r = { ...r, before: r.before.slice(0, r.at) + removed + r.before.slice(r.at + r.removed.length), removed };
    const inserted = shrink(r.inserted, (t) => test({ ...r, inserted: t }), deadline);
    r = { ...r, inserted };
  }
  return r;
}

export function describeRepro(path: string, r: Repro): string {
  const after = r.before.slice(0, r.at) + r.inserted + r.before.slice(r.at + r.removed.length);
  const memo = new LintMemo();
  lintText(path, r.before, rules(), { ...OPTIONS, memo });
  const got = lintText(path, after, rules(), { ...OPTIONS, memo });
  const fresh = lintText(path, after, rules(), OPTIONS);
  const brief = (x: typeof got) => (x.status === 'linted' ? x.findings.map((f) => `${f.ruleId}@${f.start}-${f.end}`).join(' ') : x.status);
  return [
    `minimal repro (${path}): before = ${JSON.stringify(r.before)}`,
    `edit: at ${r.at} replace ${JSON.stringify(r.removed)} with ${JSON.stringify(r.inserted)}`,
    `after = ${JSON.stringify(after)}`,
    `fresh:   ${brief(fresh)}`,
    `patched: ${brief(got)} (patches ${memo.patches}, refused ${patchStats.refused})`,
  ].join('\n');
}

/** Set to collect divergences instead of failing on the first (for exploring by hand). */
export const collect: { on: boolean; found: Array<{ seed: number; path: string; before: string; after: string }> } = { on: false, found: [] };

class Diverged extends Error {}

/** Lint `text` with the memo and without; they must be equal. */
function check(path: string, text: string, memo: LintMemo, t: Tally, what: () => string, before: string | null, seed: number): void {
  const was = memo.patches;
  const incremental = lintText(path, text, rules(), { ...OPTIONS, memo });
  const patched = memo.patches > was;
  const refused = patchStats.refused;
  const fresh = lintText(path, text, rules(), OPTIONS);
  if (!patched && refused) t.refused.set(refused, (t.refused.get(refused) ?? 0) + 1);
  t.lints++;
  if (patched) t.patches++;
  if (fresh.status === 'linted') t.findings += fresh.findings.length;
  if (same(incremental, fresh)) return;
  if (collect.on && before !== null) {
    collect.found.push({ seed, path, before, after: text });
    throw new Diverged();
  }
  const r = before === null ? null : minimize(path, before, text);
  expect(incremental, `${what()}\n${r ? describeRepro(path, r) : 'not reproduced on two lints: it needs the history'}`).toEqual(fresh);
}

/** A sequence of random edits to a generated document, checked after every keystroke. */
export function fuzz(seed: number, chunks: number, edits: number, t: Tally): void {
  const rnd = prng(seed);
  const path = chance(rnd, 0.1) ? 'page.markdown' : 'page.md';
  let text = document(rnd, chunks);
  const memo = new LintMemo();
  check(path, text, memo, t, () => `seed ${seed}, start\n${text}`, null, seed);
  try {
    for (let e = 0; e < edits; e++) {
      for (const [a, b, s] of randomEdit(rnd, text)) {
        const prev = text;
        text = text.slice(0, a) + s + text.slice(b);
        check(path, text, memo, t, () => `seed ${seed}, edit ${e}: [${a}, ${b}) -> ${JSON.stringify(s)}`, prev, seed);
      }
    }
  } catch (err) {
    if (!(err instanceof Diverged)) throw err;
  }
}

/**
 * Scripted edits, each typed as keystrokes (the old text backspaced, the new typed) and checked after
 * every one: `from` (its first occurrence after the previous edit's place, else the first) becomes `to`.
 */
function typeEdits(path: string, start: string, edits: ReadonlyArray<readonly [string, string]>, t: Tally, name: string): void {
  const memo = new LintMemo();
  let text = start;
  check(path, text, memo, t, () => `${name}: start`, null, 0);
  for (const [i, [from, to]] of edits.entries()) {
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`${name}: edit ${i}: ${JSON.stringify(from)} not in the text`);
    let p = 0;
    while (p < from.length && p < to.length && from[p] === to[p]) p++;
    let q = 0;
    while (q < from.length - p && q < to.length - p && from[from.length - 1 - q] === to[to.length - 1 - q]) q++;
    const steps: Step[] = [];
    // backspace what goes, then type what comes
    for (let k = at + from.length - q; k > at + p; k--) steps.push([k - 1, k, '']);
    let k = at + p;
    for (const ch of to.slice(p, to.length - q)) {
      steps.push([k, k, ch]);
      k += ch.length;
    }
    for (const [a, b, s] of steps) {
      const prev = text;
      text = text.slice(0, a) + s + text.slice(b);
      check(path, text, memo, t, () => `${name}: edit ${i} (${JSON.stringify(from)} -> ${JSON.stringify(to)}), keystroke [${a}, ${b}) -> ${JSON.stringify(s)}`, prev, 0);
    }
  }
}

const PAD = 'A paragraph of filler text, long enough to keep the next heading well away from any edit.\n';

/** Documents and edits aimed at one thing each that patch.ts says a finding reads. */
const SCENARIOS: Array<{ name: string; text: string; edits: Array<[string, string]> }> = [
  {
    name: 'section evidence of ancestors of depth 2 or more',
    text: `# Product\n\n${PAD}\n## Getting started\n\nTry it free with 50 daily credits.\n\n${PAD}\n### Setup\n\n${PAD}\n#### Billing\n\n${PAD}\nWhen the credits run out, charges start on the card on file.\n\n##### Details\n\n${PAD}\n## Other\n\nStart your free trial today.\n\n### Terms\n\n${PAD}\n`,
    edits: [
      ['charges start on the card on file', 'nothing happens'],
      ['nothing happens', 'charges start on the card on file'],
      ['##### Details\n\n', '##### Details\n\nCredits expire after 14 days; then $0.04 per image to the card on file.\n\n'],
      ['### Terms\n\n', '### Terms\n\nWhen the credits run out, charges start on the card on file.\n\n'],
      ['#### Billing', '## Billing'],
      ['## Billing', '#### Billing'],
      ['## Getting started', '# Getting started'],
      ['# Getting started', '### Getting started'],
    ],
  },
  {
    name: "the next block's first sentence across a chunk boundary",
    text: `# FAQ\n\n${PAD}\nIs there a free trial?\n\n#\nYes! Start generating right away.\n\n${PAD}\n## Keys\n\nCan I use it without an API key?\n\n## ##\n\nNo.\n\n${PAD}\n### <b>x</b>\nDo you get unlimited generations?\n\n# #\n${PAD}`,
    edits: [
      ['Yes! Start', 'No. Start'],
      ['No. Start', 'Yes! Start'],
      ['No.\n', 'Yes.\n'],
      ['# #\n', '# #\nYes.\n'],
      ['#\nYes!', '# Answer\nYes!'],
      ['## ##', '## Answer'],
    ],
  },
  {
    name: 'a table right after a heading that gives no block: its caption is the block before',
    text: `# Pricing\n\n${PAD}\nPrices checked on 2026-04-22:\n\n#\n| Quality | Price |\n|---|---|\n| low | $0.009 |\n\n${PAD}\n## Plans\n\nPlans\n\n## [x](y)\n| Plan | Access |\n|---|---|\n| Starter | No login required |\n\n${PAD}`,
    edits: [
      ['2026-04-22', '2026-04'],
      ['checked on 2026-04:', 'checked:'],
      ['checked:', 'checked on 2026-01-05:'],
      ['Plans\n\n## [x]', 'Red flags\n\n## [x]'],
      ['#\n| Quality', '# Prices\n| Quality'],
    ],
  },
  {
    name: 'the heading chain: dates and lists to avoid in headings above',
    text: `# Prices\n\n${PAD}\n## Prices (April 2026)\n\n${PAD}\n### Low\n\n${PAD}\n#### Tiers\n\nLow quality costs $0.009 per image.\n\n## Red flags\n\n${PAD}\n### More\n\n- No API key required\n- Unlimited generations\n`,
    edits: [
      [' (April 2026)', ''],
      ['## Prices\n', '## Prices 2026-01-05\n'],
      ['## Red flags', '## Flags'],
      ['### Low', '## Low'],
      ['#### Tiers', '# Tiers'],
    ],
  },
  {
    name: "the document's date from its first lines",
    text: `Last updated: May 4, 2026\n\n# Pricing\n\n${PAD}\n## Image\n\nLow quality costs $0.009 per image.\n\n${PAD}\n## Editor\n\nThe image editor is now free for everyone.\n`,
    edits: [
      ['May 4, 2026', 'May 4'],
      ['May 4', 'May 4, 2026'],
      ['Last updated: May 4, 2026\n\n', ''],
      ['# Pricing\n', '---\ndate: 2026-05-04\n---\n\n# Pricing\n'],
      ['2026-05-04', '2026-05-05'],
    ],
  },
  {
    name: 'link reference and footnote definitions used from other chunks',
    text: `# Plans\n\nGet [free unlimited][plans] GPT Image 2 API access.\n\n${PAD}\n## Keys\n\n[No API key][docs] required[^1].\n\n${PAD}\n## Trial\n\nStart your [free trial][Terms Page] today.\n\n${PAD}\n## Links\n\n${PAD}\n[plans]: https://example.com/plans\n[docs]: <https://example.com/docs>\n[terms page]: https://example.com/terms "Terms"\n\n[^1]: Free unlimited API access.\n`,
    edits: [
      ['[plans]: https', '[plan]: https'],
      ['[plan]: https', '[plans]: https'],
      ['[docs]: <', '[docs] <'],
      ['[docs] <', '[docs]: <'],
      ['[terms page]:', '[terms  Page]:'],
      ['[^1]: Free', '[^2]: Free'],
      ['Keys\n\n[No', 'Keys\n\n[docs]: /d\n\n[No'],
      ['[plans]: https://example.com/plans\n', ''],
    ],
  },
  {
    name: 'chunks with headings of their own (setext, indented, quoted)',
    text: `# Guide\n\n${PAD}\n## Start\n\nTry it free with 50 daily credits.\n\nBilling\n-------\n\n${PAD}\n### Notes\n\n${PAD}\n  ### Terms\n\nWhen the credits run out, charges start on the card on file.\n\n## Next\n\nSign up today and get free credits for image generation.\n\n> ## Billing\n\n${PAD}`,
    edits: [
      ['-------\n', ''],
      ['Billing\n\n', 'Billing\n-------\n\n'],
      ['  ### Terms', '### Terms'],
      ['### Terms', '> ### Terms'],
      ['> ## Billing', '## Billing'],
      ['## Billing\n\n', '## Billing\n\nCredits expire after 14 days; then $0.04 per image to the card on file.\n\n'],
    ],
  },
  {
    name: 'an unscanned tail after an ambiguity the line scan cannot resolve',
    text: `# Intro\n\n${PAD}\nNo API key required.\n\n## Code\n\n- item\n\n  \`\`\`\n  # inside\n\`\`\`\n\n${PAD}\n## After\n\nOur plan includes unlimited generations for every user.\n\n<!-- routelint-disable-next-line unlimited-claim -->\nBuild your app with no rate limits and instant results.\n`,
    edits: [
      ['No API key required.', 'No API key needed.'],
      ['unlimited generations for every', 'unlimited generations for each'],
      ['unlimited-claim -->', 'unlimited-clai -->'],
      ['# inside', '# inside out'],
    ],
  },
  {
    name: 'directives around and far from the edit',
    text: `# Intro\n\n<!-- routelint-disable unlimited-claim -->\n\n${PAD}\n## Plans\n\nOur plan includes unlimited generations for every user.\n\n${PAD}\n<!-- routelint-enable -->\n\n## More\n\nGet free unlimited GPT Image 2 API access.\n\n<!-- routelint-disable-next-line free-official-api -->\n## Get your free OpenAI API key now\n\n${PAD}`,
    edits: [
      ['<!-- routelint-enable -->', '<!-- routelint-enable -- >'],
      ['<!-- routelint-enable -- >', '<!-- routelint-enable -->'],
      ['next-line free-official-api', 'next-line free-official'],
      ['\n## Get your', '\n\n## Get your'],
    ],
  },
];

// About a minute together on a shared 2-core machine (two lints per keystroke, the fresh one whole).
const SEEDS = 12;
const EDITS = 24;

describe('patched lints equal fresh lints', () => {
  it('under keystroke edits of generated many-chunk documents', () => {
    const t = tally();
    const t0 = Date.now();
    for (let seed = 1; seed <= SEEDS; seed++) fuzz(seed, 10 + (seed % 5) * 4, EDITS, t);
    const share = t.patches / t.lints;
    console.log(
      `patch fuzz: ${t.lints} lints, ${t.patches} patched (${(share * 100).toFixed(1)}%), ${t.findings} findings, refused ${JSON.stringify([...t.refused].sort((a, b) => a[0].localeCompare(b[0])))}, ${Date.now() - t0} ms`,
    );
    expect(t.findings).toBeGreaterThan(t.lints * 5);
    expect(share).toBeGreaterThan(0.5);
  }, 120_000);

  it('under scripted edits aimed at what a finding reads', () => {
    const t = tally();
    for (const sc of SCENARIOS) typeEdits('page.md', sc.text, sc.edits, t, sc.name);
    console.log(`patch scenarios: ${t.lints} lints, ${t.patches} patched`);
    expect(t.patches / t.lints).toBeGreaterThan(0.5);
  });
});

/** Lint `before` with a memo, then `after` with the same memo, and compare with a fresh lint of `after`. */
function twoLints(before: string, after: string): void {
  const memo = new LintMemo();
  lintText('page.md', before, rules(), { ...OPTIONS, memo });
  const incremental = lintText('page.md', after, rules(), { ...OPTIONS, memo });
  expect(incremental).toEqual(lintText('page.md', after, rules(), OPTIONS));
}

// The smallest documents and edits the fuzzer's divergences came down to (see the report in the commit
// message). Each fails while the divergence is there.
describe('divergences the fuzzer found, minimized', () => {
  const far = `\n\n${PAD}\n# Plans\n\nOur plan includes unlimited generations for every user.\n`;

  // patch.ts looks for `routelint-` in the text from its length before the edit to its length after,
  // so it finds the word only where it starts at most at the edit's end, and whether a comment is a
  // directive, and of what, depends on text farther away.
  it('a directive unmade or made by an edit just before "routelint-"', () => {
    twoLints(`<!-- routelint-disable -->${far}`, `<-- routelint-disable -->${far}`);
    twoLints(`<-- routelint-disable -->${far}`, `<!-- routelint-disable -->${far}`);
  });

  it('a directive completed by typing the ">" of its "-->" more than 10 characters after "routelint-"', () => {
    twoLints(`Text <!-- routelint-disable --${far}`, `Text <!-- routelint-disable -->${far}`);
  });

  it("a directive's rule ids edited more than 10 characters after \"routelint-\"", () => {
    twoLints(`# Intro\n\n<!-- routelint-disable unlimited-claim -->${far}`, `# Intro\n\n<!-- routelint-disable unlimited-clai -->${far}`);
    twoLints(`# Intro\n\n<!-- routelint-disable unlimited-clai -->${far}`, `# Intro\n\n<!-- routelint-disable unlimited-claim -->${far}`);
  });

  it('a directive unmade by an HTML comment line or a code span opened before it', () => {
    twoLints(`# Intro\n\n<!-- routelint-disable -->${far}`, `# Intro\n\n<!--\n<!-- routelint-disable -->${far}`);
    twoLints(`# Intro\n\n<!-->\nText.\n<!-- routelint-disable -->${far}`, `# Intro\n\n<!-- >\nText.\n<!-- routelint-disable -->${far}`);
    const p = 'Some words before the comment <!-- routelint-disable --> and `code` after.';
    twoLints(`# Intro\n\n${p}${far}`, `# Intro\n\n${p.replace('Some words', 'Some` words')}${far}`);
  });

  it('an unclosed front matter fence on the first line (a whole parse then reads no list anywhere)', () => {
    // remark (micromark-extension-frontmatter): after an unclosed `---` or `+++` first line, every list
    // of the document parses as a paragraph; the memo's chunk cache parses chunks alone and finds lists.
    const text = '---\nfree OpenAI key\n# Red flags\n\n- No API key required\n- No signup';
    expect(lintText('page.md', text, rules(), { ...OPTIONS, memo: new LintMemo() })).toEqual(lintText('page.md', text, rules(), OPTIONS));
    // the same while front matter is typed at the top of a document, keystroke by keystroke
    const t = tally();
    typeEdits('page.md', `# Plans\n\nGet your free OpenAI API key now.\n\n## Red flags\n\n- No API key required\n- No signup\n`, [['# Plans', '---\ndate: 2026-05-04\n---\n\n# Plans']], t, 'front matter typed');
  });
});

