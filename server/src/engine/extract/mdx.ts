// MDX → prose blocks: Markdown, with JSX and ESM handled as such. remark-mdx finds the ESM blocks,
// the `{…}` expressions and the JSX elements; the Markdown extractor then reads a copy of the text of
// the same length in which those are masked, so every offset it gives is an offset into the MDX:
//   - ESM and expressions are not prose (an expression inside a sentence is a barrier);
//   - `{/* routelint-… */}` comments are directives;
//   - JSX tags are masked, their children stay Markdown, so text inside <Callout> is prose and an
//     inline <Badge>free</Badge> stays inside its sentence;
//   - the JSX attribute strings people read are blocks of their own, as in JSX (host 'jsx').
// A line that only holds masked syntax becomes blank; masked syntax beside text becomes characters
// the Markdown parser reads as text (U+200B), which are then dropped from the prose.
// Text remark-mdx cannot parse (MDX is strict: a stray `<` or `{`) is read the old way, as Markdown
// with MDX comments (markdown.ts), so it is still linted.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { parseDirectives } from '../directives.js';
import { BARRIER } from '../prose.js';
import type { Directive, ExtractContext, Extraction, Extractor, ProseBlock } from '../types.js';
import { Flow } from './flow.js';
import { markdownExtractor, mdxExtractor as markdownMdxExtractor } from './markdown.js';
import { isReadAttribute } from './js.js';

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

interface MdNode {
  type: string;
  children?: MdNode[];
  value?: string;
  name?: string | null;
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const ZWSP = '\u200b';

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}

/** The end of the JSX tag that starts at src[i] ('<'): past its '>', skipping quoted and braced values. */
export function jsxTagEnd(src: string, i: number, limit: number): number {
  let j = i + 1;
  let braces = 0;
  while (j < limit) {
    const c = src[j]!;
    if (braces === 0 && (c === '"' || c === "'")) {
      const close = src.indexOf(c, j + 1);
      j = close < 0 || close >= limit ? limit : close + 1;
      continue;
    }
    if (c === '{') braces++;
    else if (c === '}') braces = Math.max(0, braces - 1);
    else if (c === '>' && braces === 0) return j + 1;
    j++;
  }
  return limit;
}

