// Candidate ranges: which parts of a document could produce a finding, decided on the raw text before
// any parsing. The fast path parses (and judges) only those parts; `test/differential.test.ts` checks
// it against a full parse.
//
// Every phrase pattern is reduced to a conjunction of clauses, each a disjunction of required words
// (`requirementsOf`), e.g. `never (?:gets? |be )?(?:blocked|banned)` needs the whole word "never" and
// one of the whole words "blocked", "banned". A word requirement knows whether the pattern guarantees
// a non-letter, non-digit character (or the text's edge) on its left and right, so "sin" (Spanish)
// is looked up as a whole word and not inside "using".
//
// The scan tokenizes the folded source text into words (runs of \p{L}\p{N}). A prose block's word is
// the source word, except where inline markup sits inside a word (`fr**ee**`, `_x_`, `[fr](u)ee`) or a
// character reference spells part of it (`fr&#101;e`): for those, every concatenation of the word's
// pieces is looked up as well. A character reference whose meaning is not known here, and text that NFC
// normalization would change, force their range to be wanted. `wanted(start, end)` is then true when
// some pattern has every clause satisfied by words inside [start, end): a superset of the ranges where
// a block can match a pattern (a block's text comes from source characters inside its own range).

import type { CompiledRules } from './compile.js';
import { foldForMatch } from './prose.js';

// ---------------------------------------------------------------------------------------------
// Letters and digits

let LN_TABLE: Uint8Array | null = null;
const LN_RE = /[\p{L}\p{N}]/u;

function lnTable(): Uint8Array {
  if (LN_TABLE) return LN_TABLE;
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (LN_RE.test(String.fromCharCode(c))) t[c] = 1;
  }
  LN_TABLE = t;
  return t;
}

/** Is the UTF-16 unit at i (with its pair) a letter or digit? Returns the unit count (1, 2) or 0. */
function lnAt(s: string, i: number, table: Uint8Array): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return table[c]!;
  if (c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return LN_RE.test(s.slice(i, i + 2)) ? 2 : 0;
  }
  return 0;
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
}
/** A symbol a match needs ("$", "€"); `digit`: followed by a digit (past white space and markup). */
export interface SymReq {
  kind: 'sym';
  text: string;
  digit?: boolean;
}
export type Req = WordReq | SymReq;
/** Clauses: every one must be satisfied; a clause is satisfied by any one of its requirements. */
export type Clauses = Req[][];

type Node =
  | { t: 'char'; c: string }
  | { t: 'set'; nw: boolean; chars?: string[]; digit?: boolean }
  | { t: 'assert'; kind: 'lb-nw' | 'la-nw' | 'none' }
  | { t: 'look'; positive: boolean; behind: boolean; inner: Node }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'rep'; inner: Node; min: number; max: number }
  | { t: 'backref' };

