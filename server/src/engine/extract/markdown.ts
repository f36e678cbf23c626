// Markdown (and, for now, MDX read as Markdown) → prose blocks with exact source maps.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';
import { BARRIER, ProseBuilder } from '../prose.js';
import { htmlCommentDirectives, parseDirectives } from '../directives.js';
import { normalizeLabel, planChunks, relevel, replanChunks, type Chunk, type ChunkPlan, type Unit } from './chunks.js';
import {
  TooDeepError,
  type BlockKind,
  type Directive,
  type ExtractContext,
  type Extraction,
  type Extractor,
  type Host,
  type ProseBlock,
  type Section,
} from '../types.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']);

/** The subset of mdast we read (kept loose so unknown node types pass through). */
interface MdNode {
  type: string;
  children?: MdNode[];
  value?: string;
  alt?: string | null;
  depth?: number;
  position?: { start: { offset?: number }; end: { offset?: number } };
}

function startOf(n: MdNode): number {
  return n.position?.start.offset ?? 0;
}
function hasPosition(n: MdNode): boolean {
  return n.position?.start.offset !== undefined && n.position.end.offset !== undefined;
}
/** The flattened text of a node (text values of its descendants). */
function flatText(n: MdNode): string {
  if (n.value !== undefined) return n.value;
  let out = '';
  for (const c of n.children ?? []) out += flatText(c);
  return out;
}
function endOf(n: MdNode): number {
  return n.position?.end.offset ?? startOf(n);
}

// ---------------------------------------------------------------------------------------------
// Character helpers

const C_TAB = 9;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_GT = 62;
const C_BACKSLASH = 92;
const C_AMP = 38;
const C_SEMI = 59;

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isLineWs(c: number): boolean {
  return c === C_SPACE || c === C_TAB;
}
function isYamlWs(c: number): boolean {
  return c === C_SPACE || c === C_TAB || c === C_LF || c === C_CR;
}
/** Markup chars that may be skipped in source when aligning a flattened string (image alt). */
function isMarkupChar(c: number): boolean {
  return c === 42 || c === 95 || c === 126 || c === 96 || c === 91 || c === 93; // * _ ~ ` [ ]
}

/** If src[i] starts a character reference `&...;` (within end), the index of its ';', else -1. */
function entityEnd(src: string, i: number, end: number): number {
  let j = i + 1;
  if (j >= end) return -1;
  if (src.charCodeAt(j) === 35 /* # */) {
    j++;
    const hex = j < end && (src.charCodeAt(j) === 120 || src.charCodeAt(j) === 88);
    if (hex) j++;
    const d0 = j;
    const max = hex ? 6 : 7;
    while (j < end && j - d0 < max && (hex ? isHex(src.charCodeAt(j)) : isAlnum(src.charCodeAt(j)) && src.charCodeAt(j) <= 57)) j++;
    if (j === d0) return -1;
  } else {
    const d0 = j;
    const c0 = src.charCodeAt(j);
    if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return -1;
    while (j < end && j - d0 < 32 && isAlnum(src.charCodeAt(j))) j++;
  }
  return j < end && src.charCodeAt(j) === C_SEMI ? j : -1;
}

