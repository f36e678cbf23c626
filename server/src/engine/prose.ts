// Building prose text with exact source offset maps, and the matching fold.
// Every extractor feeds a ProseBuilder; `finish()` returns NFC text whose every UTF-16 code unit
// knows the source range [start, end) that produced it.

export interface BuiltProse {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

export const BARRIER = '\uFFFC';

const SPACE = 0x20;

export class ProseBuilder {
  private parts: string[] = [];
  private len = 0;
  private starts: Int32Array;
  private ends: Int32Array;
  /** Index of the last char emitted by pushSpace (for collapsing), or -1. */
  private lastSpace = -1;

  constructor(capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.starts.length) return;
    let cap = this.starts.length * 2;
    while (cap < need) cap *= 2;
    const s = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.len));
    const e = new Int32Array(cap);
    e.set(this.ends.subarray(0, this.len));
    this.starts = s;
    this.ends = e;
  }

  /** A run whose characters map 1:1 to the source: text[i] comes from srcStart + i. */
  push(text: string, srcStart: number): void {
    const n = text.length;
    if (n === 0) return;
    this.reserve(n);
    const s = this.starts;
    const e = this.ends;
    let k = this.len;
    for (let i = 0; i < n; i++, k++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          s[k] = srcStart + i;
          e[k] = srcStart + i + 2;
          s[k + 1] = srcStart + i;
          e[k + 1] = srcStart + i + 2;
          i++;
          k++;
          continue;
        }
      }
      s[k] = srcStart + i;
      e[k] = srcStart + i + 1;
    }
    this.parts.push(text);
    this.len = k;
    this.lastSpace = -1;
  }

  /** Text decoded from a source range of another length: every produced char maps to the whole range. */
  pushMapped(text: string, srcStart: number, srcEnd: number): void {
    const n = text.length;
    if (n === 0) return;
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      this.starts[this.len + i] = srcStart;
      this.ends[this.len + i] = srcEnd;
    }
    this.parts.push(text);
    this.len += n;
    this.lastSpace = -1;
  }

  /** A soft line break, tab or whitespace run: one ' ' (consecutive calls collapse into one). */
  pushSpace(srcStart: number, srcEnd: number): void {
    if (this.lastSpace >= 0 && this.lastSpace === this.len - 1) {
      const k = this.lastSpace;
      if (srcStart < this.starts[k]!) this.starts[k] = srcStart;
      if (srcEnd > this.ends[k]!) this.ends[k] = srcEnd;
      return;
    }
    this.reserve(1);
    this.starts[this.len] = srcStart;
    this.ends[this.len] = srcEnd;
    this.parts.push(' ');
    this.lastSpace = this.len;
    this.len++;
  }

  /** Non-prose inline content (inline code, raw HTML, footnote references): one U+FFFC. */
  pushBarrier(srcStart: number, srcEnd: number): void {
    this.reserve(1);
    this.starts[this.len] = srcStart;
    this.ends[this.len] = srcEnd;
    this.parts.push(BARRIER);
    this.len++;
    this.lastSpace = -1;
  }

  /** The text built so far (not normalized). */
  peekText(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  finish(): BuiltProse {
    let text = this.peekText();
    const n = this.len;
    // Tabs and stray line breaks become spaces (same length, same maps).
    if (/[\t\n\r\v\f]/.test(text)) text = text.replace(/[\t\n\r\v\f]/g, ' ');
    const starts = this.starts.slice(0, n);
    const ends = this.ends.slice(0, n);
    const nfc = text.normalize('NFC');
    if (nfc === text) return { text, starts, ends };
    return normalizeWithMaps(text, starts, ends);
  }
}

const CONTINUES_CLUSTER = /[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]/u;

function isClusterContinuation(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp >= 0x1160 && cp <= 0x11ff) return true; // Hangul medial vowels / final consonants
  if (cp >= 0xd7b0 && cp <= 0xd7ff) return true;
  return CONTINUES_CLUSTER.test(String.fromCodePoint(cp));
}