class RegexSyntaxError extends Error {}

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
    if (c === '\\') return this.escape(false) as Node;
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

  /** An escape outside (inClass false) or inside a class. Returns a node, or for a class member its info. */
  private escape(inClass: boolean): Node | { member: string | null; nw: boolean; coversLN: boolean } {
    const s = this.src;
    const n = s[this.i + 1] ?? '';
    this.i += 2;
    const setOf = (nw: boolean, coversLN = false) => (inClass ? { member: null, nw, coversLN } : ({ t: 'set', nw, digit: n === 'd' } as Node));
    const charOf = (ch: string) => (inClass ? { member: ch, nw: !isLNString(ch), coversLN: false } : this.char(ch));
    switch (n) {
      case 'd':
      case 'w':
      case 'D':
      case 'W':
      case 'S':
        return setOf(false);
      case 's':
        return setOf(true);
      case 'b':
        if (inClass) return charOf('\b');
        return { t: 'assert', kind: 'none' };
      case 'B':
        return { t: 'assert', kind: 'none' };
      case 'n':
        return charOf('\n');
      case 't':
        return charOf('\t');
      case 'r':
        return charOf('\r');
      case 'f':
        return charOf('\f');
      case 'v':
        return charOf('\v');
      case '0':
        return charOf('\0');
      case 'p':
      case 'P': {
        if (s[this.i] !== '{') throw new RegexSyntaxError('bad property');
        const close = s.indexOf('}', this.i);
        const name = s.slice(this.i + 1, close);
        this.i = close + 1;
        if (inClass) return { member: null, nw: false, coversLN: false, prop: n === 'p' ? name : '' } as never;
        return setOf(false);
      }
      case 'x': {
        const h = s.slice(this.i, this.i + 2);
        this.i += 2;
        return charOf(String.fromCharCode(parseInt(h, 16)));
      }
      case 'u': {
        if (s[this.i] === '{') {
          const close = s.indexOf('}', this.i);
          const cp = parseInt(s.slice(this.i + 1, close), 16);
          this.i = close + 1;
          return charOf(String.fromCodePoint(cp));
        }
        const h = s.slice(this.i, this.i + 4);
        this.i += 4;
        return charOf(String.fromCharCode(parseInt(h, 16)));
      }
      case 'c': {
        const l = s[this.i] ?? 'A';
        this.i++;
        return charOf(String.fromCharCode(l.charCodeAt(0) % 32));
      }
      case 'k': {
        const close = s.indexOf('>', this.i);
        this.i = close + 1;
        if (inClass) throw new RegexSyntaxError('backref in class');
        return { t: 'backref' };
      }
      default:
        if (/[1-9]/.test(n)) {
          while (/[0-9]/.test(s[this.i] ?? '')) this.i++;
          if (inClass) throw new RegexSyntaxError('backref in class');
          return { t: 'backref' };
        }
        if (n === '') throw new RegexSyntaxError('trailing backslash');
        return charOf(n);
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
    while (this.i < s.length && s[this.i] !== ']') {
      let member: string | null;
      let memberNw: boolean;
      if (s[this.i] === '\\') {
        const e = this.escape(true) as { member: string | null; nw: boolean; coversLN: boolean; prop?: string };
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
          const e = this.escape(true) as { member: string | null };
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
        continue;
      }
      if (!memberNw) nw = false;
      if (member === null) chars = null;
      else chars?.push(member);
    }
    if (s[this.i] !== ']') throw new RegexSyntaxError('missing ]');
    this.i++;
    const node = { t: 'set', nw: negated ? false : nw } as Node & { coversLN?: boolean; chars?: string[] };
    node.coversLN = !negated && hasL && hasN;
    // a short class of plain characters ("[$€£]") is an alternation of them
    if (!negated && chars && chars.length > 0 && chars.length <= 16) node.chars = [...new Set(chars)];
    return node;
  }
}

function singleSet(n: Node): { coversLN: boolean } | null {
  let x: Node = n;
  while (x.t === 'seq' && x.items.length === 1) x = x.items[0]!;
  if (x.t === 'set') return { coversLN: !!(x as { coversLN?: boolean }).coversLN };
  return null;
}

