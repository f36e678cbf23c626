// Concepts: named classes of words and phrases, per language (rules/languages/<lang>.yaml), and the one
// matcher that finds every form of every concept in a text in a single pass (an Aho-Corasick automaton
// over a normalized character stream). Frames (frames.ts) are read over the hits it returns.
//
// Normalization, the same for forms (at compile time) and for text (at match time), on folded text
// (foldForMatch: lower case, Latin accents stripped):
// - a run of white space is one space;
// - quote marks are dropped (`our "unlimited" plan` reads as `our unlimited plan`), an apostrophe
//   between letters is kept as `'` (`don’t` reads as `don't`);
// - a hyphen between letters or digits is a space (`rate-limited` reads as `rate limited`,
//   `sign-up` as `sign up`), except in an identifier: a word joined by two hyphens or more, or by an
//   underscore (`gpt-image-2`, `no-key-claim`, `free_tier`), is one opaque word, so no form matches
//   a part of it (a form spelled that way matches it whole).
//
// Edges: a form matches only where the text changes script class at its edges (see scriptClass): a
// Latin form needs a non-letter or a letter of another script on both sides (`api` in `API를`, but
// not in `capital`); a Hangul form needs no Hangul syllable before it (particles may follow it); a Han
// or Kana form needs nothing. `~` at a form's start or end lifts that edge's condition (`~무제한`
// matches inside `완전무제한`, `throttl~` matches `throttled`). A form that ends in a digit never
// ends inside a number (`$0` is not in `$0.04`), nor starts inside one.
//
// Longer forms shadow shorter ones inside them: a hit strictly inside another hit is dropped (so a
// blocker concept, `graphics card`, keeps `card` from reading as a payment card).
import type { Req } from './candidates.js';

// ---------------------------------------------------------------------------------------------
// Script classes

/** 0 none (punctuation, space, symbol), 1 alphabetic letter or digit, 2 Hangul, 3 Han or Kana. */
export type ScriptClass = 0 | 1 | 2 | 3;

const LN_RE = /[\p{L}\p{N}]/u;
const CLASS_TABLE = new Uint8Array(65536).fill(255);
for (let c = 0; c < 128; c++) CLASS_TABLE[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;

/** An identifier's joiner in the normalized stream (a hyphen or underscore inside `gpt-image-2`). */
export const JOINER = 0xe000;

export function scriptClass(c: number): ScriptClass {
  let v = CLASS_TABLE[c]!;
  if (v === 255) {
    if (c === JOINER) return (CLASS_TABLE[c] = 1) as ScriptClass;
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) v = 2;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xff66 && c <= 0xff9f) || c === 0x3005) v = 3;
    else if (c >= 0xd800 && c <= 0xdfff) v = 0;
    else v = LN_RE.test(String.fromCharCode(c)) ? 1 : 0;
    CLASS_TABLE[c] = v;
  }
  return v as ScriptClass;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// ---------------------------------------------------------------------------------------------
// The normalized stream

const QUOTES = new Set([0x22, 0x201c, 0x201d, 0x201e, 0x201f, 0xab, 0xbb, 0x2039, 0x203a, 0x300c, 0x300d, 0x300e, 0x300f, 0x60, 0xb4, 0xff02, 0x301d, 0x301e]);
const APOSTROPHES = new Set([0x27, 0x2018, 0x2019, 0x2032]);
const HYPHENS = new Set([0x2d, 0x2010, 0x2011]);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x202f || c === 0x205f || (c >= 0x2000 && c <= 0x200a) || c === 0x0b || c === 0x0c;
}

/** What normalization does with a character: 0 keep, 1 space, 2 drop (quote), 3 apostrophe, 4 hyphen, 5 underscore. */
const NORM = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (isSpace(c)) NORM[c] = 1;
  else if (QUOTES.has(c)) NORM[c] = 2;
  else if (APOSTROPHES.has(c)) NORM[c] = 3;
  else if (HYPHENS.has(c)) NORM[c] = 4;
  else if (c === 0x5f) NORM[c] = 5;
}

