// JavaScript and TypeScript (and their JSX forms) → prose blocks: string literals, template literal
// text (the `${}` parts are barriers), JSX text and the JSX attribute strings people read, and
// comments. Identifiers, import/export/require specifiers, object keys, type-level strings and CSS or
// GraphQL templates are not prose. `//` and `/* */` comments (`{/* */}` in JSX) carry directives.
// Escapes in literals (\n, \u{…}, \') and character references in JSX decode with exact offsets.
//
// @babel/parser reads all four dialects with error recovery and exact UTF-16 offsets; where it still
// gives up, a small lexer finds the literals and comments so the file is linted, never skipped.

import { parse, type ParserPlugin } from '@babel/parser';
import { parseDirectives } from '../directives.js';
import { TooDeepError, type BlockKind, type Directive, type ExtractContext, type Extraction, type Extractor, type Host } from '../types.js';
import { Flow } from './flow.js';
import { blockKindOf, isInlineTag } from './html.js';

export interface JsDialect {
  typescript: boolean;
  jsx: boolean;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

interface Comment {
  type: 'CommentLine' | 'CommentBlock';
  start: number;
  end: number;
}

/** JSX attributes whose strings are machine values, not copy. */
export const TECHNICAL_ATTRS: ReadonlySet<string> = new Set([
  'classname', 'class', 'id', 'key', 'ref', 'href', 'src', 'srcset', 'to', 'type', 'name', 'role', 'rel', 'target',
  'style', 'htmlfor', 'for', 'lang', 'dir', 'method', 'action', 'as', 'variant', 'size', 'color', 'icon', 'path',
  'd', 'viewbox', 'fill', 'stroke', 'xmlns', 'width', 'height', 'tabindex', 'autocomplete', 'inputmode', 'pattern',
  'accept', 'enctype', 'form', 'slot', 'mode', 'theme', 'align', 'position', 'layout', 'value', 'defaultvalue',
  'loading', 'decoding', 'crossorigin', 'integrity', 'referrerpolicy', 'sizes', 'media', 'charset', 'httpequiv',
  'property', 'itemprop', 'itemtype', 'itemscope', 'rows', 'cols', 'min', 'max', 'step', 'locale', 'format',
  'component', 'element', 'level', 'weight', 'tag', 'url', 'link', 'file', 'image', 'img', 'avatar', 'poster',
]);
/** Is a JSX attribute of this name read by people (a title, a label), not a machine value? */
export function isReadAttribute(name: string): boolean {
  const n = name.toLowerCase();
  if (TECHNICAL_ATTRS.has(n) || n.startsWith('data-') || /^on[a-z]/.test(n)) return false;
  if (n.startsWith('aria-')) return n === 'aria-label' || n === 'aria-description';
  return true;
}

/** Tags of templates whose text is code (CSS, GraphQL, SQL), not prose. */
const CODE_TAGS = /^(?:css|styled|keyframes|createGlobalStyle|injectGlobal|gql|graphql|sql|html|svg|md|markdown|json|yaml|glsl|shader)$/;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b || c === 0x2028 || c === 0x2029;
}
function isHex(s: string): boolean {
  return s.length > 0 && /^[0-9a-fA-F]+$/.test(s);
}

/**
 * The text of a JS string or template part src[start, end) (inside its quotes) into the flow:
 * escapes decoded, each to the source range of its escape.
 */
