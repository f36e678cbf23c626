// What the file-level prefilter and the candidate scan read for formats whose source does not spell
// its prose as a reader sees it: HTML and JSX character references (`&#102;ree`), JS escapes
// (`\u0066ree`, and `\nfree`, where the source's word is "nfree"), words cut by inline tags
// (`fr<b>ee</b>`).

import { decodeHTML } from 'entities/decode';
import type { PrefilterView } from '../types.js';

/** Markup that can sit inside a word without a space: a tag, an HTML comment, a JSX comment. */
const MARKUP = String.raw`<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?-->|\{\s*\/\*[\s\S]*?\*\/\s*\}`;
/** Markup inside a word; a character reference (`…;`, `&…`) counts as part of the word. */
const SPLIT_BY_TAG = new RegExp(String.raw`[\p{L}\p{N};](?:${MARKUP})+[\p{L}\p{N}&]`, 'u');
const MARKUP_RE = new RegExp(MARKUP, 'g');
const JS_ESCAPE = /\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[^\r\n])/g;

function jsUnescape(m: string): string {
  const c = m[1]!;
  if (c === 'u' && m[2] === '{') {
    const cp = parseInt(m.slice(3, -1), 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
  }
  if (c === 'u' || c === 'x') return String.fromCharCode(parseInt(m.slice(2), 16));
  if ('nrtbfv0'.includes(c)) return ' ';
  return c;
}

/** HTML: references decoded (the scan knows most of them), tags out when they cut a word. */
export function htmlView(text: string): PrefilterView | null {
  const refs = text.includes('&');
  const split = SPLIT_BY_TAG.test(text);
  if (!refs && !split) return null;
  let v = split ? text.replace(MARKUP_RE, '') : text;
  if (refs) v = decodeHTML(v);
  // A legacy reference without ';' (`l&iacutemites`) decodes in HTML but is no reference to the scan.
  const legacy = refs && /&[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9;])/.test(text);
  return { text: `${text}\n${v}`, scan: !split && !legacy };
}

/** JS/TS/JSX: escapes decoded (the scan cannot read them), references and tag-cut words as in HTML. */
export function jsView(text: string): PrefilterView | null {
  const escapes = /\\[^\r\n]/.test(text);
  const html = htmlView(text);
  if (!escapes) return html;
  const v = (html ? html.text : text).replace(JS_ESCAPE, jsUnescape);
  return { text: `${text}\n${v}`, scan: false };
}

/** MDX: as HTML (its JSX tags are masked out of the prose, so they can cut a word too). */
export function mdxView(text: string): PrefilterView | null {
  return htmlView(text);
}
