// Candidate ranges: which parts of a document could produce a finding, decided on the raw text before
// any parsing. The fast path parses (and judges) only those parts; `test/differential.test.ts` checks
// it against a full parse.
//
// Every phrase pattern is reduced to a conjunction of clauses, each a disjunction of requirements
// (`requirementsOf`): words, symbols, characters of a non-ASCII range. `never (?:gets? |be )?(?:blocked|
// banned)` needs the whole word "never" and one of the whole words "blocked", "banned". A word knows
// whether the pattern guarantees a non-letter, non-digit character (or the text's edge) on its left and
// right, so "sin" (Spanish) is looked up as a whole word and not inside "using"; a word or symbol may
// also need a digit next to it ("$" in "$5"). Placeholders, directives and model IDs are clauses too.
//
// The scan tokenizes the folded source text into words (runs of \p{L}\p{N}), lazily, range by range
// as the caller asks. A prose block's word is the source word, except where inline markup or a
// combining mark sits inside a word (`fr**ee**`, `_x_`, `[fr](u)ee`) or a character reference spells
// part of it (`fr&#101;e`): for those, every concatenation of the word's pieces is looked up as well;
// runs of letters that NFC changes are looked up normalized. A character reference whose meaning is not
// known here forces its range. `level(start, end)` then tells whether some pattern has every clause
// satisfied by what lies inside [start, end), and if so what its findings read (their sentence or their
// section): a superset of the ranges where a block can match a pattern, because a block's text comes
// from source characters inside its own range.

import type { CompiledConditions, CompiledRules, CompiledUnit } from './compile.js';
import { scriptClass, TECH_COMMON } from './concepts.js';
import { foldForMatch } from './prose.js';

// ---------------------------------------------------------------------------------------------
// Letters and digits

const LN_RE = /[\p{L}\p{N}]/u;
const MARK_RE = /\p{M}/u;
/** Table values: 1 letter or digit, 2 combining mark, 0 anything else, 3 not looked at yet. */
const LN = 1;
const MARK = 2;
const UNKNOWN = 3;
const LN_TABLE = new Uint8Array(65536).fill(UNKNOWN);
for (let c = 0; c < 128; c++) LN_TABLE[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? LN : 0;

/** The class of the UTF-16 unit c (not a surrogate), computed on first use. */
function classOf(c: number): number {
  let v = LN_TABLE[c]!;
  if (v === UNKNOWN) {
    const ch = String.fromCharCode(c);
    v = c >= 0xd800 && c <= 0xdfff ? 0 : LN_RE.test(ch) ? LN : c >= 0x300 && MARK_RE.test(ch) ? MARK : 0;
    LN_TABLE[c] = v;
  }
  return v;
}

/** Is the UTF-16 unit at i (with its pair) a letter or digit? Returns the unit count (1, 2) or 0. */
function lnAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return classOf(c) === LN ? 1 : 0;
  if (c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return LN_RE.test(s.slice(i, i + 2)) ? 2 : 0;
  }
  return 0;
}

/** Does s[a, b) (letters and digits) mix script classes (Latin and Hangul, Hangul and Han, ...)? */
function mixedScripts(s: string, a: number, b: number): boolean {
  let first = -1;
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    if (c < 128 && first === 1) continue;
    const cl = scriptClass(c);
    if (first < 0) first = cl;
    else if (cl !== first) return true;
  }
  return false;
}

function isLNString(s: string): boolean {
  return /^[\p{L}\p{N}]+$/u.test(s);
}

// ---------------------------------------------------------------------------------------------
// Requirements of a regex

/** A word (letters and digits) a match needs, with the guarantees the pattern gives at its edges. */
export interface WordReq {
  kind: 'word';
  text: string;
  /** The character before the word is not a letter or digit (or the text starts there). */
  left: boolean;
  /** The character after the word is not a letter or digit (or the text ends there). */
  right: boolean;
  /** A digit is right before the word (past optional white space). */
  digitBefore?: boolean;
  /** A digit is right after the word (past optional white space). */
  digitAfter?: boolean;
}
/** A symbol a match needs ("$", "€"), maybe next to a digit (past white space and markup). */
export interface SymReq {
  kind: 'sym';
  text: string;
  digitBefore?: boolean;
  digitAfter?: boolean;
}
/** A character out of ranges outside ASCII (`[가-힣]`: some Hangul syllable). */
export interface RangeReq {
  kind: 'range';
  lo: number;
  hi: number;
}
export type Req = WordReq | SymReq | RangeReq;
/** Clauses: every one must be satisfied; a clause is satisfied by any one of its requirements. */
export type Clauses = Req[][];

type Node =
  | { t: 'char'; c: string }
  | {
      t: 'set';
      /** Every member is no letter or digit. */
      nw: boolean;
      /** Holds every letter and digit (\p{L} and \p{N}). */
      coversLN?: boolean;
      /** Its members, when a short list of plain characters. */
      chars?: string[];
      /** Its members, when ranges outside ASCII. */
      ranges?: Array<[number, number]>;
      /** \d */
      digit?: boolean;
      /** \s */
      ws?: boolean;
    }
  | { t: 'assert'; kind: 'lb-nw' | 'la-nw' | 'none' }
  | { t: 'look'; positive: boolean; behind: boolean; inner: Node }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'rep'; inner: Node; min: number; max: number }
  | { t: 'backref' };

class RegexSyntaxError extends Error {}

/** What an escape inside a class stands for. */
interface ClassMember {
  /** The one character, or null for a set of them (\d, \p{…}). */
  member: string | null;
  /** No letter or digit among them. */
  nw: boolean;
  /** The name of a \p{…} property. */
  prop: string;
  /** The escape letter. */
  name: string;
}

/** A tiny parser for the regex sources routelint compiles (unicode mode). Unknown syntax throws. */
class Parser {
  i = 0;
  constructor(
    private readonly src: string,
    private readonly fold: boolean,
  ) {}

  parse(): Node {
    const n = this.alt();
    if (this.i !== this.src.length) throw new RegexSyntaxError(`unexpected ${this.src[this.i]}`);
    return n;
  }

