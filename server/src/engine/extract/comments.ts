// The "disable for this line" comment each host takes at the end of a line, where a comment there
// would be a comment and not text: `<!-- -->` in Markdown and HTML, `{/* */}` in MDX and in JSX text,
// `//` elsewhere in JS/TS. null where no comment can go at that line end (inside an HTML tag, a
// template literal or a block comment).

import { parse } from '@babel/parser';
import { extractorFor, formatOf } from './index.js';

type Comment = (ids: string) => string;

const html: Comment = (ids) => ` <!-- routelint-disable-line ${ids} -->`;
const jsxComment: Comment = (ids) => ` {/* routelint-disable-line ${ids} */}`;
const lineComment: Comment = (ids) => ` // routelint-disable-line ${ids}`;
const cssComment: Comment = (ids) => ` /* routelint-disable-line ${ids} */`;
const hashComment: Comment = (ids) => ` # routelint-disable-line ${ids}`;

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Where the end of a line (offset `at`) sits in a JS/TS/JSX text. */
function jsContext(path: string, text: string, at: number): 'code' | 'jsx-text' | 'none' {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  const ts = ext === 'ts' || ext === 'mts' || ext === 'cts' || ext === 'tsx';
  const jsx = !(ext === 'ts' || ext === 'mts' || ext === 'cts');
  let file: { program: unknown; comments?: Array<{ start: number; end: number; type: string }> };
  try {
    file = parse(text, {
      sourceType: 'module',
      plugins: [...(ts ? (['typescript'] as const) : []), ...(jsx ? (['jsx'] as const) : [])],
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
    }) as unknown as typeof file;
  } catch {
    return 'code';
  }
  for (const c of file.comments ?? []) if (c.type === 'CommentBlock' && c.start < at && at < c.end) return 'none';
  let result: 'code' | 'jsx-text' | 'none' = 'code';
  const visit = (n: Node): void => {
    if (!(n.start < at && at <= n.end) && !(n.start <= at && at < n.end)) return;
    if (n.type === 'TemplateLiteral' && n.start < at && at < n.end) {
      result = 'none';
      for (const e of (n.expressions as Node[]) ?? []) visit(e);
      return;
    }
    if (n.type === 'StringLiteral' && n.start < at && at < n.end) {
      result = 'none';
      return;
    }
    if (n.type === 'JSXElement' || n.type === 'JSXFragment') {
      const open = (n.openingElement ?? n.openingFragment) as Node | undefined;
      const close = (n.closingElement ?? n.closingFragment) as Node | undefined;
      if (open && close && at >= open.end && at <= close.start) result = 'jsx-text';
      else if (open && at > open.start && at < open.end) result = 'code';
    }
    if (n.type === 'JSXExpressionContainer' && n.start < at && at < n.end) result = 'code';
    for (const k of Object.keys(n)) {
      if (k === 'loc' || k === 'extra') continue;
      const v = n[k];
      if (Array.isArray(v)) {
        for (const x of v) if (x && typeof x === 'object' && typeof (x as Node).type === 'string') visit(x as Node);
      } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') visit(v as Node);
    }
  };
  visit(file.program as Node);
  return result;
}

/** Is `at` inside a YAML/TOML front matter block (`---` or `+++` fences at the top)? */
function inFrontMatter(text: string, at: number): boolean {
  const m = /^(?:\uFEFF)?(---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (!m) return false;
  const fence = m[1]!;
  const close = new RegExp(`\\r?\\n${fence === '---' ? '---' : '\\+\\+\\+'}[ \\t]*(?:\\r?\\n|$)`).exec(text.slice(m[0].length - 1));
  // without a closing fence it is no front matter (a thematic break, then text)
  return close !== null && at < m[0].length - 1 + close.index + close[0].length;
}

/** Is `at` inside a tag (after a `<Name` whose `>` has not come yet), e.g. a multi-line JSX opening tag? */
function insideTag(text: string, at: number): boolean {
  const lt = text.lastIndexOf('<', at - 1);
  const gt = text.lastIndexOf('>', at - 1);
  return lt > gt && /^<\/?[A-Za-z]/.test(text.slice(lt, lt + 3));
}

/** Does a string value of a config format run across line end `at`? */
function insideMultilineValue(path: string, text: string, at: number): boolean {
  let blocks;
  try {
    blocks = extractorFor(path).extract(text, { maxDepth: 64 }).blocks;
  } catch {
    return true; // unreadable here: offer no comment rather than one that could land inside a string
  }
  for (const b of blocks) {
    if (b.kind !== 'value' || b.starts.length === 0) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < b.starts.length; i++) {
      if (b.starts[i]! < lo) lo = b.starts[i]!;
      if (b.ends[i]! > hi) hi = b.ends[i]!;
    }
    if (lo < at && at < hi) return true;
  }
  return false;
}

/** The comment to append at line end `at` of `text` to disable rules for that line, or null. */
export function disableLineComment(path: string, text: string, at: number): Comment | null {
  const format = formatOf(path);
  switch (format) {
    case 'mdx':
      // not in front matter (the comment would join a YAML value) nor inside a JSX tag's attributes
      if (inFrontMatter(text, at) || insideTag(text, at)) return null;
      return jsxComment;
    case 'markdown':
      return inFrontMatter(text, at) ? null : html;
    case 'html': {
      // inside a script or a style, their own comment syntax (the HTML extractor reads both)
      const lower = text.slice(0, at).toLowerCase();
      const script = lower.lastIndexOf('<script');
      const style = lower.lastIndexOf('<style');
      if (script > lower.lastIndexOf('</script') && text.indexOf('>', script) < at) return lineComment;
      if (style > lower.lastIndexOf('</style') && text.indexOf('>', style) < at) return cssComment;
      // in <textarea> and <title> (RCDATA) a comment is shown as text
      for (const tag of ['textarea', 'title']) {
        const open = lower.lastIndexOf(`<${tag}`);
        if (open > lower.lastIndexOf(`</${tag}`) && text.indexOf('>', open) < at) return null;
      }
      // inside a tag (a multi-line attribute), a comment would be part of the tag
      const lt = text.lastIndexOf('<', at - 1);
      const gt = text.lastIndexOf('>', at - 1);
      if (lt > gt && !text.startsWith('<!--', lt)) return null;
      const open = text.lastIndexOf('<!--', at - 1);
      if (open >= 0 && text.indexOf('-->', open) >= at) return null;
      return html;
    }
    case 'js': {
      const where = jsContext(path, text, at);
      return where === 'jsx-text' ? jsxComment : where === 'code' ? lineComment : null;
    }
    // Config formats: their own comment syntax at the end of the line, unless the line ends inside a
    // multi-line string (a YAML block scalar, a TOML multi-line string), where it would be text. Plain
    // JSON has none.
    case 'yaml':
    case 'toml':
    case 'env':
      return insideMultilineValue(path, text, at) ? null : hashComment;
    case 'jsonc':
      return insideMultilineValue(path, text, at) ? null : lineComment;
    default:
      return null;
  }
}
