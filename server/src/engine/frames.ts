// Frames: a rule's claim as a short sequence of concepts with bounded gaps (rules/claims/<id>.yaml),
// read over the concept hits of a block (concepts.ts), inside one clause or one sentence. Written once
// per rule; each language supplies only its concepts' forms.
//
//   match: "NO .. LIMIT"                   NO, then LIMIT at most 3 words later, in one clause
//   match: "UNLIMITED ..2 (USAGE|API)"     at most 2 words between; either concept
//   match: "FREE MODEL? API"               MODEL may be there or not; adjacent elements
//   either: true                           also in the reverse order ("limits: none")
//
// An element is a concept name, or alternatives in parentheses; `?` makes it optional. Elements
// written side by side are adjacent (no word between); `..` allows up to 3 words between, `..N` up to
// N. Clause breaks (commas, semicolons, brackets, dashes, "but", "pero", "하지만", …) stop a frame
// unless its scope is `sentence`; a sentence end always does, except after a short question fragment
// ("Credit card? Not needed").
import { scriptClass } from './concepts.js';
import type { Hit } from './concepts.js';

export const DEFAULT_GAP = 3;

export interface FrameElem {
  /** The concept ids this element accepts (a group concept: its members too). */
  concepts: ReadonlySet<number>;
  names: string[];
  optional: boolean;
  /** Words allowed between the previous element and this one. */
  gap: number;
}

export interface FrameShape {
  elems: FrameElem[];
  either: boolean;
  scope: 'clause' | 'sentence';
}

export class FrameSyntaxError extends Error {}

/**
 * Parses a frame's `match`. `resolve` turns a concept name into its ids (and throws for an unknown
 * name, so the error can point at the pack field).
 */
export function parseFrame(src: string, resolve: (name: string) => ReadonlySet<number>): FrameElem[] {
  const parts = src.trim().split(/\s+/).filter(Boolean);
  const elems: FrameElem[] = [];
  let gap = 0;
  let sawGap = false;
  for (const p of parts) {
    const g = /^\.\.(\d+)?$/.exec(p);
    if (g) {
      if (elems.length === 0) throw new FrameSyntaxError('a frame cannot start with a gap ("..")');
      if (sawGap) throw new FrameSyntaxError('two gaps in a row');
      gap = g[1] === undefined ? DEFAULT_GAP : Number(g[1]);
      if (gap > 12) throw new FrameSyntaxError(`a gap of ${gap} words is too wide (at most 12)`);
      sawGap = true;
      continue;
    }
    const m = /^(?:\(([A-Z0-9-]+(?:\|[A-Z0-9-]+)*)\)|([A-Z][A-Z0-9-]*))(\?)?$/.exec(p);
    if (!m) throw new FrameSyntaxError(`"${p}" is not a concept name (CAPITALS), "(A|B)", "..", "..N" or one of them with "?"`);
    const names = (m[1] ?? m[2]!).split('|');
    const ids = new Set<number>();
    for (const n of names) for (const id of resolve(n)) ids.add(id);
    elems.push({ concepts: ids, names, optional: m[3] === '?', gap: elems.length === 0 ? 0 : gap });
    gap = 0;
    sawGap = false;
  }
  if (sawGap) throw new FrameSyntaxError('a frame cannot end with a gap ("..")');
  if (elems.length === 0) throw new FrameSyntaxError('an empty frame');
  if (elems.every((e) => e.optional)) throw new FrameSyntaxError('every element is optional');
  return elems;
}

// ---------------------------------------------------------------------------------------------
// The layout of a block: words, clause and sentence breaks

export interface Layout {
  /** Word tokens (a run of one script class; each Han or Kana character alone), sorted. */
  tokenStarts: Int32Array;
  tokenEnds: Int32Array;
  tokenCount: number;
  /** Offsets of clause-break characters, sorted. */
  clauseBreaks: number[];
  /** Offsets of sentence ends (the last character of a sentence), sorted. */
  sentenceBreaks: number[];
}

/**
 * Words of a folded text. An apostrophe between two letters stays inside the word (`don't`).
 */