  private alt(): Node {
    const branches = [this.seq()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.seq());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', branches };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const s = this.src;
    let min = -1;
    let max = -1;
    const c = s[this.i];
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) throw new RegexSyntaxError('bad quantifier');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    }
    if (min < 0) return atom;
    this.i++;
    if (s[this.i] === '?') this.i++; // lazy
    // a quantified assertion (only allowed outside unicode mode) may be skipped: no requirement
    if (atom.t === 'assert' || atom.t === 'look') return min === 0 ? { t: 'assert', kind: 'none' } : atom;
    return { t: 'rep', inner: atom, min, max };
  }

  private char(c: string): Node {
    return { t: 'char', c: this.fold ? foldForMatch(c) : c };
  }

  private atom(): Node {
    const s = this.src;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      let kind: 'group' | 'la' | 'nla' | 'lb' | 'nlb' = 'group';
      if (s[this.i] === '?') {
        const rest = s.slice(this.i, this.i + 3);
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?=')) [kind, this.i] = ['la', this.i + 2];
        else if (rest.startsWith('?!')) [kind, this.i] = ['nla', this.i + 2];
        else if (rest === '?<=') [kind, this.i] = ['lb', this.i + 3];
        else if (rest === '?<!') [kind, this.i] = ['nlb', this.i + 3];
        else if (rest.startsWith('?<')) {
          const close = s.indexOf('>', this.i);
          if (close < 0) throw new RegexSyntaxError('bad group name');
          this.i = close + 1;
        } else throw new RegexSyntaxError('unknown group');
      }
      const inner = this.alt();
      if (s[this.i] !== ')') throw new RegexSyntaxError('missing )');
      this.i++;
      if (kind === 'group') return inner;
      if (kind === 'nlb' || kind === 'nla') {
        // (?<![\p{L}\p{N}…]) / (?![\p{L}\p{N}…]): the neighbour is no letter or digit.
        const set = singleSet(inner);
        if (set && set.coversLN) return { t: 'assert', kind: kind === 'nlb' ? 'lb-nw' : 'la-nw' };
        return { t: 'assert', kind: 'none' };
      }
      return { t: 'look', positive: true, behind: kind === 'lb', inner };
    }
    if (c === '[') return this.cls();
    if (c === '.') {
      this.i++;
      return { t: 'set', nw: false };
    }
    if (c === '^') {
      this.i++;
      return { t: 'assert', kind: 'lb-nw' };
    }
    if (c === '$') {
      this.i++;
      return { t: 'assert', kind: 'la-nw' };
    }
    if (c === '\\') return this.escape();
    if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']') {
      if (c === '}' || c === ']') {
        this.i++;
        return this.char(c);
      }
      throw new RegexSyntaxError(`unexpected ${c}`);
    }
    const cp = s.codePointAt(this.i)!;
    const ch = String.fromCodePoint(cp);
    this.i += ch.length;
    return this.char(ch);
  }

  /** An escape outside a class. */
  private escape(): Node {
    const e = this.escapeBody(false);
    if ('t' in e) return e;
    return e.member !== null ? this.char(e.member) : { t: 'set', nw: e.nw, digit: e.name === 'd', ws: e.name === 's' };
  }

  /** An escape inside a class: its one member (or null for a set of them), and what is known of it. */
  private classEscape(): ClassMember {
    const e = this.escapeBody(true);
    if ('t' in e) throw new RegexSyntaxError('backreference in a class');
    return e;
  }

  private escapeBody(inClass: boolean): ClassMember | Node {
    const s = this.src;
    const n = s[this.i + 1] ?? '';
    this.i += 2;
    const set = (nw: boolean, prop = ''): ClassMember => ({ member: null, nw, prop, name: n });
    const char = (ch: string): ClassMember => ({ member: ch, nw: !isLNString(ch), prop: '', name: n });
    switch (n) {
      case 'd':
      case 'w':
      case 'D':
      case 'W':
      case 'S':
        return set(false);
      case 's':
        return set(true);
      case 'b':
        return inClass ? char('\b') : { t: 'assert', kind: 'none' };
      case 'B':
        if (inClass) throw new RegexSyntaxError('\\B in a class');
        return { t: 'assert', kind: 'none' };
      case 'n':
        return char('\n');
      case 't':
        return char('\t');
      case 'r':
        return char('\r');
      case 'f':
        return char('\f');
      case 'v':
        return char('\v');
      case '0':
        return char('\0');
      case 'p':
      case 'P': {
        if (s[this.i] !== '{') throw new RegexSyntaxError('bad property');
        const close = s.indexOf('}', this.i);
        const name = s.slice(this.i + 1, close);
        this.i = close + 1;
        return set(false, n === 'p' ? name : '');
      }
      case 'x': {
        const h = s.slice(this.i, this.i + 2);
        this.i += 2;
        return char(String.fromCharCode(parseInt(h, 16)));
      }
      case 'u': {
        if (s[this.i] === '{') {
          const close = s.indexOf('}', this.i);
          const cp = parseInt(s.slice(this.i + 1, close), 16);
          this.i = close + 1;
          return char(String.fromCodePoint(cp));
        }
        const h = s.slice(this.i, this.i + 4);
        this.i += 4;
        return char(String.fromCharCode(parseInt(h, 16)));
      }
      case 'c': {
        const l = s[this.i] ?? 'A';
        this.i++;
        return char(String.fromCharCode(l.charCodeAt(0) % 32));
      }
      case 'k': {
        this.i = s.indexOf('>', this.i) + 1;
        return { t: 'backref' };
      }
      default:
        if (/[1-9]/.test(n)) {
          while (/[0-9]/.test(s[this.i] ?? '')) this.i++;
          return { t: 'backref' };
        }
        if (n === '') throw new RegexSyntaxError('trailing backslash');
        return char(n);
    }
  }

  private cls(): Node {
    const s = this.src;
    this.i++; // [
    let negated = false;
    if (s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let nw = true;
    let hasL = false;
    let hasN = false;
    let chars: string[] | null = [];
    let ranges: Array<[number, number]> | null = [];
    while (this.i < s.length && s[this.i] !== ']') {
      let member: string | null;
      let memberNw: boolean;
      if (s[this.i] === '\\') {
        const e = this.classEscape();
        member = e.member;
        memberNw = e.nw;
        if (e.prop === 'L' || e.prop === 'Letter') hasL = true;
        if (e.prop === 'N' || e.prop === 'Number') hasN = true;
      } else {
        const cp = s.codePointAt(this.i)!;
        member = String.fromCodePoint(cp);
        this.i += member.length;
        if (this.fold) member = foldForMatch(member);
        memberNw = !isLNString(member);
      }
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && member !== null) {
        // a range: member-to
        this.i++;
        let to: string;
        if (s[this.i] === '\\') {
          const e = this.classEscape();
          if (e.member === null) throw new RegexSyntaxError('bad range');
          to = e.member;
        } else {
          const cp = s.codePointAt(this.i)!;
          to = String.fromCodePoint(cp);
          this.i += to.length;
        }
        const a = member.codePointAt(0)!;
        const b = to.codePointAt(0)!;
        let allNw = true;
        if (b - a > 4096) allNw = false;
        else for (let x = a; x <= b && allNw; x++) if (LN_RE.test(String.fromCodePoint(x))) allNw = false;
        if (!allNw) nw = false;
        chars = null;
        ranges?.push([a, b]);
        continue;
      }
      if (!memberNw) nw = false;
      if (member === null) {
        chars = null;
        ranges = null;
      } else {
        chars?.push(member);
        ranges?.push([member.codePointAt(0)!, member.codePointAt(0)!]);
      }
    }
    if (s[this.i] !== ']') throw new RegexSyntaxError('missing ]');
    this.i++;
    const node: Node & { t: 'set' } = { t: 'set', nw: negated ? false : nw, coversLN: !negated && hasL && hasN };
    // a short class of plain characters ("[$€£]") is an alternation of them
    if (!negated && chars && chars.length > 0 && chars.length <= 16) node.chars = [...new Set(chars)];
    // a class of characters outside ASCII only ("[가-힣]") requires one of them (case folding aside)
    else if (!negated && !this.fold && ranges && ranges.length > 0 && ranges.length <= 4 && ranges.every(([a, b]) => a >= 0x80 && b >= a && b < 0xd800)) {
      node.ranges = ranges;
    }
    return node;
  }
}

function singleSet(n: Node): (Node & { t: 'set' }) | null {
  let x: Node = n;
  while (x.t === 'seq' && x.items.length === 1) x = x.items[0]!;
  return x.t === 'set' ? x : null;
}

const emptyMemo = new WeakMap<Node, boolean>();

function canEmpty(n: Node): boolean {
  let v = emptyMemo.get(n);
  if (v === undefined) emptyMemo.set(n, (v = canEmptyOf(n)));
  return v;
}

/**
 * A property of the first (end: last) character of every non-empty match, from what it says of a single
 * character or class; memoized per node and side. Assertions and lookarounds hold it (they match no
 * character), backreferences never.
 */
function edgeProperty(leaf: (n: Node & { t: 'char' | 'set' }) => boolean): (n: Node, end: boolean) => boolean {
  const memo = [new WeakMap<Node, boolean>(), new WeakMap<Node, boolean>()];
  const of = (n: Node, end: boolean): boolean => {
    switch (n.t) {
      case 'char':
      case 'set':
        return leaf(n);
      case 'assert':
      case 'look':
        return true;
      case 'backref':
        return false;
      case 'seq': {
        const items = end ? [...n.items].reverse() : n.items;
        for (const it of items) {
          if (!edge(it, end)) return false;
          if (!canEmpty(it)) return true;
        }
        return true;
      }
      case 'alt':
        return n.branches.every((br) => edge(br, end));
      case 'rep':
        return edge(n.inner, end);
    }
  };
  const edge = (n: Node, end: boolean): boolean => {
    const m = memo[end ? 1 : 0]!;
    let v = m.get(n);
    if (v === undefined) m.set(n, (v = of(n, end)));
    return v;
  };
  return edge;
}

/** Every non-empty match of n starts (end: ends) with a character that is no letter or digit. */
const edgeNW = edgeProperty((n) => (n.t === 'char' ? !isLNString(n.c) : n.nw));

/** Every non-empty match of n starts (end: ends) with an ASCII digit. */
const edgeDigit = edgeProperty((n) => (n.t === 'char' ? n.c >= '0' && n.c <= '9' : !!n.digit));

function canEmptyOf(n: Node): boolean {
  switch (n.t) {
    case 'char':
    case 'set':
      return false;
    case 'assert':
    case 'look':
    case 'backref':
      return true;
    case 'seq':
      return n.items.every(canEmpty);
    case 'alt':
      return n.branches.some(canEmpty);
    case 'rep':
      return n.min === 0 || canEmpty(n.inner);
  }
}

