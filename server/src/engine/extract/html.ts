// HTML → prose blocks. Text nodes flow into blocks that block-level elements cut (a <p>, <li>, <td>,
// <h1>…<h6> each its own block; inline elements such as <b> or <a> do not cut a sentence); headings
// open sections like Markdown headings. The attributes people read (alt, title, aria-label,
// placeholder, a button's value, <meta name="description"> and og:/twitter: content) are blocks of
// their own. Script, style and template contents are not prose; <code>, <kbd>, <samp> and <var> are
// barriers inside their sentence. Character references are decoded with exact source offsets.
// `<!-- routelint-… -->` comments are directives.
//
// htmlparser2's tokenizer gives the exact source index of every token and never throws; references
// are left to us (decodeEntities: false) so that each decoded character maps to its reference.

import { Tokenizer, QuoteType, type TokenizerCallbacks } from 'htmlparser2';
import { parseDirectives } from '../directives.js';
import type { BlockKind, Directive, ExtractContext, Extraction, Extractor } from '../types.js';
import { Flow } from './flow.js';

/** Elements whose text flows within the sentence around them. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'label', 'mark', 'q',
  's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'big', 'img', 'picture', 'source',
  'input', 'wbr', 'abbr', 'output', 'meter', 'progress', 'ruby', 'rt', 'rp', 'slot',
]);
/** Inline elements whose content is code, not prose. */
const CODE = new Set(['code', 'kbd', 'samp', 'var']);
/** Elements whose content is never prose. */
const HIDDEN = new Set(['script', 'style', 'template', 'svg', 'math', 'iframe', 'object', 'canvas']);
/** Elements that do not take an end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** <meta> names and properties whose content people read (not URLs, types or card kinds). */
const READ_META = /^(?:description|keywords|(?:og|twitter):(?:title|description|site_name|image:alt))$/;
/** Attributes read by people, on any element. */
const READ_ATTRS = new Set(['alt', 'title', 'aria-label', 'aria-description', 'placeholder']);

export function blockKindOf(tag: string): { kind: BlockKind; depth?: number } {
  if (/^h[1-6]$/.test(tag)) return { kind: 'heading', depth: Number(tag[1]) };
  if (tag === 'li' || tag === 'dt' || tag === 'dd') return { kind: 'list-item' };
  if (tag === 'td' || tag === 'th') return { kind: 'table-cell' };
  if (tag === 'blockquote') return { kind: 'blockquote' };
  return { kind: 'paragraph' };
}

export function isInlineTag(tag: string): boolean {
  return INLINE.has(tag) || CODE.has(tag) || tag === 'br';
}

interface Attr {
  name: string;
  /** Source range of the value (inside its quotes). */
  start: number;
  end: number;
}

/** `/* routelint-… *\/` comments (and `// …` in scripts) inside src[start, end). */
function codeDirectives(src: string, start: number, end: number, lineComments: boolean, out: Directive[]): void {
  const body = src.slice(start, end);
  if (!body.includes('routelint-')) return;
  const re = lineComments ? /\/\*[\s\S]*?\*\/|\/\/[^\r\n]*/g : /\/\*[\s\S]*?\*\//g;
  for (const m of body.matchAll(re)) {
    const a = start + m.index;
    const block = m[0].startsWith('/*');
    out.push(...parseDirectives(m[0].slice(2, block ? -2 : undefined), a + 2, a, a + m[0].length));
  }
}

