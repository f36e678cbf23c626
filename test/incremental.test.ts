// Incremental re-linting (engine/memo.ts): after every edit of a random edit sequence, a lint with the
// document's memo must deep-equal a fresh lint without one: the language server (which keeps a memo per
// open document) and the CLI (which keeps none) never disagree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText, type LintOptions } from '../server/src/engine/engine.js';
import { partialStats } from '../server/src/engine/extract/markdown.js';
import { LintMemo } from '../server/src/engine/memo.js';
import { prng, rules, TODAY, type Rnd } from './helpers.js';

function listFiles(dir: string, want: (p: string) => boolean, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, want, out);
    else if (e.isFile() && want(p)) out.push(p);
  }
  return out;
}


const pick = <T,>(rnd: Rnd, a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

// Lines and blocks an edit may put in: structure that moves chunk boundaries, definitions other chunks
// use, tables, dates, directives, fences that swallow what follows, several scripts.
const SNIPPETS = [
  '# Pricing\n',
  '## Free API\n',
  '### Notes 2026-01-05\n',
  '#\n',
  '[docs]: https://example.com/docs\n',
  '[Free API]: https://example.com/free "Free"\n',
  '[^1]: A footnote: free unlimited API access.\n',
  'See [docs], [the free API][Free API] and [^1].\n',
  '| Plan | Price |\n| --- | --- |\n| Free | unlimited API |\n',
  '| Pro | $10 per month, checked 2026-01-01 |\n',
  'Pricing as of 2026-02-01:\n',
  'date: 2026-10-01\n',
  '<!-- routelint-disable-next-line unlimited-claim -->\n',
  '<!-- routelint-disable -->\n',
  '<!-- routelint-enable -->\n',
  '<!-- routelint-disable-line free-official-api -->\n',
  '```\n',
  '~~~js\n',
  '<div>\n',
  '<!--\n',
  '-->\n',
  '> Free unlimited GPT-4 API, no key needed.\n',
  '- Unlimited generations, no credit card.\n',
  '1. Get a free OpenAI API key.\n',
  '    indented code with free api\n',
  'Text\n===\n',
  '---\n',
  '\n',
  '\n\n',
  '무료 무제한 API 키를 제공합니다.\n',
  'API gratuita e ilimitada, sin tarjeta.\n',
  '🚀 Free unlimited image generation 🎉\n',
  'Get unlimited access to GPT-5 for free, forever.\n',
  'Fill in [[provider]] and try gpt-image-9.\n',
  'We use `gpt-image-1` through the official API, billed monthly.\n',
  'No login, no key: just start generating.\n',
  'Do you get unlimited generations?\n',
  'Yes.\n',
  'ΟΔΟΣ ΣΑΣ: free unlimited API Σ.\n',
  'İstanbul: unlimited generations.\n',
  'No.\n',
  'The owner is Example Inc. and you pay per image.\n',
];
const CHARS = ['x', ' ', '\n', '\r\n', '#', '[', ']', '|', '-', '`', '*', '>', ':', '한', '😀', '\u0301', '<', '!', '1', 'é'];

/** One random edit: [start, end, newText]. */
function randomEdit(rnd: Rnd, text: string): [number, number, string] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = () => pick(rnd, lineStarts);
  const k = rnd();
  if (k < 0.25) {
    // a character typed anywhere (never inside a surrogate pair)
    let at = Math.floor(rnd() * (text.length + 1));
    if (at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!)) at--;
    return [at, at, pick(rnd, CHARS)];
  }
  if (k < 0.4) {
    let a = Math.floor(rnd() * (text.length + 1));
    if (a > 0 && a < text.length && /[\udc00-\udfff]/.test(text[a]!)) a--;
    let b = Math.min(text.length, a + 1 + Math.floor(rnd() * 20));
    if (b < text.length && /[\udc00-\udfff]/.test(text[b]!)) b++;
    return [a, b, ''];
  }
  if (k < 0.75) {
    const at = lineAt();
    return [at, at, pick(rnd, SNIPPETS)];
  }
  if (k < 0.85) {
    // delete a line
    const i = Math.floor(rnd() * lineStarts.length);
    return [lineStarts[i]!, lineStarts[i + 1] ?? text.length, ''];
  }
  if (k < 0.9) {
    // duplicate a line somewhere else
    const i = Math.floor(rnd() * lineStarts.length);
    const line = text.slice(lineStarts[i]!, lineStarts[i + 1] ?? text.length);
    const at = lineAt();
    return [at, at, line.endsWith('\n') ? line : `${line}\n`];
  }
  if (k < 0.94) {
    // front matter with a date, put in or taken out
    if (text.startsWith('---\n')) {
      const close = text.indexOf('\n---\n', 4);
      if (close > 0) return [0, close + 5, ''];
    }
    return [0, 0, `---\ntitle: Pricing\ndate: 2026-${pick(rnd, ['01', '06', '11'])}-01\n---\n\n`];
  }
  if (k < 0.97) {
    // every line ending to CRLF (or back)
    return [0, text.length, text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n')];
  }
  // a big cut: a whole span of lines
  const a = lineAt();
  const b = Math.min(text.length, a + Math.floor(rnd() * 2000));
  return [a, b, ''];
}

