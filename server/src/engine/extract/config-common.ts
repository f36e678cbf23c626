// What the config extractors (.env, YAML, JSON/JSONC, TOML) share: entries, one section per parent
// object (so a value's section evidence comes from its siblings), value and comment blocks with exact
// source maps, and directives from host comments.
import { parseDirectives } from '../directives.js';
import { ProseBuilder } from '../prose.js';
import type { BlockKind, ConfigEntry, Directive, Extraction, Host, Lang, ProseBlock, Section } from '../types.js';
import { TooDeepError } from '../types.js';

/** A scalar's text decoded piece by piece, each piece knowing its source range. */
export class Decoded {
  readonly b = new ProseBuilder(32);
  /** The decoded value (line breaks kept), for entries. */
  value = '';

  /** Source characters that stand for themselves. */
  raw(text: string, srcStart: number): void {
    if (text.length === 0) return;
    this.b.push(text, srcStart);
    this.value += text;
  }

  /** An escape sequence (or a folded line break) of another length than what it stands for. */
  mapped(text: string, srcStart: number, srcEnd: number): void {
    if (text.length === 0) return;
    if (text === ' ' || text === '\n') this.b.pushSpace(srcStart, srcEnd);
    else this.b.pushMapped(text, srcStart, srcEnd);
    this.value += text;
  }
}

/** Values that are not prose: URLs, paths, identifiers and numbers carry no claim a reader sees. */
function proseWorthy(value: string): boolean {
  const t = value.trim();
  if (t.length < 2) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S*$/i.test(t)) return false;
  if (/^(?:\.{0,2}\/|~\/)\S*$/.test(t)) return false;
  if (/^[-+]?\d[\d_.,:eE+-]*$/.test(t)) return false;
  return /\p{L}/u.test(t);
}

export class ConfigOut {
  readonly blocks: ProseBlock[] = [];
  readonly sections: Section[] = [{ headingText: '', headingBlock: null, parent: null }];
  readonly directives: Directive[] = [];
  readonly entries: ConfigEntry[] = [];
  private readonly sectionByParent = new Map<number, number>([[-1, 0]]);
  /** Comment blocks waiting for the entry after them, which decides their section. */
  private pendingComments: ProseBlock[] = [];

  constructor(
    readonly host: Host,
    readonly maxDepth: number,
    /** Locale files: the language the file's name says, for values whose own words do not tell. */
    readonly lang?: Lang,
  ) {}

  private sectionOf(parent: number): number {
    let s = this.sectionByParent.get(parent);
    if (s === undefined) {
      s = this.sections.length;
      this.sections.push({ headingText: '', headingBlock: null, parent: null });
      this.sectionByParent.set(parent, s);
    }
    return s;
  }

  checkDepth(depth: number): void {
    if (depth > this.maxDepth) throw new TooDeepError(this.maxDepth);
  }

  addEntry(e: ConfigEntry): number {
    const i = this.entries.length;
    this.entries.push(e);
    const section = this.sectionOf(e.parent);
    for (const c of this.pendingComments) c.section = section;
    this.pendingComments = [];
    return i;
  }

  /** A string value: its decoded text becomes a 'value' block of the entry's section. */
  addValue(entry: number, d: Decoded, quote?: '"' | "'"): void {
    if (!proseWorthy(d.value)) return;
    const built = d.b.finish();
    const e = this.entries[entry]!;
    const block: ProseBlock = {
      text: built.text,
      starts: built.starts,
      ends: built.ends,
      kind: 'value' as BlockKind,
      section: this.sectionOf(e.parent),
      host: this.host,
      entry,
    };
    if (quote) block.quote = quote;
    if (this.lang) block.lang = this.lang;
    this.blocks.push(block);
  }

  /**
   * A comment whose body is source[bodyStart, bodyEnd); the whole comment is [start, end). A
   * directive comment is a directive, not prose.
   */
  addComment(source: string, start: number, end: number, bodyStart: number, bodyEnd: number, directives: boolean): void {
    const body = source.slice(bodyStart, bodyEnd);
    if (directives && body.includes('routelint-')) {
      const ds = parseDirectives(body, bodyStart, start, end);
      if (ds.length) {
        this.directives.push(...ds);
        return;
      }
    }
    // One block per comment line (a block comment's lines joined with spaces, its `*` gutters dropped).
    const b = new ProseBuilder(body.length);
    let any = false;
    const lines = body.split(/(\r\n|\r|\n)/);
    let off = bodyStart;
    for (let k = 0; k < lines.length; k++) {
      const part = lines[k]!;
      if (k % 2 === 1) {
        off += part.length;
        continue;
      }
      let a = 0;
      while (a < part.length && /[\s*]/.test(part[a]!)) a++;
      let z = part.length;
      while (z > a && /\s/.test(part[z - 1]!)) z--;
      if (z > a) {
        if (any) b.pushSpace(off + a - 1, off + a);
        b.push(part.slice(a, z), off + a);
        any = true;
      }
      off += part.length;
    }
    if (!any) return;
    const built = b.finish();
    if (!/\p{L}/u.test(built.text)) return;
    const block: ProseBlock = {
      text: built.text,
      starts: built.starts,
      ends: built.ends,
      kind: 'comment',
      section: this.entries.length ? this.sectionOf(this.entries[this.entries.length - 1]!.parent) : 0,
      host: this.host,
    };
    if (this.lang) block.lang = this.lang;
    this.blocks.push(block);
    this.pendingComments.push(block);
  }

  finish(): Extraction {
    // Blocks in source order (comments and values interleave in the source).
    this.blocks.sort((a, b) => (a.starts[0] ?? 0) - (b.starts[0] ?? 0));
    return { blocks: this.blocks, sections: this.sections, directives: this.directives, entries: this.entries };
  }
}

/** `0x20` and tab: YAML, TOML and .env whitespace inside a line. */
export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Decode a JSON-style (TOML basic, .env double-quoted, YAML double-quoted) escape at source[i] === '\\'. */
export function decodeEscape(src: string, i: number, d: Decoded, extra: Record<string, string> = {}): number {
  const c = src[i + 1];
  if (c === undefined) {
    d.raw('\\', i);
    return i + 1;
  }
  const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', '/': '/', ...extra };
  if (c in simple) {
    d.mapped(simple[c]!, i, i + 2);
    return i + 2;
  }
  const hexLen = c === 'u' ? 4 : c === 'U' ? 8 : c === 'x' ? 2 : 0;
  if (hexLen) {
    const hex = src.slice(i + 2, i + 2 + hexLen);
    if (hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex)) {
      const cp = parseInt(hex, 16);
      let s: string;
      try {
        s = String.fromCodePoint(cp);
      } catch {
        s = '\uFFFD';
      }
      d.mapped(s, i, i + 2 + hexLen);
      return i + 2 + hexLen;
    }
  }
  // An unknown escape: keep it as written.
  d.raw(src.slice(i, i + 2), i);
  return i + 2;
}

/** Words of a key (snake, kebab, camel, dotted), lowercased: `OPENAI_BASE_URL` → [openai, base, url]. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
