// YAML (the `yaml` package: error-tolerant, every node with its source range). Scalars are decoded
// here from their source, so each character knows where it came from (folding, '' and \ escapes,
// block scalars); `#` comments are found by a scan that skips scalar ranges. Multi-document streams
// are read whole: each document's top level is the top level.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Node as YamlNode } from 'yaml';
import type { ExtractContext, Extraction, Extractor, Lang } from '../types.js';
import { ConfigOut, Decoded, decodeEscape, isBlank } from './config-common.js';

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  v: '\v',
  e: '\x1b',
  ' ': ' ',
  '\t': '\t',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

interface Line {
  start: number;
  end: number;
  /** Where the next line starts (after the line break). */
  next: number;
}

function linesOf(src: string, a: number, b: number): Line[] {
  const out: Line[] = [];
  let i = a;
  while (true) {
    let e = i;
    while (e < b && src[e] !== '\n' && src[e] !== '\r') e++;
    let next = e;
    if (e < b) next += src[e] === '\r' && src[e + 1] === '\n' ? 2 : 1;
    out.push({ start: i, end: e, next });
    if (e >= b) break;
    i = next;
  }
  return out;
}

/** A flow scalar's inner source [a, b): plain, single- or double-quoted, with line folding. */
function decodeFlow(src: string, a: number, b: number, style: 'plain' | 'single' | 'double'): Decoded {
  const d = new Decoded();
  const lines = linesOf(src, a, b);
  let breakStart = -1;
  let empties = 0;
  let joinNoSpace = false;
  lines.forEach((ln, k) => {
    let s = ln.start;
    let e = ln.end;
    if (k > 0) while (s < e && isBlank(src.charCodeAt(s))) s++;
    if (k < lines.length - 1) while (e > s && isBlank(src.charCodeAt(e - 1))) e--;
    if (k > 0 && s === e && k < lines.length - 1) {
      empties++;
      return;
    }
    if (k > 0) {
      if (joinNoSpace) joinNoSpace = false;
      else if (empties === 0) d.mapped(' ', breakStart, s);
      else d.mapped('\n'.repeat(empties), breakStart, s);
      empties = 0;
    }
    // An escaped line break (double-quoted `\` at the end of a line) joins without a space.
    let contentEnd = e;
    if (style === 'double' && k < lines.length - 1) {
      let bs = 0;
      while (contentEnd - bs - 1 >= s && src[contentEnd - bs - 1] === '\\') bs++;
      if (bs % 2 === 1) {
        contentEnd--;
        joinNoSpace = true;
      }
    }
    let i = s;
    while (i < contentEnd) {
      if (style === 'double' && src[i] === '\\') {
        i = decodeEscape(src, i, d, YAML_ESCAPES);
        continue;
      }
      if (style === 'single' && src[i] === "'" && src[i + 1] === "'") {
        d.mapped("'", i, i + 2);
        i += 2;
        continue;
      }
      let r = i;
      while (r < contentEnd && !(style === 'double' && src[r] === '\\') && !(style === 'single' && src[r] === "'")) r++;
      if (r === i) r++;
      d.raw(src.slice(i, r), i);
      i = r;
    }
    breakStart = contentEnd === e ? e : contentEnd;
    if (joinNoSpace) breakStart = contentEnd;
  });
  return d;
}