function canEmpty(n: Node): boolean {
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

/** Every non-empty match of n starts (end: ends) with a character that is no letter or digit. */
function edgeNW(n: Node, end: boolean): boolean {
  switch (n.t) {
    case 'char':
      return !isLNString(n.c);
    case 'set':
      return n.nw;
    case 'assert':
    case 'look':
      return true;
    case 'backref':
      return false;
    case 'seq': {
      const items = end ? [...n.items].reverse() : n.items;
      for (const it of items) {
        if (!edgeNW(it, end)) return false;
        if (!canEmpty(it)) return true;
      }
      return true;
    }
    case 'alt':
      return n.branches.every((b) => edgeNW(b, end));
    case 'rep':
      return edgeNW(n.inner, end);
  }
}

function reqWeight(r: Req): number {
  if (r.kind === 'sym') return r.text.length >= 2 ? 6 : r.digit ? 5 : 3;
  // a letter outside ASCII (Hangul, Han) says more than a Latin one
  return r.text.length + (r.left ? 2 : 0) + (r.right ? 2 : 0) + (/^[\x00-\x7f]*$/.test(r.text) ? 0 : 2);
}
function clauseWeight(c: Req[]): number {
  let w = Infinity;
  for (const r of c) w = Math.min(w, reqWeight(r));
  return w;
}
function reqKey(r: Req): string {
  return r.kind === 'sym' ? `s${r.digit ? 'd' : ''}:${r.text}` : `w:${r.left ? 1 : 0}${r.right ? 1 : 0}:${r.text}`;
}
function dedupeClause(c: Req[]): Req[] {
  const seen = new Map<string, Req>();
  for (const r of c) seen.set(reqKey(r), r);
  return [...seen.values()];
}

/** Symbols worth requiring (common punctuation would not filter anything). */
function usefulSymbol(ch: string): boolean {
  return ch === '$' || /[\p{Sc}]/u.test(ch);
}

const MAX_ALT_CLAUSES = 4;

/** A required character out of a short class: one clause of single-character words or symbols. */
function charsClause(chars: string[], left: boolean, right: boolean, digit = false): Clauses {
  const clause: Req[] = [];
  for (const c of chars) {
    if (isLNString(c)) clause.push({ kind: 'word', text: c, left, right });
    else if (usefulSymbol(c)) clause.push(digit ? { kind: 'sym', text: c, digit } : { kind: 'sym', text: c });
    else return [];
  }
  return [clause];
}

function collect(n: Node, leftNW: boolean, rightNW: boolean): Clauses {
  switch (n.t) {
    case 'set':
    case 'assert':
    case 'backref':
      return [];
    case 'char':
      return collectSeq([n], leftNW, rightNW);
    case 'look':
      // A positive lookaround's text is in the block too; its edges are not known here.
      return n.positive ? collect(n.inner, false, false) : [];
    case 'rep':
      return collectSeq([n], leftNW, rightNW);
    case 'alt': {
      const per = n.branches.map((b) => collect(b, leftNW, rightNW).sort((a, b) => clauseWeight(b) - clauseWeight(a)));
      if (per.some((p) => p.length === 0)) return [];
      const k = Math.min(MAX_ALT_CLAUSES, Math.max(...per.map((p) => p.length)));
      const out: Clauses = [];
      for (let j = 0; j < k; j++) out.push(dedupeClause(per.flatMap((p) => p[Math.min(j, p.length - 1)]!)));
      return out;
    }
    case 'seq':
      return collectSeq(n.items, leftNW, rightNW);
  }
}

function collectSeq(items: Node[], leftNW: boolean, rightNW: boolean): Clauses {
  const out: Clauses = [];
  const leftCtx = (i: number): boolean => {
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
    return leftNW;
  };
  const rightCtx = (i: number): boolean => {
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
    return rightNW;
  };
  // Literal runs: consecutive required single characters (x, x{3}, and the first x of x+), cut into
  // words at characters that are no letters or digits.
  let word = '';
  let wordLeft = false;
  const endWord = (right: boolean) => {
    if (word) out.push([{ kind: 'word', text: word, left: wordLeft, right }]);
    word = '';
  };
  // Is item i followed by a digit, past optional white space (and zero-width items)?
  const digitAfter = (i: number): boolean => {
    for (let j = i + 1; j < items.length; j++) {
      const it = items[j]!;
      if (it.t === 'assert' || it.t === 'look') continue;
      if (it.t === 'set') return !!it.digit;
      if (it.t === 'rep' && it.inner.t === 'set') {
        if (it.min >= 1) return !!it.inner.digit;
        if (it.inner.nw && !it.inner.digit) continue; // \s?
        return false;
      }
      return false;
    }
    return false;
  };
  const addChar = (c: string, itemIndex: number) => {
    if (isLNString(c)) {
      if (!word) wordLeft = leftCtx(itemIndex);
      word += c;
    } else {
      endWord(true);
      if (usefulSymbol(c)) out.push([digitAfter(itemIndex) ? { kind: 'sym', text: c, digit: true } : { kind: 'sym', text: c }]);
    }
  };
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.t === 'char') {
      addChar(it.c, i);
      continue;
    }
    if (it.t === 'rep' && it.inner.t === 'char' && it.min >= 1) {
      const reps = it.min === it.max ? it.min : 1;
      for (let k = 0; k < reps; k++) addChar(it.inner.c, i);
      // x+: more x may follow, so the word's right edge is not known
      if (it.min !== it.max) endWord(false);
      continue;
    }
    if (it.t === 'assert' || it.t === 'look') {
      // zero-width: a run continues across it (a positive lookaround adds its own clauses)
      if (it.t === 'look') out.push(...collect(it, false, false));
      continue;
    }
    // any other item ends the run
    if (word) endWord(rightCtx(i - 1));
    if (it.t === 'set') {
      if (it.chars) out.push(...charsClause(it.chars, leftCtx(i), rightCtx(i), digitAfter(i)));
      continue;
    }
    if (it.t === 'backref') continue;
    if (it.t === 'rep') {
      if (it.min === 0) continue;
      if (it.inner.t === 'set') {
        if (it.inner.chars) out.push(...charsClause(it.inner.chars, leftCtx(i), it.max === 1 && rightCtx(i)));
        continue;
      }
      const l = leftCtx(i) && (it.max === 1 || edgeNW(it.inner, true));
      const r = rightCtx(i) && (it.max === 1 || edgeNW(it.inner, false));
      out.push(...collect(it.inner, l, r));
      continue;
    }
    out.push(...collect(it, leftCtx(i), rightCtx(i)));
  }
  if (word) endWord(rightCtx(items.length - 1));
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
  const clauses = collect(root, false, false)
    .map(dedupeClause)
    .filter((c) => c.length > 0)
    .sort((a, b) => clauseWeight(b) - clauseWeight(a));
  // strongest first; identical clauses once; weak clauses only when there is nothing better
  const seen = new Set<string>();
  const out: Clauses = [];
  for (const c of clauses) {
    const key = c.map(reqKey).sort().join('|');
    if (seen.has(key)) continue;
    if (out.length > 0 && clauseWeight(c) < 3) break;
    seen.add(key);
    out.push(c);
  }
  return out.slice(0, 8);
}