export function tokenize(f: string): { starts: Int32Array; ends: Int32Array; count: number } {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  const n = f.length;
  while (i < n) {
    const c = scriptClass(f.charCodeAt(i));
    if (c === 0) {
      i++;
      continue;
    }
    if (c === 3) {
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    const s = i;
    i++;
    while (i < n) {
      const d = f.charCodeAt(i);
      const dc = scriptClass(d);
      if (dc === c) {
        i++;
        continue;
      }
      if ((d === 0x27 || d === 0x2019) && c === 1 && i + 1 < n && scriptClass(f.charCodeAt(i + 1)) === 1) {
        i += 2;
        continue;
      }
      break;
    }
    starts.push(s);
    ends.push(i);
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends), count: starts.length };
}

/** First index in a sorted array with value >= x. */
function lowerBound(a: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words entirely inside [a, b). */
export function wordsBetween(L: Layout, a: number, b: number): number {
  if (b <= a) return 0;
  const i = lowerBound(L.tokenStarts, L.tokenCount, a);
  const j = lowerBound(L.tokenEnds, L.tokenCount, b + 1); // tokens with end <= b: indices < j
  return Math.max(0, j - i);
}

function breakIn(breaks: number[], a: number, b: number): boolean {
  if (breaks.length === 0 || b <= a) return false;
  const i = lowerBound(breaks, breaks.length, a);
  return i < breaks.length && breaks[i]! < b;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** One match: a hit per element (null for an optional element left out), in the frame's order. */
export type FrameMatch = Array<Hit | null>;

/** Every match of a frame in a block's hits (sorted by start): per first hit, the longest. */
export function matchFrame(shape: FrameShape, hits: readonly Hit[], L: Layout): FrameMatch[] {
  const out = matchOrder(shape.elems, shape.scope, hits, L, false);
  if (shape.either && shape.elems.length > 1) {
    const k = shape.elems.length - 1;
    const rev: FrameElem[] = shape.elems.map((_, j) => ({ ...shape.elems[k - j]!, gap: j === 0 ? 0 : shape.elems[k - j + 1]!.gap }));
    for (const m of matchOrder(rev, shape.scope, hits, L, true)) out.push(m.reverse());
  }
  return out;
}

function matchOrder(elems: FrameElem[], scope: 'clause' | 'sentence', hits: readonly Hit[], L: Layout, reversed: boolean): FrameMatch[] {
  const breaks = scope === 'clause' ? mergedBreaks(L) : L.sentenceBreaks;
  const best = new Map<Hit, FrameMatch>();
  const spanOf = (m: FrameMatch): [number, number] => {
    let a = Infinity;
    let b = -Infinity;
    for (const h of m) {
      if (!h) continue;
      if (h.start < a) a = h.start;
      if (h.end > b) b = h.end;
    }
    return [a, b];
  };
  const acc: Array<Hit | null> = [];
  let first: Hit | null = null;
  const rec = (ei: number, prevEnd: number, fromHit: number, extraGap: number): void => {
    if (ei === elems.length) {
      if (!first) return;
      const m = acc.slice();
      const prev = best.get(first);
      if (!prev || spanOf(m)[1] > spanOf(prev)[1]) best.set(first, m);
      return;
    }
    const e = elems[ei]!;
    const limit = extraGap + e.gap;
    for (let h = fromHit; h < hits.length; h++) {
      const hit = hits[h]!;
      if (first) {
        if (hit.start < prevEnd) continue;
        if (breakIn(breaks, prevEnd, hit.start)) break;
        if (wordsBetween(L, prevEnd, hit.start) > limit) break;
      }
      if (!e.concepts.has(hit.concept)) continue;
      const wasFirst = first;
      if (!first) first = hit;
      acc.push(hit);
      rec(ei + 1, hit.end, h + 1, 0);
      acc.pop();
      first = wasFirst;
    }
    if (e.optional) {
      acc.push(null);
      rec(ei + 1, prevEnd, fromHit, first ? limit : 0);
      acc.pop();
    }
  };
  rec(0, 0, 0, 0);
  void reversed;
  return [...best.values()];
}

const merged = new WeakMap<Layout, number[]>();
function mergedBreaks(L: Layout): number[] {
  let m = merged.get(L);
  if (!m) {
    m = [...L.clauseBreaks, ...L.sentenceBreaks].sort((a, b) => a - b);
    merged.set(L, m);
  }
  return m;
}

/** The span a match covers: from its first hit's start to its last hit's end. */
export function matchSpan(m: FrameMatch): [number, number] {
  let a = Infinity;
  let b = -Infinity;
  for (const h of m) {
    if (!h) continue;
    if (h.start < a) a = h.start;
    if (h.end > b) b = h.end;
  }
  return [a, b];
}