function bothWays(path: string, text: string, memo: LintMemo, extra: Partial<LintOptions> = {}) {
  const options: LintOptions = { today: TODAY, maxFileSize: 64 << 20, ...extra };
  const incremental = lintText(path, text, rules(), { ...options, memo });
  const fresh = lintText(path, text, rules(), options);
  return { incremental, fresh };
}

/** Run an edit sequence; returns how many lints had findings (the sequences must exercise something). */
function run(path: string, start: string, seed: number, edits: number, extra: Partial<LintOptions> = {}): number {
  const rnd = prng(seed);
  const memo = new LintMemo();
  let text = start;
  let withFindings = 0;
  for (let i = 0; i <= edits; i++) {
    if (i > 0) {
      const [a, b, t] = randomEdit(rnd, text);
      text = text.slice(0, a) + t + text.slice(b);
    }
    const { incremental, fresh } = bothWays(path, text, memo, extra);
    expect(incremental, `${path} seed ${seed} after edit ${i}`).toEqual(fresh);
    if (fresh.status === 'linted' && fresh.findings.length) withFindings++;
  }
  return withFindings;
}

/** A large document: the examples and repository docs repeated, with link definitions far from their use. */
function large(lines: number, seed: number): string {
  const rnd = prng(seed);
  const sources = [...listFiles('examples', (p) => p.endsWith('.md')), ...listFiles('docs', (p) => p.endsWith('.md'))].sort();
  const pool = sources.flatMap((p) => readFileSync(p, 'utf8').split('\n'));
  const out: string[] = ['See [docs] for [Free API] details.', ''];
  while (out.length < lines) {
    const at = Math.floor(rnd() * pool.length);
    out.push(...pool.slice(at, at + 40));
  }
  out.push('', '[docs]: https://example.com/docs', '[Free API]: https://example.com/free');
  return out.join('\n') + '\n';
}