// ---------------------------------------------------------------------------------------------
// The index of a rule set

interface Unit {
  /** Clauses as requirement ids. */
  clauses: number[][];
}

/** A trie over UTF-16 units: words spelled forwards (whole words, prefixes) or backwards (suffixes). */
interface TrieNode {
  next: Map<number, TrieNode> | null;
  /** Requirement ids satisfied when the walk ends here at the word's end (whole word). */
  whole: number;
  /** Requirement ids satisfied when the walk passes here (prefix, or suffix in the backward trie). */
  part: number;
}

function trieNode(): TrieNode {
  return { next: null, whole: -1, part: -1 };
}

function trieInsert(root: TrieNode, word: string, backwards: boolean): TrieNode {
  let n = root;
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(backwards ? word.length - 1 - k : k);
    n.next ??= new Map();
    let m = n.next.get(c);
    if (!m) n.next.set(c, (m = trieNode()));
    n = m;
  }
  return n;
}

interface CandidateIndex {
  /** Some unit has no clause: every range is wanted. */
  always: boolean;
  reqCount: number;
  /** Whole words and prefixes, spelled forwards. */
  fwd: TrieNode;
  /** Suffixes, spelled backwards. */
  bwd: TrieNode;
  infix: Array<[string, number]>;
  syms: Array<[string, number, boolean]>;
  units: Unit[];
  /** For each requirement id, the units whose first (strongest) clause contains it. */
  keyed: number[][];
  /** Requirement ids that share a trie slot with another (rare): id -> extra ids. */
  also: Map<number, number[]>;
}

const indexCache = new WeakMap<CompiledRules, CandidateIndex>();

const PLACEHOLDER_OPEN = '[[';
const PLACEHOLDER_CLOSE = ']]';
const DIRECTIVE = 'routelint-';