/**
 * Is the hyphen or underscore at i inside an identifier (two joiners or more, or an underscore, in a
 * run of letters and digits)? Returns the run's end and the answer, for the run's other joiners.
 */
function identifierRun(f: string, i: number): { end: number; opaque: boolean } {
  let a = i;
  while (a > 0 && (scriptClass(f.charCodeAt(a - 1)) === 1 || NORM[f.charCodeAt(a - 1)]! >= 4)) a--;
  let b = i + 1;
  while (b < f.length && (scriptClass(f.charCodeAt(b)) === 1 || NORM[f.charCodeAt(b)]! >= 4)) b++;
  let joiners = 0;
  let underscore = false;
  for (let k = a; k < b; k++) {
    const n = NORM[f.charCodeAt(k)]!;
    if (n >= 4) {
      joiners++;
      if (n === 5) underscore = true;
    }
  }
  return { end: b, opaque: joiners >= 2 || underscore };
}

export interface Stream {
  /** The normalized text. */
  s: string;
  /** For each char of `s`, the offset of the char of the input it comes from. */
  map: Int32Array;
}

/** Scratch buffers of the stream (the matcher is not re-entrant; one call fills them at a time). */
let scratchChars = new Uint16Array(4096);
let scratchMap = new Int32Array(4097);

/**
 * Normalizes a folded text into the scratch buffers (see the header); returns the stream's length.
 * `streamChars()` / `streamMap()` read them until the next call.
 */
function normalizeInto(f: string): number {
  const n = f.length;
  if (scratchChars.length < n) {
    scratchChars = new Uint16Array(n * 2);
    scratchMap = new Int32Array(n * 2 + 1);
  }
  const out = scratchChars;
  const map = scratchMap;
  let k = 0;
  let lastSpace = true;
  let identEnd = -1;
  let opaque = false;
  for (let i = 0; i < n; i++) {
    const c = f.charCodeAt(i);
    const kind = NORM[c]!;
    if (kind === 0) {
      out[k] = c;
      map[k++] = i;
      lastSpace = false;
      continue;
    }
    if (kind === 1) {
      if (!lastSpace) {
        out[k] = 32;
        map[k++] = i;
        lastSpace = true;
      }
      continue;
    }
    if (kind === 2) continue;
    const prev = k > 0 ? out[k - 1]! : 32;
    const next = i + 1 < n ? f.charCodeAt(i + 1) : 32;
    if (kind === 3) {
      if (scriptClass(prev) === 1 && scriptClass(next) === 1) {
        out[k] = 0x27;
        map[k++] = i;
        lastSpace = false;
      }
      continue;
    }
    // a joiner inside an identifier is part of one word; a hyphen between letters or digits reads
    // as a space; elsewhere either stays what it is
    if (scriptClass(prev) === 1 && scriptClass(next) === 1) {
      if (i >= identEnd) ({ end: identEnd, opaque } = identifierRun(f, i));
      if (opaque) {
        out[k] = JOINER;
        map[k++] = i;
        lastSpace = false;
        continue;
      }
    }
    if (kind === 4 && scriptClass(prev) !== 0 && scriptClass(next) !== 0) {
      if (!lastSpace) {
        out[k] = 32;
        map[k++] = i;
      }
      lastSpace = true;
      continue;
    }
    out[k] = c;
    map[k++] = i;
    lastSpace = false;
  }
  map[k] = n;
  return k;
}

/** The normalized stream of a folded text (see the header). */
export function normalizeStream(f: string): Stream {
  // (a flat copy: compiling rules normalizes thousands of forms, and strings of other shapes here
  // (internalized, concatenated) left the matcher's normalization of documents a third slower)
  const k = normalizeInto(f.split('').join(''));
  let s = '';
  for (let i = 0; i < k; i += 8192) s += String.fromCharCode.apply(null, scratchChars.subarray(i, Math.min(k, i + 8192)) as unknown as number[]);
  return { s, map: scratchMap.slice(0, k + 1) };
}