function numericEntity(src: string, i: number, semi: number): string | null {
  if (src.charCodeAt(i + 1) !== 35) return null;
  const hex = src.charCodeAt(i + 2) === 120 || src.charCodeAt(i + 2) === 88;
  const digits = src.slice(i + (hex ? 3 : 2), semi);
  const cp = parseInt(digits, hex ? 16 : 10);
  if (!Number.isFinite(cp) || cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(cp);
}

/** Map value[vi..) over src[si, e) proportionally (alignment failed): offsets stay inside the range. */
function fallbackMap(b: ProseBuilder, value: string, vi: number, si: number, e: number): void {
  const m = value.length - vi;
  if (m <= 0) return;
  const span = Math.max(0, e - si);
  for (let j = 0; j < m; j++) {
    const a = si + Math.floor((j * span) / m);
    let z = si + Math.floor(((j + 1) * span) / m);
    if (z <= a) z = Math.min(e, a + 1);
    const ch = value.charCodeAt(vi + j);
    if (ch === C_LF || ch === C_CR) b.pushSpace(Math.min(a, z), z);
    else b.pushMapped(value[vi + j]!, Math.min(a, z), z);
  }
}

/**
 * Align an mdast string value (text node value, image alt) against its source src[s, e) and push it.
 * Handles soft breaks with container prefixes, CRLF, backslash escapes and character references.
 * `lenient` skips unmatched markup chars in the source (for alt text flattened from inline markup).
 */
function alignMarkdown(b: ProseBuilder, value: string, src: string, s: number, e: number, lenient: boolean): number {
  const vn = value.length;
  let vi = 0;
  let si = s;
  while (vi < vn) {
    const vc = value.charCodeAt(vi);
    if (vc === C_LF || vc === C_CR) {
      vi++;
      if (vc === C_CR && vi < vn && value.charCodeAt(vi) === C_LF) vi++;
      const sp0 = si;
      while (si < e && isLineWs(src.charCodeAt(si))) si++;
      if (si < e && src.charCodeAt(si) === C_CR) si++;
      if (si < e && src.charCodeAt(si) === C_LF) si++;
      while (si < e) {
        const c = src.charCodeAt(si);
        if (c === C_SPACE || c === C_TAB || c === C_GT) si++;
        else break;
      }
      // Leading whitespace of the continuation line is not part of the value either.
      while (vi < vn && isLineWs(value.charCodeAt(vi)) && !(si < e && src.charCodeAt(si) === value.charCodeAt(vi))) vi++;
      b.pushSpace(sp0, si);
      continue;
    }
    if (si >= e) break;
    const sc = src.charCodeAt(si);
    if (sc === C_BACKSLASH && si + 1 < e && src.charCodeAt(si + 1) === vc && isAsciiPunct(vc)) {
      b.pushMapped(value[vi]!, si, si + 2);
      vi++;
      si += 2;
      continue;
    }
    if (sc === C_AMP) {
      const semi = entityEnd(src, si, e);
      if (semi > 0 && !value.startsWith(src.slice(si, semi + 1), vi)) {
        let len = -1;
        const num = numericEntity(src, si, semi);
        if (num !== null && value.startsWith(num, vi)) len = num.length;
        if (len < 0) {
          // Named (or unexpected numeric) reference: find the decoded length by looking at what follows.
          const cpLen = vc >= 0xd800 && vc <= 0xdbff ? 2 : 1;
          const next = semi + 1 < e ? src.charCodeAt(semi + 1) : -1;
          const fits = (l: number): boolean => {
            if (vi + l > vn) return false;
            if (vi + l === vn) return true;
            const vnext = value.charCodeAt(vi + l);
            return next === vnext || next === C_BACKSLASH || next === C_AMP || ((next === C_CR || next === C_LF || next === C_SPACE) && (vnext === C_LF || vnext === C_CR));
          };
          if (fits(cpLen)) len = cpLen;
          else {
            for (let l = 1; l <= 4; l++) {
              if (fits(l)) {
                len = l;
                break;
              }
            }
          }
          if (len < 0) len = Math.min(cpLen, vn - vi);
        }
        b.pushMapped(value.slice(vi, vi + len), si, semi + 1);
        vi += len;
        si = semi + 1;
        continue;
      }
    }
    if (sc === vc) {
      const v0 = vi;
      const s0 = si;
      vi++;
      si++;
      while (vi < vn && si < e) {
        const c = value.charCodeAt(vi);
        if (c === C_LF || c === C_CR || c === C_AMP || c === C_BACKSLASH || c !== src.charCodeAt(si)) break;
        vi++;
        si++;
      }
      b.push(value.slice(v0, vi), s0);
      continue;
    }
    if (lenient && sc === 93 && si + 1 < e && src.charCodeAt(si + 1) === 40) {
      // `](url "title")` of a link inside alt text
      const close = src.indexOf(')', si + 2);
      if (close >= 0 && close < e) {
        si = close + 1;
        continue;
      }
    }
    if (lenient && (isMarkupChar(sc) || ((sc === C_LF || sc === C_CR) && vc === C_SPACE))) {
      si++;
      continue;
    }
    break;
  }
  if (vi < vn) {
    fallbackMap(b, value, vi, si, e);
    return e;
  }
  return si;
}

/**
 * Align a YAML/TOML scalar value against its source (quotes already excluded).
 * mode: 'plain' | 'double' (backslash escapes) | 'single' ('' is a quote) | 'block'.
 */
function alignScalar(b: ProseBuilder, value: string, src: string, s: number, e: number, mode: 'plain' | 'double' | 'single' | 'block'): void {
  const vn = value.length;
  let vi = 0;
  let si = s;
  while (vi < vn) {
    const vc = value.charCodeAt(vi);
    if (si >= e) break;
    const sc = src.charCodeAt(si);
    if (mode === 'double' && sc === C_BACKSLASH && si + 1 < e) {
      const k = src.charCodeAt(si + 1);
      if (k === C_LF || k === C_CR) {
        // escaped line break: no value char
        si += 2;
        if (k === C_CR && si < e && src.charCodeAt(si) === C_LF) si++;
        while (si < e && isLineWs(src.charCodeAt(si))) si++;
        continue;
      }
      let len = 2;
      let dec: string | null = null;
      if (k === 120 || k === 117 || k === 85) {
        const digits = k === 120 ? 2 : k === 117 ? 4 : 8;
        len = 2 + digits;
        const cp = parseInt(src.slice(si + 2, si + len), 16);
        if (Number.isFinite(cp) && cp <= 0x10ffff) dec = String.fromCodePoint(cp);
      }
      const l = dec !== null && value.startsWith(dec, vi) ? dec.length : 1;
      if (vc === C_LF || vc === C_CR || vc === C_TAB) b.pushSpace(si, Math.min(e, si + len));
      else b.pushMapped(value.slice(vi, vi + l), si, Math.min(e, si + len));
      vi += l;
      si = Math.min(e, si + len);
      continue;
    }
    if (mode === 'single' && sc === 39 && vc === 39 && si + 1 < e && src.charCodeAt(si + 1) === 39) {
      b.pushMapped("'", si, si + 2);
      vi++;
      si += 2;
      continue;
    }
    if (sc === vc && vc !== C_LF && vc !== C_CR) {
      const v0 = vi;
      const s0 = si;
      vi++;
      si++;
      while (vi < vn && si < e) {
        const c = value.charCodeAt(vi);
        if (c === C_LF || c === C_CR || c !== src.charCodeAt(si)) break;
        if (mode === 'double' && c === C_BACKSLASH) break;
        if (mode === 'single' && c === 39) break;
        vi++;
        si++;
      }
      b.push(value.slice(v0, vi), s0);
      continue;
    }
    if (isYamlWs(vc) && isYamlWs(sc)) {
      while (vi < vn && isYamlWs(value.charCodeAt(vi))) vi++;
      const sp0 = si;
      while (si < e && isYamlWs(src.charCodeAt(si))) si++;
      b.pushSpace(sp0, si);
      continue;
    }
    if (isYamlWs(sc)) {
      // indentation / folded line break the value does not keep
      si++;
      continue;
    }
    break;
  }
  if (vi < vn) fallbackMap(b, value, vi, si, e);
}

// ---------------------------------------------------------------------------------------------
// Depth guard (cheap scan before parsing)

function isListBullet(c: number): boolean {
  return c === 45 || c === 42 || c === 43; // - * +
}

/** Throws TooDeepError if some line's blockquote/list nesting exceeds maxDepth; returns the deepest seen. */
export function checkNesting(src: string, maxDepth: number): number {
  const n = src.length;
  const stack: number[] = []; // content columns of open list items
  let deepest = 0;
  let i = 0;
  while (i < n) {
    let eol = src.indexOf('\n', i);
    if (eol < 0) eol = n;
    let p = i;
    let col = 0;
    let quotes = 0;
    // blockquote markers and indentation
    for (;;) {
      while (p < eol) {
        const c = src.charCodeAt(p);
        if (c === C_SPACE) col++;
        else if (c === C_TAB) col += 4 - (col % 4);
        else break;
        p++;
      }
      if (p < eol && src.charCodeAt(p) === C_GT) {
        quotes++;
        if (quotes > maxDepth) throw new TooDeepError(maxDepth);
        if (quotes > deepest) deepest = quotes;
        p++;
        col++;
        continue;
      }
      break;
    }
    const c0 = p < eol ? src.charCodeAt(p) : C_CR;
    if (c0 === C_CR) {
      i = eol + 1; // blank line: lists stay open
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1]! > col) stack.pop();
    if (quotes + stack.length > maxDepth) throw new TooDeepError(maxDepth);
    if (quotes + stack.length > deepest) deepest = quotes + stack.length;
    // `- - -` / `* * *` running to the end of the line is a thematic break (or trivially shallow);
    // the scan result is cached so a long line of markers stays linear.
    let thChar = -1;
    let thFrom = 0;
    let thStop = 0;
    let thEnd = false;
    // list markers (and quotes after them) on this line
    while (p < eol) {
      const c = src.charCodeAt(p);
      if (c === C_GT) {
        quotes++;
        p++;
        col++;
      } else {
        let q = p;
        if (isListBullet(c)) q = p + 1;
        else if (c >= 48 && c <= 57) {
          while (q < eol && q - p < 9 && src.charCodeAt(q) >= 48 && src.charCodeAt(q) <= 57) q++;
          const d = q < eol ? src.charCodeAt(q) : -1;
          if (d !== 46 && d !== 41) break; // . )
          q++;
        } else break;
        const after = q < eol ? src.charCodeAt(q) : C_CR;
        if (!(after === C_SPACE || after === C_TAB || after === C_CR)) break;
        if (c === 45 || c === 42) {
          if (!(thChar === c && p >= thFrom && p < thStop)) {
            let r = p;
            while (r < eol) {
              const k = src.charCodeAt(r);
              if (k === c || k === C_SPACE || k === C_TAB || k === C_CR) r++;
              else break;
            }
            thChar = c;
            thFrom = p;
            thStop = r;
            thEnd = r >= eol;
            if (thEnd) thStop = eol;
          }
          if (thEnd) break;
        }
        const markerCol = col;
        const width = q - p;
        col += width;
        p = q;
        let spaces = 0;
        while (p < eol && isLineWs(src.charCodeAt(p))) {
          spaces++;
          col++;
          p++;
        }
        const atEnd = p >= eol || src.charCodeAt(p) === C_CR;
        stack.push(markerCol + width + (spaces >= 1 && spaces <= 4 && !atEnd ? spaces : 1));
      }
      if (quotes + stack.length > maxDepth) throw new TooDeepError(maxDepth);
      if (quotes + stack.length > deepest) deepest = quotes + stack.length;
      while (p < eol && isLineWs(src.charCodeAt(p))) {
        p++;
        col++;
      }
    }
    i = eol + 1;
  }
  return deepest;
}

// ---------------------------------------------------------------------------------------------
// Front matter

interface FrontMatterOut {
  data?: Record<string, unknown>;
  range: [number, number];
  fields: Array<{ value: string; start: number; end: number; mode: 'plain' | 'double' | 'single' | 'block' }>;
}

const PROSE_KEYS = new Set(['title', 'description']);

function contentStartOf(src: string, start: number, end: number, value: string): number {
  const nl = src.indexOf('\n', start);
  let cs = nl < 0 || nl >= end ? end : nl + 1;
  if (value.length > 0 && !src.startsWith(value, cs)) {
    const k = src.indexOf(value, start);
    cs = k >= 0 && k < end ? k : -1;
  }
  return cs;
}

function yamlFrontMatter(src: string, node: MdNode): FrontMatterOut {
  const start = startOf(node);
  const end = endOf(node);
  const out: FrontMatterOut = { range: [start, end], fields: [] };
  const value = node.value ?? '';
  const cs = contentStartOf(src, start, end, value);
  if (cs < 0) return out;
  try {
    const doc = parseDocument(value, { prettyErrors: false });
    if (doc.errors.length > 0) return out;
    const js: unknown = doc.toJS();
    if (js !== null && typeof js === 'object' && !Array.isArray(js)) out.data = js as Record<string, unknown>;
    if (!isMap(doc.contents)) return out;
    for (const pair of doc.contents.items) {
      const key = pair.key;
      const val = pair.value;
      if (!isScalar(key) || typeof key.value !== 'string' || !PROSE_KEYS.has(key.value)) continue;
      if (!isScalar(val) || typeof val.value !== 'string' || !val.range) continue;
      const [r0, r1] = val.range;
      const t = val.type;
      let s = cs + r0;
      let e = cs + r1;
      let mode: 'plain' | 'double' | 'single' | 'block' = 'plain';
      let text = val.value;
      if (t === Scalar.QUOTE_DOUBLE || t === Scalar.QUOTE_SINGLE) {
        mode = t === Scalar.QUOTE_DOUBLE ? 'double' : 'single';
        s += 1;
        e -= 1;
      } else if (t === Scalar.BLOCK_LITERAL || t === Scalar.BLOCK_FOLDED) {
        mode = 'block';
        const nl = src.indexOf('\n', s);
        s = nl < 0 || nl >= e ? e : nl + 1;
        text = text.replace(/[\r\n]+$/, '');
      }
      if (e < s) e = s;
      out.fields.push({ value: text, start: s, end: e, mode });
    }
  } catch {
    // A broken front matter never stops extraction: just no front-matter blocks.
    out.fields = [];
    delete out.data;
  }
  return out;
}

