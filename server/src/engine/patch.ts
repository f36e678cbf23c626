// Patching a Markdown document's last lint after an edit (the language server's typing path): which
// chunks (extract/chunks.ts) an edit can change the findings of. The engine lints only those, against
// the same rules as a whole lint, and keeps the previous findings of every other chunk, moved by the
// edit's length. The result must equal a whole lint (test/incremental.test.ts, test/patch.test.ts).
//
// A chunk starts at a top-level ATX heading, which closes every open block: what remark makes of a
// chunk depends only on its text and the document's link reference definitions. A finding of a block
// reads (engine.ts, blockKey) the block and a few characters around it, its heading chain, the next
// block's first sentence, a table's caption (the block before), the document's date, its section's
// evidence, the suppression directives before it, and the link reference definitions. So the chunks
// an edit touched are linted again (when the edit stays inside one chunk's body and leaves its units'
// bounds alone, only the units it touched count as touched), and with them:
// - the chunks before them back to one with a plain heading (whose heading block then sits between any
//   earlier block and the edit: "next sentence") at least MARGIN characters before the edit (fix ranges
//   and quote balancing read a few characters past a block); the chunk before, when a heading changed;
// - the chunks after them up to one with a plain heading (a table right after a heading that gives no
//   block takes the block before as its caption) at least MARGIN characters after the edit;
// - when headings were made, unmade or changed, the chunks below them (their heading chain);
// - the sections whose evidence includes the touched text: ancestors of depth 2 or more (a section of
//   depth 1 reads only its own blocks), and, conservatively, every chunk with headings of its own
//   (setext, indented) that might hold such an ancestor;
// - every chunk that may refer to a label defined in what the edit touched, as if it were edited too.
// No patch when what the edit touched holds a directive, or when the front matter or the document's date
// (read from its first lines; engine.ts) changed: then the document is linted whole.
import { commonPrefix, commonSuffix, normalizeLabel, type Chunk, type ChunkPlan, type Unit } from './extract/chunks.js';

/** Characters around an edit that a block's findings may read past the block (QUOTE_MARGIN and more). */
const MARGIN = 64;

export interface PatchWindow {
  /** New length minus old length. */
  delta: number;
  /** Where the edit starts (same in both texts) and ends in the old and the new text. */
  changeStart: number;
  oldChangeEnd: number;
  newChangeEnd: number;
  /** The chunks to lint again, as sorted disjoint ranges of the new text, and the same in the old. */
  newRanges: Array<[number, number]>;
  oldRanges: Array<[number, number]>;
}

/** A heading line whose text surely gives a heading block: letters or digits, no markup that could empty it. */
const PLAIN_HEADING = /^#{1,6}[ \t]+[^\n<[\]!`\\&*_~]*[\p{L}\p{N}][^\n<[\]!`\\&*_~]*$/u;

function plainHeading(text: string, c: Chunk): boolean {
  return c.depth > 0 && PLAIN_HEADING.test(text.slice(c.start, c.headEnd).replace(/\r?\n$/, ''));
}

function sameUnit(a: Unit, b: Unit, shift: number): boolean {
  return a.start + shift === b.start && a.end + shift === b.end && a.kind === b.kind;
}

function sameChunk(a: Chunk, b: Chunk, shift: number): boolean {
  return (
    a.start + shift === b.start &&
    a.headEnd + shift === b.headEnd &&
    a.end + shift === b.end &&
    a.depth === b.depth &&
    a.structural === b.structural &&
    a.minDeep === b.minDeep &&
    a.minAny === b.minAny
  );
}

const DIRECTIVE = 'routelint-';
const DEFINITION = ']:';

/**
 * The chunks to lint again after the edit that turned `oldText` (planned as `oldPlan`) into `text`
 * (planned as `plan`), or null when the edit may change findings anywhere (lint whole). The plans come
 * from the same planner with the same options.
 */
/** What the latest patchWindow call decided, for tests and benchmarks: why it refused ('' it did not), and the characters to lint again. */
export const patchStats = { refused: '', chars: 0 };
function why(reason: string): null {
  patchStats.refused = reason;
  return null;
}