// ---------------------------------------------------------------------------------------------
// Forms

/** `{a,b,}` alternatives, any number of groups (not nested): every combination. */
export function expandBraces(form: string, limit = 512): string[] {
  const open = form.indexOf('{');
  if (open < 0) return [form];
  const close = form.indexOf('}', open);
  if (close < 0) throw new Error(`unclosed "{" in form "${form}"`);
  const inner = form.slice(open + 1, close);
  if (inner.includes('{')) throw new Error(`nested "{" in form "${form}"`);
  const head = form.slice(0, open);
  const rests = expandBraces(form.slice(close + 1), limit);
  const out: string[] = [];
  for (const alt of inner.split(',')) {
    for (const rest of rests) {
      out.push(head + alt + rest);
      if (out.length > limit) throw new Error(`form "${form}" expands to more than ${limit} phrases`);
    }
  }
  return out;
}

export interface FormSpec {
  /** The form as written (for messages). */
  source: string;
  concept: string;
  /** The pack language the form belongs to, or '*' for a form of every language. */
  lang: string;
}

export interface CompiledForm {
  /** Normalized, folded text the stream must contain. */
  text: string;
  concept: number;
  lang: string;
  /** No edge condition on the left (`~` at the start) / right (`~` at the end). */
  glueLeft: boolean;
  glueRight: boolean;
  source: string;
}

/**
 * A form as the matcher reads it: every expansion of its braces, folded and normalized. In Hangul,
 * Han or Kana forms a space between two such characters is optional (both spellings are added).
 */
export function compileForm(spec: FormSpec, conceptId: number, fold: (s: string) => string): CompiledForm[] {
  const out: CompiledForm[] = [];
  for (const raw of expandBraces(spec.source.trim())) {
    let t = raw;
    let glueLeft = false;
    let glueRight = false;
    if (t.startsWith('~')) {
      glueLeft = true;
      t = t.slice(1);
    }
    if (t.endsWith('~')) {
      glueRight = true;
      t = t.slice(0, -1);
    }
    const text = normalizeStream(fold(t)).s.trim();
    if (!text) continue;
    for (const v of spaceVariants(text)) out.push({ text: v, concept: conceptId, lang: spec.lang, glueLeft, glueRight, source: spec.source });
  }
  return out;
}

