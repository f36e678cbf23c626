// Use versus mention (DOMAIN.md section 5): does the text assert the claim, or quote, negate, ask,
// suppose, report or reject it? The judgement is structural (clauses, quotes, questions and their
// answers, table columns, the section a list sits in); the language files only supply the cue words.
import type { CompiledLanguage } from './compile.js';
import { clauseAround, type Range } from './sentences.js';
import type { ProseBlock } from './types.js';

export type MentionReason =
  | 'negated'
  | 'quoted'
  | 'question'
  | 'hypothetical'
  | 'reported'
  | 'avoid-list'
  | 'mention-column';

export interface ClaimSite {
  /** Lower-cased block text (same indices as the block's text). */
  lower: string;
  block: ProseBlock;
  sentence: Range;
  start: number;
  end: number;
  /** Cue words of the claim's language (and of the sentence's, when they differ). */
  langs: CompiledLanguage[];
  /** The lower-cased sentence that follows (same block or the next block), for answers. */
  next: () => string | null;
  /** Lower-cased texts of the section's heading and its ancestors', nearest first. */
  headings: string[];
  /** A frame's matched words, in order: a negation between them negates the claim ("is not free"). */
  parts?: Array<[number, number]>;
  /** Korean negation after the claim is looked for only before this offset (the next claim's words). */
  afterStop?: number;
}

const QUOTE_PAIRS: Record<string, string> = {
  '“': '”',
  '„': '“',
  '«': '»',
  '「': '」',
  '『': '』',
  '‘': '’',
  '‹': '›',
};

/** Quoted spans in [a, b): pairs of typographic quotes, straight double quotes, and single quotes that are not apostrophes. */
export function quotedSpans(text: string, a: number, b: number): Range[] {
  const spans: Range[] = [];
  const open: Array<{ ch: string; at: number }> = [];
  for (let i = a; i < b; i++) {
    const c = text[i]!;
    const top = open[open.length - 1];
    if (top && (QUOTE_PAIRS[top.ch] === c || (top.ch === c && (c === '"' || c === "'")))) {
      if (c === "'" && /[\p{L}\p{N}]/u.test(text[i + 1] ?? '')) continue; // apostrophe inside a word
      open.pop();
      spans.push([top.at + 1, i]);
      continue;
    }
    if (QUOTE_PAIRS[c] !== undefined) {
      open.push({ ch: c, at: i });
    } else if (c === '"') {
      open.push({ ch: c, at: i });
    } else if (c === "'") {
      const prev = text[i - 1] ?? ' ';
      if (!/[\p{L}\p{N}]/u.test(prev)) open.push({ ch: c, at: i });
    }
  }
  return spans;
}

function test(re: RegExp | null, s: string): boolean {
  if (!re) return false;
  re.lastIndex = 0;
  return re.test(s);
}

function lastWords(s: string, n: number): string {
  const words = s.split(/\s+/).filter(Boolean);
  return words.slice(-n).join(' ');
}

/** A negation cue in `s` that no `notNegation` phrase excuses. */
function negationIn(s: string, L: CompiledLanguage): boolean {
  if (!L.negBefore) return false;
  L.negBefore.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = L.negBefore.exec(s)) !== null) {
    const at = m.index;
    let excused = false;
    if (L.notNegation) {
      L.notNegation.lastIndex = 0;
      let x: RegExpExecArray | null;
      while ((x = L.notNegation.exec(s)) !== null) {
        if (x.index <= at && at < x.index + x[0].length) excused = true;
      }
    }
    if (!excused) return true;
  }
  return false;
}

/** Negation cues scoped over the claim: before it in its clause, or after it in its clause. */
function negated(site: ClaimSite, L: CompiledLanguage, clause: Range): boolean {
  // Between a frame's words: "The OpenAI API is not free", "generations are not unlimited".
  const parts = site.parts;
  if (parts) for (let i = 0; i + 1 < parts.length; i++) if (negationIn(site.lower.slice(parts[i]![1], parts[i + 1]![0]), L)) return true;
  const before = lastWords(site.lower.slice(clause[0], site.start), L.spec.negation.window);
  if (L.negBefore) {
    L.negBefore.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = L.negBefore.exec(before)) !== null) {
      const at = m.index;
      let excused = false;
      if (L.notNegation) {
        L.notNegation.lastIndex = 0;
        let x: RegExpExecArray | null;
        while ((x = L.notNegation.exec(before)) !== null) {
          if (x.index <= at && at < x.index + x[0].length) excused = true;
        }
      }
      if (!excused) return true;
    }
  }
  const w = L.spec.negation.afterWindow;
  const stop = w ? Math.min(clause[1], site.end + w) : clause[1];
  const after = site.lower.slice(site.end, stop);
  if (test(L.negAfter, after)) return true;
  // "무료로 풀림 키 없이": the "없이" belongs to "키", the concept word right before it.
  return test(L.negAfterNear, site.lower.slice(site.end, Math.min(stop, site.afterStop ?? stop)));
}