function buildIndex(rules: CompiledRules): CandidateIndex {
  const ids = new Map<string, number>();
  const idx: CandidateIndex = {
    always: false,
    reqCount: 0,
    fwd: trieNode(),
    bwd: trieNode(),
    infix: [],
    syms: [],
    units: [],
    keyed: [],
    also: new Map(),
  };
  const place = (node: TrieNode, slot: 'whole' | 'part', id: number) => {
    if (node[slot] < 0) node[slot] = id;
    else {
      const list = idx.also.get(node[slot]) ?? [];
      list.push(id);
      idx.also.set(node[slot], list);
    }
  };
  const idOf = (r: Req): number => {
    const key = reqKey(r);
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = idx.reqCount++;
    ids.set(key, id);
    if (r.kind === 'sym') idx.syms.push([r.text, id, !!r.digit]);
    else if (r.left && r.right) place(trieInsert(idx.fwd, r.text, false), 'whole', id);
    else if (r.left) place(trieInsert(idx.fwd, r.text, false), 'part', id);
    else if (r.right) place(trieInsert(idx.bwd, r.text, true), 'part', id);
    else idx.infix.push([r.text, id]);
    return id;
  };
  const addUnit = (clauses: Clauses) => {
    if (clauses.length === 0) {
      idx.always = true;
      return;
    }
    idx.units.push({ clauses: clauses.map((c) => [...new Set(c.map(idOf))]) });
  };
  for (const rule of rules.rules) {
    for (const p of rule.patterns) addUnit(requirementsOf(p.re.source));
  }
  // Placeholders `[[name]]`, directives in comments, model IDs.
  addUnit([[{ kind: 'sym', text: PLACEHOLDER_OPEN }], [{ kind: 'sym', text: PLACEHOLDER_CLOSE }]]);
  addUnit([[{ kind: 'sym', text: DIRECTIVE }]]);
  if (rules.modelFamilyRe) addUnit(requirementsOf(rules.modelFamilyRe.source, true));
  idx.keyed = Array.from({ length: idx.reqCount }, () => []);
  idx.units.forEach((u, ui) => {
    for (const id of u.clauses[0]!) idx.keyed[id]!.push(ui);
  });
  return idx;
}