function reqWeight(r: Req): number {
  if (r.kind === 'range') return 6;
  if (r.kind === 'sym') return r.text.length >= 2 ? 6 : r.digitAfter || r.digitBefore ? 5 : 3;
  // a letter outside ASCII (Hangul, Han) says more than a Latin one
  const digits = (r.digitBefore ? 2 : 0) + (r.digitAfter ? 2 : 0);
  // (a word most technical documentation holds filters little whatever its length: "github" of
  // "github_pat_" is weaker than "pat")
  return r.text.length + (r.left ? 1 : 0) + (r.right ? 1 : 0) + digits + (/^[\x00-\x7f]*$/.test(r.text) ? 0 : 2) - (TECH_COMMON.has(r.text) ? 6 : 0);
}
/** A requirement most text satisfies. */
function weakReq(r: Req): boolean {
  if (r.kind !== 'word' || r.digitBefore || r.digitAfter || !/^[a-z0-9]+$/.test(r.text)) return false;
  if (r.left && r.right) return r.text === 'a' || r.text === 'i';
  return r.text.length <= 2;
}

export function clauseWeight(c: Req[]): number {
  let w = Infinity;
  for (const r of c) w = Math.min(w, reqWeight(r));
  return w;
}
export function reqKey(r: Req): string {
  if (r.kind === 'range') return `r:${r.lo}-${r.hi}`;
  if (r.kind === 'sym') return `s${r.digitBefore ? 'b' : ''}${r.digitAfter ? 'a' : ''}:${r.text}`;
  return `w:${r.left ? 1 : 0}${r.right ? 1 : 0}${r.digitBefore ? 'b' : ''}${r.digitAfter ? 'a' : ''}:${r.text}`;
}
export function dedupeClause(c: Req[]): Req[] {
  const seen = new Map<string, Req>();
  for (const r of c) seen.set(reqKey(r), r);
  return [...seen.values()];
}

/** Symbols worth requiring (common punctuation would not filter anything). */
function usefulSymbol(ch: string): boolean {
  return ch === '$' || /[\p{Sc}]/u.test(ch);
}

function symReq(c: string, digitBefore: boolean, digitAfter: boolean): SymReq {
  const r: SymReq = { kind: 'sym', text: c };
  if (digitBefore) r.digitBefore = true;
  if (digitAfter) r.digitAfter = true;
  return r;
}

const MAX_ALT_CLAUSES = 4;

/** What is known around a node: a non-letter/digit (or the edge) on the left / right; a digit before / after. */
interface Ctx {
  l: boolean;
  r: boolean;
  db: boolean;
  da: boolean;
}
const NO_CTX: Ctx = { l: false, r: false, db: false, da: false };

/** A required character out of a short class: one clause of single-character words or symbols. */
function wordReq(text: string, left: boolean, right: boolean, digitBefore: boolean, digitAfter: boolean): WordReq {
  const r: WordReq = { kind: 'word', text, left, right };
  if (digitBefore) r.digitBefore = true;
  if (digitAfter) r.digitAfter = true;
  return r;
}

function charsClause(chars: string[], ctx: Ctx): Clauses {
  const clause: Req[] = [];
  for (const c of chars) {
    if (isLNString(c)) clause.push(wordReq(c, ctx.l, ctx.r, ctx.db, ctx.da));
    else if (usefulSymbol(c)) clause.push(symReq(c, ctx.db, ctx.da));
    else return [];
  }
  return [clause];
}

/** Only white space (`\s?`, `\s*`): skipped when looking for a digit next to a symbol. */
function onlyWhiteSpace(n: Node): boolean {
  return n.t === 'rep' && n.min === 0 && n.inner.t === 'set' && !!n.inner.ws;
}

function collect(n: Node, ctx: Ctx): Clauses {
  switch (n.t) {
    case 'set':
      return n.chars ? charsClause(n.chars, ctx) : n.ranges ? [n.ranges.map(([lo, hi]) => ({ kind: 'range', lo, hi }) as RangeReq)] : [];
    case 'assert':
    case 'backref':
      return [];
    case 'char':
    case 'rep':
      return collectSeq([n], ctx);
    case 'look':
      // A positive lookaround's text is in the block too; what surrounds it is not known here.
      return n.positive ? collect(n.inner, NO_CTX) : [];
    case 'alt': {
      const per = n.branches.map((b) => collect(b, ctx).sort((a, b) => clauseWeight(b) - clauseWeight(a)));
      if (per.some((p) => p.length === 0)) return [];
      const k = Math.min(MAX_ALT_CLAUSES, Math.max(...per.map((p) => p.length)));
      const out: Clauses = [];
      for (let j = 0; j < k; j++) out.push(dedupeClause(per.flatMap((p) => p[Math.min(j, p.length - 1)]!)));
      return out;
    }
    case 'seq':
      return collectSeq(n.items, ctx);
  }
}

function collectSeq(items: Node[], outer: Ctx): Clauses {
  const out: Clauses = [];
  // What precedes item i: a non-letter/digit (or the text's start)?
  const leftNW = (i: number): boolean => {
    for (let j = i - 1; j >= 0; j--) {
      const it = items[j]!;
      if (it.t === 'assert') {
        if (it.kind === 'lb-nw') return true;
        continue;
      }
      if (it.t === 'look') continue;
      if (!edgeNW(it, true)) return false;
      if (!canEmpty(it)) return true;
    }
    return outer.l;
  };
  const rightNW = (i: number): boolean => {
    for (let j = i + 1; j < items.length; j++) {
      const it = items[j]!;
      if (it.t === 'assert') {
        if (it.kind === 'la-nw') return true;
        continue;
      }
      if (it.t === 'look') continue;
      if (!edgeNW(it, false)) return false;
      if (!canEmpty(it)) return true;
    }
    return outer.r;
  };
  // A digit before / after item i, past optional white space?
  const digitBefore = (i: number): boolean => {
    for (let j = i - 1; j >= 0; j--) {
      const it = items[j]!;
      if (it.t === 'assert' || it.t === 'look' || onlyWhiteSpace(it)) continue;
      if (!edgeDigit(it, true)) return false;
      if (!canEmpty(it)) return true;
    }
    return outer.db;
  };
  const digitAfter = (i: number): boolean => {
    for (let j = i + 1; j < items.length; j++) {
      const it = items[j]!;
      if (it.t === 'assert' || it.t === 'look' || onlyWhiteSpace(it)) continue;
      if (!edgeDigit(it, false)) return false;
      if (!canEmpty(it)) return true;
    }
    return outer.da;
  };
  const ctxOf = (i: number): Ctx => ({ l: leftNW(i), r: rightNW(i), db: digitBefore(i), da: digitAfter(i) });
  // Literal runs: consecutive required single characters (x, x{3}, and the first x of x+), cut into
  // words at characters that are no letters or digits.
  let word = '';
  let wordLeft = false;
  let wordDigitBefore = false;
  let wordLastItem = -1;
  let wordLastIsLast = false;
  const endWord = (right: boolean) => {
    if (word) out.push([wordReq(word, wordLeft, right, wordDigitBefore, wordLastIsLast && wordLastItem >= 0 && digitAfter(wordLastItem))]);
    word = '';
  };
  const addChar = (c: string, i: number, first: boolean, last: boolean) => {
    if (isLNString(c)) {
      if (!word) {
        wordLeft = first ? leftNW(i) : true;
        wordDigitBefore = first && digitBefore(i);
      }
      word += c;
      wordLastItem = i;
      wordLastIsLast = last;
    } else {
      endWord(true);
      if (usefulSymbol(c)) out.push([symReq(c, first && digitBefore(i), last && digitAfter(i))]);
    }
  };
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.t === 'char') {
      addChar(it.c, i, true, true);
      continue;
    }
    if (it.t === 'rep' && it.inner.t === 'char' && it.min >= 1) {
      const reps = it.min === it.max ? it.min : 1;
      for (let k = 0; k < reps; k++) addChar(it.inner.c, i, k === 0, k === reps - 1 && it.min === it.max);
      // x+: more x may follow, so the word's right edge is not known
      if (it.min !== it.max) endWord(false);
      continue;
    }
    if (it.t === 'assert' || it.t === 'look') {
      // zero-width: a run continues across it (a positive lookaround adds its own clauses)
      if (it.t === 'look') out.push(...collect(it, NO_CTX));
      continue;
    }
    // any other item ends the run
    if (word) endWord(rightNW(i - 1));
    if (it.t === 'backref') continue;
    if (it.t === 'rep') {
      if (it.min === 0) continue;
      // one repetition happens; with more, its neighbours are other repetitions
      const c = ctxOf(i);
      const single = it.max === 1;
      const inner: Ctx = {
        l: c.l && (single || edgeNW(it.inner, true)),
        r: c.r && (single || edgeNW(it.inner, false)),
        db: c.db && (single || edgeDigit(it.inner, true)),
        da: c.da && (single || edgeDigit(it.inner, false)),
      };
      out.push(...collect(it.inner, inner));
      continue;
    }
    out.push(...collect(it, ctxOf(i)));
  }
  if (word) endWord(rightNW(items.length - 1));
  return out;
}

