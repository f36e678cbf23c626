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
import { prng, rules, TODAY, type Rnd } from './helpers.js';


const pick = <T,>(rnd: Rnd, a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const chance = (rnd: Rnd, p: number): boolean => rnd() < p;

// ---------------------------------------------------------------------------------------------
// Documents

/** Claims that draw findings (rules/claims/*.yaml invalid examples), some with section-scope rules. */
const CLAIMS = [
  'Get free unlimited GPT Image 2 API access.',
  'Get your free OpenAI API key now.',
  'No API key required.',
  'Generate images in seconds, no login and no card needed.',
  'Our "no key needed" demo works in any browser.',
  'Try it free with 50 daily credits.',
  'Start your free trial today.',
  'Sign up today and get free credits for image generation.',
  'Our plan includes unlimited generations for every user.',
  'Build your app with no rate limits and instant results.',
  'Uptime guaranteed, around the clock.',
  'We guarantee 99.9% uptime.',
  'We provide the official OpenAI API at half price.',
  'Our app runs on a shared API key.',
  'Integrate the GPT Image 2 API in minutes.',
  'Low quality costs $0.009 per image.',
  'Pay USD 0.04 per image, billed monthly.',
  'The image editor is now free for everyone.',
  'Your ChatGPT Plus plan includes API credits.',
  'Get free GPT Image 2 generations with our prompt pack.',
  'Set the model to gpt-image-3 for the best results.',
  '무료 무제한 GPT Image 2 API를 지금 사용하세요.',
  '가입하면 무료 크레딧을 드립니다.',
  'Generaciones ilimitadas con GPT Image 2 para todos.',
];

/** What a section's evidence may hold: terms, billing, an SLA, a checked date, owner and payer. */
const EVIDENCE = [
  'When the credits run out, charges start on the card on file.',
  'Credits expire after 14 days; then $0.04 per image to the card on file.',
  'The service-level agreement sets the credits and exclusions.',
  'See the terms and billing page for the pricing.',
  'Prices checked 2026-01-05.',
  'The owner is Example Inc. and you pay per image.',
  'Rate limits: 50 images per day, then billing starts.',
];

const QUESTIONS = ['Do you get unlimited generations?', 'Is there a free trial?', 'Can I use it without an API key?', 'Does gpt-image-2 have a free tier?'];
const ANSWERS = ['Yes.', 'Yes! Start generating right away.', 'No.', 'It depends on the plan.'];

const PLAIN_TITLES = ['Pricing', 'Billing', 'Terms', 'Free API', 'Getting started', 'Red flags', 'Claims to avoid', 'Prices (April 2026)', 'Notes 2026-01-05', 'Trial', 'Availability', 'FAQ', 'Legal', 'Links'];
/** Headings that give no block, a block of odd text, or markup the plain-heading test rejects. */
const ODD_HEADINGS = ['#', '# #', '## ##', '## [x](y)', '### <b>x</b>', '## [docs]', '#### `code`', '##### *Terms*', '###### Free\\!', '## &amp;', '### ![img](a.png)', '#\t', '## ~~old~~'];

const LABELS = ['docs', 'Free API', 'plans', 'terms page'];
const FOOTNOTES = ['1', 'k', 'note'];

function definitionLine(rnd: Rnd): string {
  if (chance(rnd, 0.3)) {
    const f = pick(rnd, FOOTNOTES);
    return `[^${f}]: ${pick(rnd, [...CLAIMS, ...EVIDENCE])}`;
  }
  const l = pick(rnd, LABELS);
  return pick(rnd, [`[${l}]: https://example.com/${l.replace(/ /g, '-')}`, `[${l}]: https://example.com/x "${pick(rnd, ['Free', 'Terms', 'Billing'])}"`, `[${l.toUpperCase()}]: <https://example.com/y>`]);
}

/** A use of a label defined elsewhere; the claims that span the link's text match only when it is defined. */
function referenceUse(rnd: Rnd): string {
  const l = pick(rnd, LABELS);
  const f = pick(rnd, FOOTNOTES);
  return pick(rnd, [
    `See [${l}] for details[^${f}].`,
    `Get [free unlimited][${l}] GPT Image 2 API access.`,
    `[No API key][${l}] required.`,
    `Get [unlimited generations][${l}] and [a free API key][^${f}] today.`,
    `[${pick(rnd, CLAIMS).replace(/[.!]$/, '')}][${l}]`,
    `No API key required, see [${l}][].`,
    `Start your [free trial][${l.toLowerCase()}] today[^${f}].`,
  ]);
}

const RULE_IDS = ['unlimited-claim', 'free-official-api', 'no-key-claim', 'undated-claim', 'trial-without-terms', 'model-label'];

/** A suppression directive: on its own line, inline in a paragraph, over several lines, with ids and a reason. */
function directive(rnd: Rnd): string {
  const ids = () => (chance(rnd, 0.3) ? '' : ` ${pick(rnd, RULE_IDS)}${chance(rnd, 0.3) ? `, ${pick(rnd, RULE_IDS)}` : ''}`);
  const reason = () => (chance(rnd, 0.2) ? ' -- quoted on purpose' : '');
  return pick(rnd, [
    `<!-- routelint-disable-next-line${ids()}${reason()} -->\n${pick(rnd, CLAIMS)}`,
    `<!-- routelint-disable${ids()}${reason()} -->`,
    `<!-- routelint-disable${ids()} -->`,
    `<!-- routelint-enable${ids()} -->`,
    `${pick(rnd, CLAIMS)} <!-- routelint-disable-line${ids()} -->`,
    `Some words before the comment <!-- routelint-disable${ids()} --> and \`code\` after.`,
    `<!--\nroutelint-disable${ids()}\n-->`,
    `<!-- routelint-${pick(rnd, ['disable', 'enable'])}${ids()} --> ${pick(rnd, CLAIMS)}`,
  ]);
}

function heading(rnd: Rnd, depth: number): string {
  if (chance(rnd, 0.25)) return pick(rnd, ODD_HEADINGS);
  const title = chance(rnd, 0.15) ? pick(rnd, CLAIMS).replace(/[.!]$/, '') : pick(rnd, PLAIN_TITLES);
  const closing = chance(rnd, 0.08) ? ` ${'#'.repeat(1 + Math.floor(rnd() * 3))}` : '';
  return `${'#'.repeat(depth)} ${title}${closing}`;
}

/** One block of a chunk's body. */
function block(rnd: Rnd): string {
  const k = Math.floor(rnd() * 22);
  switch (k) {
    case 0:
    case 1:
    case 2:
      return pick(rnd, CLAIMS);
    case 3:
      return `${pick(rnd, CLAIMS)} ${pick(rnd, EVIDENCE)}`;
    case 4:
    case 5:
      return pick(rnd, EVIDENCE);
    case 6:
      return `${pick(rnd, QUESTIONS)}\n\n${pick(rnd, ANSWERS)}`;
    case 7:
      return pick(rnd, QUESTIONS);
    case 8:
      return pick(rnd, ['| Plan | Price |\n| --- | --- |\n| Free | unlimited API |', '| Quality | Price |\n|---|---|\n| low | $0.009 |', '| Plan | Access |\n|---|---|\n| Starter | No login required |']);
    case 9:
      return `${pick(rnd, ['Prices checked on 2026-04-22:', 'Prices:', 'Plans'])}\n\n| Quality | Price |\n|---|---|\n| low | $0.009 |`;
    case 10:
      return referenceUse(rnd);
    case 11:
      return definitionLine(rnd);
    case 12:
      return directive(rnd);
    case 13:
      return `- ${pick(rnd, CLAIMS)}\n- ${pick(rnd, CLAIMS)}${chance(rnd, 0.5) ? `\n- ${pick(rnd, EVIDENCE)}` : ''}`;
    case 14:
      return `> ${pick(rnd, CLAIMS)}${chance(rnd, 0.4) ? `\n> ${pick(rnd, EVIDENCE)}` : ''}`;
    case 15:
      return pick(rnd, ['```\nfree unlimited api\n# not a heading\n```', '~~~md\n## hidden\nNo API key required.\n~~~', '```js\nconst key = "free";\n```']);
    case 16:
      return pick(rnd, ['<div>\n# inside html\nFree unlimited API.\n</div>', '<!--\n# a heading in a comment\n-->', '<details>\n<summary>Free API</summary>\n\nNo API key required.\n\n</details>']);
    case 17:
      // structural: setext, indented, quoted and listed headings
      return pick(rnd, [`${pick(rnd, PLAIN_TITLES)}\n${pick(rnd, ['===', '---', '=', '-----'])}`, `  ## ${pick(rnd, PLAIN_TITLES)}`, `> ### ${pick(rnd, PLAIN_TITLES)}`, `- ## ${pick(rnd, PLAIN_TITLES)}`]);
    case 18:
      return `1. ${pick(rnd, CLAIMS)}\n2. ${pick(rnd, EVIDENCE)}`;
    case 19:
      return `    indented code: ${pick(rnd, CLAIMS)}`;
    case 20:
      return `*${pick(rnd, CLAIMS)}* and **${pick(rnd, EVIDENCE)}**`;
    default:
      return `${pick(rnd, CLAIMS)}\n${pick(rnd, CLAIMS)}`;
  }
}

/** A document of many chunks at every heading depth, in nests the ancestor rules walk. */
function document(rnd: Rnd, chunks: number): string {
  const out: string[] = [];
  const top = rnd();
  if (top < 0.3) out.push(`---\ntitle: Pricing\ndate: 2026-0${1 + Math.floor(rnd() * 9)}-01\n---\n`);
  else if (top < 0.55) out.push(`Last updated: ${pick(rnd, ['May 4, 2026', '2026-01-05', 'January 2025'])}\n`);
  // a preamble
  if (chance(rnd, 0.6)) out.push(`${block(rnd)}\n`);
  let depth = 1;
  for (let c = 0; c < chunks; c++) {
    // walk the depths: deeper, back up, or a jump
    const r = rnd();
    if (r < 0.45) depth = Math.min(6, depth + 1);
    else if (r < 0.75) depth = Math.max(1, depth - 1 - Math.floor(rnd() * 2));
    else depth = 1 + Math.floor(rnd() * 6);
    out.push(`${heading(rnd, depth)}\n`);
    // a table right after the heading (the block before is its caption)
    const n = chance(rnd, 0.12) ? 0 : 1 + Math.floor(rnd() * 3);
    if (chance(rnd, 0.1)) out.push('| Quality | Price |\n|---|---|\n| low | $0.009 |\n');
    for (let b = 0; b < n; b++) out.push(`${block(rnd)}\n`);
  }
  if (chance(rnd, 0.7)) out.push(`## Links\n\n${Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => definitionLine(rnd)).join('\n')}\n`);
  let text = out.join('\n');
  if (chance(rnd, 0.1)) text = text.replace(/\n/g, '\r\n');
  return text;
}

// ---------------------------------------------------------------------------------------------
// Edits

/** Offsets an edit is aimed at: heading lines, chunk boundaries, definitions, directives, dates, evidence words. */
const HOT = [
  /^#{1,6}(?=[ \t\r\n]|$)/gm,
  /\n(?=#)/g,
  /\]:/g,
  /\[\^?/g,
  /routelint-[a-z-]*/g,
  /<!--|-->/g,
  /^(?:=+|-+)\r?$/gm,
  /^ {1,3}#|^> #|^- #/gm,
  /^\|/gm,
  /\d{4}-\d{2}-\d{2}|May 4, 2026/g,
  /^date:|^---\r?$|^Last updated/gm,
  /\b(?:terms|billing|credits|charges|card|agreement|checked|Yes|No|free|unlimited|key|Prices|Red flags|avoid)\b/gi,
  /^```|^~~~|^<div>|^<\/div>/gm,
  /(?<=routelint-[a-z-]+)[ ,a-z-]+(?=-->)/g,
  /`/g,
];

function hotSpots(rnd: Rnd, text: string): number[] {
  const out: number[] = [];
  for (const re of HOT) {
    for (const m of text.matchAll(re)) {
      const a = m.index;
      out.push(a, a + m[0].length, a + Math.floor(rnd() * m[0].length));
      if (a > 0) out.push(a - 1);
      if (m[0].length > 1) out.push(a + 1);
    }
  }
  return out.filter((k) => k >= 0 && k <= text.length);
}

/** Never between the halves of a surrogate pair (nor of a CRLF, mostly: a lone CR is rare but fine). */
function fix(text: string, at: number): number {
  if (at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!)) return at - 1;
  return at;
}

const CHARS = ['x', 'e', ' ', ' ', '\n', '\n', '#', '#', '=', '-', '[', ']', ':', '^', '<', '>', '!', '|', '`', '*', '_', '\\', '1', '0', '\t', '~', 'é', '한', '😀', '&', '('];
const WORDS = [
  'free ',
  'unlimited ',
  ' terms',
  ' billing',
  'charges ',
  'Yes',
  'No',
  '2026-01-05',
  '[docs]',
  '[^1]',
  '[docs]: https://example.com/d',
  '[^k]: Free keys.',
  '<!-- routelint-disable -->',
  '<!-- routelint-enable -->',
  '\n## Pricing\n',
  '\n# ',
  '### ',
  '\n\n',
  'Last updated: May 4, 2026\n',
  'no key needed',
  '| a | b |',
  '\n===',
  '\n---',
  '`',
  '<!--\n',
  ' -->',
  '> ',
  '  ',
  '- ',
  '```\n',
  'routelint-disable ',
];
const SNIPPETS = [
  '# Pricing\n',
  '## Free API\n',
  '### Billing\n\nWhen the credits run out, charges start on the card on file.\n',
  '#### Terms\n',
  '#\n',
  '# #\n',
  '## [x](y)\n',
  '### <b>x</b>\n',
  '[docs]: https://example.com/docs\n',
  '[Free API]: https://example.com/free "Free"\n',
  '[^1]: A footnote: free unlimited API access.\n',
  'See [docs], [the free API][Free API] and [^1].\n',
  '| Plan | Price |\n| --- | --- |\n| Free | unlimited API |\n',
  'Prices checked on 2026-04-22:\n',
  '<!-- routelint-disable-next-line unlimited-claim -->\n',
  '<!-- routelint-disable -->\n',
  '<!-- routelint-enable -->\n',
  '```\n',
  '<div>\n',
  '<!--\n',
  '-->\n',
  '> Free unlimited GPT-4 API, no key needed.\n',
  '- Unlimited generations, no credit card.\n',
  '  ## Indented\n',
  'Setext\n===\n',
  '---\n',
  '\n',
  'Do you get unlimited generations?\n',
  'Yes.\n',
  'Try it free with 50 daily credits.\n',
  'Last updated: May 4, 2026\n',
  'Credits expire after 14 days; then $0.04 per image to the card on file.\n',
];

/** One step of typing: the text after it. */
type Step = [start: number, end: number, insert: string];

/** The keystrokes of one random edit (several for a word typed or a run deleted). */
function randomEdit(rnd: Rnd, text: string): Step[] {
  const hot = hotSpots(rnd, text);
  const where = (): number => fix(text, hot.length && chance(rnd, 0.75) ? pick(rnd, hot) : Math.floor(rnd() * (text.length + 1)));
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const k = rnd();
  if (k < 0.3) {
    const at = where();
    return [[at, at, pick(rnd, CHARS)]];
  }
  if (k < 0.5) {
    // backspace or delete: one character, or a short run one key at a time
    let at = where();
    if (at >= text.length) at = text.length - 1;
    if (at < 0) return [];
    const n = chance(rnd, 0.7) ? 1 : 2 + Math.floor(rnd() * 6);
    const steps: Step[] = [];
    let cur = text;
    for (let i = 0; i < n && at < cur.length; i++) {
      const w = /[\ud800-\udbff]/.test(cur[at]!) ? 2 : 1;
      steps.push([at, at + w, '']);
      cur = cur.slice(0, at) + cur.slice(at + w);
      if (chance(rnd, 0.5) && at > 0) at = fix(cur, at - 1); // backspacing
    }
    return steps;
  }
  if (k < 0.7) {
    // a word typed char by char
    let at = where();
    const steps: Step[] = [];
    for (const ch of pick(rnd, WORDS)) {
      steps.push([at, at, ch]);
      at += ch.length;
    }
    return steps;
  }
  if (k < 0.8) {
    const i = Math.floor(rnd() * lineStarts.length);
    return [[lineStarts[i]!, lineStarts[i + 1] ?? text.length, '']];
  }
  if (k < 0.95) {
    const at = chance(rnd, 0.8) ? pick(rnd, lineStarts) : where();
    return [[at, at, pick(rnd, SNIPPETS)]];
  }
  // a word replaced at once (a paste over a selection)
  const m = [...text.matchAll(/\b(?:Yes|No|free|terms|billing|Pricing|Billing|Terms|2026-01-05|docs)\b/g)];
  if (!m.length) return [];
  const x = pick(rnd, m);
  return [[x.index, x.index + x[0].length, pick(rnd, ['No', 'Yes', 'paid', 'rules', 'Legal', 'FAQ', '2025-01-05', 'plans', ''])]];
}

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

