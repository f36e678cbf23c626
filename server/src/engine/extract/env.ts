// .env files (`.env`, `.env.local`, `.env.production`, `*.env`): `KEY=value` lines, optional
// `export `, values unquoted (ending at ` #`), single-quoted (literal), double-quoted (escapes, may
// span lines) or backquoted; `#` comments carry directives. A line that is none of these is skipped
// (it cannot hold a value), never the file.
import type { ExtractContext, Extraction, Extractor } from '../types.js';
import { ConfigOut, Decoded, isBlank } from './config-common.js';

export function extractEnv(src: string, ctx: ExtractContext): Extraction {
  const out = new ConfigOut('env', ctx.maxDepth, ctx.lang);
  const n = src.length;
  let i = 0;
  const eolFrom = (k: number): number => {
    while (k < n && src[k] !== '\n' && src[k] !== '\r') k++;
    return k;
  };
  const nextLine = (k: number): number => {
    k = eolFrom(k);
    if (src[k] === '\r' && src[k + 1] === '\n') return k + 2;
    return k < n ? k + 1 : k;
  };
  const comment = (hash: number): number => {
    const end = eolFrom(hash);
    out.addComment(src, hash, end, hash + 1, end, true);
    return end;
  };
  while (i < n) {
    let a = i;
    while (a < n && isBlank(src.charCodeAt(a))) a++;
    if (a >= n) break;
    const c = src[a];
    if (c === '\n' || c === '\r') {
      i = nextLine(a);
      continue;
    }
    if (c === '#') {
      comment(a);
      i = nextLine(a);
      continue;
    }
    if (src.startsWith('export', a) && isBlank(src.charCodeAt(a + 6))) {
      a += 6;
      while (a < n && isBlank(src.charCodeAt(a))) a++;
    }
    const key = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(src.slice(a, Math.min(n, a + 256)));
    let k = a + (key ? key[0].length : 0);
    while (k < n && isBlank(src.charCodeAt(k))) k++;
    if (!key || (src[k] !== '=' && src[k] !== ':')) {
      // Not an assignment: nothing on this line is a value (a stray word, a shell command).
      i = nextLine(a);
      continue;
    }
    k++;
    while (k < n && isBlank(src.charCodeAt(k))) k++;
    const d = new Decoded();
    const q = src[k];
    let valueStart: number;
    let valueEnd: number;
    let quote: '"' | "'" | undefined;
    let after: number;
    if (q === '"' || q === "'" || q === '`') {
      valueStart = k + 1;
      let j = k + 1;
      while (j < n && src[j] !== q) {
        if (q === '"' && src[j] === '\\' && j + 1 < n) {
          const e = src[j + 1]!;
          const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };
          if (e in map) d.mapped(map[e]!, j, j + 2);
          else d.raw(src.slice(j, j + 2), j);
          j += 2;
          continue;
        }
        if (src[j] === '\r' && src[j + 1] === '\n') {
          d.mapped('\n', j, j + 2);
          j += 2;
          continue;
        }
        if (src[j] === '\n' || src[j] === '\r') {
          d.mapped('\n', j, j + 1);
          j++;
          continue;
        }
        let r = j;
        while (r < n && src[r] !== q && src[r] !== '\\' && src[r] !== '\n' && src[r] !== '\r') r++;
        if (r === j) r++;
        d.raw(src.slice(j, r), j);
        j = r;
      }
      if (j >= n) {
        // Unterminated quote: read the rest of the line as the value.
        const eol = eolFrom(k + 1);
        const d2 = new Decoded();
        d2.raw(src.slice(k + 1, eol), k + 1);
        const idx = out.addEntry({ path: [key[0]], key: key[0], keyStart: a, keyEnd: a + key[0].length, value: d2.value, valueStart: k + 1, valueEnd: eol, parent: -1 });
        out.addValue(idx, d2);
        i = nextLine(eol);
        continue;
      }
      valueEnd = j;
      quote = q === '`' ? undefined : q;
      after = j + 1;
    } else {
      valueStart = k;
      let j = k;
      while (j < n && src[j] !== '\n' && src[j] !== '\r' && !(src[j] === '#' && j > k && isBlank(src.charCodeAt(j - 1)))) j++;
      let z = j;
      while (z > k && isBlank(src.charCodeAt(z - 1))) z--;
      valueEnd = z;
      d.raw(src.slice(k, z), k);
      after = j;
    }
    const idx = out.addEntry({
      path: [key[0]],
      key: key[0],
      keyStart: a,
      keyEnd: a + key[0].length,
      value: d.value,
      valueStart,
      valueEnd,
      parent: -1,
    });
    out.addValue(idx, d, quote);
    // A trailing comment on the value's last line.
    let t = after;
    while (t < n && isBlank(src.charCodeAt(t))) t++;
    if (src[t] === '#') t = comment(t);
    i = nextLine(t);
  }
  return out.finish();
}

export const envExtractor: Extractor = {
  id: 'env',
  extract: (text, ctx) => extractEnv(text, ctx),
};