/**
 * Requirement clauses of a regex source: every match contains, for each clause, one of its words (with
 * the edge guarantees) or symbols. `fold`: the regex is case-insensitive and runs on unfolded text; its
 * literals are folded so they can be looked up in folded text. Returns [] when nothing can be derived.
 */
export function requirementsOf(source: string, fold = false): Clauses {
  let root: Node;
  try {
    root = new Parser(source, fold).parse();
  } catch {
    return [];
  }
  const clauses = collect(root, NO_CTX)
    .map(dedupeClause)
    .filter((c) => c.length > 0)
    .sort((a, b) => clauseWeight(b) - clauseWeight(a));
  // Strongest first; identical clauses once. A weak clause (one with "a", or a letter, digit or two
  // at a word's edge or inside it: the "1" of "gpt-image-1") filters next to nothing and costs a
  // lookup hit on most words: kept only when there is nothing better.
  const seen = new Set<string>();
  const out: Clauses = [];
  for (const c of clauses) {
    const key = c.map(reqKey).sort().join('|');
    if (seen.has(key)) continue;
    if (out.length > 0 && c.some(weakReq)) continue;
    seen.add(key);
    out.push(c);
  }
  return out.slice(0, 6);
}

// ---------------------------------------------------------------------------------------------
// The index of a rule set

/** 0: no finding possible; 1: a finding reads its block and neighbours; 2: also its whole section. */
export type WantedLevel = 0 | 1 | 2;

interface Unit {
  /** Clauses as requirement ids. */
  clauses: number[][];
  /** For each clause after the first: its slot (CandidateIndex.slotsOf), filled once every id is known. */
  slots: number[];
  /** What a finding of this unit reads (see CandidateScan.level). */
  level: 1 | 2;
  /** What the unit stands for (a pattern's source), for explanations. */
  label: string;
  /** The pattern, or what else the unit stands for. */
  pattern: CompiledUnit | 'placeholder' | 'directive' | 'model-id';
  /** A frame's `also` alternative this unit stands for (a frame with several: a unit each). */
  alt?: CompiledConditions;
}

/** What a range of the text may hold: patterns that may match there, placeholders, model IDs. */
export interface RangeCandidates {
  patterns: Set<CompiledUnit>;
  placeholder: boolean;
  modelId: boolean;
}

/**
 * A trie over UTF-16 units, flat: ASCII children in a table of rows, others in a map. Node 0 is the
 * root. Only nodes with an ASCII child have a row of their own; the others share row 1, all zeros
 * (a Hangul word's nodes have no ASCII children: a row each would be most of the table).
 */
class Trie {
  /** Children by ASCII code: asc[rowOf[node] * 128 + code] (0: none). */
  asc = new Int32Array(128 * 16);
  rowOf = new Int32Array(16).fill(1);
  private rows = 2;
  private other: Array<Map<number, number> | null> = [null];
  /** Requirement id satisfied when a walk ends at this node at the word's end (a whole word), or -1. */
  whole = new Int32Array(16).fill(-1);
  /** Requirement id satisfied when a walk passes this node (a prefix; a suffix when spelled backwards). */
  part = new Int32Array(16).fill(-1);
  private count = 1;

  constructor() {
    this.rowOf[0] = 0;
  }

  child(n: number, c: number): number {
    if (c < 128) return this.asc[this.rowOf[n]! * 128 + c]!;
    return this.other[n]?.get(c) ?? 0;
  }

  insert(word: string, backwards: boolean): number {
    let n = 0;
    for (let k = 0; k < word.length; k++) {
      const c = word.charCodeAt(backwards ? word.length - 1 - k : k);
      let m = this.child(n, c);
      if (m === 0) {
        m = this.count++;
        this.grow();
        if (c < 128) {
          if (this.rowOf[n] === 1) this.rowOf[n] = this.newRow();
          this.asc[this.rowOf[n]! * 128 + c] = m;
        } else (this.other[n] ??= new Map()).set(c, m);
      }
      n = m;
    }
    return n;
  }

  private newRow(): number {
    const r = this.rows++;
    if (this.rows * 128 > this.asc.length) {
      const asc = new Int32Array(this.asc.length * 2);
      asc.set(this.asc);
      this.asc = asc;
    }
    return r;
  }

  private grow(): void {
    const n = this.count;
    this.other.push(null);
    if (n <= this.whole.length) return;
    const cap = this.whole.length * 2;
    const rowOf = new Int32Array(cap).fill(1);
    rowOf.set(this.rowOf);
    this.rowOf = rowOf;
    const whole = new Int32Array(cap).fill(-1);
    whole.set(this.whole);
    this.whole = whole;
    const part = new Int32Array(cap).fill(-1);
    part.set(this.part);
    this.part = part;
  }
}

interface CandidateIndex {
  /** Some unit has no clause: every range is wanted. */
  always: boolean;
  reqCount: number;
  /** Whole words and prefixes, spelled forwards. */
  fwd: Trie;
  /** Suffixes, spelled backwards. */
  bwd: Trie;
  /** Words that may sit anywhere inside a word, spelled forwards (walked from every offset). */
  inf: Trie;
  /** Symbols: text, id, digit before, digit after. */
  syms: Array<[string, number, boolean, boolean]>;
  /**
   * The symbols other than the placeholder brackets found in one pass: a global regex of them (null
   * where one is a prefix of another, or none), and each one's entries of `syms`.
   */
  symScan?: { re: RegExp | null; by: Map<string, Array<[string, number, boolean, boolean]>> };
  /** Character ranges: a global regex finding runs of them, and the id. */
  ranges: Array<[RegExp, number]>;
  units: Unit[];
  /** For each requirement id, the units whose first (strongest) clause contains it. */
  keyed: number[][];
  /** Requirement ids that share a trie slot with another (rare): id -> extra ids. */
  also: Map<number, number[]>;
  /** Per requirement id: needs a digit before (1), after (2), both (3). */
  digits: number[];
  /** Per requirement id: its key (reqKey), for explanations and tests. */
  keys: string[];
  /** Evaluation stamps shared by the scans of this index (CandidateScan.evaluate). */
  stamp?: Int32Array;
  unitStamp?: Int32Array;
  call: number;
  /**
   * Which later clauses each requirement id is in, as slots (one per unit and clause after the first):
   * the slots of id k are slotData[slotStart[k] .. slotStart[k + 1]).
   */
  slotStart: Int32Array;
  slotData: Int32Array;
  slotCount: number;
  slotStamp?: Int32Array;
}

const indexCache = new WeakMap<CompiledRules, CandidateIndex>();

const PLACEHOLDER_OPEN = '[[';
const PLACEHOLDER_CLOSE = ']]';
const DIRECTIVE = 'routelint-';