export function pushJsString(flow: Flow, src: string, start: number, end: number): void {
  let i = start;
  while (i < end) {
    const bs = src.indexOf('\\', i);
    const stop = bs < 0 || bs >= end ? end : bs;
    if (stop > i) flow.text(src, i, stop, false);
    if (stop >= end) break;
    i = stop;
    const c = src[i + 1];
    if (c === undefined || i + 1 >= end) {
      i = end;
      break;
    }
    let len = 2;
    let out: string | null = null;
    switch (c) {
      case 'n':
      case 'r':
      case 't':
      case 'v':
      case 'f':
      case 'b':
        flow.space(i, i + 2);
        i += 2;
        continue;
      case '\r':
        len = src[i + 2] === '\n' ? 3 : 2;
        out = '';
        break;
      case '\n':
      case '\u2028':
      case '\u2029':
        out = '';
        break;
      case 'x': {
        const h = src.slice(i + 2, i + 4);
        if (isHex(h) && h.length === 2) {
          out = String.fromCharCode(parseInt(h, 16));
          len = 4;
        } else out = 'x';
        break;
      }
      case 'u': {
        if (src[i + 2] === '{') {
          const close = src.indexOf('}', i + 3);
          const h = close > 0 && close < end ? src.slice(i + 3, close) : '';
          const cp = isHex(h) ? parseInt(h, 16) : NaN;
          if (cp <= 0x10ffff) {
            out = String.fromCodePoint(cp);
            len = close + 1 - i;
          } else out = 'u';
        } else {
          const h = src.slice(i + 2, i + 6);
          if (h.length === 4 && isHex(h)) {
            out = String.fromCharCode(parseInt(h, 16));
            len = 6;
          } else out = 'u';
        }
        break;
      }
      case '0':
        out = /[0-9]/.test(src[i + 2] ?? '') ? '0' : '\0';
        break;
      default: {
        // a surrogate pair escaped as itself keeps both halves
        const cp = src.codePointAt(i + 1)!;
        out = String.fromCodePoint(cp);
        len = 1 + (cp > 0xffff ? 2 : 1);
      }
    }
    if (out === '\0') flow.barrier(i, i + len);
    else if (out !== '' && isWs(out.charCodeAt(0)) && out.length === 1) flow.space(i, i + len);
    else if (out !== '') flow.mapped(out, i, i + len);
    i += len;
  }
}

/** Where a comment's lines are: inside a JSDoc `@example` or a fenced code block (code, not prose). */
interface CommentState {
  example: boolean;
  fence: boolean;
}