/** NFC per cluster (a starter + following combining marks / jamo), each output char mapped to its cluster. */
function normalizeWithMaps(text: string, starts: Int32Array, ends: Int32Array): BuiltProse {
  const n = text.length;
  const outParts: string[] = [];
  const os: number[] = [];
  const oe: number[] = [];
  let i = 0;
  while (i < n) {
    const clusterStart = i;
    let cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    while (i < n) {
      cp = text.codePointAt(i)!;
      if (!isClusterContinuation(cp)) break;
      i += cp > 0xffff ? 2 : 1;
    }
    const cluster = text.slice(clusterStart, i);
    let s = starts[clusterStart]!;
    let e = ends[clusterStart]!;
    for (let k = clusterStart + 1; k < i; k++) {
      if (starts[k]! < s) s = starts[k]!;
      if (ends[k]! > e) e = ends[k]!;
    }
    const norm = cluster.normalize('NFC');
    if (norm === cluster) {
      // Keep per-char maps when nothing changes (e.g. a lone starter).
      outParts.push(cluster);
      for (let k = clusterStart; k < i; k++) {
        os.push(starts[k]!);
        oe.push(ends[k]!);
      }
    } else {
      outParts.push(norm);
      for (let k = 0; k < norm.length; k++) {
        os.push(s);
        oe.push(e);
      }
    }
  }
  return { text: outParts.join(''), starts: Int32Array.from(os), ends: Int32Array.from(oe) };
}

// ---------------------------------------------------------------------------------------------
// Matching fold: same UTF-16 length as the input.

const FOLD_LO = new Uint16Array(0x250);
const FOLD_EXT_BASE = 0x1e00;
const FOLD_EXT = new Uint16Array(0x100); // Latin Extended Additional (Vietnamese etc.)
const COMBINING = /^\p{M}+$/u;

function foldChar(c: number): number {
  const ch = String.fromCharCode(c);
  let l = ch.toLowerCase();
  if (l.length !== 1) l = ch;
  const d = l.normalize('NFD');
  if (d.length > 1 && COMBINING.test(d.slice(1))) {
    let base = d[0]!;
    const bl = base.toLowerCase();
    if (bl.length === 1) base = bl;
    return base.charCodeAt(0);
  }
  return l.charCodeAt(0);
}

for (let c = 0; c < 0x250; c++) FOLD_LO[c] = foldChar(c);
for (let c = 0; c < 0x100; c++) FOLD_EXT[c] = foldChar(FOLD_EXT_BASE + c);

function foldTable(c: number): number {
  if (c < 0x250) return FOLD_LO[c]!;
  if (c >= FOLD_EXT_BASE && c < FOLD_EXT_BASE + 0x100) return FOLD_EXT[c - FOLD_EXT_BASE]!;
  return c;
}

/**
 * Fold for matching: lowercase per code unit (a char whose lowercase has another length is kept) and
 * strip diacritics from Latin letters. The result has exactly the input's UTF-16 length, so offsets
 * into it are offsets into the input.
 */
export function foldForMatch(s: string): string {
  let lower = s.toLowerCase();
  if (lower.length !== s.length) {
    const out: string[] = new Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      const l = ch.toLowerCase();
      out[i] = l.length === 1 ? l : ch;
    }
    lower = out.join('');
  }
  // (two functions, so that each stays optimized for its own kind of input: compiling rules folds
  // thousands of one-character strings, a lint whole documents)
  return lower.length > 256 ? foldLong(lower) : foldShort(lower);
}

function foldShort(lower: string): string {
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 0xc0 && foldTable(c) !== c) {
      let out = lower.slice(0, i);
      for (; i < lower.length; i++) {
        const d = lower.charCodeAt(i);
        out += d < 0xc0 ? lower[i]! : String.fromCharCode(foldTable(d));
      }
      return out;
    }
  }
  return lower;
}

function foldLong(lower: string): string {
  const n = lower.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 0xc0 && foldTable(c) !== c) {
      first = i;
      break;
    }
  }
  if (first < 0) return lower;
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = foldTable(lower.charCodeAt(i));
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[]);
  }
  return out;
}