function buildIndex(rules: CompiledRules, skip: ReadonlySet<CompiledUnit> | null = null): CandidateIndex {
  const ids = new Map<string, number>();
  const idx: CandidateIndex = {
    always: false,
    reqCount: 0,
    fwd: new Trie(),
    bwd: new Trie(),
    inf: new Trie(),
    syms: [],
    ranges: [],
    units: [],
    keyed: [],
    also: new Map(),
    digits: [],
    keys: [],
    call: 0,
    slotStart: new Int32Array(1),
    slotData: new Int32Array(0),
    slotCount: 0,
  };
  const place = (slots: Int32Array, node: number, id: number) => {
    const have = slots[node]!;
    if (have < 0) slots[node] = id;
    else {
      const list = idx.also.get(have) ?? [];
      list.push(id);
      idx.also.set(have, list);
    }
  };
  const idOf = (r: Req): number => {
    const key = reqKey(r);
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = idx.reqCount++;
    ids.set(key, id);
    idx.digits[id] = r.kind === 'word' ? (r.digitBefore ? 1 : 0) | (r.digitAfter ? 2 : 0) : 0;
    idx.keys[id] = key;
    if (r.kind === 'sym') idx.syms.push([r.text, id, !!r.digitBefore, !!r.digitAfter]);
    else if (r.kind === 'range') idx.ranges.push([new RegExp(`[\\u{${r.lo.toString(16)}}-\\u{${r.hi.toString(16)}}]+`, 'gu'), id]);
    else if (r.left && r.right) {
      const node = idx.fwd.insert(r.text, false);
      place(idx.fwd.whole, node, id);
    } else if (r.left) {
      const node = idx.fwd.insert(r.text, false);
      place(idx.fwd.part, node, id);
    } else if (r.right) {
      const node = idx.bwd.insert(r.text, true);
      place(idx.bwd.part, node, id);
    }
    else {
      const node = idx.inf.insert(r.text, false);
      place(idx.inf.part, node, id);
    }
    return id;
  };
  const addUnit = (clauses: Clauses, level: 1 | 2, label: string, pattern: Unit['pattern'], alt?: CompiledConditions) => {
    if (clauses.length === 0) {
      idx.always = true;
      return;
    }
    idx.units.push({ clauses: clauses.map((c) => [...new Set(c.map(idOf))]), slots: [], level, label, pattern, ...(alt ? { alt } : {}) });
  };
  // The words an `also` alternative asks for inside the frame's block (its sentence, clause, the
  // words before, the gap): a clause each. `head`, `context` and `document` look outside the block.
  const altClauses = (c: CompiledConditions): Clauses => {
    const out: Clauses = [];
    for (const set of [c.sentence, c.clause, c.before, c.gap]) {
      if (!set) continue;
      const reqs = [...set].map((id) => rules.concepts.requirements[id] ?? []);
      // a concept with no requirement (found without forms: a number) may be anywhere
      if (reqs.some((r) => r.length === 0)) continue;
      out.push(dedupeClause(reqs.flat()));
    }
    return out;
  };
  // A rule whose evidence is its sentence reads no other block of the section (engine.ts, stated).
  const levelOf = (rule: CompiledRules['rules'][number]): 1 | 2 => ((rule.spec.evidenceScope ?? 'section') === 'section' ? 2 : 1);
  for (const rule of rules.rules) {
    for (const p of rule.patterns) addUnit(requirementsOf(p.re.source), levelOf(rule), `${rule.spec.id}: ${p.source}`, p);
    // A frame's clauses come from its concepts' forms (concepts.ts, formRequirement).
    for (const f of rule.frames) {
      if (skip?.has(f)) continue;
      const section = [...(f.also ?? []), ...(f.unless ?? [])].some((c) => !!c.context);
      const level = section ? 2 : levelOf(rule);
      // with `also`, a unit per alternative: the frame may match where any one of them can hold
      if (f.also && f.also.length > 0) for (const c of f.also) addUnit([...f.clauses, ...altClauses(c)], level, `${rule.spec.id}: ${f.source}`, f, c);
      else addUnit(f.clauses, level, `${rule.spec.id}: ${f.source}`, f);
    }
  }
  // Placeholders `[[name]]` (no judge), directives in comments, model IDs (the model-id rule).
  addUnit([[{ kind: 'sym', text: PLACEHOLDER_OPEN }], [{ kind: 'sym', text: PLACEHOLDER_CLOSE }]], 1, 'placeholder', 'placeholder');
  addUnit([[{ kind: 'sym', text: DIRECTIVE }]], 1, 'directive', 'directive');
  const modelRule = rules.rules.find((r) => r.spec.matcher === 'model-id');
  if (rules.modelFamilyRe) addUnit(requirementsOf(rules.modelFamilyRe.source, true), modelRule ? levelOf(modelRule) : 2, 'model-id', 'model-id');
  idx.keyed = Array.from({ length: idx.reqCount }, () => []);
  idx.units.forEach((u, ui) => {
    for (const id of u.clauses[0]!) idx.keyed[id]!.push(ui);
  });
  // the inverted index of later clauses: for each id, the slots of the clauses holding it
  const count = new Int32Array(idx.reqCount + 1);
  let slot = 0;
  for (const u of idx.units) {
    u.slots = u.clauses.slice(1).map(() => slot++);
    for (let ci = 1; ci < u.clauses.length; ci++) for (const id of u.clauses[ci]!) count[id + 1]!++;
  }
  for (let k = 0; k < idx.reqCount; k++) count[k + 1]! += count[k]!;
  const data = new Int32Array(count[idx.reqCount]!);
  const fill = count.slice(0, idx.reqCount);
  for (const u of idx.units) for (let ci = 1; ci < u.clauses.length; ci++) for (const id of u.clauses[ci]!) data[fill[id]!++] = u.slots[ci - 1]!;
  idx.slotStart = count;
  idx.slotData = data;
  idx.slotCount = slot;
  return idx;
}

const skipIndexCache = new WeakMap<CompiledRules, Map<string, CandidateIndex>>();
const unitIds = new WeakMap<CompiledUnit, number>();
let nextUnitId = 0;

/** The rule set's index, without the units of `skip` (their words are then not even looked up). */
function indexFor(rules: CompiledRules, skip: ReadonlySet<CompiledUnit> | null = null): CandidateIndex {
  if (!skip || skip.size === 0) {
    let idx = indexCache.get(rules);
    if (!idx) indexCache.set(rules, (idx = buildIndex(rules)));
    return idx;
  }
  const key = [...skip]
    .map((u) => {
      let id = unitIds.get(u);
      if (id === undefined) unitIds.set(u, (id = nextUnitId++));
      return id;
    })
    .sort((a, b) => a - b)
    .join(',');
  let m = skipIndexCache.get(rules);
  if (!m) skipIndexCache.set(rules, (m = new Map()));
  let idx = m.get(key);
  if (!idx) m.set(key, (idx = buildIndex(rules, skip)));
  return idx;
}

// ---------------------------------------------------------------------------------------------
// Character references (the ones whose meaning is known here; others force their range)

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘',
  rsquo: '’', bull: '•', middot: '·', times: '×', divide: '÷', deg: '°', plusmn: '±', para: '¶',
  sect: '§', larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', lArr: '⇐', rArr: '⇒', hArr: '⇔',
  check: '✓', cross: '✗', star: '☆', hearts: '♥', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  zwj: '\u200d', zwnj: '\u200c', shy: '\u00ad', lrm: '\u200e', rlm: '\u200f', dagger: '†', Dagger: '‡',
  prime: '′', Prime: '″', frasl: '⁄', sdot: '⋅', le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞',
  minus: '−', ast: '*', lowbar: '_', tilde: '˜', num: '#', excl: '!', quest: '?', comma: ',',
  period: '.', colon: ':', semi: ';', sol: '/', bsol: '\\', verbar: '|', vert: '|', lpar: '(',
  rpar: ')', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', percnt: '%', equals: '=', plus: '+',
  Hat: '^', grave: '`', commat: '@', iexcl: '¡', iquest: '¿', ordf: 'ª', ordm: 'º', sup1: '¹',
  sup2: '²', sup3: '³', frac12: '½', frac14: '¼', frac34: '¾', micro: 'µ', not: '¬', brvbar: '¦',
  uml: '¨', macr: '¯', acute: '´', cedil: '¸', curren: '¤', cent: '¢', pound: '£', yen: '¥',
  euro: '€', dollar: '$', lsqb: '[', lbrack: '[', rsqb: ']', rbrack: ']',
};
const ACCENTS = /^([A-Za-z])(acute|grave|circ|tilde|uml|ring|cedil|caron)$/;
const ACCENT_MARK: Record<string, string> = {
  acute: '\u0301', grave: '\u0300', circ: '\u0302', tilde: '\u0303', uml: '\u0308', ring: '\u030a', cedil: '\u0327', caron: '\u030c',
};

/**
 * The decoded text of a character reference source[i..semi], or undefined when its name is unknown
 * here (it may still be one the Markdown parser knows), or null when it is no reference at all.
 */
function decodeReference(s: string, i: number, end: number): { text: string | undefined; end: number } | null {
  // &#123; &#x1F; &name;
  let j = i + 1;
  if (j >= end) return null;
  if (s.charCodeAt(j) === 35) {
    j++;
    const hex = s.charCodeAt(j) === 120 || s.charCodeAt(j) === 88;
    if (hex) j++;
    const d0 = j;
    const max = hex ? 6 : 7;
    while (j < end && j - d0 < max && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(s[j]!)) j++;
    if (j === d0 || s.charCodeAt(j) !== 59) return null;
    const cp = parseInt(s.slice(d0, j), hex ? 16 : 10);
    const text = !Number.isFinite(cp) || cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(cp);
    return { text, end: j + 1 };
  }
  const d0 = j;
  while (j < end && j - d0 < 32 && /[A-Za-z0-9]/.test(s[j]!)) j++;
  if (j === d0 || s.charCodeAt(j) !== 59 || !/[A-Za-z]/.test(s[d0]!)) return null;
  const name = s.slice(d0, j);
  let text: string | undefined = NAMED[name];
  if (text === undefined) {
    const m = ACCENTS.exec(name);
    if (m) text = (m[1]! + ACCENT_MARK[m[2]!]!).normalize('NFC');
  }
  return { text, end: j + 1 };
}

// ---------------------------------------------------------------------------------------------
// The scan of one document