function framed(site: ClaimSite, L: CompiledLanguage, clause: Range): MentionReason | null {
  for (const f of L.frames) {
    const scope: Range = f.scope === 'clause' ? clause : site.sentence;
    const s = f.where === 'before' ? site.lower.slice(scope[0], site.start) : site.lower.slice(site.end, scope[1]);
    f.re.lastIndex = 0;
    const m = f.re.exec(s);
    if (!m) continue;
    // "We promise unlimited…" is our own claim; "I read on a blog that…" is still reported.
    if (f.kind === 'reported' && f.where === 'before' && test(L.firstPerson, s.slice(Math.max(0, m.index - 24), m.index + (/^(i|we)\s/.test(m[0]) ? 0 : m[0].length)))) continue;
    return f.kind === 'hypothetical' ? 'hypothetical' : f.kind === 'reported' ? 'reported' : 'avoid-list';
  }
  return null;
}

/**
 * How the claim is quoted, and where its quote ends: q 0 not quoted, 1 quoted, 2 quoted as one of a
 * list of quoted phrases ("“a”, “b” and “c”").
 */
function quoteOf(site: ClaimSite): { q: 0 | 1 | 2; end: number } {
  const spans = quotedSpans(site.lower, site.sentence[0], site.sentence[1]);
  // A frame's claim is quoted when one of its words is (`We tested ImgRelay's "unlimited" plan`).
  const pieces = site.parts ?? [[site.start, site.end]];
  const i = spans.findIndex(([qa, qb]) =>
    pieces.some(([a, b]) => {
      const overlap = Math.min(qb, b) - Math.max(qa, a);
      return overlap > 0 && overlap >= 0.5 * (b - a);
    }),
  );
  if (i < 0) return { q: 0, end: -1 };
  // Neighbouring quoted spans separated only by a comma, "and"/"or", or a slash make a list.
  const joins = (a: [number, number], b: [number, number]) => /^\W{1,3}(?:(?:and|or|y|o|e|u|및|또는|이나)\s+\W{0,2})?$/u.test(site.lower.slice(a[1], b[0]));
  const prev = spans[i - 1];
  const next = spans[i + 1];
  if ((prev && joins(prev, spans[i]!)) || (next && joins(spans[i]!, next))) return { q: 2, end: spans[i]![1] };
  return { q: 1, end: spans[i]![1] };
}

/** What follows a quote reports or names it ("…”이라고 적혀 있습니다", "…”라는 표현"). */
function reportedAfterQuote(site: ClaimSite, L: CompiledLanguage, quoteEnd: number): boolean {
  const s = site.lower.slice(quoteEnd + 1, site.sentence[1]);
  for (const f of L.frames) {
    if (f.where !== 'after' || (f.kind !== 'reported' && f.kind !== 'metalinguistic')) continue;
    f.re.lastIndex = 0;
    const m = f.re.exec(s);
    if (m && m.index === 0) return true;
  }
  return false;
}

function questionOf(site: ClaimSite): Range | null {
  // A claim that runs on past the question mark is answered by its own words ("Credit card? Not needed").
  if (site.end > site.sentence[1]) return null;
  const s = site.lower.slice(site.sentence[0], site.sentence[1]).trimEnd();
  const q = /[?？]["'”’»)\]*_]*$/.test(s) || s.startsWith('¿');
  return q ? site.sentence : null;
}

/** Returns null when the claim is used, or why it is only mentioned. */
export function judge(site: ClaimSite): MentionReason | null {
  const L0 = site.langs[0]!;
  // Tables: a cell is judged by its column header.
  if (site.block.table && site.block.table.row > 0) {
    const header = site.block.table.header.toLowerCase();
    if (site.langs.some((L) => test(L.mentionHeaders, header))) return 'mention-column';
  }
  // A list (or table) under a heading or lead-in that lists claims to avoid.
  if (site.block.kind === 'list-item' || site.block.kind === 'table-cell') {
    const lead = (site.block.leadIn ?? '').toLowerCase();
    const ctx = [lead, ...site.headings];
    if (site.langs.some((L) => ctx.some((h) => h && test(L.mentionHeaders, h)))) return 'avoid-list';
  }
  for (const L of site.langs) {
    const clause = clauseAround(site.lower, site.sentence, site.start, site.end, L.clauseBreaks);
    const sentence = site.lower.slice(site.sentence[0], site.sentence[1]);
    const { q, end: quoteEnd } = quoteOf(site);
    // A list of quoted phrases is under discussion; one quoted phrase is a mention when the sentence
    // discusses it (a cue, a frame, a negation, reported speech right after the quote), and scare
    // quotes in a sales sentence otherwise.
    if (q === 2) return 'quoted';
    if (q === 1 && (test(L.quoteCues, sentence) || framed(site, L, site.sentence) || negated(site, L, clause) || reportedAfterQuote(site, L, quoteEnd))) return 'quoted';
    if (negated(site, L, clause)) return 'negated';
    const f = framed(site, L, clause);
    if (f) return f;
  }
  if (questionOf(site)) {
    const answer = (site.next() ?? '').replace(/^[\s*_"'“‘«¡¿(\-–—:>]+/, '');
    const yes = site.langs.some((L) => answer && startsWithCue(L.yes, answer));
    if (yes) return null;
    const no = site.langs.some((L) => answer && startsWithCue(L.no, answer));
    if (no) return 'question';
    // A sales question ("Need unlimited images?") is a pitch unless it is answered no.
    const q = site.lower.slice(site.sentence[0], site.start).replace(/^[\s¿¡"“]+/, '');
    if (site.langs.some((L) => L.salesQuestion && startsWithCue(L.salesQuestion, q))) return null;
    return 'question';
  }
  void L0;
  return null;
}

function startsWithCue(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const m = re.exec(s);
  return m !== null && m.index === 0;
}