const TOML_LINE = /^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^ \t\r\n#"'][^\r\n#]*?))[ \t]*(?:#.*)?$/;

function tomlUnescape(s: string): string {
  return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, g: string) => {
    if (g.length > 1) {
      const cp = parseInt(g.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
    }
    switch (g) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return g;
    }
  });
}

/** Minimal TOML front matter: top-level `key = value` lines before the first table header. */
function tomlFrontMatter(src: string, node: MdNode): FrontMatterOut {
  const start = startOf(node);
  const end = endOf(node);
  const out: FrontMatterOut = { range: [start, end], fields: [] };
  const value = node.value ?? '';
  const cs = contentStartOf(src, start, end, value);
  if (cs < 0) return out;
  const data: Record<string, unknown> = {};
  let off = 0;
  while (off <= value.length) {
    let eol = value.indexOf('\n', off);
    if (eol < 0) eol = value.length;
    const line = value.slice(off, eol).replace(/\r$/, '');
    if (/^\s*\[/.test(line)) break;
    const m = TOML_LINE.exec(line);
    if (m) {
      const key = m[1]!;
      if (m[2] !== undefined) {
        data[key] = tomlUnescape(m[2]);
        if (PROSE_KEYS.has(key)) {
          const q = line.indexOf('"', line.indexOf('=')) + 1;
          out.fields.push({ value: data[key] as string, start: cs + off + q, end: cs + off + q + m[2].length, mode: 'double' });
        }
      } else if (m[3] !== undefined) {
        data[key] = m[3];
        if (PROSE_KEYS.has(key)) {
          const q = line.indexOf("'", line.indexOf('=')) + 1;
          out.fields.push({ value: m[3], start: cs + off + q, end: cs + off + q + m[3].length, mode: 'plain' });
        }
      } else if (m[4] !== undefined) {
        const raw = m[4].trim();
        data[key] = raw === 'true' ? true : raw === 'false' ? false : /^[+-]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      }
    }
    off = eol + 1;
  }
  out.data = data;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The walk

type Container = 'none' | 'list' | 'quote';

interface BlockCtx {
  container: Container;
  leadIn: string;
  table: boolean;
}

interface Pending {
  b: ProseBuilder;
  inline: Array<[number, number]>;
  images: MdNode[];
  code: string[];
  host: Host;
}

function hasProse(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== C_SPACE && c !== 0xfffc) return true;
  }
  return false;
}

function endsWithColon(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === 0xfffc)) i--;
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  return c === 58 || c === 0xff1a;
}

class MarkdownWalker {
  readonly blocks: ProseBlock[] = [];
  readonly sections: Section[] = [{ headingText: '', headingBlock: null, parent: null }];
  readonly directives: Directive[] = [];
  frontMatter: FrontMatterOut | null = null;
  private section = 0;
  private readonly sectionStack: Array<{ index: number; depth: number }> = [];
  private readonly maxWalk: number;

  constructor(
    private readonly src: string,
    maxDepth: number,
    private readonly mdx: MdxInfo | null,
  ) {
    this.maxWalk = maxDepth * 2 + 8;
  }

  walkChildren(parent: MdNode, ctx: BlockCtx, depth: number): void {
    const children = parent.children;
    if (!children) return;
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    let prevPara: string | null = null;
    for (const child of children) {
      switch (child.type) {
        case 'paragraph': {
          if (this.mdx && ctx.container === 'none' && isMdxEsm(this.src, startOf(child))) {
            prevPara = null;
            break;
          }
          const kind: BlockKind = ctx.container === 'list' ? 'list-item' : ctx.container === 'quote' ? 'blockquote' : 'paragraph';
          const block = this.buildBlock(child, kind, ctx.table ? 'markdown-table' : 'markdown', depth);
          prevPara = block.text;
          if (kind === 'list-item') block.leadIn = ctx.leadIn;
          this.addBlock(block);
          this.flushImages();
          break;
        }
        case 'heading': {
          const d = child.depth ?? 1;
          while (this.sectionStack.length > 0 && this.sectionStack[this.sectionStack.length - 1]!.depth >= d) this.sectionStack.pop();
          const parentSection = this.sectionStack.length > 0 ? this.sectionStack[this.sectionStack.length - 1]!.index : null;
          const index = this.sections.length;
          this.sections.push({ headingText: '', headingBlock: null, parent: parentSection });
          this.sectionStack.push({ index, depth: d });
          this.section = index;
          const block = this.buildBlock(child, 'heading', 'markdown', depth);
          block.depth = d;
          const section = this.sections[index]!;
          section.headingText = block.text.trim();
          const bi = this.addBlock(block);
          if (bi >= 0) section.headingBlock = bi;
          this.flushImages();
          prevPara = null;
          break;
        }
        case 'html':
          this.directives.push(...htmlCommentDirectives(this.src, startOf(child), endOf(child)));
          // A comment between a lead-in and its list keeps the lead-in.
          if (!/^\s*<!--/.test(child.value ?? '')) prevPara = null;
          break;
        case 'list': {
          const own = prevPara !== null && endsWithColon(prevPara) ? prevPara.trim() : '';
          const leadIn = own !== '' ? own : ctx.container === 'list' ? ctx.leadIn : '';
          this.walkList(child, { container: 'list', leadIn, table: ctx.table }, depth + 1);
          prevPara = null;
          break;
        }
        case 'blockquote':
          this.walkChildren(child, { container: 'quote', leadIn: '', table: ctx.table }, depth + 1);
          prevPara = null;
          break;
        case 'footnoteDefinition':
          this.walkChildren(child, { container: 'none', leadIn: '', table: ctx.table }, depth + 1);
          prevPara = null;
          break;
        case 'table':
          this.walkTable(child, depth + 1);
          prevPara = null;
          break;
        case 'yaml':
        case 'toml':
          if (this.frontMatter === null) {
            this.frontMatter = child.type === 'yaml' ? yamlFrontMatter(this.src, child) : tomlFrontMatter(this.src, child);
            this.frontMatterBlocks(this.frontMatter);
          }
          prevPara = null;
          break;
        case 'code':
        case 'definition':
        case 'thematicBreak':
        case 'math':
          prevPara = null;
          break;
        default:
          // Unknown containers (listItem outside a list, extensions): walk their children.
          if (child.children) this.walkChildren(child, ctx, depth + 1);
          prevPara = null;
      }
    }
  }

  private frontMatterBlocks(fm: FrontMatterOut): void {
    for (const f of fm.fields) {
      const b = new ProseBuilder(f.value.length + 4);
      alignScalar(b, f.value, this.src, f.start, f.end, f.mode);
      const built = b.finish();
      this.addBlock({ text: built.text, starts: built.starts, ends: built.ends, kind: 'front-matter', section: this.section, host: 'yaml' });
    }
  }

  private walkList(list: MdNode, ctx: BlockCtx, depth: number): void {
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    for (const item of list.children ?? []) this.walkChildren(item, ctx, depth + 1);
  }