/** The quoted attributes of a JSX opening tag src[start, end): name and value range (inside the quotes). */
export function jsxAttributes(src: string, start: number, end: number): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  let j = start + 1;
  while (j < end && !isWs(src.charCodeAt(j)) && src[j] !== '>' && src[j] !== '/') j++; // the tag name
  let braces = 0;
  while (j < end) {
    const c = src[j]!;
    if (c === '{') {
      braces++;
      j++;
      continue;
    }
    if (c === '}') {
      braces = Math.max(0, braces - 1);
      j++;
      continue;
    }
    if (braces > 0) {
      if (c === '"' || c === "'" || c === '`') {
        const close = src.indexOf(c, j + 1);
        j = close < 0 ? end : close + 1;
      } else j++;
      continue;
    }
    const m = /^([A-Za-z_:][\w:.-]*)\s*=\s*(["'])/.exec(src.slice(j, Math.min(end, j + 200)));
    if (m) {
      const vs = j + m[0].length;
      const close = src.indexOf(m[2]!, vs);
      const ve = close < 0 || close > end ? end : close;
      out.push({ name: m[1]!, start: vs, end: ve });
      j = ve + 1;
      continue;
    }
    j++;
  }
  return out;
}

interface Masking {
  masked: string;
  /** Ranges whose characters are dropped from prose (sorted). */
  dropped: Array<[number, number]>;
  /** Where a masked expression left its U+FFFC: its start → the expression's end. */
  barriers: Map<number, number>;
  directives: Directive[];
  attributes: Array<{ name: string; start: number; end: number }>;
  /** JSX elements inside a sentence (`<Badge>free</Badge>`): a fix takes them whole. */
  inline: Array<[number, number]>;
}

function mask(src: string, root: MdNode): Masking {
  const chars = src.split('');
  const dropped: Array<[number, number]> = [];
  const barriers = new Map<number, number>();
  const directives: Directive[] = [];
  const attributes: Masking['attributes'] = [];
  const inline: Array<[number, number]> = [];
  const lineHasOtherText = (a: number, b: number): boolean => {
    let ls = a;
    while (ls > 0 && src[ls - 1] !== '\n' && src[ls - 1] !== '\r') ls--;
    let le = b;
    while (le < src.length && src[le] !== '\n' && src[le] !== '\r') le++;
    return /\S/.test(src.slice(ls, a)) || /\S/.test(src.slice(b, le));
  };
  /** Mask [a, b): blank when alone on its lines, else text the parser reads as a word; `barrier` keeps one U+FFFC. */
  const hide = (a: number, b: number, barrier: boolean): void => {
    if (b <= a) return;
    const inline = lineHasOtherText(a, b);
    for (let k = a; k < b; k++) {
      const c = src.charCodeAt(k);
      if (c === 0x0a || c === 0x0d) continue;
      chars[k] = inline ? ZWSP : ' ';
    }
    if (barrier && inline) {
      chars[a] = BARRIER;
      barriers.set(a, b);
      if (b > a + 1) dropped.push([a + 1, b]);
    } else dropped.push([a, b]);
  };
  const walk = (n: MdNode): void => {
    const a = n.position?.start.offset;
    const b = n.position?.end.offset;
    switch (n.type) {
      case 'mdxjsEsm':
        if (a !== undefined && b !== undefined) hide(a, b, false);
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression': {
        if (a === undefined || b === undefined) return;
        const body = src.slice(a + 1, b - 1);
        const m = /^\s*\/\*([\s\S]*)\*\/\s*$/.exec(body);
        if (m) {
          const open = src.indexOf('/*', a);
          if (m[1]!.includes('routelint-')) directives.push(...parseDirectives(m[1]!, open + 2, a, b));
          hide(a, b, false);
        } else hide(a, b, n.type === 'mdxTextExpression');
        return;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        if (a === undefined || b === undefined) break;
        if (n.type === 'mdxJsxTextElement') inline.push([a, b]);
        const openEnd = jsxTagEnd(src, a, b);
        for (const attr of jsxAttributes(src, a, openEnd)) if (isReadAttribute(attr.name) && attr.end > attr.start) attributes.push(attr);
        hide(a, openEnd, false);
        const selfClosing = src[openEnd - 2] === '/';
        if (!selfClosing) {
          const close = src.lastIndexOf('</', b - 1);
          if (close >= openEnd) hide(close, b, false);
        }
        break;
      }
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  dropped.sort((x, y) => x[0] - y[0]);
  return { masked: chars.join(''), dropped, barriers, directives, attributes, inline };
}

/** Drop the prose characters that stand for masked syntax; collapse the spaces this leaves. */
function dropMasked(block: ProseBlock, m: Masking): ProseBlock | null {
  const dropped = m.dropped;
  const inDropped = (s: number, e: number): boolean => {
    let lo = 0;
    let hi = dropped.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dropped[mid]![1] <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo < dropped.length && dropped[lo]![0] <= s && e <= dropped[lo]![1];
  };
  const { text, starts } = block;
  let changed = false;
  const keep: number[] = [];
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if ((ch === ZWSP || ch === ' ') && inDropped(starts[k]!, block.ends[k]!)) {
      changed = true;
      continue;
    }
    if (ch === ' ' && (keep.length === 0 || text[keep[keep.length - 1]!] === ' ')) {
      changed = true;
      continue;
    }
    keep.push(k);
  }
  while (keep.length > 0 && text[keep[keep.length - 1]!] === ' ') {
    keep.pop();
    changed = true;
  }
  const ends = Int32Array.from(keep, (k) => block.ends[k]!);
  keep.forEach((k, i) => {
    if (text[k] === BARRIER) {
      const e = m.barriers.get(starts[k]!);
      if (e !== undefined && e > ends[i]!) {
        ends[i] = e;
        changed = true;
      }
    }
  });
  if (!changed) return block;
  if (keep.length === 0 || keep.every((k) => text[k] === BARRIER)) return null;
  return {
    ...block,
    text: keep.map((k) => text[k]).join(''),
    starts: Int32Array.from(keep, (k) => starts[k]!),
    ends,
  };
}

export function extractMdx(src: string, ctx: ExtractContext): Extraction {
  let root: MdNode;
  try {
    root = processor.parse(src) as unknown as MdNode;
  } catch {
    return markdownMdxExtractor.extract(src, ctx);
  }
  const m = mask(src, root);
  const md = markdownExtractor.extract(m.masked, ctx);
  // Markdown blocks with the masked syntax dropped, then the attribute blocks in document order.
  const remap = new Map<number, number>();
  const blocks: ProseBlock[] = [];
  md.blocks.forEach((b, i) => {
    let kept = dropMasked(b, m);
    if (kept && m.inline.length > 0 && kept.text.length > 0) {
      const lo = Math.min(...kept.starts);
      const hi = Math.max(...kept.ends);
      const inside = m.inline.filter(([s, e]) => s >= lo && e <= hi);
      if (inside.length > 0) kept = { ...kept, inline: [...(kept.inline ?? []), ...inside] };
    }
    if (kept) {
      remap.set(i, blocks.length);
      blocks.push(kept);
    }
  });
  const attrs: ProseBlock[] = [];
  for (const a of m.attributes) {
    const f = new Flow('jsx');
    f.open('attribute', 'jsx');
    f.text(src, a.start, a.end, true, true);
    const q = src[a.start - 1] === "'" ? "'" : '"';
    for (const b of f.finish().blocks) attrs.push({ ...b, quote: q });
  }
  const merged: ProseBlock[] = [];
  const finalIndex = new Map<number, number>();
  let ai = 0;
  blocks.forEach((b, bi) => {
    while (ai < attrs.length && attrs[ai]!.starts[0]! < b.starts[0]!) {
      attrs[ai]!.section = merged.length > 0 ? merged[merged.length - 1]!.section : 0;
      merged.push(attrs[ai++]!);
    }
    finalIndex.set(bi, merged.length);
    merged.push(b);
  });
  while (ai < attrs.length) {
    attrs[ai]!.section = merged.length > 0 ? merged[merged.length - 1]!.section : 0;
    merged.push(attrs[ai++]!);
  }
  const sections = md.sections.map((s) => {
    if (s.headingBlock === null) return s;
    const r = remap.get(s.headingBlock);
    return { ...s, headingBlock: r === undefined ? null : finalIndex.get(r)! };
  });
  const directives = [...md.directives, ...m.directives].sort((x, y) => x.start - y.start);
  const out: Extraction = { ...md, blocks: merged, sections, directives };
  return out;
}

export const mdxExtractor: Extractor = {
  id: 'mdx',
  extract(text: string, ctx: ExtractContext): Extraction {
    return extractMdx(text, ctx);
  },
};
