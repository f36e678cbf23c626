// Generators for the fuzzers of incremental linting (test/patch.test.ts, test/replan.test.ts): seeded
// many-chunk Markdown documents that stress what a patched lint and an incremental chunk plan reason
// about, and keystroke edits aimed mostly at those places (see test/patch.test.ts for the list).
import type { Rnd } from './helpers.js';

export const pick = <T,>(rnd: Rnd, a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
export const chance = (rnd: Rnd, p: number): boolean => rnd() < p;

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
export function document(rnd: Rnd, chunks: number): string {
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
export type Step = [start: number, end: number, insert: string];

/** The keystrokes of one random edit (several for a word typed or a run deleted). */
export function randomEdit(rnd: Rnd, text: string): Step[] {
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