/** A block scalar: `|` or `>` header at `a`, content up to `b`. Returns the decoded text and where the content starts. */
function decodeBlock(src: string, a: number, b: number, folded: boolean): { d: Decoded; contentStart: number } {
  const d = new Decoded();
  const header = linesOf(src, a, b)[0]!;
  const contentStart = header.next;
  const lines = contentStart < b ? linesOf(src, contentStart, b) : [];
  const explicit = /[1-9]/.exec(src.slice(a, header.end).split('#')[0] ?? '');
  let indent = -1;
  for (const ln of lines) {
    let s = ln.start;
    while (s < ln.end && src[s] === ' ') s++;
    if (s < ln.end) {
      indent = s - ln.start;
      break;
    }
  }
  if (explicit && indent >= 0) indent = Math.min(indent, Number(explicit[0]));
  if (indent < 0) return { d, contentStart };
  let prevEnd = -1;
  let pendingEmpty = 0;
  for (const ln of lines) {
    const s = Math.min(ln.start + indent, ln.end);
    const blank = src.slice(ln.start, ln.end).trim() === '';
    if (blank) {
      pendingEmpty++;
      continue;
    }
    if (prevEnd >= 0) {
      const moreIndented = isBlank(src.charCodeAt(s));
      if (folded && pendingEmpty === 0 && !moreIndented) d.mapped(' ', prevEnd, s);
      else d.mapped('\n'.repeat(pendingEmpty + (folded && pendingEmpty > 0 ? 0 : 1)), prevEnd, s);
    }
    pendingEmpty = 0;
    d.raw(src.slice(s, ln.end), s);
    prevEnd = ln.end;
  }
  return { d, contentStart };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A string scalar's decoded text with its source map; the parser's own value when ours disagrees. */
function decodeScalar(src: string, node: Scalar): { d: Decoded; valueStart: number; valueEnd: number; quote?: '"' | "'" } {
  const [a, b] = node.range!;
  const value = String(node.value);
  let d: Decoded;
  let valueStart = a;
  let valueEnd = b;
  let quote: '"' | "'" | undefined;
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE: {
      quote = node.type === Scalar.QUOTE_DOUBLE ? '"' : "'";
      valueStart = a + 1;
      valueEnd = src[b - 1] === quote && b - 1 > a ? b - 1 : b;
      d = decodeFlow(src, valueStart, valueEnd, quote === '"' ? 'double' : 'single');
      break;
    }
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      const r = decodeBlock(src, a, b, node.type === Scalar.BLOCK_FOLDED);
      d = r.d;
      valueStart = r.contentStart;
      break;
    }
    default:
      d = decodeFlow(src, a, b, 'plain');
  }
  if (norm(d.value) !== norm(value)) {
    // Never guess: the parser's value, every character mapped to the whole scalar.
    d = new Decoded();
    d.mapped(value, valueStart, valueEnd);
  }
  return quote ? { d, valueStart, valueEnd, quote } : { d, valueStart, valueEnd };
}