describe('incremental re-linting equals a fresh lint', () => {
  const examples = listFiles('examples', () => true).sort();

  it('on random edit sequences of every bundled example', () => {
    let withFindings = 0;
    examples.forEach((p, i) => {
      const text = readFileSync(p, 'utf8');
      withFindings += run(p, text, 1000 + i, 40);
    });
    expect(withFindings).toBeGreaterThan(examples.length * 20);
  });

  it('on random edit sequences of generated large documents', () => {
    for (const seed of [1, 2, 3]) expect(run(`large-${seed}.md`, large(2500, seed), seed, 20)).toBeGreaterThan(15);
  }, 120_000);

  it('on MDX, plain text, with the prefilter off, with mentions reported and with rules switched off', () => {
    const text = readFileSync('examples/en/landing-page.md', 'utf8');
    run('page.mdx', text, 7, 30);
    run('page.txt', text, 8, 30);
    run('page.md', text, 9, 20, { prefilter: false });
    run('page.md', text, 10, 20, { mentions: 'info' });
    run('page.md', text, 11, 20, { severities: { 'unlimited-claim': 'off' } });
  });

  it('on references whose definitions sit in other chunks (the parse cache defines them again)', () => {
    const doc = [
      '---\ntitle: x\n---\n',
      '# Plans\n\nGet [unlimited generations][plans] and [a free API key][^k] today.\n',
      '## Prices\n\n| Plan | Price |\n| --- | --- |\n| [Unlimited generations][plans] | [free][] |\n',
      '## Links\n\n[plans]: https://example.com/plans\n[free]: https://example.com/free\n\n[^k]: Keys are free.\n',
    ].join('\n');
    const base = doc.replace('---\ntitle: x\n---\n', '');
    for (const [text, seed] of [[doc, 21], [base, 22], [base.replace(/\n/g, '\r\n'), 23]] as const) {
      const memo = new LintMemo();
      const { incremental, fresh } = bothWays('refs.md', text, memo);
      expect(incremental).toEqual(fresh);
      expect(fresh.status === 'linted' && fresh.findings.length).toBeGreaterThan(0);
      run('refs.md', text, seed, 40);
    }
  });

  it('on references whose definitions sit in other cells of the same chunk', () => {
    // A chunk's cells are parsed apart (markdown.ts, cellsOf): a cell that uses a label defined in
    // another cell of its chunk must read it as defined, whichever cell the edit parses again.
    // (resolved, the label "free unlimited GPT Image 2 API" is not text: no finding; unresolved, three)
    const chunk =
      '## Plans\n\nRead [our plans][free unlimited GPT Image 2 API] and [a key][^k] today.\n\nSee below.\n\n[free unlimited GPT Image 2 API]: https://example.com/plans\n\n[^k]: Keys are free.\n';
    for (const text of [`# Title\n\nIntro.\n\n${chunk}`, `# Title\n\nIntro.\n\n${chunk}`.replace(/\n/g, '\r\n')]) {
      const memo = new LintMemo();
      let t = text;
      bothWays('cells.md', t, memo);
      // typing in a cell between them, then in the cell that uses them
      for (const [word, d] of [['See below', 3], ['today', 2]] as const) {
        const at = t.indexOf(word) + d;
        for (const ch of ['x', 'y', '', 'z']) {
          t = ch ? t.slice(0, at) + ch + t.slice(at) : t.slice(0, at) + t.slice(at + 1);
          const { incremental, fresh } = bothWays('cells.md', t, memo);
          expect(incremental, JSON.stringify(t)).toEqual(fresh);
        }
      }
      const r = lintText('cells.md', t, rules(), { today: TODAY });
      expect(r.status === 'linted' && r.findings.filter((f) => f.start > t.indexOf('Read') && f.start < t.indexOf('See'))).toEqual([]);
      // the definition renamed (the label is no longer defined) and back, the cells cached meanwhile
      const renamed = t.replace('[free unlimited GPT Image 2 API]:', '[free unlimited GPT Image 2 APIs]:');
      for (const next of [renamed, t, renamed]) {
        const { incremental, fresh } = bothWays('cells.md', next, memo);
        expect(incremental, JSON.stringify(next)).toEqual(fresh);
      }
    }
    // Sequences that each go through a chunk whose cells are cached, then change what a label means:
    // - a label across the lines of a block quote (its raw text holds the quote marker);
    // - a link definition whose label reads "^n" (that of the footnote [^n] too) and a footnote's.
    const quote = '# Title\n\nIntro.\n\n## Plans\n\n> Read [our plans][free unlimited\n> GPT Image 2 API] today.\n\nSee below.\n\n';
    const caret = ['# A\n\nIntro.\n\n[ ^n]: https://e.com\n\nSee [^n] free.\n', '# A\n\nIntro.\n\n[^n]: A note.\n\nSee [^n] free.\n'];
    const caretAfter = ['# B\n\nx\n\nSee [^n] free.\n\n[^n]: A note.\n', '# B\n\nx\n\nSee [^n] free.\n\n[ ^n]: https://e.com\n'];
    for (const seq of [
      [`${quote}[free unlimited GPT Image 2 API]: https://example.com/plans\n`, `${quote}[free unlimited GPT Image 2 APIs]: https://example.com/plans\n`],
      caret,
      [caret[1]!, caret[0]!],
      caretAfter,
    ]) {
      const memo = new LintMemo();
      for (const text of [...seq, seq[0]!]) {
        const { incremental, fresh } = bothWays('cells.md', text, memo);
        expect(incremental, JSON.stringify(text)).toEqual(fresh);
      }
    }
  });

  it('on a document whose first line opens a front matter that never closes (remark then reads no list anywhere)', () => {
    const lists = '1. Get your free OpenAI API key now.\n2. Credits expire after 14 days.\n\n- Unlimited generations for everyone.\n';
    const text = `---\n\nIntro.\n\n# Claims\n\n${lists}\n## More\n\n${lists}`;
    for (const t of [text, `\n${text}`, text.replace('---', '+++')]) {
      const { incremental, fresh } = bothWays('fence.md', t, new LintMemo());
      expect(incremental).toEqual(fresh);
      expect(fresh.status === 'linted' && fresh.findings.length).toBeGreaterThan(0);
    }
    // typing the line break before the fence in and out again (the patch fuzzer's document, minimized)
    const found = readFileSync(join(__dirname, 'fixtures/incremental/unclosed-front-matter.md'), 'utf8');
    const memo = new LintMemo();
    for (const t of [found, found.slice(1), found, found.slice(1), `\n${text}`, text]) {
      const patched = lintText('fence.md', t, rules(), { today: TODAY, memo });
      expect(patched.status).toBe('linted');
      expect(patched).toEqual(lintText('fence.md', t, rules(), { today: TODAY }));
    }
  });

  it('when only what a claim block reads changes: the next sentence, headings, caption, date, section evidence', () => {
    const pad = '<!-- a note for the writers of this page -->';
    const start = `# Plans\n\nSee the docs for details.\n\nGet your free OpenAI API key now.\n\n${pad}\n\nDo you get unlimited generations?\n\n${pad}\n\nYes.\n\n${pad}\n\nRead the guide first.\n\n## Table\n\nPrices:\n\n${pad}\n\n| Plan | Note |\n| --- | --- |\n| Pro | Low quality costs $0.009 per image. |\n\n## More\n\nLow quality costs $0.009 per image.\n\n## Notes\n\n${pad}\n\n- Unlimited generations, no credit card.\n`;
    const steps: Array<(t: string) => string> = [
      (t) => t.replace('Yes.', 'No.'),
      (t) => t.replace('No.', 'Maybe.'),
      (t) => t.replace('## Notes', '## Claims to avoid'),
      (t) => t.replace('Prices:', 'Prices as of 2026-02-01:'),
      (t) => t.replace('Read the guide first.', 'You pay per image once the credit runs out, billed monthly.'),
      (t) => t.replace('## More', '## More 2026-01-05'),
      (t) => `---\ndate: 2026-03-01\n---\n\n${t}`,
      (t) => t.replace('## Table', '# Table'),
    ];
    const memo = new LintMemo();
    let text = start;
    for (const [i, step] of [(t: string) => t, ...steps].entries()) {
      text = step(text);
      const { incremental, fresh } = bothWays('context.md', text, memo);
      expect(incremental, `step ${i}`).toEqual(fresh);
    }
  });

  it('empties the memo when the options change, and keeps only what the latest lint used', () => {
    const memo = new LintMemo();
    const text = large(2000, 4);
    bothWays('a.md', text, memo);
    const before = memo.sizes();
    expect(before['markdown-chunks']).toBeGreaterThan(0);
    // a different document: nothing of the first is kept after the second lint's next lint
    bothWays('a.md', '# Other\n\nFree unlimited API.\n', memo);
    bothWays('a.md', '# Other\n\nFree unlimited API.\n', memo);
    expect(memo.sizes()['markdown-chunks']!).toBeLessThan(5);
    const { incremental, fresh } = bothWays('a.md', text, memo, { today: '2027-01-01' });
    expect(incremental).toEqual(fresh);
  });

  it('parses again only the cells of a chunk an edit touched, after whole lints too', () => {
    // After a whole lint (an edit in the front matter) that found every chunk unchanged, and so asked
    // for no cell, and two edits elsewhere: typing in the last paragraph of a chunk with a large table
    // parses that paragraph alone; unmaking the next heading parses that line alone (the blocks after
    // it come from their cells).
    const memo = new LintMemo();
    const rows = Array.from({ length: 40 }, (_, i) => `| Plan ${i} | Free | Unlimited images, standard queue ${i} |`).join('\n');
    const pricing = `## Pricing\n\n| Plan | Price | What you get |\n|---|---|---|\n${rows}\n\nFree unlimited API access, no key needed.\n\nGPT Image 2 is now free for all developers.\n\n`;
    const next = '## Quick start\n\nYou do not even need your own key.\n\nUnlimited generations for everyone.\n';
    let text = `---\ntitle: Plans\n---\n\n# Title\n\nIntro words.\n\n${pricing}${next}`;
    bothWays('a.md', text, memo);
    const typeAt = (at: number, ch: string, why: string, most: number): void => {
      text = text.slice(0, at) + ch + text.slice(at);
      const before = partialStats.chunkChars;
      const { incremental, fresh } = bothWays('a.md', text, memo);
      expect(incremental, why).toEqual(fresh);
      expect(partialStats.chunkChars - before, why).toBeLessThanOrEqual(most);
    };
    const paragraph = 'GPT Image 2 is now free for all developers.\n\n# s\n'.length + 1;
    // a whole lint (an edit in the front matter): the chunk's parse comes from the cache, whole
    const whole = memo.patches;
    const before = partialStats.chunkChars;
    text = text.replace('title: Plans', 'title: Plans 2');
    bothWays('a.md', text, memo);
    expect(memo.patches).toBe(whole);
    expect(partialStats.chunkChars - before, 'the front matter alone').toBeLessThan(40);
    // two edits elsewhere: what the lints before them used and the whole lint did not ask for is gone
    for (const ch of 'ab') typeAt(text.indexOf('Intro'), ch, `typing ${ch} in the intro`, 'abIntro words.\n\n# s\n'.length);
    for (const ch of 'xyz') typeAt(text.indexOf('GPT'), ch, `typing ${ch}`, paragraph + 3);
    typeAt(text.indexOf('## Quick'), 'x', 'unmaking the next heading', '## Quick start\n\n# s\n'.length + 1);
  });

  it('parses a chunk once per lint, whether or not the next chunk is parsed with it', () => {
    // Typing in the paragraph after a table: the first round parses the chunk, the second adds the next
    // chunk (the block after the candidate is there); the chunk's parse is cached and used by both.
    const memo = new LintMemo();
    const head = '# Title\n\nIntro.\n\n';
    const pricing = '## Pricing\n\n| Plan | Price |\n|---|---|\n| Starter | Free |\n\nGPT Image 2 is now free for all developers.\n\n';
    const next = '## Quick start\n\nYou do not even need your own key.\n';
    const at = head.length + pricing.indexOf('GPT');
    let text = head + pricing + next;
    bothWays('a.md', text, memo);
    for (const ch of 'xyz') {
      text = text.slice(0, at) + ch + text.slice(at);
      const before = partialStats.chunkParses;
      const { incremental, fresh } = bothWays('a.md', text, memo);
      expect(incremental).toEqual(fresh);
      expect(incremental.status === 'linted' && incremental.findings.some((f) => /free/i.test(f.message))).toBe(true);
      // The edited chunk once per keystroke; the first keystroke may also parse the next chunk's
      // heading alone (a neighbour the edited claim reads; the first lint parsed it together with its
      // paragraph), which the parse cache serves from then on.
      expect(partialStats.chunkParses - before, `typing ${ch}`).toBe(ch === 'x' ? 2 : 1);
    }
  });
});