export function patchWindow(oldText: string, oldPlan: ChunkPlan, text: string, plan: ChunkPlan): PatchWindow | null {
  patchStats.refused = '';
  const p = commonPrefix(oldText, text);
  const s = commonSuffix(oldText, text, Math.min(oldText.length, text.length) - p);
  const oldEnd = oldText.length - s;
  const newEnd = text.length - s;
  const delta = text.length - oldText.length;
  if (p === oldText.length && p === text.length) return { delta: 0, changeStart: p, oldChangeEnd: p, newChangeEnd: p, newRanges: [], oldRanges: [] };
  if (plan.frontMatterEnd !== oldPlan.frontMatterEnd || plan.frontMatterFenceEnd !== oldPlan.frontMatterFenceEnd || p < plan.frontMatterEnd) return why('front matter');
  const chunks = plan.chunks;
  const old = oldPlan.chunks;
  // the chunks the edit touches: [pre, N - post) in the new plan, [pre, O - post) in the old
  let pre = 0;
  while (pre < chunks.length && pre < old.length && chunks[pre]!.end <= p && sameChunk(old[pre]!, chunks[pre]!, 0)) pre++;
  let post = 0;
  while (
    post < chunks.length - pre &&
    post < old.length - pre &&
    old[old.length - 1 - post]!.start >= oldEnd &&
    sameChunk(old[old.length - 1 - post]!, chunks[chunks.length - 1 - post]!, delta)
  )
    post++;
  // A chunk made or unmade whole (pasted, cut): its neighbour counts as touched too.
  if (pre + post >= Math.min(chunks.length, old.length)) {
    if (pre > 0) pre--;
    else if (post > 0) post--;
  }
  const na = pre;
  const nb = chunks.length - post; // exclusive
  const ob = old.length - post;
  if (nb <= na || ob <= na) return why('no chunk left to lint again');
  const touched = [...chunks.slice(na, nb), ...old.slice(na, ob)];
  const structural = touched.some((c) => c.structural);
  // An edit inside one chunk's body (its heading line and boundaries kept) changes no heading.
  const body = nb - na === 1 && ob - na === 1 && !structural && chunks[na]!.start === old[na]!.start && chunks[na]!.headEnd === old[na]!.headEnd && p >= chunks[na]!.headEnd;
  // What the edit touched (the units of a chunk body, else the chunks). Link reference (and footnote)
  // definitions count everywhere: the labels defined there may be made, changed or unmade. The planner cuts units where every block is closed, so the
  // units of a chunk the edit leaves alone keep theirs.
  const touchedTexts: string[] = [];
  if (body) {
    const nu = plan.units;
    const ou = oldPlan.units;
    const cn = chunks[na]!.units;
    const co = old[na]!.units;
    let a = 0;
    while (a < cn.length && a < co.length && nu[cn[a]!]!.end <= p && sameUnit(ou[co[a]!]!, nu[cn[a]!]!, 0)) a++;
    let b = 0;
    while (b < cn.length - a && b < co.length - a && ou[co[co.length - 1 - b]!]!.start >= oldEnd && sameUnit(ou[co[co.length - 1 - b]!]!, nu[cn[cn.length - 1 - b]!]!, delta)) b++;
    const from = (units: Unit[], idx: number[], k: number, shiftEnd: number) => (k < idx.length - shiftEnd ? units[idx[k]!]!.start : -1);
    const ns = from(nu, cn, a, b);
    const ne = b > 0 ? nu[cn[cn.length - b]!]!.start : chunks[na]!.end;
    const os = from(ou, co, a, b);
    const oe = b > 0 ? ou[co[co.length - b]!]!.start : old[na]!.end;
    if (ns >= 0) touchedTexts.push(text.slice(ns, ne));
    if (os >= 0) touchedTexts.push(oldText.slice(os, oe));
  } else {
    for (let i = na; i < nb; i++) touchedTexts.push(text.slice(chunks[i]!.start, chunks[i]!.end));
    for (let i = na; i < ob; i++) touchedTexts.push(oldText.slice(old[i]!.start, old[i]!.end));
  }
  // No directive made, changed or unmade: none in what the edit touched (a comment closed far from its
  // `routelint-` makes one).
  if (touchedTexts.some((t) => t.includes(DIRECTIVE))) return why('directive');

  const take = new Set<number>();
  /** Chunks before i0 and after i1 whose blocks read into [from, to): the next sentence, a caption, a few characters. */
  const neighbours = (i0: number, i1: number, from: number, to: number, headingChanged: boolean): void => {
    let j = i0;
    // (a heading changed: the block before reads its first sentence)
    if (headingChanged && j > 0) take.add(--j);
    while (j > 0 && (!plainHeading(text, chunks[j]!) || from - chunks[j]!.start < MARGIN)) take.add(--j);
    let k = i1;
    while (k + 1 < chunks.length && (!plainHeading(text, chunks[k + 1]!) || chunks[k + 1]!.start - to < MARGIN)) take.add(++k);
  };
  /** Headings made, unmade or changed at depth dmin or deeper: the chunks below them read their heading chain. */
  const descendants = (after: number, dmin: number): void => {
    for (let i = after; i < chunks.length && chunks[i]!.depth > dmin; i++) take.add(i);
  };
  /** Sections whose evidence includes chunk i's text: its ancestors of depth 2 or more (t: i's depth, 7 any). */
  const ancestors = (i: number, t: number): void => {
    for (let a = i - 1; a >= 0 && t > 2; a--) {
      const x = chunks[a]!;
      if (x.structural && x.minDeep < t) take.add(a);
      if (x.depth >= 1 && x.depth < t) {
        if (x.depth >= 2) take.add(a);
        t = x.depth;
      }
    }
  };
  for (let i = na; i < nb; i++) take.add(i);
  neighbours(na, nb - 1, p, newEnd, !body);
  if (!body) {
    let dmin = 7;
    for (const c of touched) if (c.depth >= 1) dmin = Math.min(dmin, c.depth);
    if (structural || touched.some((c) => c.depth === 0)) dmin = Math.min(dmin, 1);
    if (touched.some((c) => c.depth === 0 && c.structural)) dmin = 0;
    descendants(nb, dmin);
  }
  ancestors(na, structural ? 7 : Math.max(...touched.map((c) => c.depth)));
  // Chunks that may refer to a label whose definition the edit may have changed: their text may change
  // (a reference becomes a link or plain text again) as if edited, their heading too.
  const refs = referencesTo(text, touchedTexts);
  if (refs === false) return why('too many labels defined');
  if (refs !== null) {
    const inHeading = new Set<number>();
    const hit = new Set<number>();
    let ci = 0;
    for (const at of refs) {
      while (ci + 1 < chunks.length && chunks[ci + 1]!.start <= at) ci++;
      hit.add(ci);
      if (at < chunks[ci]!.headEnd || chunks[ci]!.structural) inHeading.add(ci);
    }
    for (const i of hit) {
      const c = chunks[i]!;
      take.add(i);
      neighbours(i, i, c.start, c.end, inHeading.has(i));
      if (inHeading.has(i)) descendants(i + 1, c.structural ? Math.min(c.minAny, Math.max(c.depth, 1)) : c.depth);
      ancestors(i, c.structural ? 7 : c.depth);
    }
  }
  // new chunk index -> old: the same before the edit, moved by the difference in count after it
  const oldIndex = (i: number) => (i < na ? i : i >= nb ? i - nb + ob : -1);
  const newRanges: Array<[number, number]> = [];
  const oldRanges: Array<[number, number]> = [];
  const add = (ranges: Array<[number, number]>, a: number, b: number) => {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === a) last[1] = b;
    else ranges.push([a, b]);
  };
  for (const i of [...take].sort((x, y) => x - y)) {
    add(newRanges, chunks[i]!.start, chunks[i]!.end);
    const o = oldIndex(i);
    if (o >= 0) add(oldRanges, old[o]!.start, old[o]!.end);
    // the old chunks the edit touched sit where the new ones do
    else if (i === na) add(oldRanges, old[na]!.start, old[ob - 1]!.end);
  }
  patchStats.chars = newRanges.reduce((n, [a, b]) => n + b - a, 0);
  return { delta, changeStart: p, oldChangeEnd: oldEnd, newChangeEnd: newEnd, newRanges, oldRanges };
}