export function extractYaml(src: string, ctx: ExtractContext, lang?: Lang): Extraction {
  const out = new ConfigOut('yaml', ctx.maxDepth, lang);
  const docs = parseAllDocuments(src, { uniqueKeys: false, strict: false, prettyErrors: false });
  // Source ranges no comment can start in: every scalar (block scalars from their header on).
  const scalarRanges: Array<[number, number]> = [];
  const comments: Array<[number, number]> = [];
  const scanComments = (): void => {
    scalarRanges.sort((x, y) => x[0] - y[0]);
    let r = 0;
    let lineStart = true;
    for (let i = 0; i < src.length; i++) {
      while (r < scalarRanges.length && scalarRanges[r]![1] <= i) r++;
      if (r < scalarRanges.length && scalarRanges[r]![0] <= i) {
        i = scalarRanges[r]![1] - 1;
        lineStart = false;
        continue;
      }
      const c = src[i]!;
      if (c === '\n' || c === '\r') {
        lineStart = true;
        continue;
      }
      if (c === '#' && (lineStart || isBlank(src.charCodeAt(i - 1)))) {
        let e = i;
        while (e < src.length && src[e] !== '\n' && src[e] !== '\r') e++;
        comments.push([i, e]);
        i = e - 1;
        continue;
      }
      if (!isBlank(src.charCodeAt(i))) lineStart = false;
    }
  };
  const collect = (node: unknown): void => {
    if (isScalar(node) && node.range) {
      const [a, b] = node.range;
      if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
        // The header line's comment is a comment; the content is not.
        let h = a;
        while (h < b && src[h] !== '\n' && src[h] !== '\r') h++;
        const hash = src.slice(a, h).search(/[ \t]#/);
        scalarRanges.push([a, hash >= 0 ? a + hash + 1 : h]);
        scalarRanges.push([h, b]);
      } else scalarRanges.push([a, b]);
    } else if (isMap(node) || isSeq(node)) {
      for (const it of node.items) {
        if (isPair(it)) {
          collect(it.key);
          collect(it.value);
        } else collect(it);
      }
    }
  };
  for (const doc of docs) collect(doc.contents);
  scanComments();
  let ci = 0;
  const commentsBefore = (offset: number): void => {
    while (ci < comments.length && comments[ci]![0] < offset) {
      const [a, b] = comments[ci++]!;
      out.addComment(src, a, b, a + 1, b, true);
    }
  };

  const addValue = (key: string, keyStart: number, keyEnd: number, v: unknown, path: string[], parent: number, depth: number): void => {
    out.checkDepth(depth);
    if (isMap(v) || isSeq(v)) {
      const at = v.range?.[0] ?? keyEnd;
      const idx = out.addEntry({ path, key, keyStart, keyEnd, value: null, valueStart: at, valueEnd: at, parent });
      walk(v, path, idx, depth + 1);
      return;
    }
    if (isScalar(v) && v.range) {
      if (typeof v.value === 'string') {
        const { d, valueStart, valueEnd, quote } = decodeScalar(src, v);
        const idx = out.addEntry({ path, key, keyStart, keyEnd, value: d.value === String(v.value) ? d.value : String(v.value), valueStart, valueEnd, parent });
        out.addValue(idx, d, quote);
        return;
      }
      const value = typeof v.value === 'number' || typeof v.value === 'boolean' ? v.value : v.value === null ? '' : String(v.value);
      out.addEntry({ path, key, keyStart, keyEnd, value, valueStart: v.range[0], valueEnd: v.range[1], parent });
      return;
    }
    // `key:` with nothing after it, or an alias: an empty value where it would go.
    const at = isAlias(v) && v.range ? v.range[0] : keyEnd;
    out.addEntry({ path, key, keyStart, keyEnd, value: '', valueStart: at, valueEnd: at, parent });
  };
  const walk = (node: YamlNode, path: string[], parent: number, depth: number): void => {
    out.checkDepth(depth);
    if (isMap(node)) {
      for (const it of node.items) {
        const k = it.key;
        const keyRange = (isScalar(k) || isMap(k) || isSeq(k)) && k.range ? k.range : null;
        const keyStart = keyRange?.[0] ?? (isScalar(it.value) && it.value.range ? it.value.range[0] : 0);
        commentsBefore(keyStart);
        // A complex key (a mapping or a list used as a key) is named by its source text, capped: the
        // yaml library's own string form of nested flow keys grows about fourfold per level.
        const key = isScalar(k) ? String(k.value) : keyRange ? src.slice(keyRange[0], Math.min(keyRange[1], keyRange[0] + 200)) : '';
        const quoted = isScalar(k) && (k.type === Scalar.QUOTE_DOUBLE || k.type === Scalar.QUOTE_SINGLE);
        const keyEnd = keyRange ? keyRange[1] : keyStart;
        addValue(key, quoted ? keyStart + 1 : keyStart, quoted ? keyEnd - 1 : keyEnd, it.value, [...path, key], parent, depth);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, n) => {
        const at = (isScalar(item) || isMap(item) || isSeq(item)) && item.range ? item.range[0] : 0;
        commentsBefore(at);
        addValue(String(n), at, at, item, [...path, String(n)], parent, depth);
      });
    }
  };
  for (const doc of docs) {
    const c = doc.contents;
    if (isMap(c) || isSeq(c)) walk(c, [], -1, 1);
    else if (isScalar(c) && typeof c.value === 'string' && c.range) {
      // A document that is one string: its text is prose, with no key.
      commentsBefore(c.range[0]);
      const { d, valueStart, valueEnd, quote } = decodeScalar(src, c);
      const idx = out.addEntry({ path: [], key: '', keyStart: c.range[0], keyEnd: c.range[0], value: d.value, valueStart, valueEnd, parent: -1 });
      out.addValue(idx, d, quote);
    }
  }
  commentsBefore(Infinity);
  return out.finish();
}

export const yamlExtractor: Extractor = { id: 'yaml', extract: (text, ctx) => extractYaml(text, ctx, ctx.lang) };
