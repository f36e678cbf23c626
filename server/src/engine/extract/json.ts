// JSON and JSONC (jsonc-parser: error-tolerant, with offsets; its ESM build, since the UMD main
// requires its modules at run time, which a bundle cannot resolve). String values are prose with escapes
// decoded at exact offsets; keys become entries. JSONC `//` and `/* */` comments are prose and carry
// directives; plain JSON has no comments (any there are a syntax error, and not read).
import { createScanner, parseTree, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';

// jsonc-parser's SyntaxKind is a const enum (not importable under isolatedModules): its values.
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;
import type { ExtractContext, Extraction, Extractor, Lang } from '../types.js';
import { ConfigOut, Decoded, decodeEscape } from './config-common.js';

/** Decode a JSON string literal source[start, end) (with its quotes). */
export function decodeJsonString(src: string, start: number, end: number): Decoded {
  const d = new Decoded();
  const close = end - 1 > start && src[end - 1] === '"' ? end - 1 : end;
  let i = start + 1;
  while (i < close) {
    if (src[i] === '\\') {
      i = decodeEscape(src, i, d);
      continue;
    }
    let r = i;
    while (r < close && src[r] !== '\\') r++;
    d.raw(src.slice(i, r), i);
    i = r;
  }
  return d;
}

export function extractJson(src: string, ctx: ExtractContext, comments: boolean, lang?: Lang): Extraction {
  const out = new ConfigOut('json', ctx.maxDepth, lang);
  const errors: ParseError[] = [];
  // Comments are found by the scanner (below), in order with the values, so they get their section.
  const tokens: Array<{ kind: 'comment'; start: number; end: number; block: boolean }> = [];
  if (comments) {
    const scanner = createScanner(src, false);
    for (let t = scanner.scan(); t !== EOF; t = scanner.scan()) {
      if (t === LINE_COMMENT || t === BLOCK_COMMENT) {
        const start = scanner.getTokenOffset();
        tokens.push({ kind: 'comment', start, end: start + scanner.getTokenLength(), block: t === BLOCK_COMMENT });
      }
    }
  }
  let ti = 0;
  const commentsBefore = (offset: number): void => {
    while (ti < tokens.length && tokens[ti]!.start < offset) {
      const c = tokens[ti++]!;
      const bodyEnd = c.block && src.startsWith('*/', c.end - 2) ? c.end - 2 : c.end;
      out.addComment(src, c.start, c.end, c.start + 2, bodyEnd, true);
    }
  };
  const root = parseTree(src, errors, { allowTrailingComma: true, disallowComments: !comments, allowEmptyContent: true });
  const walk = (node: Node, path: string[], parent: number, depth: number): void => {
    out.checkDepth(depth);
    const children = node.children ?? [];
    if (node.type === 'object') {
      for (const prop of children) {
        if (prop.type !== 'property') continue;
        const keyNode = prop.children?.[0];
        const valueNode = prop.children?.[1];
        if (!keyNode) continue;
        commentsBefore(keyNode.offset);
        const key = String(keyNode.value ?? '');
        add(key, keyNode.offset + 1, keyNode.offset + keyNode.length - (src[keyNode.offset + keyNode.length - 1] === '"' ? 1 : 0), valueNode, [...path, key], parent, depth);
      }
    } else if (node.type === 'array') {
      children.forEach((item, k) => {
        commentsBefore(item.offset);
        add(String(k), item.offset, item.offset, item, [...path, String(k)], parent, depth);
      });
    }
  };
  const add = (key: string, keyStart: number, keyEnd: number, v: Node | undefined, path: string[], parent: number, depth: number): void => {
    if (!v) {
      out.addEntry({ path, key, keyStart, keyEnd, value: '', valueStart: keyEnd, valueEnd: keyEnd, parent });
      return;
    }
    if (v.type === 'object' || v.type === 'array') {
      const idx = out.addEntry({ path, key, keyStart, keyEnd, value: null, valueStart: v.offset, valueEnd: v.offset, parent });
      walk(v, path, idx, depth + 1);
      return;
    }
    if (v.type === 'string') {
      const d = decodeJsonString(src, v.offset, v.offset + v.length);
      const closed = v.length >= 2 && src[v.offset + v.length - 1] === '"';
      const idx = out.addEntry({ path, key, keyStart, keyEnd, value: d.value, valueStart: v.offset + 1, valueEnd: v.offset + v.length - (closed ? 1 : 0), parent });
      out.addValue(idx, d, '"');
      return;
    }
    const value = v.type === 'null' ? null : (v.value as number | boolean);
    out.addEntry({ path, key, keyStart, keyEnd, value, valueStart: v.offset, valueEnd: v.offset + v.length, parent });
  };
  if (root) walk(root, [], -1, 1);
  commentsBefore(Infinity);
  return out.finish();
}

function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
}

/** JSON files that editors and tools read with comments allowed. */
export function isJsonc(path: string): boolean {
  const p = path.replace(/\\/g, '/').toLowerCase();
  const name = fileName(p);
  if (name.endsWith('.jsonc') || name.endsWith('.code-workspace')) return true;
  if (/^(?:tsconfig|jsconfig)(?:\..*)?\.json$/.test(name)) return true;
  if (/(?:^|\/)\.(?:vscode|devcontainer)\/[^/]+\.json$/.test(p)) return true;
  return ['devcontainer.json', '.eslintrc.json', 'typedoc.json', 'biome.json', 'deno.json', 'turbo.json'].includes(name);
}

export const jsonExtractor: Extractor = { id: 'json', extract: (text, ctx) => extractJson(text, ctx, false, ctx.lang) };
export const jsoncExtractor: Extractor = { id: 'jsonc', extract: (text, ctx) => extractJson(text, ctx, true, ctx.lang) };