/** A space between two Hangul, Han or Kana characters may be there or not. */
function spaceVariants(text: string): string[] {
  const optional: number[] = [];
  for (let i = 1; i + 1 < text.length; i++) {
    if (text.charCodeAt(i) !== 32) continue;
    const a = scriptClass(text.charCodeAt(i - 1));
    const b = scriptClass(text.charCodeAt(i + 1));
    if ((a >= 2 || b >= 2) && a !== 0 && b !== 0) optional.push(i);
  }
  if (optional.length === 0) return [text];
  let out = [text];
  for (const at of optional.slice(0, 6).reverse()) {
    out = out.flatMap((t) => [t, t.slice(0, at) + t.slice(at + 1)]);
  }
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------
// Hits

export interface Hit {
  concept: number;
  /** Offsets into the matched (folded) text, end exclusive. */
  start: number;
  end: number;
  /** The language of the form ('*': shared by every language). */
  lang: string;
  /** Index of the compiled form (for explanations). */
  form: number;
}

/** Built-in concepts the matcher finds without forms. */
export const NUMBER = 'NUMBER';
export const CODE = 'CODE';
const BARRIER = 0xfffc;

// ---------------------------------------------------------------------------------------------
// The automaton

export class ConceptMatcher {
  /** Moves on characters outside ASCII, failure links not folded in: key node * 65536 + char code. */
  private readonly go = new Map<number, number>();
  /** The root's moves on every character (most characters of a text are read from the root). */
  private readonly rootGo = new Int32Array(65536);
  /**
   * Moves on ASCII characters, failure links folded in: row * width + column. Only nodes reached by
   * ASCII alone, or with an ASCII child, have a row of their own (a Hangul node has none: its ASCII
   * moves are those of the nearest node on its failure chain that has one, `asciiRow`). A column per
   * ASCII character some form holds (`column`); column 0, every other one, leads back to the root.
   */
  private readonly ascii: Uint16Array | Int32Array;
  private readonly column = new Uint8Array(128);
  private readonly width: number;
  /** The row each node reads ASCII moves from. */
  private readonly asciiRow: Int32Array;
  private readonly fail: Int32Array;
  /** Forms ending at each node: formsAt[ownStart[n] .. ownStart[n + 1]). */
  private readonly ownStart: Int32Array;
  private readonly formsAt: Int32Array;
  /** The nearest node on the failure chain with forms of its own (0: none): the other forms ending here. */
  private readonly dict: Int32Array;
  private readonly count: number;
  readonly forms: CompiledForm[];
  readonly numberConcept: number;
  readonly codeConcept: number;

  constructor(forms: CompiledForm[], numberConcept = -1, codeConcept = -1) {
    this.forms = forms;
    this.numberConcept = numberConcept;
    this.codeConcept = codeConcept;
    // The trie, built from the forms in sorted order: a form shares its prefix with the one before.
    const order = forms.map((_, i) => i).sort((x, y) => (forms[x]!.text < forms[y]!.text ? -1 : forms[x]!.text > forms[y]!.text ? 1 : x - y));
    let bound = 1;
    for (const f of forms) bound += f.text.length;
    const parent = new Int32Array(bound);
    const ch = new Int32Array(bound);
    const depth = new Int32Array(bound);
    const endNode = new Int32Array(forms.length);
    const path: number[] = [0];
    let count = 1;
    let prev = '';
    for (const fi of order) {
      const t = forms[fi]!.text;
      let k = 0;
      while (k < t.length && k < prev.length && t.charCodeAt(k) === prev.charCodeAt(k)) k++;
      path.length = k + 1;
      for (let i = k; i < t.length; i++) {
        const n = count++;
        parent[n] = path[i]!;
        ch[n] = t.charCodeAt(i);
        depth[n] = i + 1;
        path.push(n);
        if (ch[n]! >= 128) this.go.set(parent[n]! * 65536 + ch[n]!, n);
      }
      endNode[fi] = path[t.length]!;
      prev = t;
    }
    this.count = count;
    // forms per node
    const ownCount = new Int32Array(count + 1);
    for (let fi = 0; fi < forms.length; fi++) ownCount[endNode[fi]!]!++;
    this.ownStart = new Int32Array(count + 1);
    for (let n = 0; n < count; n++) this.ownStart[n + 1] = this.ownStart[n]! + ownCount[n]!;
    this.formsAt = new Int32Array(forms.length);
    const fill = this.ownStart.slice(0, count);
    for (let fi = 0; fi < forms.length; fi++) this.formsAt[fill[endNode[fi]!]!++] = fi;
    // breadth first: nodes by depth (counting sort)
    let maxDepth = 0;
    for (let n = 1; n < count; n++) if (depth[n]! > maxDepth) maxDepth = depth[n]!;
    const byDepth = new Int32Array(maxDepth + 2);
    for (let n = 1; n < count; n++) byDepth[depth[n]! + 1]!++;
    for (let d = 1; d <= maxDepth + 1; d++) byDepth[d]! += byDepth[d - 1]!;
    const queue = new Int32Array(Math.max(0, count - 1));
    const at = byDepth.slice();
    for (let n = 1; n < count; n++) queue[at[depth[n]!]!++] = n;
    for (let n = 1; n < count; n++) if (parent[n] === 0) this.rootGo[ch[n]!] = n;
    this.fail = new Int32Array(count);
    this.dict = new Int32Array(count);
    // rows: the root, nodes whose path is ASCII, nodes with an ASCII child
    const rowOf = new Int32Array(count).fill(-1);
    const asciiPath = new Uint8Array(count);
    asciiPath[0] = 1;
    for (let q = 0; q < count - 1; q++) {
      const n = queue[q]!;
      asciiPath[n] = asciiPath[parent[n]!]! && ch[n]! < 128 ? 1 : 0;
    }
    let rows = 0;
    rowOf[0] = rows++;
    for (let q = 0; q < count - 1; q++) {
      const n = queue[q]!;
      if (asciiPath[n]) rowOf[n] = rows++;
    }
    for (let n = 1; n < count; n++) if (ch[n]! < 128 && rowOf[parent[n]!] === -1) rowOf[parent[n]!] = rows++;
    const column = this.column;
    let width = 1;
    for (let n = 1; n < count; n++) if (ch[n]! < 128 && column[ch[n]!] === 0) column[ch[n]!] = width++;
    this.width = width;
    const asciiRow = (this.asciiRow = new Int32Array(count));
    const ascii = (this.ascii = count < 65536 ? new Uint16Array(rows * width) : new Int32Array(rows * width));
    for (let c = 0; c < 128; c++) if (column[c]) ascii[column[c]!] = this.rootGo[c]!;
    let qi = 0;
    for (let d = 1; d <= maxDepth; d++) {
      // the failure links of depth d (from depth d - 1's rows, all complete)
      const end = byDepth[d + 1]!;
      for (let q = qi; q < end; q++) {
        const s = queue[q]!;
        const r = parent[s]!;
        const c = ch[s]!;
        let f = 0;
        if (r !== 0) {
          if (c < 128) f = ascii[asciiRow[this.fail[r]!]! * width + column[c]!]!;
          else {
            let g = this.fail[r]!;
            for (;;) {
              const m = g === 0 ? this.rootGo[c]! : this.go.get(g * 65536 + c);
              if (m !== undefined && m !== 0) {
                f = m;
                break;
              }
              if (g === 0) break;
              g = this.fail[g]!;
            }
          }
        }
        this.fail[s] = f;
        this.dict[s] = this.ownStart[f + 1]! > this.ownStart[f]! ? f : this.dict[f]!;
        if (rowOf[s]! >= 0) {
          asciiRow[s] = rowOf[s]!;
          ascii.copyWithin(rowOf[s]! * width, asciiRow[f]! * width, asciiRow[f]! * width + width);
        } else asciiRow[s] = asciiRow[f]!;
      }
      // then the moves of these nodes to their own children (depth d + 1), over the copied rows
      const next = d + 1 <= maxDepth ? byDepth[d + 2]! : end;
      for (let q = end; q < next; q++) {
        const t = queue[q]!;
        if (ch[t]! < 128) ascii[rowOf[parent[t]!]! * width + column[ch[t]!]!] = t;
      }
      qi = end;
    }
  }

  /**
   * Every hit in a folded text: forms, numbers and code barriers; shadowed hits dropped; sorted by
   * start. `only`: the forms of these concepts alone (they shadow one another, and nothing else does).
   */
  match(folded: string, only?: ReadonlySet<number>): Hit[] {
    const len = normalizeInto(folded);
    const s = scratchChars;
    const map = scratchMap;
    const hits: Hit[] = [];
    let node = 0;
    const go = this.go;
    const rootGo = this.rootGo;
    const fail = this.fail;
    const ascii = this.ascii;
    const asciiRow = this.asciiRow;
    const column = this.column;
    const width = this.width;
    const ownStart = this.ownStart;
    const formsAt = this.formsAt;
    const dict = this.dict;
    for (let i = 0; i < len; i++) {
      const c = s[i]!;
      if (c < 128) node = ascii[asciiRow[node]! * width + column[c]!]!;
      else
        for (;;) {
          if (node === 0) {
            node = rootGo[c]!;
            break;
          }
          const m = go.get(node * 65536 + c);
          if (m !== undefined) {
            node = m;
            break;
          }
          node = fail[node]!;
        }
      for (let n = ownStart[node + 1]! > ownStart[node]! ? node : dict[node]!; n !== 0; n = dict[n]!) {
        for (let k = ownStart[n]!; k < ownStart[n + 1]!; k++) {
          const fi = formsAt[k]!;
          const f = this.forms[fi]!;
          if (only && !only.has(f.concept)) continue;
          const a = i - f.text.length + 1;
          if (!this.edgesOk(s, len, a, i + 1, f)) continue;
          hits.push({ concept: f.concept, start: map[a]!, end: map[i]! + 1, lang: f.lang, form: fi });
        }
      }
    }
    if (!only && (this.numberConcept >= 0 || this.codeConcept >= 0)) {
      for (let i = 0; i < folded.length; i++) {
        const c = folded.charCodeAt(i);
        if (c === BARRIER && this.codeConcept >= 0) {
          hits.push({ concept: this.codeConcept, start: i, end: i + 1, lang: '*', form: -1 });
        } else if (isDigit(c) && this.numberConcept >= 0 && !(i > 0 && scriptClass(folded.charCodeAt(i - 1)) === 1)) {
          const j = numberEnd(folded, i);
          hits.push({ concept: this.numberConcept, start: i, end: j, lang: '*', form: -1 });
          i = j - 1;
        }
      }
    }
    return prune(hits);
  }

  private edgesOk(s: Uint16Array, len: number, a: number, b: number, f: CompiledForm): boolean {
    const first = s[a]!;
    const last = s[b - 1]!;
    if (!f.glueLeft && a > 0) {
      const prev = s[a - 1]!;
      const fc = scriptClass(first);
      const pc = scriptClass(prev);
      if ((fc === 1 || fc === 2) && pc === fc) return false;
      if (isDigit(first) && (isDigit(prev) || ((prev === 46 || prev === 44) && a > 1 && isDigit(s[a - 2]!)))) return false;
    }
    if (!f.glueRight && b < len) {
      const next = s[b]!;
      const lc = scriptClass(last);
      if (lc === 1 && scriptClass(next) === 1) return false;
      if (isDigit(last) && (isDigit(next) || ((next === 46 || next === 44) && b + 1 < len && isDigit(s[b + 1]!)))) return false;
    }
    return true;
  }
}

/**
 * The end of the number starting at i: digits, with `.` or `,` before more digits (1,000.50 / 0,04),
 * and a space or no-break space before a group of exactly three digits (1 000).
 */
export function numberEnd(t: string, i: number): number {
  let j = i + 1;
  while (j < t.length) {
    const d = t.charCodeAt(j);
    if (isDigit(d)) {
      j++;
      continue;
    }
    if ((d === 46 || d === 44) && isDigit(t.charCodeAt(j + 1))) {
      j += 2;
      continue;
    }
    if ((d === 32 || d === 0xa0 || d === 0x202f) && isDigit(t.charCodeAt(j + 1)) && isDigit(t.charCodeAt(j + 2)) && isDigit(t.charCodeAt(j + 3)) && !isDigit(t.charCodeAt(j + 4))) {
      j += 4;
      continue;
    }
    break;
  }
  return j;
}

/** Drop hits strictly inside a longer hit; sort by start, then longer first. */
function prune(hits: Hit[]): Hit[] {
  if (hits.length < 2) return hits.sort((x, y) => x.start - y.start || y.end - x.end);
  hits.sort((x, y) => x.start - y.start || y.end - x.end || x.concept - y.concept);
  const out: Hit[] = [];
  let reach = -1;
  let reachStart = -1;
  let prev: Hit | null = null;
  for (const h of hits) {
    // the same concept over the same span (forms of two languages: "gratis"): once, of no one language
    if (prev && prev.start === h.start && prev.end === h.end && prev.concept === h.concept) {
      if (prev.lang !== h.lang) prev.lang = '*';
      continue;
    }
    prev = h;
    // inside the longest hit that started before (or at) it, and shorter: shadowed
    if (h.end <= reach && !(h.start === reachStart && h.end === reach)) continue;
    out.push(h);
    if (h.end > reach) {
      reach = h.end;
      reachStart = h.start;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the candidate scan looks for

/** Words of most technical documentation: a requirement keyed by one filters little. */
export const TECH_COMMON = new Set(
  'github npm node js javascript typescript package packages module modules function option options default install error string object return returns example method support true false null config import export'.split(' '),
);

/**
 * Words of most texts (Latin script), and of most technical documentation: a requirement picks another
 * word of its form where it can.
 */
export const COMMON = new Set(
  'a an the as at by for from in into of on onto to with without you your yours our ours we us it its is are be been was were will would can could do does did not no any all some more most much many like want need get gets make use used using just so that this these those there here then than now only one two very also too and or but if when what which who how free pay sign set up out over per via open run runs image images file files data page pages code build test new list name type value user users app apps web server client time version start work works el la los las un una de del en con sin por para que y o es son al lo se su tu mi no si mas ya'.split(' ').concat([...TECH_COMMON]),
);

/** The most frequent of COMMON, in English and Spanish prose: the last choice of all. */
const VERY_COMMON = new Set(
  'a an the to of and in is it its for on with you your that this be are as at by or from we not no can if do all so use using get one was were will el la los las un una de del en con y o es se que lo al su tu'.split(' '),
);

/**
 * The one requirement a form puts on the source text, for the candidate scan: the form's longest run
 * of letters (a whole word where the form's edges guarantee it), or a symbol next to a digit. A
 * superset: wherever the form can match a block's text, the requirement is met in the block's source.
 */
export function formRequirement(f: CompiledForm): Req {
  const t = f.text;
  let best: { a: number; b: number; score: number } | null = null;
  let i = 0;
  while (i < t.length) {
    const c = scriptClass(t.charCodeAt(i));
    if (c === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < t.length && scriptClass(t.charCodeAt(j)) !== 0) j++;
    const run = t.slice(i, j);
    const letters = run.replace(/[0-9]/g, '').length;
    // A word most text has filters nothing: any other word of the form is looked up instead.
    // (the tail of a contraction, "re" of "we're", is in a great many words)
    const tail = i > 0 && t.charCodeAt(i - 1) === 0x27;
    // (a word outside ASCII, Hangul or accented, is rarer than an ASCII one of its length)
    const wide = /[^\x00-\x7f]/.test(run) ? 15 : 0;
    const score = letters < 2 ? letters - 100 : VERY_COMMON.has(run) ? -50 : letters * 10 + run.length + wide - (COMMON.has(run) || tail ? 30 : 0);
    // (on a tie the later word: the head of a compound, "api key", "access token")
    if (!best || score >= best.score) best = { a: i, b: j, score };
    i = j;
  }
  if (!best || best.score < 5) {
    // a symbol next to a digit ("$0", "0원" is a word), else the best run there is
    const sym = /[^\p{L}\p{N}\s'.,]/u.exec(t);
    if (sym) {
      const k = sym.index;
      return { kind: 'sym', text: sym[0], digitBefore: k > 0 && isDigit(t.charCodeAt(k - 1)), digitAfter: isDigit(t.charCodeAt(k + sym[0].length)) };
    }
  }
  if (!best) return { kind: 'sym', text: t };
  const { a, b } = best;
  const run = t.slice(a, b);
  // Edges a source word is sure to have: only where the run is purely alphabetic (class 1) and the
  // form guarantees a non-letter there (inside the form, or by its own edge condition).
  const pure = [...run].every((ch) => scriptClass(ch.charCodeAt(0)) === 1);
  const left = pure && (a > 0 ? scriptClass(t.charCodeAt(a - 1)) === 0 && t.charCodeAt(a - 1) !== 0x27 : !f.glueLeft);
  const right = pure && (b < t.length ? scriptClass(t.charCodeAt(b)) === 0 && t.charCodeAt(b) !== 0x27 : !f.glueRight);
  return { kind: 'word', text: run, left, right };
}
