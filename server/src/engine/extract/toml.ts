// TOML: a small scanner with exact offsets (TOML 1.0: tables, arrays of tables, dotted and quoted
// keys, the four string kinds, arrays and inline tables, `#` comments). What it cannot read it skips
// to the end of the line and goes on: a malformed line loses that line, never the file.
import type { ExtractContext, Extraction, Extractor, Lang } from '../types.js';
import { ConfigOut, Decoded, decodeEscape, isBlank } from './config-common.js';

class Scan {
  i = 0;
  constructor(readonly src: string) {}
  get n(): number {
    return this.src.length;
  }
  c(k = 0): string {
    return this.src[this.i + k] ?? '';
  }
  blanks(): void {
    while (this.i < this.n && isBlank(this.src.charCodeAt(this.i))) this.i++;
  }
  atEol(): boolean {
    const c = this.c();
    return c === '' || c === '\n' || c === '\r';
  }
  eol(): number {
    let k = this.i;
    while (k < this.n && this.src[k] !== '\n' && this.src[k] !== '\r') k++;
    return k;
  }
  /** Past the end of the current line. */
  nextLine(): void {
    this.i = this.eol();
    if (this.src[this.i] === '\r' && this.src[this.i + 1] === '\n') this.i += 2;
    else if (this.i < this.n) this.i++;
  }
}

class TomlError extends Error {}

interface Key {
  parts: string[];
  ranges: Array<[number, number]>;
}