  private walkTable(table: MdNode, depth: number): void {
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    const headers: string[] = [];
    const rows = table.children ?? [];
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r]!.children ?? [];
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c]!;
        const block = this.buildBlock(cell, 'table-cell', 'markdown-table', depth + 2);
        if (r === 0) headers[c] = block.text.trim();
        block.table = { header: headers[c] ?? '', row: r, column: c };
        this.addBlock(block);
        this.flushImages();
      }
    }
  }

  private pending: Pending | null = null;
  private pendingImages: Array<{ node: MdNode; host: Host }> = [];

  private buildBlock(node: MdNode, kind: BlockKind, host: Host, depth: number): ProseBlock {
    const p: Pending = { b: new ProseBuilder(Math.max(16, endOf(node) - startOf(node))), inline: [], images: [], code: [], host };
    const saved = this.pending;
    this.pending = p;
    this.inlineChildren(node, depth + 1);
    this.pending = saved;
    const built = p.b.finish();
    for (const img of p.images) this.pendingImages.push({ node: img, host });
    const block: ProseBlock = { text: built.text, starts: built.starts, ends: built.ends, kind, section: this.section, host };
    if (p.inline.length > 0) block.inline = p.inline;
    if (p.code.length > 0) block.code = p.code;
    return block;
  }

  private flushImages(): void {
    if (this.pendingImages.length === 0) return;
    const images = this.pendingImages;
    this.pendingImages = [];
    for (const { node, host } of images) {
      const alt = node.alt ?? '';
      if (alt.length === 0) continue;
      const b = new ProseBuilder(alt.length + 4);
      const s = startOf(node) + 2;
      alignMarkdown(b, alt, this.src, Math.min(s, endOf(node)), endOf(node), true);
      const built = b.finish();
      this.addBlock({ text: built.text, starts: built.starts, ends: built.ends, kind: 'alt', section: this.section, host });
    }
  }

  /** Adds a block if it has prose; returns its index or -1. */
  private addBlock(block: ProseBlock): number {
    if (this.mdx && this.mdx.ranges.length > 0) maskMdxComments(block, this.mdx.ranges);
    if (!hasProse(block.text)) return -1;
    this.blocks.push(block);
    return this.blocks.length - 1;
  }

  private inlineChildren(node: MdNode, depth: number): void {
    const children = node.children;
    if (!children) return;
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    const p = this.pending!;
    const b = p.b;
    const src = this.src;
    // Nodes made by GFM's literal-autolink transform have no position: place them by scanning the
    // source between their positioned neighbours.
    let cursor = startOf(node);
    for (let ci = 0; ci < children.length; ci++) {
      const child = children[ci]!;
      if (!hasPosition(child)) {
        let hi = endOf(node);
        for (let k = ci + 1; k < children.length; k++) {
          if (hasPosition(children[k]!)) {
            hi = startOf(children[k]!);
            break;
          }
        }
        if (hi < cursor) hi = cursor;
        if (child.type === 'text') {
          cursor = alignMarkdown(b, child.value ?? '', src, cursor, hi, false);
        } else {
          const t = flatText(child);
          const k = t.length > 0 ? src.indexOf(t, cursor) : -1;
          if (k >= 0 && k + t.length <= hi) {
            b.pushBarrier(k, k + t.length);
            cursor = k + t.length;
          } else {
            b.pushBarrier(cursor, cursor);
          }
        }
        continue;
      }
      cursor = endOf(child);
      switch (child.type) {
        case 'text':
          alignMarkdown(b, child.value ?? '', src, startOf(child), endOf(child), false);
          break;
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'linkReference':
          p.inline.push([startOf(child), endOf(child)]);
          this.inlineChildren(child, depth + 1);
          break;
        case 'link': {
          const s = startOf(child);
          if (src.charCodeAt(s) !== 91 /* [ */) {
            // autolink <https://x> or a GFM literal URL / email: not prose
            b.pushBarrier(s, endOf(child));
          } else {
            p.inline.push([s, endOf(child)]);
            this.inlineChildren(child, depth + 1);
          }
          break;
        }
        case 'break':
          b.pushSpace(startOf(child), endOf(child));
          break;
        case 'image':
        case 'imageReference':
          p.images.push(child);
          b.pushBarrier(startOf(child), endOf(child));
          break;
        case 'html':
          this.directives.push(...htmlCommentDirectives(src, startOf(child), endOf(child)));
          b.pushBarrier(startOf(child), endOf(child));
          break;
        case 'inlineCode':
          if (typeof child.value === 'string') p.code.push(child.value);
          b.pushBarrier(startOf(child), endOf(child));
          break;
        case 'footnoteReference':
        case 'inlineMath':
          b.pushBarrier(startOf(child), endOf(child));
          break;
        default:
          if (child.children) this.inlineChildren(child, depth + 1);
          else b.pushBarrier(startOf(child), endOf(child));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// MDX: `{/* ... */}` comments carry directives and are not prose; top-level import/export lines are skipped.

interface MdxInfo {
  ranges: Array<[number, number]>;
}

function scanMdxComments(src: string, directives: Directive[]): MdxInfo {
  const ranges: Array<[number, number]> = [];
  let i = src.indexOf('{/*');
  while (i >= 0) {
    const close = src.indexOf('*/}', i + 3);
    if (close < 0) break;
    const end = close + 3;
    ranges.push([i, end]);
    const body = src.slice(i + 3, close);
    if (body.includes('routelint-')) directives.push(...parseDirectives(body, i + 3, i, end));
    i = src.indexOf('{/*', end);
  }
  return { ranges };
}

function inRanges(ranges: Array<[number, number]>, x: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (x < r[0]) hi = mid - 1;
    else if (x >= r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function maskMdxComments(block: ProseBlock, ranges: Array<[number, number]>): void {
  let out: string[] | null = null;
  const t = block.text;
  for (let i = 0; i < t.length; i++) {
    if (inRanges(ranges, block.starts[i]!)) {
      out ??= t.split('');
      out[i] = BARRIER;
    }
  }
  if (out) block.text = out.join('');
}

function isMdxEsm(src: string, start: number): boolean {
  return src.startsWith('import ', start) || src.startsWith('export ', start);
}

// ---------------------------------------------------------------------------------------------

function extractMarkdown(text: string, ctx: ExtractContext, mdx: boolean): Extraction {
  // (a plan made already passed the same check on the same text)
  const nesting = ctx.plan ? 0 : checkNesting(text, ctx.maxDepth);
  const directives: Directive[] = [];
  const mdxInfo = mdx ? scanMdxComments(text, directives) : null;
  try {
    if (ctx.wanted && nesting <= MAX_PARTIAL_NESTING) {
      const partial = extractPartial(text, ctx, ctx.wanted, mdxInfo, directives, nesting);
      if (partial) return partial;
    } else if (ctx.wanted) {
      partialStats.chars += text.length;
      partialStats.whole++;
    }
    const root = processor.parse(text) as unknown as MdNode;
    return walkRoot(text, root, ctx, mdxInfo, directives);
  } catch (e) {
    if (e instanceof RangeError) throw new TooDeepError(ctx.maxDepth);
    throw e;
  }
}

function walkRoot(text: string, root: MdNode, ctx: ExtractContext, mdxInfo: MdxInfo | null, directives: Directive[]): Extraction {
  const walker = new MarkdownWalker(text, ctx.maxDepth, mdxInfo);
  walker.walkChildren(root, { container: 'none', leadIn: '', table: false }, 0);
  const fm = walker.frontMatter;
  const allDirectives = directives.concat(walker.directives).sort((a, b) => a.start - b.start);
  const out: Extraction = { blocks: walker.blocks, sections: walker.sections, directives: allDirectives };
  if (fm) {
    out.frontMatterRange = fm.range;
    if (fm.data) out.frontMatter = fm.data;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The fast path: parse only the units that matter (see chunks.ts)
//
// First the units where a finding may come from (with every heading line and the front matter): their
// blocks are exact, so the caller (ctx.candidate) can tell which really hold a candidate and what its
// findings read. Then, around those that do: the whole chunk when a finding reads its section, with the
// subsections below the top level; every chunk with headings of its own up to the last of them
// (section parents); the next unit with prose (the judge reads the next sentence), and the block before
// a chunk's first one when its heading gives none (a table's caption). Link reference and footnote
// definitions the parsed pieces may use come along. All pieces are parsed together in one remark call,
// in document order, and the tree's offsets are mapped back to the document, so the walker sees exactly
// the nodes a full parse gives for those pieces; a parse that disagrees with the plan (a heading not
// where the scan put it) sends the document to a full parse.

/** Deeper nesting than this (quotes and lists on one line): parse the whole document. */
const MAX_PARTIAL_NESTING = 16;
const MAX_ROUNDS = 4;

/**
 * What the fast path did, summed over the life of the module (for benchmarks and tests): documents
 * it took, by outcome, their length, and the bytes it handed remark (a piece parsed twice counts twice).
 */
export const partialStats = {
  /** No prose could produce a finding: nothing parsed. */
  nothing: 0,
  /** The units a finding may come from were parsed, and none held a candidate. */
  confirmedNone: 0,
  /** Parsed in part, around the candidates. */
  partial: 0,
  /** Parsed whole after all: a document the scan cannot cut safely, or a parse that disagreed with the plan. */
  whole: 0,
  /** Characters of the documents the fast path took, and those handed to remark. */
  chars: 0,
  parsedChars: 0,
  /** Chunk strings handed to remark by the memo's chunk cache (each a cache miss), and their characters. */
  chunkParses: 0,
  chunkChars: 0,
};

/**
 * The front matter as the walker reads it (its data, and where it ends), parsed on its own: what the
 * document's date reads, however much of the rest a lint parses (engine.ts compares dates between
 * versions of a document with it).
 */
export function markdownFrontMatter(text: string, plan: ChunkPlan): { data?: Record<string, unknown>; end: number } | null {
  if (plan.frontMatterEnd <= 0) return null;
  const src = text.slice(0, plan.frontMatterEnd);
  const node = (processor.parse(src) as unknown as MdNode).children?.[0];
  if (!node || (node.type !== 'yaml' && node.type !== 'toml') || !hasPosition(node)) return null;
  const fm = node.type === 'yaml' ? yamlFrontMatter(src, node) : tomlFrontMatter(src, node);
  return fm.data ? { data: fm.data, end: fm.range[1] } : { end: fm.range[1] };
}

/**
 * The chunk plan alone, with no level asked (patch.ts compares the plans of two versions of a
 * document), or null when the fast path would parse the document whole.
 */
export function markdownPlan(text: string, maxDepth: number, prev?: { text: string; plan: ChunkPlan }): ChunkPlan | null {
  const nesting = checkNesting(text, maxDepth);
  if (nesting > MAX_PARTIAL_NESTING) return null;
  const options = { level: () => 0 as const, blockDepth: 2 * nesting + 4, maxWalk: maxDepth * 2 + 8 };
  // after an edit: the plan of the text before it, scanned again only around the edit
  return prev ? replanChunks(prev.text, prev.plan, text, options) : planChunks(text, options);
}

function emptyExtraction(directives: Directive[]): Extraction {
  return { blocks: [], sections: [{ headingText: '', headingBlock: null, parent: null }], directives: [...directives].sort((a, b) => a.start - b.start) };
}

function extractPartial(
  text: string,
  ctx: ExtractContext,
  level: (start: number, end: number) => 0 | 1 | 2,
  mdxInfo: MdxInfo | null,
  directives: Directive[],
  nesting: number,
): Extraction | null {
  const maxWalk = ctx.maxDepth * 2 + 8;
  const candidate = ctx.candidate;
  const exact = candidate
    ? (prose: string, start: number, end: number) =>
        candidate({ text: prose, starts: Int32Array.of(start), ends: Int32Array.of(end), kind: 'paragraph', section: 0, host: 'markdown' })
    : undefined;
  const options = {
    level,
    blockDepth: 2 * nesting + 4,
    maxWalk,
    ...(exact ? { exact } : {}),
    ...(ctx.tableCells ? { tables: true } : {}),
    ...(ctx.wantedTail ? { tailLevel: ctx.wantedTail } : {}),
  };
  const plan = ctx.plan ? relevel(text, ctx.plan, options, ctx.planRanges) : planChunks(text, options);
  partialStats.chars += text.length;
  if (!plan) {
    partialStats.whole++;
    return null;
  }
  const { chunks, units } = plan;
  if (!units.some((u) => u.level > 0)) {
    partialStats.nothing++;
    return emptyExtraction(directives);
  }
  const levels = units.map((u) => u.level);

  // The headings to parse with the included units: every one, or (sparse) those the included units
  // read: their chunks' headings, all of a chunk with headings of its own, and the chunks that may hold
  // an ancestor section of those (by depth; a chunk with headings of its own may hold any).
  const sparse = ctx.sparseHeadings === true;
  const withHeadings = (inc: boolean[]): void => {
    // an item cut from its list's lead-in reads it
    for (let i = units.length - 1; i > 0; i--) {
      if (!inc[i] || !units[i]!.lead) continue;
      let k = i - 1;
      while (k > 0 && units[k]!.lead) k--;
      inc[k] = true;
    }
    if (!sparse) {
      units.forEach((u, i) => {
        if (u.kind !== 'group') inc[i] = true;
      });
      return;
    }
    if (units[0]?.kind === 'front-matter') inc[0] = true;
    // 1 the chunk's heading is taken, 2 all of it
    const taken = new Uint8Array(chunks.length);
    const walked = new Int8Array(chunks.length);
    const work: number[] = [];
    const take = (ci: number, all: boolean): void => {
      const c = chunks[ci]!;
      // a group of a chunk with headings of its own reads them: all of it
      const want = all && c.structural ? 2 : 1;
      if (taken[ci]! >= want) return;
      taken[ci] = want;
      for (const ui of c.units) if (want === 2 || units[ui]!.kind === 'heading') inc[ui] = true;
      work.push(ci);
    };
    // the included units' chunks (already taken ones again: a round may have added units)
    units.forEach((u, i) => {
      if (inc[i] && u.kind !== 'front-matter') take(u.chunk, u.kind === 'group');
    });
    while (work.length) {
      const ci = work.pop()!;
      const c = chunks[ci]!;
      // ancestors of its heading, or of any heading in it when taken whole
      let t = taken[ci] === 2 ? 7 : c.depth;
      for (let a = ci - 1; a >= 0 && t > 1; a--) {
        // a walk that came here with a threshold at least as high took all this one would
        if (walked[a]! >= t) break;
        walked[a] = t;
        const x = chunks[a]!;
        if (x.structural && x.minAny < t) take(a, true);
        if (x.depth >= 1 && x.depth < t) {
          take(a, false);
          t = x.depth;
        }
      }
    }
  };

  // First the units themselves (with the headings and front matter): their blocks are exact, so the
  // caller can tell which really hold a candidate, and what its findings read.
  if (ctx.candidate) {
    const inc = units.map((_, i) => levels[i]! > 0);
    const first = parseUnits(text, plan, inc, ctx, mdxInfo, directives, withHeadings);
    if (!first) return null;
    const { out, unitOf } = first;
    levels.fill(0);
    out.blocks.forEach((b, bi) => {
      const u = unitOf[bi]!;
      if (levels[u]! < 2) levels[u] = Math.max(levels[u]!, ctx.candidate!(b)) as 0 | 1 | 2;
    });
    if (!levels.some((l) => l > 0)) {
      partialStats.confirmedNone++;
      // no finding can come from a block; the directives are all there
      return out;
    }
    // a unit holding a directive keeps it in the extraction
    for (const d of out.directives) {
      const u = unitAt(units, d.start);
      if (u >= 0 && levels[u] === 0) levels[u] = 1;
    }
  }

  // Then around the units with candidates: whole chunks where a finding reads its section, with their
  // subsections below the top level; chunks with headings of their own up to the last of those
  // (section parents); and the units next to them the judge reads.
  const inc = units.map((_, i) => levels[i]! > 0);
  const full = chunks.map(() => false);
  let last = 0;
  units.forEach((u, i) => {
    const l = levels[i]!;
    if (l === 0) return;
    last = Math.max(last, u.chunk);
    if (l < 2) return;
    const c = chunks[u.chunk]!;
    full[u.chunk] = true;
    if (c.minDeep <= 6) for (let j = u.chunk + 1; j < chunks.length && chunks[j]!.depth > c.minDeep; j++) full[j] = true;
  });
  if (!sparse) for (let i = 0; i <= last; i++) if (chunks[i]!.structural) full[i] = true;
  chunks.forEach((c, i) => {
    if (full[i]) for (const ui of c.units) inc[ui] = true;
  });
  // The block after a unit a finding may come from is in the next unit with prose (checked below).
  units.forEach((u, i) => {
    if (levels[i] === 0) return;
    for (let j = i + 1; j < units.length; j++) {
      inc[j] = true;
      if (units[j]!.prose) break;
    }
  });

  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const parsed = parseUnits(text, plan, inc, ctx, mdxInfo, directives, withHeadings);
    if (!parsed) return null;
    const { out, count } = parsed;
    // Around a unit a finding may come from, the block after its last one and (for a chunk's first
    // group, when the heading gives no block) the block before its first one must be the ones a full
    // parse has: the judge reads the next sentence, a table cell its caption.
    let again = false;
    units.forEach((u, i) => {
      if (levels[i] === 0) return;
      for (let j = i + 1; j < units.length; j++) {
        if (!inc[j]) {
          again = inc[j] = true;
          break;
        }
        if (count[j]! > 0) break;
      }
      const prev = units[i - 1];
      if (u.kind === 'group' && prev && prev.kind !== 'group') {
        for (let k = i - 1; k >= 0; k--) {
          if (!inc[k]) {
            again = inc[k] = true;
            break;
          }
          if (count[k]! > 0) break;
        }
      }
    });
    if (!again) {
      partialStats.partial++;
      return out;
    }
  }
  partialStats.whole++;
  return null;
}

/** Index of the unit holding offset `at` (-1 before the first). */
function unitAt(units: Unit[], at: number): number {
  let lo = 0;
  let hi = units.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.start <= at) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return k;
}

/**
 * Parse the included units (and the link reference definitions they may use) as one document and
 * walk it. Returns the extraction, each block's unit and the blocks per unit, or null when the parse
 * disagrees with the plan.
 */
function parseUnits(
  text: string,
  plan: ChunkPlan,
  inc: boolean[],
  ctx: ExtractContext,
  mdxInfo: MdxInfo | null,
  directives: Directive[],
  closeOver: (inc: boolean[]) => void,
): { out: Extraction; unitOf: number[]; count: number[] } | null {
  const { units, chunks } = plan;
  // Link reference and footnote definitions anywhere count for every reference: groups that may
  // define a label the parsed pieces may use are parsed whole, except that of groups made of
  // definitions only, just the lines that define such a label (with the headings all this needs).
  const extra: Array<[number, number]> = [];
  for (let pass = 0; ; pass++) {
    closeOver(inc);
    extra.length = 0;
    if (!units.some((u, i) => inc[i] && text.slice(u.start, u.end).includes(']'))) break;
    const used = new Set<string>();
    const kept = ctx.memo?.store<Set<string>>('labels');
    units.forEach((u, i) => {
      if (!inc[i] || u.kind === 'front-matter') return;
      const t = text.slice(u.start, u.end);
      // (a long unit's labels are kept by its text: an unscanned tail is read on every lint)
      if (!kept || t.length < 4096) return labelsIn(t, used);
      let own = kept.get(t);
      if (!own) {
        own = new Set<string>();
        labelsIn(t, own);
        kept.set(t, own);
      }
      for (const l of own) used.add(l);
    });
    let grew = false;
    units.forEach((u, i) => {
      if (!inc[i] && u.defs && !u.definitions && mayDefine(text, u, used)) grew = inc[i] = true;
    });
    if (grew) continue;
    units.forEach((u, i) => {
      if (inc[i] || !u.definitions) return;
      let any = false;
      for (const d of u.definitions) {
        if (!used.has(d.label)) continue;
        extra.push([d.start, d.end]);
        any = true;
      }
      // the blank lines after the last definition: no line that follows can pass for its title
      const tail = u.definitions[u.definitions.length - 1]!.end;
      if (any && tail < u.end) extra.push([tail, u.end]);
      // a chunk is parsed from its heading line on
      if (any) {
        for (const ui of chunks[u.chunk]!.units) if (units[ui]!.kind === 'heading' && !inc[ui]) grew = inc[ui] = true;
      }
    });
    if (!grew) break;
    if (pass > units.length) throw new Error('routelint: link definitions did not settle');
  }
  const pieces = piecesOf(units, inc, extra);
  for (const [a, b] of pieces) partialStats.parsedChars += b - a;
  const root = (ctx.memo && parseChunked(text, pieces, plan, ctx.memo.store<ParsedChunk>('markdown-chunks'), ctx.memo.store<CellEntry>('markdown-cells'))) || parsePieces(text, pieces);
  const headed = (ci: number) => chunks[ci]!.units.some((ui) => inc[ui] && units[ui]!.kind === 'heading');
  if (!verify(root, chunks, plan.frontMatterFenceEnd, pieces, headed)) {
    partialStats.whole++;
    return null;
  }
  const out = walkRoot(text, root, ctx, mdxInfo, directives);
  // Each block's unit (by where its text starts), and the blocks per unit.
  const count = new Array<number>(units.length).fill(0);
  const unitOf: number[] = [];
  let ui = 0;
  for (const b of out.blocks) {
    const at = b.starts.length ? b.starts[0]! : 0;
    while (ui + 1 < units.length && units[ui + 1]!.start <= at) ui++;
    while (ui > 0 && units[ui]!.start > at) ui--;
    count[ui]!++;
    unitOf.push(ui);
  }
  return { out, unitOf, count };
}

const unitLabels = new WeakMap<Unit, Set<string> | null>();
/**
 * Whether a group may define a label in `used`: the labels written `[label]:` in it (null, any label,
 * when one spans lines, where container markers may sit inside it).
 */
function mayDefine(text: string, u: Unit, used: Set<string>): boolean {
  let labels = unitLabels.get(u);
  if (labels === undefined) {
    labels = new Set<string>();
    for (const m of text.slice(u.start, u.end).matchAll(/\[((?:[^\\[\]]|\\.){1,999})\]:/g)) {
      if (/[\r\n]/.test(m[1]!)) {
        labels = null;
        break;
      }
      labels.add(normalizeLabel(m[1]!));
    }
    unitLabels.set(u, labels);
  }
  if (labels === null) return true;
  for (const l of labels) if (used.has(l)) return true;
  return false;
}

/** Source ranges to parse, in order and merged. */
function piecesOf(units: Unit[], inc: boolean[], extra: Array<[number, number]>): Array<[number, number]> {
  const raw: Array<[number, number]> = [...extra];
  units.forEach((u, i) => {
    if (inc[i] && u.end > u.start) raw.push([u.start, u.end]);
  });
  raw.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of raw) {
    const prev = out[out.length - 1];
    if (prev && prev[1] >= a) prev[1] = Math.max(prev[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Every bracketed text a reference could use as its label, normalized. */
function labelsIn(s: string, out: Set<string>): void {
  const re = /\[((?:[^\\[\]]|\\.){1,999})\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.add(normalizeLabel(m[1]!));
}

/**
 * Offsets in the concatenation of `pieces` (after `offset` leading characters) back to the source: an
 * offset maps into the last piece starting at it (a start) or before it (an end).
 */
function piecesMap(pieces: ReadonlyArray<readonly [number, number]>, offset: number): (o: number, end: boolean) => number {
  const cStart: number[] = [];
  let len = 0;
  for (const [a, b] of pieces) {
    cStart.push(len);
    len += b - a;
  }
  return (o0, end) => {
    const o = o0 - offset;
    let lo = 0;
    let hi = cStart.length - 1;
    let k = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (end ? cStart[mid]! < o : cStart[mid]! <= o) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return pieces[k]![0] + (o - cStart[k]!);
  };
}

/** Parse the pieces as one document; the tree's offsets are mapped back to the source. */
function parsePieces(text: string, pieces: Array<[number, number]>): MdNode {
  const root = processor.parse(pieces.map(([a, b]) => text.slice(a, b)).join('')) as unknown as MdNode;
  const map = piecesMap(pieces, 0);
  const visit = (node: MdNode): void => {
    const p = node.position;
    if (p && p.start.offset !== undefined && p.end.offset !== undefined) {
      node.position = { start: { ...p.start, offset: map(p.start.offset, false) }, end: { ...p.end, offset: map(p.end.offset, true) } };
    }
    if (node.children) for (const c of node.children) visit(c);
  };
  for (const c of root.children ?? []) visit(c);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Parse caching (incremental re-linting, memo.ts). The pieces of each chunk are parsed apart, and the
// parse is kept by its exact text. A chunk starts with an ATX heading line at column 0, which closes
// every open container and leaf block, so the pieces of a chunk parse the same alone as in the one
// remark call of parsePieces, given two things the chunk's text alone does not carry:
// - the link reference and footnote definitions of the other chunks: every label the chunk's text may
//   use that another chunk defines is defined again by a synthetic line before it ("[LABEL]: #"; the
//   tree keeps no destination on references, only that the label is defined);
// - the next chunk's heading: a sentinel ATX heading after the chunk must come out as a heading where
//   it was put, or the chunk swallows it (an open fence or HTML block) and this path gives up.
// Anything unexpected returns null, and parsePieces parses everything in one call as before.

/** A chunk's parse: top-level nodes with offsets into the parsed string, and the labels it defines. */
interface ParsedChunk {
  nodes: MdNode[];
  /** Link definitions as their normalized label, footnote definitions as '^' + label. */
  defines: string[];
  /** Where the chunk's own text starts in the parsed string (after synthetic definitions). */
  offset: number;
  /**
   * The nodes as last mapped to the document, and the pieces they were mapped for: a chunk the edit did
   * not move is used as it is (the walker reads the tree and never changes it).
   */
  mapped?: { sig: string; nodes: MdNode[] };
  /** The cells derived from this parse (a group's): kept alive in the cell store while it is used. */
  cells?: Array<[string, CellEntry]>;
}

/**
 * A cell of a group (see cellsOf) and its parses: the labels it defines, the labels its text may use,
 * and its parse for each set of labels defined around it that it uses (sorted, joined by '\n').
 */
interface CellEntry {
  own: string[];
  used: string[];
  variants: Map<string, ParsedChunk>;
}

interface Store<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

const SENTINEL = '# s\n';

function parseChunk(str: string, prefix: string, sentinel: boolean, store: Store<ParsedChunk>): ParsedChunk | null {
  const key = prefix + str + (sentinel ? SENTINEL : '');
  const hit = store.get(key);
  if (hit) return hit.nodes.length || hit.offset >= 0 ? hit : null;
  const out = parseText(key, prefix.length, prefix.length + str.length, sentinel);
  store.set(key, out ?? { nodes: [], defines: [], offset: -1 });
  return out;
}

/** Parse `key`, whose own text is [offset, bodyEnd) (synthetic definitions before, maybe the sentinel after). */
function parseText(key: string, offset: number, bodyEnd: number, sentinel: boolean): ParsedChunk | null {
  partialStats.chunkParses++;
  partialStats.chunkChars += key.length;
  const root = processor.parse(key) as unknown as MdNode;
  const kids = root.children ?? [];
  const nodes: MdNode[] = [];
  let ok = true;
  let sawSentinel = !sentinel;
  for (const k of kids) {
    if (!hasPosition(k)) {
      ok = false;
      break;
    }
    const s = startOf(k);
    if (s < offset) {
      if ((k.type !== 'definition' && k.type !== 'footnoteDefinition') || endOf(k) > offset) ok = false;
    } else if (s >= bodyEnd) {
      if (sawSentinel || s !== bodyEnd || k.type !== 'heading' || k.depth !== 1) ok = false;
      sawSentinel = true;
    } else if (endOf(k) > bodyEnd) ok = false;
    else nodes.push(k);
  }
  if (!sawSentinel) ok = false;
  const defines = ok ? definesOf(nodes) : null;
  return defines ? { nodes, defines, offset } : null;
}

/**
 * The labels the nodes define: link definitions as their normalized label, footnotes as '^' + label;
 * null when a link definition's label itself starts with "^" ("[ ^1]: /x"), which that naming cannot
 * tell from a footnote's (such a document is parsed whole).
 */
function definesOf(nodes: MdNode[]): string[] | null {
  const defines: string[] = [];
  let clash = false;
  const collect = (n: MdNode): void => {
    const label = (n as { label?: string }).label;
    if (n.type === 'definition' && label !== undefined) {
      const l = normalizeLabel(label);
      if (l.startsWith('^')) clash = true;
      defines.push(l);
    } else if (n.type === 'footnoteDefinition' && label !== undefined) defines.push('^' + normalizeLabel(label));
    if (n.children) for (const c of n.children) collect(c);
  };
  for (const n of nodes) collect(n);
  return clash ? null : defines;
}

/** A copy of a cached subtree with its offsets mapped to the document (the cache is never handed out). */
function mapTree(n: MdNode, map: (o: number, end: boolean) => number): MdNode {
  const out: MdNode = { ...n };
  const p = n.position;
  if (p && p.start.offset !== undefined && p.end.offset !== undefined) {
    out.position = { start: { ...p.start, offset: map(p.start.offset, false) }, end: { ...p.end, offset: map(p.end.offset, true) } };
  }
  if (n.children) out.children = n.children.map((c) => mapTree(c, map));
  return out;
}

/** A line at column 0 that starts a list item: the planner cuts a list into its items there (splitLists). */
const LIST_ITEM_START = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t\r\n]|$)/;

/**
 * Where a chunk's group may be cut into cells that parse apart: the start of every group unit of the
 * chunk that begins at a fresh line (see chunks.ts), which closes every container and leaf block, but
 * not between the items of a list the planner cut up; after the heading line, and again at the first
 * line that is not blank (an ATX heading and blank lines leave nothing open).
 */
function cellCuts(text: string, plan: ChunkPlan, ci: number): number[] {
  const { units } = plan;
  const ids = plan.chunks[ci]!.units;
  const out: number[] = [];
  for (let k = 1; k < ids.length; k++) {
    const u = units[ids[k]!]!;
    const prev = units[ids[k - 1]!]!;
    if (u.kind !== 'group') continue;
    if (prev.kind === 'heading') {
      // (the blank lines between are a cell of their own, which needs no parse)
      out.push(u.start);
      let at = u.start;
      while (at < u.end) {
        let nl = text.indexOf('\n', at);
        if (nl < 0 || nl >= u.end) break;
        if (!/^[ \t\r]*$/.test(text.slice(at, nl))) break;
        at = nl + 1;
      }
      if (at > u.start) out.push(at);
    } else if (prev.kind === 'group' && !LIST_ITEM_START.test(text.slice(u.start, u.start + 12))) out.push(u.start);
  }
  return out;
}

const BLANK_CELL = /^[ \t\r\n]*$/;
const BLANK_ENTRY: CellEntry = { own: [], used: [], variants: new Map([['', { nodes: [], defines: [], offset: 0 }]]) };

interface Cell {
  pieces: Array<[number, number]>;
  str: string;
}

/**
 * A group's pieces cut at the chunk's cell cuts (a piece that starts elsewhere stays with the cell
 * before it), or null when cells do not apply: fewer than two, one without a final line break (the
 * sentinel goes after each), or one that a parse of its own would read as front matter. (Exported for
 * test/cells.test.ts.)
 */
export function cellsOf(text: string, plan: ChunkPlan, ci: number, pieces: Array<[number, number]>): Cell[] | null {
  if (ci === 0 && plan.frontMatterFenceEnd >= 0) return null;
  const cuts = cellCuts(text, plan, ci);
  if (!cuts.length) return null;
  const cells: Cell[] = [];
  let cur: Cell | null = null;
  let k = 0;
  let prevEnd = -1;
  for (const [a, b] of pieces) {
    let from = a;
    while (k < cuts.length && cuts[k]! < a) k++;
    // After a gap (units left out), the cut holds only if what the concatenation puts before it closes
    // every block as the text left out did: a blank line, or the heading line (else the line after the
    // gap may read as a lazy continuation of the piece before, in the group's parse and so in the cells').
    if (cur && k < cuts.length && cuts[k] === a && (prevEnd === a || prevEnd === plan.chunks[ci]!.headEnd || endsBlank(text, prevEnd))) cur = null;
    prevEnd = b;
    while (from < b) {
      while (k < cuts.length && cuts[k]! <= from) k++;
      const to = k < cuts.length && cuts[k]! < b ? cuts[k]! : b;
      if (!cur) cells.push((cur = { pieces: [], str: '' }));
      cur.pieces.push([from, to]);
      if (to < b) cur = null;
      from = to;
    }
  }
  if (cells.length < 2) return null;
  for (const c of cells) {
    c.str = c.pieces.map(([x, y]) => text.slice(x, y)).join('');
    if (!/[\r\n]$/.test(c.str) || /^(?:---|\+\+\+)/.test(c.str)) return null;
    if (hidesLabel(c.str)) return null;
  }
  return cells;
}

/** The text before `end` ends with a blank line (spaces or tabs only) after a line break. */
function endsBlank(text: string, end: number): boolean {
  let i = end - 1;
  if (text.charCodeAt(i) !== 10) return false;
  i--;
  if (text.charCodeAt(i) === 13) i--;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i--;
  return text.charCodeAt(i) === 10;
}

/**
 * A label may cross the lines of a block quote: its text then holds the quote markers, and labelsIn
 * does not see the label the parse sees (such a text is parsed with everything it may use).
 */
function hidesLabel(str: string): boolean {
  // (one pass: a "[" not closed yet when a line break is followed by a quote marker; conservative)
  let open = false;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 91) open = true;
    else if (c === 93) open = false;
    else if (c === 10 && open) {
      let j = i + 1;
      while (str.charCodeAt(j) === 32 || str.charCodeAt(j) === 9) j++;
      if (str.charCodeAt(j) === 62) return true;
    }
  }
  return false;
}

/** Synthetic definitions of labels, before a text that uses them (null: a label would not read back the same). */
function labelPrefix(labels: readonly string[]): string | null {
  if (!labels.length) return '';
  let prefix = '';
  for (const l of labels) {
    const label = l.startsWith('^') ? l.slice(1) : l;
    if (normalizeLabel(label) !== label || /[\r\n]/.test(label)) return null;
    prefix += l.startsWith('^') ? `[^${label}]: x\n` : `[${label}]: #\n`;
  }
  return prefix + '\n';
}

/** Labels a text may use, sorted. */
function usedLabels(str: string): string[] {
  if (!str.includes(']')) return [];
  const used = new Set<string>();
  labelsIn(str, used);
  return [...used].sort();
}

/** A parse to map to the document: its nodes come from the text of `pieces`. */
interface Part {
  p: ParsedChunk;
  pieces: Array<[number, number]>;
}

function parseChunked(
  text: string,
  pieces: Array<[number, number]>,
  plan: ChunkPlan,
  store: Store<ParsedChunk>,
  cellStore: Store<CellEntry> | null,
): MdNode | null {
  const { chunks } = plan;
  // The pieces of each chunk, cut at chunk starts.
  const groups: Array<{ chunk: number; pieces: Array<[number, number]>; str: string }> = [];
  let ci = 0;
  for (const [a0, b] of pieces) {
    let a = a0;
    while (a < b) {
      while (ci < chunks.length - 1 && chunks[ci]!.end <= a) ci++;
      const e = Math.min(b, ci < chunks.length - 1 ? chunks[ci]!.end : b);
      const g = groups[groups.length - 1];
      if (g && g.chunk === ci) g.pieces.push([a, e]);
      else groups.push({ chunk: ci, pieces: [[a, e]], str: '' });
      a = e;
    }
  }
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const c = chunks[g.chunk]!;
    // every chunk but the first is parsed from its heading line on
    if (gi > 0 && (c.depth === 0 || g.pieces[0]![0] !== c.start)) return null;
    g.str = g.pieces.map(([a, b]) => text.slice(a, b)).join('');
    if (gi + 1 < groups.length && !/[\r\n]$/.test(g.str)) return null;
  }
  // A group is parsed with the sentinel after it whenever it ends with a line break, the last one too
  // (when the sentinel reads as a heading of its own, the blocks before it are those of the group
  // alone): a chunk then has one parse, cached, whether or not a group follows it this time (a lint's
  // second round adds the unit after a candidate, often the next chunk's). Without a following group,
  // the parse without it is tried when that fails (an unclosed fence or HTML block at the end). (A
  // followed group always ends with a line break: see above.)
  const parseGroup = (str: string, prefix: string, followed: boolean): ParsedChunk | null =>
    (/[\r\n]$/.test(str) ? parseChunk(str, prefix, true, store) : null) ?? (followed ? null : parseChunk(str, prefix, false, store));

  // A group whose text is new is put together from its cells (cellsOf) where it can be: each cell's
  // parse is kept by the cell's text, so an edit parses again only the cells it touched (runs of new
  // cells are parsed together, and every parse of several cells is cut into theirs). A cell reads the
  // labels defined in its group and in `need` (defined by other groups) that it uses, as the group would.
  // A group found whole marks its cells as used too (the memo drops what a lint does not use), so an
  // edit in it after lints that found it whole still parses only the cell it touched.
  const touch = (p: ParsedChunk): void => {
    if (cellStore && p.cells) for (const [k, e] of p.cells) if (!cellStore.get(k)) cellStore.set(k, e);
  };
  const derive = (p: ParsedChunk, cells: Cell[], cs: Store<CellEntry>): CellEntry[] | null => {
    const around = new Set(p.defines);
    const out: CellEntry[] = [];
    const list: Array<[string, CellEntry]> = [];
    let at = p.offset;
    let ni = 0;
    for (const c of cells) {
      const end = at + c.str.length;
      const mine: MdNode[] = [];
      while (ni < p.nodes.length && startOf(p.nodes[ni]!) < end) {
        const n = p.nodes[ni++]!;
        if (startOf(n) < at || endOf(n) > end) return null;
        mine.push(n);
      }
      // (the parse's own definitions were read: none clashes)
      const own = definesOf(mine)!;
      let e = cs.get(c.str);
      if (!e) cs.set(c.str, (e = { own, used: usedLabels(c.str), variants: new Map() }));
      const need = e.used.filter((l) => around.has(l) && !own.includes(l));
      e.variants.set(need.join('\n'), { nodes: mine, defines: own, offset: at });
      out.push(e);
      list.push([c.str, e]);
      at = end;
    }
    if (ni !== p.nodes.length) return null;
    p.cells = list;
    return out;
  };
  const fromCells = (cells: Cell[], need: readonly string[], cs: Store<CellEntry>): Part[] | null => {
    // (a cell of blank lines holds no node)
    const entries: Array<CellEntry | undefined> = cells.map((c) => (BLANK_CELL.test(c.str) ? BLANK_ENTRY : cs.get(c.str)));
    for (let i = 0; i < cells.length; ) {
      if (entries[i]) {
        i++;
        continue;
      }
      let j = i;
      // (a run goes on over blank cells)
      while (j < cells.length && (!entries[j] || (entries[j] === BLANK_ENTRY && j + 1 < cells.length && !entries[j + 1]))) j++;
      const run = cells.slice(i, j);
      const p = parseChunk(run.map((c) => c.str).join(''), '', true, store);
      const got = p && derive(p, run, cs);
      if (!got) return null;
      for (let k = i; k < j; k++) entries[k] = got[k - i];
      i = j;
    }
    const around = new Set(need);
    for (const e of entries) for (const l of e!.own) around.add(l);
    const parts: Part[] = [];
    for (let k = 0; k < cells.length; k++) {
      const e = entries[k]!;
      const mine = e.used.filter((l) => around.has(l) && !e.own.includes(l));
      const key = mine.join('\n');
      let v = e.variants.get(key);
      if (!v) {
        const prefix = labelPrefix(mine);
        const str = cells[k]!.str;
        const parsed = prefix === null ? null : parseText(prefix + str + SENTINEL, prefix.length, prefix.length + str.length, true);
        if (!parsed) return null;
        e.variants.set(key, (v = parsed));
      }
      parts.push({ p: v, pieces: cells[k]!.pieces });
    }
    return parts;
  };
  const groupParts = (gi: number, need: readonly string[]): Part[] | null => {
    const g = groups[gi]!;
    const followed = gi + 1 < groups.length;
    const prefix = labelPrefix(need);
    if (prefix === null) return null;
    if (cellStore && /[\r\n]$/.test(g.str)) {
      const hit = store.get(prefix + g.str + SENTINEL);
      if (hit && (hit.nodes.length || hit.offset >= 0)) {
        touch(hit);
        return [{ p: hit, pieces: g.pieces }];
      }
      const cells = hit ? null : cellsOf(text, plan, g.chunk, g.pieces);
      const parts = cells && fromCells(cells, need, cellStore);
      if (parts) return parts;
    }
    const p = parseGroup(g.str, prefix, followed);
    return p ? [{ p, pieces: g.pieces }] : null;
  };
  const definesIn = (parts: Part[]): string[] => (parts.length === 1 ? parts[0]!.p.defines : parts.flatMap((x) => x.p.defines));

  const parsed: Part[][] = [];
  const defined = new Set<string>();
  for (let gi = 0; gi < groups.length; gi++) {
    const parts = groupParts(gi, []);
    if (!parts) return null;
    parsed.push(parts);
    for (const d of definesIn(parts)) defined.add(d);
  }
  // Chunks that use a label another chunk defines: parsed again with it defined.
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    if (!defined.size || !g.str.includes(']')) continue;
    if (hidesLabel(g.str)) return null;
    const own = new Set(definesIn(parsed[gi]!));
    const need = usedLabels(g.str).filter((l) => defined.has(l) && !own.has(l));
    if (!need.length) continue;
    // front matter must stay first
    if (gi === 0 && plan.frontMatterFenceEnd >= 0) return null;
    const parts = groupParts(gi, need);
    if (!parts) return null;
    parsed[gi] = parts;
  }
  const children: MdNode[] = [];
  for (const parts of parsed) {
    for (const { p, pieces: ps } of parts) {
      const sig = ps.join(';');
      if (p.mapped && p.mapped.sig === sig) {
        for (const n of p.mapped.nodes) children.push(n);
        continue;
      }
      const map = piecesMap(ps, p.offset);
      const nodes = p.nodes.map((n) => mapTree(n, map));
      p.mapped = { sig, nodes };
      for (const n of nodes) children.push(n);
    }
  }
  return { type: 'root', children };
}

/** The parse agrees with the plan: front matter, and a heading of the planned depth opening every chunk parsed. */
function verify(root: MdNode, chunks: Chunk[], fmFenceEnd: number, pieces: Array<[number, number]>, headed: (ci: number) => boolean): boolean {
  const kids = root.children ?? [];
  const first = kids[0];
  const isFm = !!first && (first.type === 'yaml' || first.type === 'toml');
  if (fmFenceEnd >= 0) {
    if (!isFm || startOf(first!) !== 0 || endOf(first!) !== fmFenceEnd) return false;
  } else if (isFm) return false;
  const byStart = new Map<number, MdNode>();
  let pi = 0;
  for (const k of kids) {
    if (!hasPosition(k)) continue;
    const s = startOf(k);
    const e = endOf(k);
    // no node may span two pieces (but a list's items may be pieces of their own)
    while (pi + 1 < pieces.length && pieces[pi + 1]![0] <= s) pi++;
    if (s < pieces[pi]![0] || (e > pieces[pi]![1] && k.type !== 'list')) return false;
    if (!byStart.has(s)) byStart.set(s, k);
  }
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (c.depth === 0 || !headed(i)) continue;
    const h = byStart.get(c.start);
    if (!h || h.type !== 'heading' || h.depth !== c.depth || endOf(h) > c.headEnd) return false;
  }
  return true;
}

export const markdownExtractor: Extractor = {
  id: 'markdown',
  extract(text: string, ctx: ExtractContext): Extraction {
    return extractMarkdown(text, ctx, false);
  },
};

/** MDX read as Markdown, plus `{/* routelint-... *\/}` comments and top-level import/export lines. */
export const mdxExtractor: Extractor = {
  id: 'mdx',
  extract(text: string, ctx: ExtractContext): Extraction {
    return extractMarkdown(text, ctx, true);
  },
};