const JOINERS = new Set([42, 95, 126, 91, 93]); // * _ ~ [ ]

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Pieces of one joined word looked at together (a word split by more markup is not expected). */
const MAX_PIECES = 16;

export class CandidateScan {
  private readonly idx: CandidateIndex;
  /** Hit positions (sorted) and their requirement ids. */
  private pos = new Int32Array(64);
  private req = new Int32Array(64);
  private n = 0;
  /** Source ranges scanned so far: sorted, disjoint. */
  private readonly covered: Array<[number, number]> = [];
  /** Ranges wanted whatever their words: unknown references, text NFC would change. Sorted by start. */
  private forced: Array<[number, number]> = [];
  private readonly stamp: Int32Array;
  /** The evaluation call that last checked each unit. */
  private readonly unitStamp: Int32Array;
  private readonly present: number[] = [];
  /** The document is NFC already (null: not known yet). */
  private nfc: boolean | null = null;
  /** Hits of the range being scanned: (position, id) pairs. */
  private freshPos = new Int32Array(256);
  private freshReq = new Int32Array(256);
  private freshN = 0;

  /**
   * `skip`: units that cannot match in this document whatever its words (frames whose `document`
   * conditions the document's head does not meet): left out of every answer.
   */
  constructor(
    private readonly text: string,
    private readonly folded: string,
    rules: CompiledRules,
    private readonly skip: (() => ReadonlySet<CompiledUnit> | null) | null = null,
    /** The concepts of `document` conditions the document's head holds (asked only when needed). */
    private readonly docConcepts: (() => ReadonlySet<number>) | null = null,
  ) {
    this.idx = indexFor(rules);
    // (the stamps are the index's, shared by the scans of one thread: a call number is never reused)
    this.stamp = (this.idx.stamp ??= new Int32Array(this.idx.reqCount));
    this.unitStamp = (this.idx.unitStamp ??= new Int32Array(this.idx.units.length));
  }

  private docSet: ReadonlySet<number> | null = null;
  /** Does the document's head hold one of these concepts? */
  private docHas(set: ReadonlySet<number>): boolean {
    const doc = (this.docSet ??= this.docConcepts!());
    for (const id of set) if (doc.has(id)) return true;
    return false;
  }

  private skipSet: ReadonlySet<CompiledUnit> | null = null;
  /** The units left out, asked only when a frame is about to be reported (the document's head is read then). */
  private skipped(): ReadonlySet<CompiledUnit> {
    return (this.skipSet ??= this.skip?.() ?? new Set());
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  /** Why [start, end) is wanted: the labels of the units whose clauses its words satisfy (for tests). */
  explain(start: number, end: number): string[] {
    const out: string[] = [];
    this.evaluate(start, end, (u) => out.push(u.label));
    return out;
  }

  /** Could prose whose source lies entirely inside [start, end) produce a finding? */
  wanted(start: number, end: number): boolean {
    return this.level(start, end) > 0;
  }

  /**
   * What a finding from prose inside [start, end) may read: 0 nothing (no finding possible), 1 its
   * block and the block's neighbours, headings and dates only, 2 also every block of its section
   * (section evidence).
   */
  level(start: number, end: number): WantedLevel {
    return this.evaluate(start, end);
  }

  /** The patterns that may match in [start, end), and whether a placeholder or model ID may be there. null: anything may. */
  candidatesIn(start: number, end: number): RangeCandidates | null {
    if (this.idx.always) return null;
    const out: RangeCandidates = { patterns: new Set(), placeholder: false, modelId: false };
    this.evaluate(start, end, (u) => {
      if (u.pattern === 'placeholder') out.placeholder = true;
      else if (u.pattern === 'model-id') out.modelId = true;
      else if (u.pattern !== 'directive') out.patterns.add(u.pattern);
    });
    return out;
  }

  /** The level of [start, end); with a sink, every unit whose clauses are satisfied is reported. */
  private evaluate(start: number, end: number, sink?: (u: Unit) => void): WantedLevel {
    const idx = this.idx;
    if (idx.always) return 2;
    if (end <= start) return 0;
    this.ensure(start, end);
    // forced ranges: the first one starting at or after start, and those before that reach into it
    const forced = this.forced;
    if (forced.length > 0) {
      let lo = 0;
      let hi = forced.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (forced[mid]![0] < start) lo = mid + 1;
        else hi = mid;
      }
      let hit = lo < forced.length && forced[lo]![0] < end;
      for (let k = lo - 1; !hit && k >= 0 && k >= lo - 64; k--) if (forced[k]![1] > start) hit = true;
      if (hit) {
        if (sink) for (const u of idx.units) sink(u);
        return 2;
      }
    }
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pos[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.n || this.pos[lo]! >= end) return 0;
    const call = ++this.idx.call;
    const stamp = this.stamp;
    // the distinct requirements met in the range
    const present = this.present;
    present.length = 0;
    let last = lo;
    while (last < this.n && this.pos[last]! < end) {
      const id = this.req[last]!;
      if (stamp[id] !== call) {
        stamp[id] = call;
        present.push(id);
      }
      last++;
    }
    // the later clauses the met requirements satisfy
    const slotStamp = (idx.slotStamp ??= new Int32Array(idx.slotCount));
    const { slotStart, slotData } = idx;
    for (const id of present) for (let k = slotStart[id]!, e = slotStart[id + 1]!; k < e; k++) slotStamp[slotData[k]!] = call;
    const checked = this.unitStamp;
    let level: WantedLevel = 0;
    for (const rid of present) {
      for (const ui of idx.keyed[rid]!) {
        const u = idx.units[ui]!;
        // each unit once per range
        if (checked[ui] === call) continue;
        checked[ui] = call;
        if (!sink && u.level <= level) continue;
        // each later clause: one of its requirements met
        let ok = true;
        for (const slot of u.slots) {
          if (slotStamp[slot] !== call) {
            ok = false;
            break;
          }
        }
        // an alternative whose document condition the document's head does not meet (asked of the
        // head's concepts where the caller gives them, else of the frames it says are left out)
        if (ok && u.alt?.document) {
          if (this.docConcepts) ok = this.docHas(u.alt.document);
          else if (this.skip && this.skipped().has(u.pattern as CompiledUnit)) ok = false;
        }
        if (ok) {
          sink?.(u);
          if (u.level > level) level = u.level;
          if (level === 2 && !sink) return 2;
        }
      }
    }
    return level;
  }