const LABEL = /\[((?:[^\\\[\]]|\\.){1,999})\]:/g;
const MAX_LABELS = 200;

/**
 * Where the text may refer to a label defined in one of `texts` (sorted offsets of `[`), null when no
 * label is defined there, false when the labels are too many or too odd to look for.
 */
function referencesTo(text: string, texts: string[]): number[] | null | false {
  const labels = new Set<string>();
  for (const t of texts) {
    if (!t.includes(DEFINITION)) continue;
    for (const m of t.matchAll(LABEL)) labels.add(normalizeLabel(m[1]!));
  }
  if (labels.size === 0) return null;
  if (labels.size > MAX_LABELS) return false;
  const out: number[] = [];
  // Case folding beyond ASCII and escapes in labels: every bracket counts.
  if ([...labels].some((l) => /[^\x20-\x5b\x5d-\x7e]/.test(l))) {
    for (let k = text.indexOf('['); k >= 0; k = text.indexOf('[', k + 1)) out.push(k);
    return out;
  }
  const alt = [...labels].map((l) => l.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('\\s+')).join('|');
  // (an inline link's text, `[label](url)`, refers to no definition)
  const re = new RegExp(`\\[\\s*(?:${alt})\\s*\\](?!\\()`, 'gi');
  for (const m of text.matchAll(re)) out.push(m.index);
  return out;
}

/** Whether offset `at` lies in one of the sorted disjoint ranges. */
export function inRanges(ranges: ReadonlyArray<readonly [number, number]>, at: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (at < r[0]) hi = mid - 1;
    else if (at >= r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
