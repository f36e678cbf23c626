// Sentences and clauses inside a prose block. Offsets are into the block's text.

export type Range = [number, number];

const TERMINATORS = new Set(['.', '!', '?', '。', '！', '？', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', '」', '』', ')', ']', '*', '_']);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

/**
 * Split a block into sentences. A terminator ends a sentence when white space or the end follows
 * (after any closing quotes/brackets), except after a known abbreviation or between digits ($0.02).
 * CJK full stops end a sentence even without a following space.
 */
export function splitSentences(text: string, abbreviations: ReadonlySet<string>): Range[] {
  const out: Range[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (!TERMINATORS.has(ch)) continue;
    let j = i + 1;
    while (j < n && (TERMINATORS.has(text[j]!) || CLOSERS.has(text[j]!))) j++;
    const cjk = ch === '。' || ch === '！' || ch === '？';
    if (j < n && !isSpace(text.charCodeAt(j)) && !cjk) continue;
    if (ch === '.') {
      // The word before the period: an abbreviation ("e.g.", "approx.") does not end a sentence.
      let k = i - 1;
      while (k >= 0 && !isSpace(text.charCodeAt(k))) k--;
      const word = text.slice(k + 1, i + 1).toLowerCase().replace(/^[("'“‘«¿¡]+/, '');
      if (abbreviations.has(word)) {
        // "No. 5" abbreviates; "Is it free? No. It is billed" answers.
        if (!(word === 'no.' || word === 'núm.') || /^\s*\d/.test(text.slice(i + 1, i + 4))) continue;
      }
      // A single letter followed by a period ("U.S.", initials).
      if (/^\p{L}\.$/u.test(word) && /\p{Lu}/u.test(text[i - 1] ?? '')) continue;
    }
    out.push([start, j]);
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    start = j;
    i = j - 1;
  }
  if (start < n) {
    let end = n;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** The sentence containing offset `pos` (or the last sentence starting before it). */
export function sentenceAt(sentences: Range[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid]![0] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The clause around [start, end) inside a sentence: cut at the nearest clause break before
 * `start` and after `end`. `breaks` matches on the same (lower-cased) text.
 */
export function clauseAround(text: string, sentence: Range, start: number, end: number, breaks: RegExp | null): Range {
  let a = sentence[0];
  let b = sentence[1];
  if (!breaks) return [a, b];
  const s = text.slice(sentence[0], sentence[1]);
  breaks.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = breaks.exec(s)) !== null) {
    const ms = sentence[0] + m.index;
    const me = ms + m[0].length;
    if (m[0].length === 0) {
      breaks.lastIndex++;
      continue;
    }
    if (me <= start && me > a) a = me;
    if (ms >= end && ms < b) {
      b = ms;
      break;
    }
  }
  return [a, b];
}