  /** Scan the parts of [start, end) not scanned yet. */
  private ensure(start: number, end: number): void {
    const cov = this.covered;
    const last = cov[cov.length - 1];
    if (!last || start >= last[1]) {
      // the usual case: ranges come in document order
      this.scanRange(start, end);
      this.addFresh();
      if (last && start === last[1]) last[1] = end;
      else cov.push([start, end]);
      return;
    }
    // index of the first covered range ending after start
    let lo = 0;
    let hi = cov.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cov[mid]![1] <= start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < cov.length && cov[lo]![0] <= start && cov[lo]![1] >= end) return;
    let x = start;
    let k = lo;
    for (; k < cov.length && cov[k]![0] < end; k++) {
      if (cov[k]![0] > x) this.scanRange(x, cov[k]![0]);
      x = Math.max(x, cov[k]![1]);
    }
    if (x < end) this.scanRange(x, end);
    this.addFresh();
    // replace the covered ranges lo..k-1 by their union with [start, end)
    const a = Math.min(start, lo < k ? cov[lo]![0] : start);
    const b = Math.max(end, lo < k ? cov[k - 1]![1] : end);
    cov.splice(lo, k - lo, [a, b]);
    // merge with touching neighbours
    if (lo > 0 && cov[lo - 1]![1] === cov[lo]![0]) {
      cov[lo - 1]![1] = cov[lo]![1];
      cov.splice(lo, 1);
    }
  }

  /** Add the hits of the ranges just scanned to the sorted hit list. */
  private addFresh(): void {
    const m = this.freshN;
    if (m === 0) return;
    this.freshN = 0;
    const fp = this.freshPos;
    const fr = this.freshReq;
    // sort the fresh hits by position: words come in order, each symbol's hits too (sorted runs)
    let sorted = true;
    for (let k = 1; k < m && sorted; k++) if (fp[k]! < fp[k - 1]!) sorted = false;
    if (!sorted && m >= 4194304) {
      const order = Array.from({ length: m }, (_, k) => k).sort((x, y) => fp[x]! - fp[y]! || x - y);
      const p2 = Int32Array.from(order, (k) => fp[k]!);
      const r2 = Int32Array.from(order, (k) => fr[k]!);
      fp.set(p2);
      fr.set(r2);
    } else if (!sorted) {
      // (a stable sort by position, natively: position and arrival packed in one float, exact below 2^53)
      const keys = new Float64Array(m);
      for (let k = 0; k < m; k++) keys[k] = fp[k]! * 4194304 + k;
      keys.sort();
      const r2 = new Int32Array(m);
      for (let k = 0; k < m; k++) {
        const from = keys[k]! % 4194304;
        r2[k] = fr[from]!;
        fp[k] = (keys[k]! - from) / 4194304;
      }
      fr.set(r2);
    }
    const total = this.n + m;
    if (total > this.pos.length) {
      let cap = Math.max(256, this.pos.length * 2);
      while (cap < total) cap *= 2;
      const pos = new Int32Array(cap);
      pos.set(this.pos.subarray(0, this.n));
      const req = new Int32Array(cap);
      req.set(this.req.subarray(0, this.n));
      this.pos = pos;
      this.req = req;
    }
    const pos = this.pos;
    const req = this.req;
    if (this.n === 0 || fp[0]! >= pos[this.n - 1]!) {
      for (let k = 0; k < m; k++) {
        pos[this.n + k] = fp[k]!;
        req[this.n + k] = fr[k]!;
      }
      this.n = total;
      return;
    }
    // merge from the back
    let i = this.n - 1;
    let j = m - 1;
    for (let k = total - 1; k >= 0; k--) {
      if (j < 0 || (i >= 0 && pos[i]! > fp[j]!)) {
        pos[k] = pos[i]!;
        req[k] = req[i--]!;
      } else {
        pos[k] = fp[j]!;
        req[k] = fr[j--]!;
      }
    }
    this.n = total;
  }

  // -------------------------------------------------------------------------------------------
  // Scanning one range

  private scanRange(a: number, b: number): void {
    if (this.idx.always) return;
    const f = this.folded;
    const forced = this.forced.length;
    this.scanWords(f, a, b);
    this.scanSymbols(f, a, b);
    // only text at or above U+0300 can change under NFC
    this.nfc ??= !/[\u0300-\uffff]/.test(this.text) || this.text.normalize('NFC') === this.text;
    if (!this.nfc) this.scanNfc(a, b);
    if (this.forced.length > forced && forced > 0 && this.forced[forced]![0] < this.forced[forced - 1]![0]) {
      this.forced.sort((p, q) => p[0] - q[0]);
    }
  }

  private hit(at: number, id: number): void {
    if (this.freshN === this.freshPos.length) {
      const p = new Int32Array(this.freshN * 2);
      p.set(this.freshPos);
      const r = new Int32Array(this.freshN * 2);
      r.set(this.freshReq);
      this.freshPos = p;
      this.freshReq = r;
    }
    this.freshPos[this.freshN] = at;
    this.freshReq[this.freshN++] = id;
  }

  /**
   * A word requirement (and those sharing its trie slot) found at s[ms, me), inside the token s[a, b).
   * When `s` is the folded source (`exact`), requirements for a digit next to the word are checked
   * there; in a joined word they are taken as met.
   */
  private wordHit(id: number, at: number, s: string, ms: number, me: number, a: number, b: number, exact: boolean): void {
    this.wordHit1(id, at, s, ms, me, a, b, exact);
    const more = this.idx.also.get(id);
    if (more) for (const x of more) this.wordHit1(x, at, s, ms, me, a, b, exact);
  }

  private wordHit1(id: number, at: number, s: string, ms: number, me: number, a: number, b: number, exact: boolean): void {
    const d = this.idx.digits[id]!;
    if (d !== 0 && exact) {
      if (d & 1 && !(ms > a ? isDigit(s.charCodeAt(ms - 1)) : this.digitBefore(s, ms))) return;
      if (d & 2 && !(me < b ? isDigit(s.charCodeAt(me)) : this.digitAfter(s, me))) return;
    }
    this.hit(at, id);
  }

  /** Look up the token s[a, b) (both edges may be word edges in a block): whole word, prefixes, suffixes, inside. */
  private lookup(s: string, a: number, b: number, at: number, exact: boolean): void {
    const fwd = this.idx.fwd;
    const fa = fwd.asc;
    const fr = fwd.rowOf;
    let n = 0;
    for (let k = a; k < b; k++) {
      const c = s.charCodeAt(k);
      n = c < 128 ? fa[fr[n]! * 128 + c]! : fwd.child(n, c);
      if (n === 0) break;
      const p = fwd.part[n]!;
      if (p >= 0) this.wordHit(p, at, s, a, k + 1, a, b, exact);
    }
    if (n !== 0) {
      const w = fwd.whole[n]!;
      if (w >= 0) this.wordHit(w, at, s, a, b, a, b, exact);
    }
    const bwd = this.idx.bwd;
    const ba = bwd.asc;
    const br = bwd.rowOf;
    n = 0;
    for (let k = b - 1; k >= a; k--) {
      const c = s.charCodeAt(k);
      n = c < 128 ? ba[br[n]! * 128 + c]! : bwd.child(n, c);
      if (n === 0) break;
      const p = bwd.part[n]!;
      if (p >= 0) this.wordHit(p, at, s, k, b, a, b, exact);
    }
    const inf = this.idx.inf;
    const ia = inf.asc;
    const ir = inf.rowOf;
    for (let k = a; k < b; k++) {
      let c = s.charCodeAt(k);
      n = c < 128 ? ia[c]! : inf.child(0, c);
      for (let j = k + 1; n !== 0; j++) {
        const p = inf.part[n]!;
        if (p >= 0) this.wordHit(p, at, s, k, j, a, b, exact);
        if (j >= b) break;
        c = s.charCodeAt(j);
        n = c < 128 ? ia[ir[n]! * 128 + c]! : inf.child(n, c);
      }
    }
  }

  /** Width of the letter or digit at i (1, 2 for a surrogate pair), 0 if none. */
  private lnWidth(f: string, i: number): number {
    const c = f.charCodeAt(i);
    if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : 0;
    return lnAt(f, i);
  }

  /** A known character reference at i that spells letters or digits: its folded text and end. */
  private letterReference(f: string, i: number): { text: string; end: number } | null {
    const r = decodeReference(f, i, Math.min(f.length, i + 40));
    if (!r || r.text === undefined) return null;
    const t = foldForMatch(r.text);
    if (t.length === 0) return null;
    for (let k = 0; k < t.length; ) {
      const w = lnAt(t, k);
      if (w === 0) return null;
      k += w;
    }
    return { text: t, end: r.end };
  }

  /** End of the joiner starting at j: one char, or `](destination)` / `][label]` after a link text. */
  private joinerEnd(f: string, j: number): number {
    const c = f.charCodeAt(j);
    if (c === 93 /* ] */ && j + 1 < f.length) {
      const n = f.charCodeAt(j + 1);
      if (n === 40 /* ( */) {
        let depth = 0;
        for (let k = j + 1; k < f.length && k < j + 2048; k++) {
          const x = f.charCodeAt(k);
          if (x === 32 || x === 10 || x === 9 || x === 13) break;
          if (x === 40) depth++;
          else if (x === 41 && --depth === 0) return k + 1;
        }
      } else if (n === 91 /* [ */) {
        for (let k = j + 2; k < f.length && k < j + 1000; k++) {
          const x = f.charCodeAt(k);
          if (x === 10) break;
          if (x === 93) return k + 1;
        }
      }
    }
    return j + 1;
  }

  /** Markup that may sit inside a word, or a combining mark (NFC may fold it into the letter before). */
  private isJoiner(c: number): boolean {
    return JOINERS.has(c) || (c >= 0x300 && c < 0xd800 && classOf(c) === MARK);
  }

  /** After the joiners starting at i, does a letter, digit or letter reference follow? Returns where, or -1. */
  private continuesAt(f: string, i: number): number {
    let b = i;
    while (b < f.length && this.isJoiner(f.charCodeAt(b))) b = this.joinerEnd(f, b);
    if (b >= f.length) return -1;
    if (this.lnWidth(f, b) > 0) return b;
    if (f.charCodeAt(b) === 38 && this.letterReference(f, b)) return b;
    return -1;
  }

  private scanWords(f: string, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const c = f.charCodeAt(i);
      let w = c < 128 ? ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : 0) : lnAt(f, i);
      if (w === 0) {
        if (c === 38 /* & */) {
          const r = decodeReference(f, i, Math.min(f.length, i + 40));
          if (r && r.text === undefined) this.forced.push([i, r.end]);
          else if (r && this.letterReference(f, i)) {
            i = this.slowWord(f, i);
            continue;
          }
        }
        i++;
        continue;
      }
      const s = i;
      let wide = c >= 128;
      i += w;
      while (i < to) {
        const d = f.charCodeAt(i);
        if (d < 128) w = (d >= 97 && d <= 122) || (d >= 48 && d <= 57) ? 1 : 0;
        else {
          w = lnAt(f, i);
          wide = true;
        }
        if (w === 0) break;
        i += w;
      }
      const after = i < f.length ? f.charCodeAt(i) : 32;
      if ((after === 38 || after === 42 || after === 95 || after === 126 || after === 91 || after === 93 || (after >= 0x300 && after < 0xd800 && classOf(after) === MARK)) && this.continuesAt(f, i) >= 0) {
        i = this.slowWord(f, s);
        continue;
      }
      this.lookup(f, s, i, s, true);
      if (wide && mixedScripts(f, s, i)) this.lookupPieces(f, s, i, true, s);
    }
  }

  /**
   * A word that mixes scripts (`api키`, `무료api`): each run of one script class is also looked up as
   * a word of its own, since concept forms end where the script changes (concepts.ts).
   */
  private lookupPieces(f: string, a: number, b: number, exact: boolean, at: number): void {
    let k = a;
    while (k < b) {
      const c = scriptClass(f.charCodeAt(k));
      let j = k + 1;
      while (j < b && scriptClass(f.charCodeAt(j)) === c) j++;
      if (c !== 0 && (k > a || j < b)) this.lookup(f, k, j, exact ? k : at, exact);
      k = j;
    }
  }

  /**
   * The slow path: a word with markup or character references inside, starting at `from`. Splits it
   * into pieces at joiners (decoding references), and looks up every concatenation of consecutive
   * pieces that starts with the first. Returns where scanning resumes: after the first piece, so the
   * text inside joiners (a destination that was no destination after all) is scanned as well.
   */
  private slowWord(f: string, from: number): number {
    const len = f.length;
    const pieces: string[] = [];
    let cur = '';
    let firstEnd = -1;
    let i = from;
    while (i < len && pieces.length < MAX_PIECES) {
      const w = this.lnWidth(f, i);
      if (w > 0) {
        cur += f.slice(i, i + w);
        i += w;
        continue;
      }
      const c = f.charCodeAt(i);
      if (c === 38) {
        const r = this.letterReference(f, i);
        if (r) {
          cur += r.text;
          i = r.end;
          continue;
        }
        break;
      }
      if (this.isJoiner(c) && cur) {
        const next = this.continuesAt(f, i);
        if (next < 0) break;
        pieces.push(cur);
        if (firstEnd < 0) firstEnd = i;
        cur = '';
        i = next;
        continue;
      }
      break;
    }
    if (cur) pieces.push(cur);
    if (firstEnd < 0) firstEnd = i;
    let t = '';
    for (const piece of pieces) {
      t += piece;
      this.lookup(t, 0, t.length, from, false);
      if (mixedScripts(t, 0, t.length)) this.lookupPieces(t, 0, t.length, false, from);
    }
    return Math.max(firstEnd, from + 1);
  }

  private scanSymbols(f: string, from: number, to: number): void {
    // search a slice so that a search never runs past the range
    const part = f.slice(from, to);
    for (const [re, id] of this.idx.ranges) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(part)) !== null) this.hit(from + m.index, id);
    }
    const amp = part.indexOf('&') >= 0;
    const scan = (this.idx.symScan ??= symbolScan(this.idx.syms));
    for (const [sym, id] of this.idx.syms) if (sym === PLACEHOLDER_OPEN || sym === PLACEHOLDER_CLOSE) this.scanBrackets(f, part, from, sym[0]!, id, amp);
    const found = (sym: string, at: number, end: number): void => {
      for (const [, id, before, after] of scan.by.get(sym) ?? []) if ((!before || this.digitBefore(f, at)) && (!after || this.digitAfter(f, end))) this.hit(at, id);
    };
    if (scan.re) {
      const re = scan.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(part)) !== null) found(m[0], from + m.index, from + m.index + m[0].length);
    } else {
      for (const sym of scan.by.keys()) for (let k = part.indexOf(sym); k >= 0; k = part.indexOf(sym, k + 1)) found(sym, from + k, from + k + sym.length);
    }
    // a reference that spells a symbol (`&dollar;`, `&#36;`)
    if (amp) {
      for (let r = part.indexOf('&'); r >= 0; r = part.indexOf('&', r + 1)) {
        const at = from + r;
        const d = decodeReference(f, at, Math.min(f.length, at + 40));
        if (d?.text !== undefined && d.text.length === 1 && scan.by.has(d.text)) found(d.text, at, d.end);
      }
    }
  }

  /** Skipped between a symbol and its digit: white space, emphasis markers, backslashes, quote markers. */
  private static skippable(f: string, i: number): boolean {
    const c = f.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 42 || c === 95 || c === 126 || c === 92 || c === 62) return true;
    return c > 127 && /\s/.test(f[i]!);
  }

  /** A digit at i, past what is skippable (or a character reference there: it may spell one). */
  private digitAfter(f: string, i: number): boolean {
    while (i < f.length && CandidateScan.skippable(f, i)) i++;
    if (i >= f.length) return false;
    const c = f.charCodeAt(i);
    // a reference may spell a digit; a link text `[5](…)` may start with one
    return (c >= 48 && c <= 57) || c === 38 || c === 91;
  }

  /** A digit before i, past what is skippable (or the end of a character reference). */
  private digitBefore(f: string, i: number): boolean {
    i--;
    while (i >= 0 && CandidateScan.skippable(f, i)) i--;
    if (i < 0) return false;
    const c = f.charCodeAt(i);
    // a reference may spell a digit; a link `[5](…)` / `[5][x]` may end with one
    return (c >= 48 && c <= 57) || c === 59 || c === 41 || c === 93;
  }

  /**
   * `[[` / `]]` and what a block can turn into them: brackets with emphasis markers or backslashes
   * between them (`[*[*`, `\\[[`), and references that spell a bracket (`&#91;`).
   */
  private scanBrackets(f: string, part: string, from: number, c: string, id: number, amp: boolean): void {
    const ch = c.charCodeAt(0);
    for (let k = part.indexOf(c); k >= 0; k = part.indexOf(c, k + 1)) {
      let j = from + k + 1;
      while (j < f.length) {
        const x = f.charCodeAt(j);
        if (x === 42 || x === 95 || x === 126 || x === 92) j++;
        else break;
      }
      if (f.charCodeAt(j) === ch || f.charCodeAt(j) === 38) this.hit(from + k, id);
    }
    if (!amp) return;
    for (let r = part.indexOf('&'); r >= 0; r = part.indexOf('&', r + 1)) {
      if (decodeReference(f, from + r, Math.min(f.length, from + r + 40))?.text === c) this.hit(from + r, id);
    }
  }

  /**
   * Text that NFC changes (decomposed accents, Hangul jamo, compatibility characters): a block's
   * text is NFC, so each such run of letters, digits and marks is also looked up normalized.
   */
  private scanNfc(a: number, b: number): void {
    const text = this.text;
    const part = text.slice(a, b);
    if (part.normalize('NFC') === part) return;
    const runs = /[\p{L}\p{N}\p{M}]+/gu;
    runs.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = runs.exec(part)) !== null) {
      const run = m[0];
      const nfc = run.normalize('NFC');
      if (nfc === run) continue;
      const at = a + m.index;
      const t = foldForMatch(nfc);
      for (const [re, id] of this.idx.ranges) {
        re.lastIndex = 0;
        if (re.test(t)) this.hit(at, id);
      }
      // every word of the normalized run, and the run without its marks
      for (const w of t.split(/[^\p{L}\p{N}]+/u)) {
        if (!w) continue;
        this.lookup(w, 0, w.length, at, false);
        if (mixedScripts(w, 0, w.length)) this.lookupPieces(w, 0, w.length, false, at);
      }
      const bare = t.replace(/\p{M}+/gu, '');
      if (bare) this.lookup(bare, 0, bare.length, at, false);
    }
  }
}

/** symScan of an index: one regex for the symbols (placeholder brackets aside), and their entries. */
function symbolScan(syms: CandidateIndex['syms']): NonNullable<CandidateIndex['symScan']> {
  const by = new Map<string, Array<[string, number, boolean, boolean]>>();
  for (const e of syms) {
    if (e[0] === PLACEHOLDER_OPEN || e[0] === PLACEHOLDER_CLOSE) continue;
    let list = by.get(e[0]);
    if (!list) by.set(e[0], (list = []));
    list.push(e);
  }
  const texts = [...by.keys()];
  const prefix = texts.some((a) => texts.some((b) => a !== b && b.startsWith(a)));
  const re = texts.length && !prefix ? new RegExp(texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;
  return { re, by };
}