function indexFor(rules: CompiledRules): CandidateIndex {
  let idx = indexCache.get(rules);
  if (!idx) indexCache.set(rules, (idx = buildIndex(rules)));
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
/** Pieces of one joined word looked at together (a word split by more markup is not expected). */
const MAX_PIECES = 16;

export class CandidateScan {
  private readonly idx: CandidateIndex;
  /** Hit positions (sorted) and their requirement ids. */
  private pos: Int32Array = new Int32Array(0);
  private req: Int32Array = new Int32Array(0);
  private n = 0;
  /** Ranges wanted whatever their words: unknown references, text NFC would change. */
  private readonly forced: Array<[number, number]> = [];
  private readonly stamp: Int32Array;
  private call = 0;
  private readonly table: Uint8Array;
  private hits: number[] = [];

  constructor(text: string, folded: string, rules: CompiledRules) {
    this.idx = indexFor(rules);
    this.stamp = new Int32Array(this.idx.reqCount);
    this.table = lnTable();
    if (this.idx.always) return;
    this.scanWords(folded);
    this.scanSymbols(folded);
    this.scanNfc(text);
    // hits are (position, id) pairs; sort by position
    const h = this.hits;
    const m = h.length >> 1;
    const order = new Int32Array(m);
    for (let k = 0; k < m; k++) order[k] = k;
    let sorted = true;
    for (let k = 1; k < m && sorted; k++) if (h[2 * k]! < h[2 * k - 2]!) sorted = false;
    if (!sorted) order.sort((a, b) => h[2 * a]! - h[2 * b]!);
    this.pos = new Int32Array(m);
    this.req = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      this.pos[k] = h[2 * order[k]!]!;
      this.req[k] = h[2 * order[k]! + 1]!;
    }
    this.n = m;
    this.hits = [];
    this.forced.sort((a, b) => a[0] - b[0]);
  }

  private hit(at: number, id: number): void {
    this.hits.push(at, id);
  }

  private hitId(at: number, id: number): void {
    this.hits.push(at, id);
    const more = this.idx.also.get(id);
    if (more) for (const m of more) this.hits.push(at, m);
  }

  /** Look up the token s[a, b) (both edges may be word edges in a block): whole word, prefixes, suffixes. */
  private lookup(s: string, a: number, b: number, at: number): void {
    let n: TrieNode | undefined = this.idx.fwd;
    for (let k = a; k < b; k++) {
      n = n.next?.get(s.charCodeAt(k));
      if (!n) break;
      if (n.part >= 0) this.hitId(at, n.part);
    }
    if (n && n.whole >= 0) this.hitId(at, n.whole);
    n = this.idx.bwd;
    for (let k = b - 1; k >= a; k--) {
      n = n.next?.get(s.charCodeAt(k));
      if (!n) break;
      if (n.part >= 0) this.hitId(at, n.part);
    }
  }

  /** Width of the letter or digit at i (1, 2 for a surrogate pair), 0 if none. */
  private lnWidth(f: string, i: number): number {
    const c = f.charCodeAt(i);
    if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : 0;
    return lnAt(f, i, this.table);
  }

  /** A known character reference at i that spells letters or digits: its folded text and end. */
  private letterReference(f: string, i: number): { text: string; end: number } | null {
    const r = decodeReference(f, i, Math.min(f.length, i + 40));
    if (!r || r.text === undefined) return null;
    const t = foldForMatch(r.text);
    if (t.length === 0) return null;
    for (let k = 0; k < t.length; ) {
      const w = lnAt(t, k, this.table);
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

  /** After the joiners starting at i, does a letter, digit or letter reference follow? Returns where, or -1. */
  private continuesAt(f: string, i: number): number {
    let b = i;
    while (b < f.length && JOINERS.has(f.charCodeAt(b))) b = this.joinerEnd(f, b);
    if (b >= f.length) return -1;
    if (this.lnWidth(f, b) > 0) return b;
    if (f.charCodeAt(b) === 38 && this.letterReference(f, b)) return b;
    return -1;
  }

  private scanWords(f: string): void {
    const len = f.length;
    let i = 0;
    while (i < len) {
      let w = this.lnWidth(f, i);
      if (w === 0) {
        if (f.charCodeAt(i) === 38 /* & */) {
          const r = decodeReference(f, i, Math.min(len, i + 40));
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
      i += w;
      while (i < len && (w = this.lnWidth(f, i)) > 0) i += w;
      const after = i < len ? f.charCodeAt(i) : 32;
      if ((after === 38 || JOINERS.has(after)) && this.continuesAt(f, i) >= 0) {
        i = this.slowWord(f, s);
        continue;
      }
      this.lookup(f, s, i, s);
    }
    // Unbounded requirements: plain substring search (the slow path adds joined words).
    for (const [lit, id] of this.idx.infix) {
      let k = f.indexOf(lit);
      while (k >= 0) {
        this.hit(k, id);
        k = f.indexOf(lit, k + 1);
      }
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
    const pieces: Array<{ text: string; at: number }> = [];
    let cur = '';
    let curAt = -1;
    let firstEnd = -1;
    let i = from;
    while (i < len && pieces.length < MAX_PIECES) {
      const w = this.lnWidth(f, i);
      if (w > 0) {
        if (curAt < 0) curAt = i;
        cur += f.slice(i, i + w);
        i += w;
        continue;
      }
      const c = f.charCodeAt(i);
      if (c === 38) {
        const r = this.letterReference(f, i);
        if (r) {
          if (curAt < 0) curAt = i;
          cur += r.text;
          i = r.end;
          continue;
        }
        break;
      }
      if (JOINERS.has(c) && cur) {
        const next = this.continuesAt(f, i);
        if (next < 0) break;
        pieces.push({ text: cur, at: curAt });
        if (firstEnd < 0) firstEnd = i;
        cur = '';
        curAt = -1;
        i = next;
        continue;
      }
      break;
    }
    if (cur) pieces.push({ text: cur, at: curAt });
    if (firstEnd < 0) firstEnd = i;
    let t = '';
    for (let b = 0; b < pieces.length; b++) {
      t += pieces[b]!.text;
      this.lookup(t, 0, t.length, from);
      for (const [lit, id] of this.idx.infix) if (t.includes(lit)) this.hit(from, id);
    }
    return Math.max(firstEnd, from + 1);
  }

  private scanSymbols(f: string): void {
    for (const [sym, id, digit] of this.idx.syms) {
      if (sym === PLACEHOLDER_OPEN || sym === PLACEHOLDER_CLOSE) {
        this.scanBrackets(f, sym[0]!, id);
        continue;
      }
      let k = f.indexOf(sym);
      while (k >= 0) {
        if (!digit || this.digitFollows(f, k + sym.length)) this.hit(k, id);
        k = f.indexOf(sym, k + 1);
      }
      // a reference that spells the symbol (`&dollar;`, `&#36;`)
      if (sym.length === 1) {
        let r = f.indexOf('&');
        while (r >= 0) {
          const d = decodeReference(f, r, Math.min(f.length, r + 40));
          if (d?.text === sym && (!digit || this.digitFollows(f, d.end))) this.hit(r, id);
          r = f.indexOf('&', r + 1);
        }
      }
    }
  }

  /** A digit at i, past white space, emphasis markers and backslashes (or a reference: maybe one). */
  private digitFollows(f: string, i: number): boolean {
    while (i < f.length) {
      const c = f.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 42 || c === 95 || c === 126 || c === 92 || c === 62) i++;
      else if (c > 127 && /\s/.test(f[i]!)) i++;
      else return (c >= 48 && c <= 57) || c === 38;
    }
    return false;
  }

  /**
   * `[[` / `]]` and what a block can turn into them: brackets with emphasis markers or backslashes
   * between them (`[*[*`, `\[[`), and references that spell a bracket (`&#91;`).
   */
  private scanBrackets(f: string, c: string, id: number): void {
    const ch = c.charCodeAt(0);
    let k = f.indexOf(c);
    while (k >= 0) {
      let j = k + 1;
      while (j < f.length) {
        const x = f.charCodeAt(j);
        if (x === 42 || x === 95 || x === 126 || x === 92) j++;
        else break;
      }
      if (f.charCodeAt(j) === ch || f.charCodeAt(j) === 38) this.hit(k, id);
      k = f.indexOf(c, k + 1);
    }
    let r = f.indexOf('&');
    while (r >= 0) {
      if (decodeReference(f, r, Math.min(f.length, r + 40))?.text === c) this.hit(r, id);
      r = f.indexOf('&', r + 1);
    }
  }

  /** Text NFC would change (decomposed accents, compatibility characters): force those lines. */
  private scanNfc(text: string): void {
    if (text.normalize('NFC') === text) return;
    let s = 0;
    while (s < text.length) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      const line = text.slice(s, e);
      if (line.normalize('NFC') !== line) this.forced.push([s, e]);
      s = e + 1;
    }
  }

  /** Could prose whose source lies entirely inside [start, end) produce a finding? */
  wanted(start: number, end: number): boolean {
    const idx = this.idx;
    if (idx.always) return true;
    for (const [a, b] of this.forced) {
      if (a >= end) break;
      if (b > start) return true;
    }
    // first hit at or after start
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pos[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.n || this.pos[lo]! >= end) return false;
    const call = ++this.call;
    const stamp = this.stamp;
    let last = lo;
    while (last < this.n && this.pos[last]! < end) {
      stamp[this.req[last]!] = call;
      last++;
    }
    for (let h = lo; h < last; h++) {
      for (const ui of idx.keyed[this.req[h]!]!) {
        const u = idx.units[ui]!;
        let ok = true;
        for (let ci = 1; ci < u.clauses.length && ok; ci++) {
          const clause = u.clauses[ci]!;
          let any = false;
          for (const id of clause) {
            if (stamp[id] === call) {
              any = true;
              break;
            }
          }
          ok = any;
        }
        if (ok) return true;
      }
    }
    return false;
  }
}