/** One comment line src[a, eol): prose, except code (fences, `@example`, `backtick spans`). */
function pushCommentLine(flow: Flow, src: string, a: number, eol: number, state: CommentState): void {
  if (eol <= a) return;
  const t = src.slice(a, eol);
  if (/^(?:```|~~~)/.test(t)) {
    state.fence = !state.fence;
    flow.barrier(a, eol);
    return;
  }
  if (state.fence) {
    flow.barrier(a, eol);
    return;
  }
  if (t.startsWith('@')) state.example = /^@example\b/.test(t);
  if (state.example) {
    flow.barrier(a, eol);
    return;
  }
  let i = a;
  while (i < eol) {
    const open = src.indexOf('`', i);
    const close = open >= 0 && open < eol ? src.indexOf('`', open + 1) : -1;
    if (open < 0 || open >= eol || close < 0 || close >= eol) {
      flow.text(src, i, eol, false);
      return;
    }
    if (open > i) flow.text(src, i, open, false);
    flow.barrier(open, close + 1);
    i = close + 1;
  }
}

/** A comment's body: lines without the decorative `*` that starts them in a block comment. */
function pushCommentBody(flow: Flow, src: string, start: number, end: number, block: boolean, state: CommentState = { example: false, fence: false }): void {
  let i = start;
  while (i < end) {
    let eol = i;
    while (eol < end && src.charCodeAt(eol) !== 0x0a && src.charCodeAt(eol) !== 0x0d) eol++;
    let a = i;
    while (a < eol && isWs(src.charCodeAt(a))) a++;
    if (block && (i > start || src.charCodeAt(a) === 0x2a)) while (a < eol && src.charCodeAt(a) === 0x2a) a++;
    let b = a;
    while (b < eol && isWs(src.charCodeAt(b))) b++;
    if (b > i) flow.space(i, b);
    let z = eol;
    while (z > b && isWs(src.charCodeAt(z - 1))) z--;
    pushCommentLine(flow, src, b, z, state);
    let next = eol;
    while (next < end && (src.charCodeAt(next) === 0x0a || src.charCodeAt(next) === 0x0d)) next++;
    if (next > z) flow.space(z, next);
    i = next;
  }
}

function jsxName(n: Node | undefined): string {
  if (!n) return '';
  if (n.type === 'JSXIdentifier') return String(n.name);
  if (n.type === 'JSXNamespacedName') return `${jsxName(n.namespace as Node)}:${jsxName(n.name as Node)}`;
  if (n.type === 'JSXMemberExpression') return `${jsxName(n.object as Node)}.${jsxName(n.property as Node)}`;
  return '';
}

class JsWalker {
  readonly flow = new Flow('js');
  readonly directives: Directive[] = [];
  private comments: Comment[];
  private nextComment = 0;
  /** Line comments waiting to be joined with the next one on the following line. */
  private lineGroup: Comment[] = [];
  /** Inside a JSX tree's flow. */
  private inJsx = 0;

  constructor(
    private readonly src: string,
    comments: Comment[],
    private readonly maxDepth: number,
  ) {
    this.comments = [...comments].sort((a, b) => a.start - b.start);
  }

  /** Comments that start before `pos`, in order. */
  commentsBefore(pos: number): void {
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.start < pos) {
      this.comment(this.comments[this.nextComment++]!);
    }
  }

  private comment(c: Comment): void {
    const src = this.src;
    const block = c.type === 'CommentBlock';
    const bodyStart = c.start + 2;
    const bodyEnd = block ? c.end - 2 : c.end;
    const body = src.slice(bodyStart, bodyEnd);
    if (body.includes('routelint-')) {
      const ds = parseDirectives(body, bodyStart, c.start, c.end);
      if (ds.length > 0) {
        this.flushLineGroup();
        this.directives.push(...ds);
        return;
      }
    }
    if (!block) {
      const prev = this.lineGroup[this.lineGroup.length - 1];
      if (prev && !/\S/.test(src.slice(prev.end, c.start)) && countBreaks(src, prev.end, c.start) === 1) {
        this.lineGroup.push(c);
        return;
      }
      this.flushLineGroup();
      this.lineGroup.push(c);
      return;
    }
    this.flushLineGroup();
    this.flow.standalone('comment', 'text', (f) => pushCommentBody(f, src, bodyStart, bodyEnd, true));
  }

  flushLineGroup(): void {
    const group = this.lineGroup;
    if (group.length === 0) return;
    this.lineGroup = [];
    const src = this.src;
    this.flow.standalone('comment', 'text', (f) => {
      const state: CommentState = { example: false, fence: false };
      for (let k = 0; k < group.length; k++) {
        const c = group[k]!;
        if (k > 0) f.space(group[k - 1]!.end, c.start + 2);
        // `///` and `//!` decorations are not prose
        let a = c.start + 2;
        while (a < c.end && (src[a] === '/' || src[a] === '!')) a++;
        pushCommentBody(f, src, a, c.end, false, state);
      }
    });
  }

  private literal(n: Node, host: Host, quote?: '"' | "'" | '`'): void {
    if (n.end - n.start < 3) return;
    this.flushLineGroup();
    const src = this.src;
    const extra = quote ? { quote } : {};
    if (host === 'jsx') this.flow.standalone('attribute', 'jsx', (f) => f.text(src, n.start + 1, n.end - 1, true, true), extra);
    else this.flow.standalone('value', host, (f) => pushJsString(f, src, n.start + 1, n.end - 1), extra);
  }

  private template(n: Node): void {
    const quasis = (n.quasis as Node[]) ?? [];
    const exprs = (n.expressions as Node[]) ?? [];
    const raw = quasis.map((q) => this.src.slice(q.start, q.end)).join('');
    // empty, or a regex replacement (`@$1/${prefix}$2`): no prose
    if (quasis.every((q) => q.end <= q.start) || (!/\s/.test(raw) && /\$[\d&<`']/.test(raw))) {
      for (const e of exprs) this.visit(e, n, 1);
      return;
    }
    this.flushLineGroup();
    const src = this.src;
    this.flow.standalone(
      'value',
      'js',
      (f) => {
        quasis.forEach((q, k) => {
          pushJsString(f, src, q.start, q.end);
          const next = quasis[k + 1];
          if (next) f.barrier(q.end, next.start);
        });
      },
      { quote: '`' },
    );
    for (const e of exprs) this.visit(e, n, 1);
  }

  /** Is this literal a specifier, key or type rather than a value a reader sees? */
  private notProse(n: Node, parent: Node | null, key: string): boolean {
    if (!parent) return false;
    switch (parent.type) {
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
      case 'ImportExpression':
      case 'TSExternalModuleReference':
      case 'TSImportType':
      case 'TSModuleDeclaration':
      case 'ImportAttribute':
      case 'ImportSpecifier':
      case 'ExportSpecifier':
      case 'TSLiteralType':
      case 'TSEnumMember':
      case 'TSPropertySignature':
      case 'DirectiveLiteral':
        return true;
      case 'ObjectProperty':
      case 'ObjectMethod':
      case 'ClassProperty':
      case 'ClassMethod':
      case 'ClassAccessorProperty':
      case 'TSDeclareMethod':
        return key === 'key' && !parent.computed;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return key === 'property';
      case 'CallExpression':
      case 'OptionalCallExpression': {
        const callee = parent.callee as Node;
        if (callee.type === 'Import') return true;
        const name = callee.type === 'Identifier' ? String(callee.name) : callee.type === 'MemberExpression' ? `${(callee.object as Node).type === 'Identifier' ? String((callee.object as Node).name) : ''}.${(callee.property as Node).type === 'Identifier' ? String((callee.property as Node).name) : ''}` : '';
        return /^(?:require|require\.resolve|import\.meta|jest\.mock|vi\.mock|jest\.requireActual|vi\.importActual|document\.querySelector|document\.querySelectorAll|document\.getElementById|addEventListener|removeEventListener|process\.env)$/.test(name) || /\.(?:querySelector|querySelectorAll|getElementById|addEventListener|removeEventListener|getAttribute|setAttribute|emit|on|off)$/.test(name);
      }
    }
    return false;
  }

  visit(n: Node, parent: Node | null, depth: number, key = ''): void {
    if (depth > this.maxDepth) throw new TooDeepError(this.maxDepth);
    this.commentsBefore(n.start);
    switch (n.type) {
      case 'StringLiteral': {
        if (this.notProse(n, parent, key)) return;
        // A regex replacement ('$1', "\\$&", 'Symbol($1)'): one token with a `$` group reference.
        if (/^[^\s]*\$[\d&<`']/.test(n.extra && typeof (n.extra as { raw?: unknown }).raw === 'string' ? String((n.extra as { raw: string }).raw) : '') && !/\s/.test(this.src.slice(n.start, n.end))) return;
        const q = this.src[n.start];
        if (parent?.type === 'JSXAttribute') {
          if (!isReadAttribute(jsxName(parent.name as Node))) return;
          this.literal(n, 'jsx', q === "'" ? "'" : '"');
          return;
        }
        this.literal(n, 'js', q === "'" ? "'" : '"');
        return;
      }
      case 'TemplateLiteral':
        this.template(n);
        return;
      case 'BinaryExpression': {
        // 'Get free ' + 'unlimited API': one sentence, when every piece is a literal with the same quote
        if (n.operator !== '+') break;
        const pieces: Node[] = [];
        const flat = (x: Node): void => {
          if (x.type === 'BinaryExpression' && x.operator === '+') {
            flat(x.left as Node);
            flat(x.right as Node);
          } else pieces.push(x);
        };
        flat(n);
        const q = this.src[pieces[0]!.start];
        if (pieces.length < 2 || !pieces.every((x) => x.type === 'StringLiteral' && this.src[x.start] === q)) break;
        this.commentsBefore(n.end);
        this.flushLineGroup();
        const src = this.src;
        this.flow.standalone('value', 'js', (f) => pieces.forEach((x) => pushJsString(f, src, x.start + 1, x.end - 1)), { quote: q === "'" ? "'" : '"' });
        return;
      }
      case 'TaggedTemplateExpression': {
        const tag = n.tag as Node;
        const name = tag.type === 'Identifier' ? String(tag.name) : tag.type === 'MemberExpression' ? String((tag.object as Node).name ?? '') : tag.type === 'CallExpression' ? String(((tag.callee as Node).name as string) ?? ((tag.callee as Node).object as Node | undefined)?.name ?? '') : '';
        if (CODE_TAGS.test(name)) return;
        this.visit(tag, n, depth + 1, 'tag');
        this.template(n.quasi as Node);
        return;
      }
      case 'JSXElement':
      case 'JSXFragment':
        this.flushLineGroup();
        if (this.inJsx > 0) {
          // JSX inside an expression inside JSX text: part of the surrounding flow
          this.jsx(n, depth);
          return;
        }
        this.flow.close();
        this.inJsx++;
        this.jsxChild(n, [n], depth);
        this.inJsx--;
        this.flow.close();
        return;
      case 'Directive':
      case 'DirectiveLiteral':
      case 'ImportDeclaration':
      case 'TSImportEqualsDeclaration':
      case 'TSModuleDeclaration':
        if (n.type === 'TSModuleDeclaration') this.visit(n.body as Node, n, depth + 1, 'body');
        return;
      case 'ExportAllDeclaration':
        return;
    }
    for (const k of Object.keys(n)) {
      if (k === 'loc' || k === 'extra' || k === 'leadingComments' || k === 'trailingComments' || k === 'innerComments' || k === 'range') continue;
      const v = n[k];
      if (Array.isArray(v)) {
        for (const x of v) if (x && typeof x === 'object' && typeof (x as Node).type === 'string') this.visit(x as Node, n, depth + 1, k);
      } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') this.visit(v as Node, n, depth + 1, k);
    }
  }

  /** JSX children as a flow: block elements cut it, inline ones (and components among text) do not. */
  private jsx(n: Node, depth: number): void {
    if (depth > this.maxDepth) throw new TooDeepError(this.maxDepth);
    const flow = this.flow;
    const opening = n.openingElement as Node | undefined;
    if (opening) {
      this.commentsBefore(opening.start);
      for (const a of (opening.attributes as Node[]) ?? []) this.visit(a, opening, depth + 1, 'attributes');
    }
    const children = (n.children as Node[]) ?? [];
    children.forEach((ch) => this.jsxChild(ch, children, depth));
  }

  /** One child of a JSX element (or a JSX root, as the only child of nothing). */
  private jsxChild(ch: Node, children: Node[], depth: number): void {
    const flow = this.flow;
    {
      this.commentsBefore(ch.start);
      if (ch.type === 'JSXText') {
        flow.text(this.src, ch.start, ch.end, true);
        return;
      }
      if (ch.type === 'JSXExpressionContainer') {
        const e = ch.expression as Node;
        if (e.type === 'JSXEmptyExpression') {
          this.commentsBefore(ch.end);
          return;
        }
        // `{' '}` and `{"text"}` are text of the sentence (React's way to write a space or a quote)
        const plain = e.type === 'StringLiteral' || (e.type === 'TemplateLiteral' && ((e.expressions as Node[]) ?? []).length === 0);
        if (plain && e.end - e.start >= 2) {
          this.commentsBefore(e.start);
          pushJsString(flow, this.src, e.start + 1, e.end - 1);
          this.commentsBefore(ch.end);
          return;
        }
        flow.barrier(ch.start, ch.end);
        this.visit(e, ch, depth + 1, 'expression');
        this.commentsBefore(ch.end);
        return;
      }
      if (ch.type === 'JSXSpreadChild') {
        flow.barrier(ch.start, ch.end);
        return;
      }
      if (ch.type === 'JSXFragment') {
        this.jsx(ch, depth + 1);
        return;
      }
      if (ch.type !== 'JSXElement') return;
      const name = jsxName((ch.openingElement as Node).name as Node);
      const lower = name.toLowerCase();
      const hasText = (s: Node) => s.type === 'JSXText' && /\S/.test(this.src.slice(s.start, s.end));
      const known = /^[a-z][a-z0-9]*$/.test(name);
      if (known && (lower === 'script' || lower === 'style' || lower === 'svg' || lower === 'template')) {
        flow.close();
        return;
      }
      if (known && (lower === 'code' || lower === 'kbd' || lower === 'samp' || lower === 'var' || lower === 'pre')) {
        flow.barrier(ch.start, ch.end);
        return;
      }
      if (known && lower === 'br') {
        flow.space(ch.start, ch.end);
        return;
      }
      // A component (or a custom element) among text is part of the sentence; among elements, a block.
      const inline = known && !name.includes('-') ? isInlineTag(lower) : children.some(hasText);
      if (inline) {
        this.jsx(ch, depth + 1);
        flow.inline(ch.start, ch.end);
        return;
      }
      if (known && (lower === 'ul' || lower === 'ol' || lower === 'dl' || lower === 'menu')) {
        flow.beginList();
        this.jsx(ch, depth + 1);
        flow.endList();
        return;
      }
      if (known && lower === 'table') {
        flow.beginTable();
        this.jsx(ch, depth + 1);
        flow.endTable();
        return;
      }
      if (known && (lower === 'tr' || lower === 'thead' || lower === 'tbody' || lower === 'tfoot')) {
        if (lower === 'tr') flow.beginRow();
        else flow.close();
        this.jsx(ch, depth + 1);
        flow.close();
        return;
      }
      const { kind, depth: hd } = known ? blockKindOf(lower) : { kind: 'paragraph' as BlockKind, depth: undefined };
      flow.open(kind, 'jsx', hd);
      this.jsx(ch, depth + 1);
      flow.close();
    }
  }
}

function countBreaks(src: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && src.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
}

function pluginsFor(d: JsDialect): ParserPlugin[] {
  const p: ParserPlugin[] = [];
  if (d.typescript) p.push('typescript');
  if (d.jsx) p.push('jsx');
  return p;
}

/** The AST, or null when the parser cannot read the text even with error recovery. */
function tryParse(src: string, d: JsDialect): { program: Node; comments: Comment[] } | null {
  const attempt = (dialect: JsDialect, sourceType: 'module' | 'script') => {
    const file = parse(src, {
      sourceType,
      plugins: pluginsFor(dialect),
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowSuperOutsideMethod: true,
      allowUndeclaredExports: true,
      attachComment: false,
    } as Parameters<typeof parse>[1]);
    return { program: file.program as unknown as Node, comments: (file.comments ?? []) as unknown as Comment[] };
  };
  const tries: Array<[JsDialect, 'module' | 'script']> = [
    [d, 'module'],
    [d, 'script'],
  ];
  // A .js file may hold JSX; a .ts file may be read better without it and vice versa.
  if (!d.jsx) tries.push([{ ...d, jsx: true }, 'module']);
  else if (d.typescript) tries.push([{ ...d, jsx: false }, 'module']);
  for (const [dialect, sourceType] of tries) {
    try {
      return attempt(dialect, sourceType);
    } catch {
      // try the next reading
    }
  }
  return null;
}

export function extractJs(src: string, dialect: JsDialect, ctx: ExtractContext): Extraction {
  const parsed = tryParse(src, dialect);
  if (!parsed) return lexJs(src);
  // AST depth is not document nesting: an else-if chain or a long concatenation nests one level per
  // link, so the guard allows far more levels than a Markdown or YAML document gets.
  const w = new JsWalker(src, parsed.comments, Math.max(ctx.maxDepth * 16, 1024));
  // Each top-level statement is a section: the values of one object, the JSX of one component.
  for (const stmt of (parsed.program.body as Node[]) ?? []) {
    w.commentsBefore(stmt.start);
    w.flushLineGroup();
    w.flow.newSection();
    w.visit(stmt, parsed.program, 1, 'body');
  }
  w.commentsBefore(src.length + 1);
  w.flushLineGroup();
  const { blocks, sections } = w.flow.finish();
  return { blocks, sections, directives: w.directives };
}

/**
 * The fallback for text the parser cannot read (a file mid-edit with an unterminated string): string
 * literals, templates and comments found by a small lexer. JSX text is not found this way.
 */
export function lexJs(src: string): Extraction {
  const comments: Comment[] = [];
  const literals: Array<{ start: number; end: number; quote: '"' | "'" | '`'; parts: Array<[number, number]> }> = [];
  const n = src.length;
  let i = 0;
  let prevSignificant = '';
  // Within a template: the brace depth where each `${` opened.
  const templateStack: number[] = [];
  let braces = 0;
  const readTemplate = (from: number): number => {
    // from: just after the opening backtick or the closing `}` of an expression
    let j = from;
    while (j < n) {
      const c = src[j];
      if (c === '\\') j += 2;
      else if (c === '`') return j;
      else if (c === '$' && src[j + 1] === '{') return j;
      else j++;
    }
    return n;
  };
  let current: (typeof literals)[number] | null = null;
  while (i < n) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      let e = i + 2;
      while (e < n && src[e] !== '\n' && src[e] !== '\r') e++;
      comments.push({ type: 'CommentLine', start: i, end: e });
      i = e;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const e = close < 0 ? n : close + 2;
      comments.push({ type: 'CommentBlock', start: i, end: e });
      i = e;
      continue;
    }
    if (c === '"' || c === "'") {
      let e = i + 1;
      while (e < n && src[e] !== c && src[e] !== '\n' && src[e] !== '\r') e += src[e] === '\\' ? 2 : 1;
      const end = Math.min(e, n);
      literals.push({ start: i, end: end + 1, quote: c, parts: [[i + 1, end]] });
      i = end + 1;
      prevSignificant = 'x';
      continue;
    }
    if (c === '`' || (c === '}' && templateStack.length > 0 && templateStack[templateStack.length - 1] === braces)) {
      if (c === '}') {
        templateStack.pop();
      } else {
        current = { start: i, end: i, quote: '`', parts: [] };
        literals.push(current);
      }
      const lit: (typeof literals)[number] = c === '`' ? current! : literals.filter((l) => l.quote === '`').pop()!;
      const e = readTemplate(i + 1);
      lit.parts.push([i + 1, e]);
      if (e < n && src[e] === '$') {
        templateStack.push(braces);
        i = e + 2;
      } else {
        lit.end = Math.min(e + 1, n);
        i = e + 1;
      }
      prevSignificant = 'x';
      continue;
    }
    if (c === '/' && !/[\w$)\]]/.test(prevSignificant)) {
      // a regular expression literal
      let e = i + 1;
      let inClass = false;
      while (e < n && src[e] !== '\n') {
        if (src[e] === '\\') e++;
        else if (src[e] === '[') inClass = true;
        else if (src[e] === ']') inClass = false;
        else if (src[e] === '/' && !inClass) break;
        e++;
      }
      i = e + 1;
      prevSignificant = 'x';
      continue;
    }
    if (c === '{') braces++;
    else if (c === '}') braces--;
    if (!isWs(c.charCodeAt(0))) prevSignificant = c;
    i++;
  }
  const w = new JsWalker(src, comments, 64);
  const flow = w.flow;
  for (const lit of literals) {
    w.commentsBefore(lit.start);
    w.flushLineGroup();
    // a literal right after `import`/`from`/`require(` is a specifier
    const before = src.slice(Math.max(0, lit.start - 12), lit.start);
    if (/(?:\bfrom|\bimport|\brequire\s*\()\s*$/.test(before)) continue;
    flow.standalone(
      'value',
      'js',
      (f) => {
        lit.parts.forEach(([a, b], k) => {
          if (k > 0) f.barrier(lit.parts[k - 1]![1], a);
          pushJsString(f, src, a, b);
        });
      },
      { quote: lit.quote },
    );
  }
  w.commentsBefore(n + 1);
  w.flushLineGroup();
  const { blocks, sections } = flow.finish();
  return { blocks, sections, directives: w.directives };
}

export function jsExtractor(dialect: JsDialect, id: string): Extractor {
  return {
    id,
    extract(text: string, ctx: ExtractContext): Extraction {
      return extractJs(text, dialect, ctx);
    },
  };
}