export function extractHtml(src: string): Extraction {
  const flow = new Flow('html');
  const directives: Directive[] = [];
  let tag = '';
  let attrs: Attr[] = [];
  let attrName = '';
  let attrStart = -1;
  let attrEnd = -1;
  /** How many hidden elements / code elements are open. */
  let hidden = 0;
  let hiddenTag = '';
  let code = 0;
  let codeStart = -1;
  /** Open inline elements (not void ones): name and the offset of their start tag. */
  const inlineStack: Array<{ name: string; start: number }> = [];

  const closeCode = (at: number): void => {
    if (code > 0 && --code === 0 && codeStart >= 0) {
      flow.barrier(codeStart, at);
      codeStart = -1;
    }
  };

  const startTag = (name: string, end: number): void => {
    if (hidden > 0) {
      if (name === hiddenTag && !VOID.has(name)) hidden++;
      return;
    }
    if (HIDDEN.has(name)) {
      hidden = 1;
      hiddenTag = name;
      flow.close();
    } else if (CODE.has(name)) {
      if (code++ === 0) codeStart = tagStart;
    } else if (name === 'br') {
      flow.space(tagStart, end);
    } else if (INLINE.has(name)) {
      if (!VOID.has(name)) inlineStack.push({ name, start: tagStart });
    } else if (name === 'ul' || name === 'ol' || name === 'dl' || name === 'menu') {
      flow.beginList();
    } else if (name === 'table') {
      flow.beginTable();
    } else if (name === 'tr') {
      flow.beginRow();
    } else {
      inlineStack.length = 0;
      const { kind, depth } = blockKindOf(name);
      if (kind === 'heading' || kind === 'list-item' || kind === 'table-cell' || kind === 'blockquote' || name === 'p' || name === 'title') flow.open(kind, 'html', depth);
      else flow.close();
    }
    readAttributes(name);
  };

  const readAttributes = (name: string): void => {
    if (code > 0) return;
    const get = (n: string) => attrs.find((a) => a.name === n);
    const read: Attr[] = attrs.filter((a) => READ_ATTRS.has(a.name));
    if (name === 'meta') {
      const key = (get('name') ?? get('property'))?.name;
      const keyAttr = key ? get(key)! : undefined;
      const keyText = keyAttr ? src.slice(keyAttr.start, keyAttr.end).trim().toLowerCase() : '';
      const content = get('content');
      if (content && READ_META.test(keyText)) read.push(content);
    }
    if (name === 'input') {
      const type = get('type');
      const t = type ? src.slice(type.start, type.end).trim().toLowerCase() : '';
      const value = get('value');
      if (value && (t === 'submit' || t === 'button' || t === 'reset')) read.push(value);
    }
    read.sort((a, b) => a.start - b.start);
    for (const a of read) {
      if (a.end <= a.start) continue;
      const q = src[a.start - 1];
      const quote = q === '"' || q === "'" ? { quote: q as '"' | "'" } : {};
      flow.standalone(a.name === 'alt' ? 'alt' : 'attribute', 'html', (f) => f.text(src, a.start, a.end, true, true), quote);
    }
  };

  const endTag = (name: string, start: number, end: number): void => {
    if (hidden > 0) {
      if (name === hiddenTag && --hidden === 0) hiddenTag = '';
      return;
    }
    if (CODE.has(name)) closeCode(end);
    else if (name === 'br') flow.space(start, end);
    else if (INLINE.has(name)) {
      for (let k = inlineStack.length - 1; k >= 0; k--) {
        if (inlineStack[k]!.name === name) {
          flow.inline(inlineStack[k]!.start, end);
          inlineStack.length = k;
          break;
        }
      }
    } else if (name === 'ul' || name === 'ol' || name === 'dl' || name === 'menu') flow.endList();
    else if (name === 'table') flow.endTable();
    else if (!INLINE.has(name)) flow.close();
  };

  let tagStart = 0;
  const cbs: TokenizerCallbacks = {
    ontext(start, end) {
      if (hidden > 0) {
        // Script and style are not prose, but a key there is still found: their own comments carry directives.
        if (hiddenTag === 'script' || hiddenTag === 'style') codeDirectives(src, start, end, hiddenTag === 'script', directives);
        return;
      }
      if (code > 0) return; // the whole code element becomes one barrier when it ends
      flow.text(src, start, end, true);
    },
    ontextentity() {},
    onattribentity() {},
    onopentagname(start, end) {
      tagStart = src.lastIndexOf('<', start);
      tag = src.slice(start, end).toLowerCase();
      attrs = [];
    },
    onattribname(start, end) {
      attrName = src.slice(start, end).toLowerCase();
      attrStart = -1;
      attrEnd = -1;
    },
    onattribdata(start, end) {
      if (attrStart < 0) attrStart = start;
      attrEnd = end;
    },
    onattribend(quote, end) {
      if (quote === QuoteType.NoValue) return;
      if (attrStart < 0) {
        // an empty value: `alt=""`
        attrStart = quote === QuoteType.Unquoted ? end : end - 1;
        attrEnd = attrStart;
      }
      attrs.push({ name: attrName, start: attrStart, end: attrEnd });
    },
    onopentagend(end) {
      startTag(tag, end + 1);
    },
    onselfclosingtag(end) {
      startTag(tag, end + 1);
      // `<p/>` is not self-closing in HTML, but `<span/>` in hand-written pages usually means it
      if (!VOID.has(tag) && INLINE.has(tag)) endTag(tag, end, end + 1);
    },
    onclosetag(start, end) {
      const name = src.slice(start, end).toLowerCase();
      const lt = src.lastIndexOf('<', start);
      endTag(name, lt, end + 1);
    },
    oncomment(start, end, endOffset) {
      const bodyEnd = end - endOffset;
      const body = src.slice(start, bodyEnd);
      const commentStart = src.lastIndexOf('<!', start);
      if (body.includes('routelint-')) directives.push(...parseDirectives(body, start, commentStart, end + 1));
    },
    oncdata() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
  };
  const tokenizer = new Tokenizer({ decodeEntities: false }, cbs);
  tokenizer.write(src);
  tokenizer.end();
  if (code > 0) flow.barrier(codeStart, src.length);
  const { blocks, sections } = flow.finish();
  directives.sort((a, b) => a.start - b.start);
  return { blocks, sections, directives };
}

export const htmlExtractor: Extractor = {
  id: 'html',
  extract(text: string, _ctx: ExtractContext): Extraction {
    return extractHtml(text);
  },
};