export function extractToml(src: string, ctx: ExtractContext, lang?: Lang): Extraction {
  const out = new ConfigOut('toml', ctx.maxDepth, lang);
  const s = new Scan(src);
  /** Entry index by joined path (tables, dotted-key parents, arrays of tables). */
  const byPath = new Map<string, number>();
  const aotCount = new Map<string, number>();
  const J = (p: string[]) => p.join('\u0000');

  const comment = (): void => {
    const a = s.i;
    const e = s.eol();
    out.addComment(src, a, e, a + 1, e, true);
    s.i = e;
  };
  /** Blanks, line breaks and comments (inside arrays). */
  const trivia = (): void => {
    for (;;) {
      s.blanks();
      const c = s.c();
      if (c === '#') comment();
      else if (c === '\n' || c === '\r') s.i++;
      else return;
    }
  };

  const readString = (): { d: Decoded; start: number; end: number; quote: '"' | "'" } => {
    const q = s.c() as '"' | "'";
    const multi = src.startsWith(q.repeat(3), s.i);
    const d = new Decoded();
    s.i += multi ? 3 : 1;
    if (multi) {
      // A line break right after the opening delimiter is trimmed.
      if (s.c() === '\r' && s.c(1) === '\n') s.i += 2;
      else if (s.c() === '\n') s.i++;
    }
    const start = s.i;
    for (;;) {
      if (s.i >= s.n) throw new TomlError('unterminated string');
      const c = s.c();
      if (multi && src.startsWith(q.repeat(3), s.i)) {
        // Up to two quotes may sit right before the closing delimiter.
        let extra = 0;
        while (extra < 2 && src[s.i + 3 + extra] === q) extra++;
        if (extra) d.raw(q.repeat(extra), s.i);
        const end = s.i + extra;
        s.i += 3 + extra;
        return { d, start, end, quote: q };
      }
      if (!multi && c === q) {
        const end = s.i;
        s.i++;
        return { d, start, end, quote: q };
      }
      if (!multi && (c === '\n' || c === '\r')) throw new TomlError('line break in a one-line string');
      if (q === '"' && c === '\\') {
        // A line-ending backslash in a multi-line basic string trims the break and following whitespace.
        let k = s.i + 1;
        while (k < s.n && isBlank(src.charCodeAt(k))) k++;
        if (multi && (src[k] === '\n' || src[k] === '\r')) {
          while (k < s.n && (isBlank(src.charCodeAt(k)) || src[k] === '\n' || src[k] === '\r')) k++;
          s.i = k;
          continue;
        }
        s.i = decodeEscape(src, s.i, d, { e: '\x1b' });
        continue;
      }
      if (c === '\r' && s.c(1) === '\n') {
        d.mapped('\n', s.i, s.i + 2);
        s.i += 2;
        continue;
      }
      if (c === '\n') {
        d.mapped('\n', s.i, s.i + 1);
        s.i++;
        continue;
      }
      let r = s.i;
      while (r < s.n && src[r] !== q && src[r] !== '\n' && src[r] !== '\r' && !(q === '"' && src[r] === '\\')) r++;
      if (r === s.i) r++;
      d.raw(src.slice(s.i, r), s.i);
      s.i = r;
    }
  };

  const readKey = (): Key => {
    const key: Key = { parts: [], ranges: [] };
    for (;;) {
      s.blanks();
      const c = s.c();
      if (c === '"' || c === "'") {
        const r = readString();
        key.parts.push(r.d.value);
        key.ranges.push([r.start, r.end]);
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(src.slice(s.i, s.i + 256));
        if (!m) throw new TomlError('a key expected');
        key.parts.push(m[0]);
        key.ranges.push([s.i, s.i + m[0].length]);
        s.i += m[0].length;
      }
      s.blanks();
      if (s.c() !== '.') return key;
      s.i++;
    }
  };

  /** The entry of a table path, created (with its parents) when first seen. */
  const ensure = (parts: string[], ranges: Array<[number, number]>, base: string[], parent: number): number => {
    let p = parent;
    const path = [...base];
    parts.forEach((part, k) => {
      path.push(part);
      const id = J(path);
      let idx = byPath.get(id);
      if (idx === undefined) {
        const [a, b] = ranges[k]!;
        idx = out.addEntry({ path: [...path], key: part, keyStart: a, keyEnd: b, value: null, valueStart: b, valueEnd: b, parent: p });
        byPath.set(id, idx);
      }
      p = idx;
    });
    return p;
  };

  const readValue = (path: string[], key: string, keyRange: [number, number], parent: number, depth: number): void => {
    out.checkDepth(depth);
    s.blanks();
    const c = s.c();
    const [keyStart, keyEnd] = keyRange;
    if (c === '"' || c === "'") {
      const r = readString();
      const idx = out.addEntry({ path, key, keyStart, keyEnd, value: r.d.value, valueStart: r.start, valueEnd: r.end, parent });
      byPath.set(J(path), idx);
      out.addValue(idx, r.d, r.quote);
      return;
    }
    if (c === '[') {
      const idx = out.addEntry({ path, key, keyStart, keyEnd, value: null, valueStart: s.i, valueEnd: s.i, parent });
      byPath.set(J(path), idx);
      s.i++;
      let n = 0;
      for (;;) {
        trivia();
        if (s.c() === ']') {
          s.i++;
          return;
        }
        if (s.i >= s.n) throw new TomlError('unterminated array');
        const at = s.i;
        readValue([...path, String(n)], String(n), [at, at], idx, depth + 1);
        n++;
        trivia();
        if (s.c() === ',') s.i++;
        else if (s.c() !== ']') throw new TomlError('"," or "]" expected');
      }
    }
    if (c === '{') {
      const idx = out.addEntry({ path, key, keyStart, keyEnd, value: null, valueStart: s.i, valueEnd: s.i, parent });
      byPath.set(J(path), idx);
      s.i++;
      s.blanks();
      if (s.c() === '}') {
        s.i++;
        return;
      }
      for (;;) {
        const k = readKey();
        if (s.c() !== '=') throw new TomlError('"=" expected');
        s.i++;
        const owner = ensure(k.parts.slice(0, -1), k.ranges, path, idx);
        const ownerPath = [...path, ...k.parts.slice(0, -1)];
        const last = k.parts[k.parts.length - 1]!;
        readValue([...ownerPath, last], last, k.ranges[k.ranges.length - 1]!, owner, depth + 1);
        s.blanks();
        if (s.c() === ',') {
          s.i++;
          continue;
        }
        if (s.c() === '}') {
          s.i++;
          return;
        }
        throw new TomlError('"," or "}" expected');
      }
    }
    // A bare value: boolean, number, date-time.
    const m = /^[+-]?[A-Za-z0-9_][^\s,\]}#=]*(?: \d{2}:\d{2}[^\s,\]}#=]*)?/.exec(src.slice(s.i, s.i + 256));
    if (!m) throw new TomlError('a value expected');
    const raw = m[0];
    let value: string | number | boolean = raw;
    if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^[+-]?(?:\d[\d_]*)(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?$/.test(raw)) value = Number(raw.replace(/_/g, ''));
    else if (/^[+-]?(?:inf|nan)$/.test(raw)) value = raw.startsWith('-') ? -Infinity : raw.includes('nan') ? NaN : Infinity;
    const idx = out.addEntry({ path, key, keyStart, keyEnd, value, valueStart: s.i, valueEnd: s.i + raw.length, parent });
    byPath.set(J(path), idx);
    s.i += raw.length;
  };

  let table: string[] = [];
  let tableEntry = -1;
  while (s.i < s.n) {
    const lineStart = s.i;
    try {
      s.blanks();
      const c = s.c();
      if (c === '#') {
        comment();
      } else if (c === '[') {
        const aot = s.c(1) === '[';
        s.i += aot ? 2 : 1;
        const k = readKey();
        if (!src.startsWith(aot ? ']]' : ']', s.i)) throw new TomlError('"]" expected');
        s.i += aot ? 2 : 1;
        if (aot) {
          const parentEntry = ensure(k.parts, k.ranges, [], -1);
          const id = J(k.parts);
          const n = aotCount.get(id) ?? 0;
          aotCount.set(id, n + 1);
          table = [...k.parts, String(n)];
          const at = k.ranges[k.ranges.length - 1]!;
          tableEntry = out.addEntry({ path: table, key: String(n), keyStart: at[0], keyEnd: at[1], value: null, valueStart: at[1], valueEnd: at[1], parent: parentEntry });
          byPath.set(J(table), tableEntry);
        } else {
          table = k.parts;
          tableEntry = ensure(k.parts, k.ranges, [], -1);
        }
      } else if (!s.atEol()) {
        const k = readKey();
        if (s.c() !== '=') throw new TomlError('"=" expected');
        s.i++;
        const owner = ensure(k.parts.slice(0, -1), k.ranges, table, tableEntry);
        const last = k.parts[k.parts.length - 1]!;
        readValue([...table, ...k.parts.slice(0, -1), last], last, k.ranges[k.ranges.length - 1]!, owner, table.length + k.parts.length);
      }
      s.blanks();
      if (s.c() === '#') comment();
      s.nextLine();
    } catch (e) {
      if (!(e instanceof TomlError)) throw e;
      // Skip the rest of the line the problem is on (at least one line, so the scan always advances).
      if (s.i <= lineStart) s.i = lineStart;
      const at = s.i;
      s.nextLine();
      if (s.i <= at) s.i = at + 1;
    }
  }
  return out.finish();
}

export const tomlExtractor: Extractor = { id: 'toml', extract: (text, ctx) => extractToml(text, ctx, ctx.lang) };
