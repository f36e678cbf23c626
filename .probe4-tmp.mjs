// .probe4-tmp.ts
import { unified as unified2 } from "unified";
import remarkParse2 from "remark-parse";
import remarkGfm2 from "remark-gfm";
import remarkFrontmatter2 from "remark-frontmatter";

// server/src/engine/extract/markdown.ts
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkFrontmatter from "remark-frontmatter";
import { isMap, isScalar, parseDocument, Scalar } from "yaml";

// server/src/engine/prose.ts
var BARRIER = "\uFFFC";
var ProseBuilder = class {
  parts = [];
  len = 0;
  starts;
  ends;
  /** Index of the last char emitted by pushSpace (for collapsing), or -1. */
  lastSpace = -1;
  constructor(capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }
  get length() {
    return this.len;
  }
  reserve(n) {
    const need = this.len + n;
    if (need <= this.starts.length) return;
    let cap = this.starts.length * 2;
    while (cap < need) cap *= 2;
    const s = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.len));
    const e = new Int32Array(cap);
    e.set(this.ends.subarray(0, this.len));
    this.starts = s;
    this.ends = e;
  }
  /** A run whose characters map 1:1 to the source: text[i] comes from srcStart + i. */
  push(text, srcStart) {
    const n = text.length;
    if (n === 0) return;
    this.reserve(n);
    const s = this.starts;
    const e = this.ends;
    let k = this.len;
    for (let i = 0; i < n; i++, k++) {
      const c = text.charCodeAt(i);
      if (c >= 55296 && c <= 56319 && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 56320 && d <= 57343) {
          s[k] = srcStart + i;
          e[k] = srcStart + i + 2;
          s[k + 1] = srcStart + i;
          e[k + 1] = srcStart + i + 2;
          i++;
          k++;
          continue;
        }
      }
      s[k] = srcStart + i;
      e[k] = srcStart + i + 1;
    }
    this.parts.push(text);
    this.len = k;
    this.lastSpace = -1;
  }
  /** Text decoded from a source range of another length: every produced char maps to the whole range. */
  pushMapped(text, srcStart, srcEnd) {
    const n = text.length;
    if (n === 0) return;
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      this.starts[this.len + i] = srcStart;
      this.ends[this.len + i] = srcEnd;
    }
    this.parts.push(text);
    this.len += n;
    this.lastSpace = -1;
  }
  /** A soft line break, tab or whitespace run: one ' ' (consecutive calls collapse into one). */
  pushSpace(srcStart, srcEnd) {
    if (this.lastSpace >= 0 && this.lastSpace === this.len - 1) {
      const k = this.lastSpace;
      if (srcStart < this.starts[k]) this.starts[k] = srcStart;
      if (srcEnd > this.ends[k]) this.ends[k] = srcEnd;
      return;
    }
    this.reserve(1);
    this.starts[this.len] = srcStart;
    this.ends[this.len] = srcEnd;
    this.parts.push(" ");
    this.lastSpace = this.len;
    this.len++;
  }
  /** Non-prose inline content (inline code, raw HTML, footnote references): one U+FFFC. */
  pushBarrier(srcStart, srcEnd) {
    this.reserve(1);
    this.starts[this.len] = srcStart;
    this.ends[this.len] = srcEnd;
    this.parts.push(BARRIER);
    this.len++;
    this.lastSpace = -1;
  }
  /** The text built so far (not normalized). */
  peekText() {
    if (this.parts.length > 1) this.parts = [this.parts.join("")];
    return this.parts[0] ?? "";
  }
  finish() {
    let text = this.peekText();
    const n = this.len;
    if (/[\t\n\r\v\f]/.test(text)) text = text.replace(/[\t\n\r\v\f]/g, " ");
    const starts = this.starts.slice(0, n);
    const ends = this.ends.slice(0, n);
    const nfc = text.normalize("NFC");
    if (nfc === text) return { text, starts, ends };
    return normalizeWithMaps(text, starts, ends);
  }
};
var CONTINUES_CLUSTER = /[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]/u;
function isClusterContinuation(cp) {
  if (cp < 768) return false;
  if (cp >= 4448 && cp <= 4607) return true;
  if (cp >= 55216 && cp <= 55295) return true;
  return CONTINUES_CLUSTER.test(String.fromCodePoint(cp));
}
function normalizeWithMaps(text, starts, ends) {
  const n = text.length;
  const outParts = [];
  const os = [];
  const oe = [];
  let i = 0;
  while (i < n) {
    const clusterStart = i;
    let cp = text.codePointAt(i);
    i += cp > 65535 ? 2 : 1;
    while (i < n) {
      cp = text.codePointAt(i);
      if (!isClusterContinuation(cp)) break;
      i += cp > 65535 ? 2 : 1;
    }
    const cluster = text.slice(clusterStart, i);
    let s = starts[clusterStart];
    let e = ends[clusterStart];
    for (let k = clusterStart + 1; k < i; k++) {
      if (starts[k] < s) s = starts[k];
      if (ends[k] > e) e = ends[k];
    }
    const norm = cluster.normalize("NFC");
    if (norm === cluster) {
      outParts.push(cluster);
      for (let k = clusterStart; k < i; k++) {
        os.push(starts[k]);
        oe.push(ends[k]);
      }
    } else {
      outParts.push(norm);
      for (let k = 0; k < norm.length; k++) {
        os.push(s);
        oe.push(e);
      }
    }
  }
  return { text: outParts.join(""), starts: Int32Array.from(os), ends: Int32Array.from(oe) };
}
var FOLD_LO = new Uint16Array(592);
var FOLD_EXT_BASE = 7680;
var FOLD_EXT = new Uint16Array(256);
var COMBINING = /^\p{M}+$/u;
function foldChar(c) {
  const ch = String.fromCharCode(c);
  let l = ch.toLowerCase();
  if (l.length !== 1) l = ch;
  const d = l.normalize("NFD");
  if (d.length > 1 && COMBINING.test(d.slice(1))) {
    let base = d[0];
    const bl = base.toLowerCase();
    if (bl.length === 1) base = bl;
    return base.charCodeAt(0);
  }
  return l.charCodeAt(0);
}
for (let c = 0; c < 592; c++) FOLD_LO[c] = foldChar(c);
for (let c = 0; c < 256; c++) FOLD_EXT[c] = foldChar(FOLD_EXT_BASE + c);
function foldTable(c) {
  if (c < 592) return FOLD_LO[c];
  if (c >= FOLD_EXT_BASE && c < FOLD_EXT_BASE + 256) return FOLD_EXT[c - FOLD_EXT_BASE];
  return c;
}
function foldForMatch(s) {
  let lower = s.toLowerCase();
  if (lower.length !== s.length) {
    const out2 = new Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      const l = ch.toLowerCase();
      out2[i] = l.length === 1 ? l : ch;
    }
    lower = out2.join("");
  }
  const n = lower.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 192 && foldTable(c) !== c) {
      first = i;
      break;
    }
    if (c < 192 && c >= 65 && c <= 90) {
      first = i;
      break;
    }
  }
  if (first < 0) return lower;
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = foldTable(lower.charCodeAt(i));
  let out = "";
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + CHUNK)));
  }
  return out;
}

// server/src/engine/directives.ts
var KINDS = ["disable-next-line", "disable-line", "disable", "enable"];
var PREFIX = "routelint-";
function isWs(c) {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}
function parseDirectives(commentBody, bodyOffset, commentStart, commentEnd) {
  const body = commentBody;
  const n = body.length;
  let i = 0;
  while (i < n && (isWs(body.charCodeAt(i)) || body.charCodeAt(i) === 42)) i++;
  if (!body.startsWith(PREFIX, i)) return [];
  i += PREFIX.length;
  let kind = null;
  for (const k of KINDS) {
    if (body.startsWith(k, i)) {
      const after = i + k.length;
      if (after === n || isWs(body.charCodeAt(after))) {
        kind = k;
        i = after;
        break;
      }
    }
  }
  if (kind === null) return [];
  let restEnd = n;
  let reason;
  for (let j = i; j + 1 < n; j++) {
    if (body.charCodeAt(j) === 45 && body.charCodeAt(j + 1) === 45 && isWs(body.charCodeAt(j - 1))) {
      const after = j + 2;
      if (after === n || isWs(body.charCodeAt(after))) {
        restEnd = j;
        const r = body.slice(after).trim().replace(/\s*\*+$/, "").trim();
        reason = r.length > 0 ? r : void 0;
        break;
      }
    }
  }
  let a = i;
  let b = restEnd;
  while (a < b && isWs(body.charCodeAt(a))) a++;
  while (b > a && isWs(body.charCodeAt(b - 1))) b--;
  const idsText = body.slice(a, b);
  const ids = idsText.split(/[\s,]+/).filter((s) => s.length > 0);
  const directive = {
    kind,
    ids,
    start: commentStart,
    end: commentEnd,
    idsStart: bodyOffset + a,
    idsEnd: bodyOffset + b
  };
  if (reason !== void 0) directive.reason = reason;
  return [directive];
}
function htmlCommentDirectives(source, start, end) {
  const out = [];
  let i = source.indexOf("<!--", start);
  while (i >= 0 && i < end) {
    const bodyStart = i + 4;
    let close = source.indexOf("-->", bodyStart);
    let commentEnd;
    let bodyEnd;
    if (close < 0 || close + 3 > end) {
      bodyEnd = end;
      commentEnd = end;
      close = -1;
    } else {
      bodyEnd = close;
      commentEnd = close + 3;
    }
    const body = source.slice(bodyStart, bodyEnd);
    if (body.includes(PREFIX)) out.push(...parseDirectives(body, bodyStart, i, commentEnd));
    if (close < 0) break;
    i = source.indexOf("<!--", commentEnd);
  }
  return out;
}

// server/src/engine/types.ts
var TooDeepError = class extends Error {
  constructor(depth) {
    super(`nested deeper than ${depth} levels`);
    this.depth = depth;
  }
  depth;
};

// server/src/engine/extract/markdown.ts
var processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml", "toml"]);
function startOf(n) {
  return n.position?.start.offset ?? 0;
}
function hasPosition(n) {
  return n.position?.start.offset !== void 0 && n.position.end.offset !== void 0;
}
function flatText(n) {
  if (n.value !== void 0) return n.value;
  let out = "";
  for (const c of n.children ?? []) out += flatText(c);
  return out;
}
function endOf(n) {
  return n.position?.end.offset ?? startOf(n);
}
var C_TAB = 9;
var C_LF = 10;
var C_CR = 13;
var C_SPACE = 32;
var C_GT = 62;
var C_BACKSLASH = 92;
var C_AMP = 38;
var C_SEMI = 59;
function isAsciiPunct(c) {
  return c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126;
}
function isAlnum(c) {
  return c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122;
}
function isHex(c) {
  return c >= 48 && c <= 57 || c >= 65 && c <= 70 || c >= 97 && c <= 102;
}
function isLineWs(c) {
  return c === C_SPACE || c === C_TAB;
}
function isYamlWs(c) {
  return c === C_SPACE || c === C_TAB || c === C_LF || c === C_CR;
}
function isMarkupChar(c) {
  return c === 42 || c === 95 || c === 126 || c === 96 || c === 91 || c === 93;
}
function entityEnd(src, i, end) {
  let j = i + 1;
  if (j >= end) return -1;
  if (src.charCodeAt(j) === 35) {
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
    if (!(c0 >= 65 && c0 <= 90 || c0 >= 97 && c0 <= 122)) return -1;
    while (j < end && j - d0 < 32 && isAlnum(src.charCodeAt(j))) j++;
  }
  return j < end && src.charCodeAt(j) === C_SEMI ? j : -1;
}
function numericEntity(src, i, semi) {
  if (src.charCodeAt(i + 1) !== 35) return null;
  const hex = src.charCodeAt(i + 2) === 120 || src.charCodeAt(i + 2) === 88;
  const digits = src.slice(i + (hex ? 3 : 2), semi);
  const cp = parseInt(digits, hex ? 16 : 10);
  if (!Number.isFinite(cp) || cp === 0 || cp > 1114111 || cp >= 55296 && cp <= 57343) return "\uFFFD";
  return String.fromCodePoint(cp);
}
function fallbackMap(b, value, vi, si, e) {
  const m = value.length - vi;
  if (m <= 0) return;
  const span = Math.max(0, e - si);
  for (let j = 0; j < m; j++) {
    const a = si + Math.floor(j * span / m);
    let z = si + Math.floor((j + 1) * span / m);
    if (z <= a) z = Math.min(e, a + 1);
    const ch = value.charCodeAt(vi + j);
    if (ch === C_LF || ch === C_CR) b.pushSpace(Math.min(a, z), z);
    else b.pushMapped(value[vi + j], Math.min(a, z), z);
  }
}
function alignMarkdown(b, value, src, s, e, lenient) {
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
      while (vi < vn && isLineWs(value.charCodeAt(vi)) && !(si < e && src.charCodeAt(si) === value.charCodeAt(vi))) vi++;
      b.pushSpace(sp0, si);
      continue;
    }
    if (si >= e) break;
    const sc = src.charCodeAt(si);
    if (sc === C_BACKSLASH && si + 1 < e && src.charCodeAt(si + 1) === vc && isAsciiPunct(vc)) {
      b.pushMapped(value[vi], si, si + 2);
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
          const cpLen = vc >= 55296 && vc <= 56319 ? 2 : 1;
          const next = semi + 1 < e ? src.charCodeAt(semi + 1) : -1;
          const fits = (l) => {
            if (vi + l > vn) return false;
            if (vi + l === vn) return true;
            const vnext = value.charCodeAt(vi + l);
            return next === vnext || next === C_BACKSLASH || next === C_AMP || (next === C_CR || next === C_LF || next === C_SPACE) && (vnext === C_LF || vnext === C_CR);
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
      const close = src.indexOf(")", si + 2);
      if (close >= 0 && close < e) {
        si = close + 1;
        continue;
      }
    }
    if (lenient && (isMarkupChar(sc) || (sc === C_LF || sc === C_CR) && vc === C_SPACE)) {
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
function alignScalar(b, value, src, s, e, mode) {
  const vn = value.length;
  let vi = 0;
  let si = s;
  while (vi < vn) {
    const vc = value.charCodeAt(vi);
    if (si >= e) break;
    const sc = src.charCodeAt(si);
    if (mode === "double" && sc === C_BACKSLASH && si + 1 < e) {
      const k = src.charCodeAt(si + 1);
      if (k === C_LF || k === C_CR) {
        si += 2;
        if (k === C_CR && si < e && src.charCodeAt(si) === C_LF) si++;
        while (si < e && isLineWs(src.charCodeAt(si))) si++;
        continue;
      }
      let len = 2;
      let dec = null;
      if (k === 120 || k === 117 || k === 85) {
        const digits = k === 120 ? 2 : k === 117 ? 4 : 8;
        len = 2 + digits;
        const cp = parseInt(src.slice(si + 2, si + len), 16);
        if (Number.isFinite(cp) && cp <= 1114111) dec = String.fromCodePoint(cp);
      }
      const l = dec !== null && value.startsWith(dec, vi) ? dec.length : 1;
      if (vc === C_LF || vc === C_CR || vc === C_TAB) b.pushSpace(si, Math.min(e, si + len));
      else b.pushMapped(value.slice(vi, vi + l), si, Math.min(e, si + len));
      vi += l;
      si = Math.min(e, si + len);
      continue;
    }
    if (mode === "single" && sc === 39 && vc === 39 && si + 1 < e && src.charCodeAt(si + 1) === 39) {
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
        if (mode === "double" && c === C_BACKSLASH) break;
        if (mode === "single" && c === 39) break;
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
      si++;
      continue;
    }
    break;
  }
  if (vi < vn) fallbackMap(b, value, vi, si, e);
}
function isListBullet(c) {
  return c === 45 || c === 42 || c === 43;
}
function checkNesting(src, maxDepth) {
  const n = src.length;
  const stack = [];
  let i = 0;
  while (i < n) {
    let eol = src.indexOf("\n", i);
    if (eol < 0) eol = n;
    let p2 = i;
    let col = 0;
    let quotes = 0;
    for (; ; ) {
      while (p2 < eol) {
        const c = src.charCodeAt(p2);
        if (c === C_SPACE) col++;
        else if (c === C_TAB) col += 4 - col % 4;
        else break;
        p2++;
      }
      if (p2 < eol && src.charCodeAt(p2) === C_GT) {
        quotes++;
        if (quotes > maxDepth) throw new TooDeepError(maxDepth);
        p2++;
        col++;
        continue;
      }
      break;
    }
    const c0 = p2 < eol ? src.charCodeAt(p2) : C_CR;
    if (c0 === C_CR) {
      i = eol + 1;
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1] > col) stack.pop();
    if (quotes + stack.length > maxDepth) throw new TooDeepError(maxDepth);
    let thChar = -1;
    let thFrom = 0;
    let thStop = 0;
    let thEnd = false;
    while (p2 < eol) {
      const c = src.charCodeAt(p2);
      if (c === C_GT) {
        quotes++;
        p2++;
        col++;
      } else {
        let q = p2;
        if (isListBullet(c)) q = p2 + 1;
        else if (c >= 48 && c <= 57) {
          while (q < eol && q - p2 < 9 && src.charCodeAt(q) >= 48 && src.charCodeAt(q) <= 57) q++;
          const d = q < eol ? src.charCodeAt(q) : -1;
          if (d !== 46 && d !== 41) break;
          q++;
        } else break;
        const after = q < eol ? src.charCodeAt(q) : C_CR;
        if (!(after === C_SPACE || after === C_TAB || after === C_CR)) break;
        if (c === 45 || c === 42) {
          if (!(thChar === c && p2 >= thFrom && p2 < thStop)) {
            let r = p2;
            while (r < eol) {
              const k = src.charCodeAt(r);
              if (k === c || k === C_SPACE || k === C_TAB || k === C_CR) r++;
              else break;
            }
            thChar = c;
            thFrom = p2;
            thStop = r;
            thEnd = r >= eol;
            if (thEnd) thStop = eol;
          }
          if (thEnd) break;
        }
        const markerCol = col;
        const width = q - p2;
        col += width;
        p2 = q;
        let spaces = 0;
        while (p2 < eol && isLineWs(src.charCodeAt(p2))) {
          spaces++;
          col++;
          p2++;
        }
        const atEnd = p2 >= eol || src.charCodeAt(p2) === C_CR;
        stack.push(markerCol + width + (spaces >= 1 && spaces <= 4 && !atEnd ? spaces : 1));
      }
      if (quotes + stack.length > maxDepth) throw new TooDeepError(maxDepth);
      while (p2 < eol && isLineWs(src.charCodeAt(p2))) {
        p2++;
        col++;
      }
    }
    i = eol + 1;
  }
}
var PROSE_KEYS = /* @__PURE__ */ new Set(["title", "description"]);
function contentStartOf(src, start, end, value) {
  const nl = src.indexOf("\n", start);
  let cs = nl < 0 || nl >= end ? end : nl + 1;
  if (value.length > 0 && !src.startsWith(value, cs)) {
    const k = src.indexOf(value, start);
    cs = k >= 0 && k < end ? k : -1;
  }
  return cs;
}
function yamlFrontMatter(src, node) {
  const start = startOf(node);
  const end = endOf(node);
  const out = { range: [start, end], fields: [] };
  const value = node.value ?? "";
  const cs = contentStartOf(src, start, end, value);
  if (cs < 0) return out;
  try {
    const doc = parseDocument(value, { prettyErrors: false });
    if (doc.errors.length > 0) return out;
    const js = doc.toJS();
    if (js !== null && typeof js === "object" && !Array.isArray(js)) out.data = js;
    if (!isMap(doc.contents)) return out;
    for (const pair of doc.contents.items) {
      const key = pair.key;
      const val = pair.value;
      if (!isScalar(key) || typeof key.value !== "string" || !PROSE_KEYS.has(key.value)) continue;
      if (!isScalar(val) || typeof val.value !== "string" || !val.range) continue;
      const [r0, r1] = val.range;
      const t = val.type;
      let s = cs + r0;
      let e = cs + r1;
      let mode = "plain";
      let text = val.value;
      if (t === Scalar.QUOTE_DOUBLE || t === Scalar.QUOTE_SINGLE) {
        mode = t === Scalar.QUOTE_DOUBLE ? "double" : "single";
        s += 1;
        e -= 1;
      } else if (t === Scalar.BLOCK_LITERAL || t === Scalar.BLOCK_FOLDED) {
        mode = "block";
        const nl = src.indexOf("\n", s);
        s = nl < 0 || nl >= e ? e : nl + 1;
        text = text.replace(/[\r\n]+$/, "");
      }
      if (e < s) e = s;
      out.fields.push({ value: text, start: s, end: e, mode });
    }
  } catch {
    out.fields = [];
    delete out.data;
  }
  return out;
}
var TOML_LINE = /^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^ \t\r\n#"'][^\r\n#]*?))[ \t]*(?:#.*)?$/;
function tomlUnescape(s) {
  return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, g) => {
    if (g.length > 1) {
      const cp = parseInt(g.slice(1), 16);
      return cp <= 1114111 ? String.fromCodePoint(cp) : "\uFFFD";
    }
    switch (g) {
      case "n":
        return "\n";
      case "t":
        return "	";
      case "r":
        return "\r";
      case "b":
        return "\b";
      case "f":
        return "\f";
      default:
        return g;
    }
  });
}
function tomlFrontMatter(src, node) {
  const start = startOf(node);
  const end = endOf(node);
  const out = { range: [start, end], fields: [] };
  const value = node.value ?? "";
  const cs = contentStartOf(src, start, end, value);
  if (cs < 0) return out;
  const data = {};
  let off = 0;
  while (off <= value.length) {
    let eol = value.indexOf("\n", off);
    if (eol < 0) eol = value.length;
    const line = value.slice(off, eol).replace(/\r$/, "");
    if (/^\s*\[/.test(line)) break;
    const m = TOML_LINE.exec(line);
    if (m) {
      const key = m[1];
      if (m[2] !== void 0) {
        data[key] = tomlUnescape(m[2]);
        if (PROSE_KEYS.has(key)) {
          const q = line.indexOf('"', line.indexOf("=")) + 1;
          out.fields.push({ value: data[key], start: cs + off + q, end: cs + off + q + m[2].length, mode: "double" });
        }
      } else if (m[3] !== void 0) {
        data[key] = m[3];
        if (PROSE_KEYS.has(key)) {
          const q = line.indexOf("'", line.indexOf("=")) + 1;
          out.fields.push({ value: m[3], start: cs + off + q, end: cs + off + q + m[3].length, mode: "plain" });
        }
      } else if (m[4] !== void 0) {
        const raw = m[4].trim();
        data[key] = raw === "true" ? true : raw === "false" ? false : /^[+-]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      }
    }
    off = eol + 1;
  }
  out.data = data;
  return out;
}
function hasProse(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== C_SPACE && c !== 65532) return true;
  }
  return false;
}
function endsWithColon(text) {
  let i = text.length - 1;
  while (i >= 0 && (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === 65532)) i--;
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  return c === 58 || c === 65306;
}
var MarkdownWalker = class {
  constructor(src, maxDepth, mdx) {
    this.src = src;
    this.mdx = mdx;
    this.maxWalk = maxDepth * 2 + 8;
  }
  src;
  mdx;
  blocks = [];
  sections = [{ headingText: "", headingBlock: null, parent: null }];
  directives = [];
  frontMatter = null;
  section = 0;
  sectionStack = [];
  maxWalk;
  walkChildren(parent, ctx, depth) {
    const children = parent.children;
    if (!children) return;
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    let prevPara = null;
    for (const child of children) {
      switch (child.type) {
        case "paragraph": {
          if (this.mdx && ctx.container === "none" && isMdxEsm(this.src, startOf(child))) {
            prevPara = null;
            break;
          }
          const kind = ctx.container === "list" ? "list-item" : ctx.container === "quote" ? "blockquote" : "paragraph";
          const block = this.buildBlock(child, kind, ctx.table ? "markdown-table" : "markdown", depth);
          prevPara = block.text;
          if (kind === "list-item") block.leadIn = ctx.leadIn;
          this.addBlock(block);
          this.flushImages();
          break;
        }
        case "heading": {
          const d = child.depth ?? 1;
          while (this.sectionStack.length > 0 && this.sectionStack[this.sectionStack.length - 1].depth >= d) this.sectionStack.pop();
          const parentSection = this.sectionStack.length > 0 ? this.sectionStack[this.sectionStack.length - 1].index : null;
          const index = this.sections.length;
          this.sections.push({ headingText: "", headingBlock: null, parent: parentSection });
          this.sectionStack.push({ index, depth: d });
          this.section = index;
          const block = this.buildBlock(child, "heading", "markdown", depth);
          block.depth = d;
          const section = this.sections[index];
          section.headingText = block.text.trim();
          const bi = this.addBlock(block);
          if (bi >= 0) section.headingBlock = bi;
          this.flushImages();
          prevPara = null;
          break;
        }
        case "html":
          this.directives.push(...htmlCommentDirectives(this.src, startOf(child), endOf(child)));
          if (!/^\s*<!--/.test(child.value ?? "")) prevPara = null;
          break;
        case "list": {
          const own = prevPara !== null && endsWithColon(prevPara) ? prevPara.trim() : "";
          const leadIn = own !== "" ? own : ctx.container === "list" ? ctx.leadIn : "";
          this.walkList(child, { container: "list", leadIn, table: ctx.table }, depth + 1);
          prevPara = null;
          break;
        }
        case "blockquote":
          this.walkChildren(child, { container: "quote", leadIn: "", table: ctx.table }, depth + 1);
          prevPara = null;
          break;
        case "footnoteDefinition":
          this.walkChildren(child, { container: "none", leadIn: "", table: ctx.table }, depth + 1);
          prevPara = null;
          break;
        case "table":
          this.walkTable(child, depth + 1);
          prevPara = null;
          break;
        case "yaml":
        case "toml":
          if (this.frontMatter === null) {
            this.frontMatter = child.type === "yaml" ? yamlFrontMatter(this.src, child) : tomlFrontMatter(this.src, child);
            this.frontMatterBlocks(this.frontMatter);
          }
          prevPara = null;
          break;
        case "code":
        case "definition":
        case "thematicBreak":
        case "math":
          prevPara = null;
          break;
        default:
          if (child.children) this.walkChildren(child, ctx, depth + 1);
          prevPara = null;
      }
    }
  }
  frontMatterBlocks(fm) {
    for (const f of fm.fields) {
      const b = new ProseBuilder(f.value.length + 4);
      alignScalar(b, f.value, this.src, f.start, f.end, f.mode);
      const built = b.finish();
      this.addBlock({ text: built.text, starts: built.starts, ends: built.ends, kind: "front-matter", section: this.section, host: "yaml" });
    }
  }
  walkList(list, ctx, depth) {
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    for (const item of list.children ?? []) this.walkChildren(item, ctx, depth + 1);
  }
  walkTable(table, depth) {
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    const headers = [];
    const rows = table.children ?? [];
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r].children ?? [];
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c];
        const block = this.buildBlock(cell, "table-cell", "markdown-table", depth + 2);
        if (r === 0) headers[c] = block.text.trim();
        block.table = { header: headers[c] ?? "", row: r, column: c };
        this.addBlock(block);
        this.flushImages();
      }
    }
  }
  pending = null;
  pendingImages = [];
  buildBlock(node, kind, host, depth) {
    const p2 = { b: new ProseBuilder(Math.max(16, endOf(node) - startOf(node))), inline: [], images: [], host };
    const saved = this.pending;
    this.pending = p2;
    this.inlineChildren(node, depth + 1);
    this.pending = saved;
    const built = p2.b.finish();
    for (const img of p2.images) this.pendingImages.push({ node: img, host });
    const block = { text: built.text, starts: built.starts, ends: built.ends, kind, section: this.section, host };
    if (p2.inline.length > 0) block.inline = p2.inline;
    return block;
  }
  flushImages() {
    if (this.pendingImages.length === 0) return;
    const images = this.pendingImages;
    this.pendingImages = [];
    for (const { node, host } of images) {
      const alt = node.alt ?? "";
      if (alt.length === 0) continue;
      const b = new ProseBuilder(alt.length + 4);
      const s = startOf(node) + 2;
      alignMarkdown(b, alt, this.src, Math.min(s, endOf(node)), endOf(node), true);
      const built = b.finish();
      this.addBlock({ text: built.text, starts: built.starts, ends: built.ends, kind: "alt", section: this.section, host });
    }
  }
  /** Adds a block if it has prose; returns its index or -1. */
  addBlock(block) {
    if (this.mdx && this.mdx.ranges.length > 0) maskMdxComments(block, this.mdx.ranges);
    if (!hasProse(block.text)) return -1;
    this.blocks.push(block);
    return this.blocks.length - 1;
  }
  inlineChildren(node, depth) {
    const children = node.children;
    if (!children) return;
    if (depth > this.maxWalk) throw new TooDeepError((this.maxWalk - 8) / 2);
    const p2 = this.pending;
    const b = p2.b;
    const src = this.src;
    let cursor = startOf(node);
    for (let ci = 0; ci < children.length; ci++) {
      const child = children[ci];
      if (!hasPosition(child)) {
        let hi = endOf(node);
        for (let k = ci + 1; k < children.length; k++) {
          if (hasPosition(children[k])) {
            hi = startOf(children[k]);
            break;
          }
        }
        if (hi < cursor) hi = cursor;
        if (child.type === "text") {
          cursor = alignMarkdown(b, child.value ?? "", src, cursor, hi, false);
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
        case "text":
          alignMarkdown(b, child.value ?? "", src, startOf(child), endOf(child), false);
          break;
        case "emphasis":
        case "strong":
        case "delete":
        case "linkReference":
          p2.inline.push([startOf(child), endOf(child)]);
          this.inlineChildren(child, depth + 1);
          break;
        case "link": {
          const s = startOf(child);
          if (src.charCodeAt(s) !== 91) {
            b.pushBarrier(s, endOf(child));
          } else {
            p2.inline.push([s, endOf(child)]);
            this.inlineChildren(child, depth + 1);
          }
          break;
        }
        case "break":
          b.pushSpace(startOf(child), endOf(child));
          break;
        case "image":
        case "imageReference":
          p2.images.push(child);
          b.pushBarrier(startOf(child), endOf(child));
          break;
        case "html":
          this.directives.push(...htmlCommentDirectives(src, startOf(child), endOf(child)));
          b.pushBarrier(startOf(child), endOf(child));
          break;
        case "inlineCode":
        case "footnoteReference":
        case "inlineMath":
          b.pushBarrier(startOf(child), endOf(child));
          break;
        default:
          if (child.children) this.inlineChildren(child, depth + 1);
          else b.pushBarrier(startOf(child), endOf(child));
      }
    }
  }
};
function scanMdxComments(src, directives) {
  const ranges = [];
  let i = src.indexOf("{/*");
  while (i >= 0) {
    const close = src.indexOf("*/}", i + 3);
    if (close < 0) break;
    const end = close + 3;
    ranges.push([i, end]);
    const body = src.slice(i + 3, close);
    if (body.includes("routelint-")) directives.push(...parseDirectives(body, i + 3, i, end));
    i = src.indexOf("{/*", end);
  }
  return { ranges };
}
function inRanges(ranges, x) {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    const r = ranges[mid];
    if (x < r[0]) hi = mid - 1;
    else if (x >= r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
function maskMdxComments(block, ranges) {
  let out = null;
  const t = block.text;
  for (let i = 0; i < t.length; i++) {
    if (inRanges(ranges, block.starts[i])) {
      out ??= t.split("");
      out[i] = BARRIER;
    }
  }
  if (out) block.text = out.join("");
}
function isMdxEsm(src, start) {
  return src.startsWith("import ", start) || src.startsWith("export ", start);
}
function extractMarkdown(text, ctx, mdx) {
  checkNesting(text, ctx.maxDepth);
  const directives = [];
  const mdxInfo = mdx ? scanMdxComments(text, directives) : null;
  try {
    const root = processor.parse(text);
    const walker = new MarkdownWalker(text, ctx.maxDepth, mdxInfo);
    walker.walkChildren(root, { container: "none", leadIn: "", table: false }, 0);
    const fm = walker.frontMatter;
    const allDirectives = directives.concat(walker.directives).sort((a, b) => a.start - b.start);
    const out = { blocks: walker.blocks, sections: walker.sections, directives: allDirectives };
    if (fm) {
      out.frontMatterRange = fm.range;
      if (fm.data) out.frontMatter = fm.data;
    }
    return out;
  } catch (e) {
    if (e instanceof RangeError) throw new TooDeepError(ctx.maxDepth);
    throw e;
  }
}
var markdownExtractor = {
  id: "markdown",
  extract(text, ctx) {
    return extractMarkdown(text, ctx, false);
  }
};

// .probe4-tmp.ts
import { readFileSync, readdirSync } from "node:fs";
var p = unified2().use(remarkParse2).use(remarkGfm2).use(remarkFrontmatter2, ["yaml", "toml"]);
var files = [];
function walk(d, depth = 0) {
  if (depth > 6) return;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const f = d + "/" + e.name;
    if (e.isDirectory()) walk(f, depth + 1);
    else if (e.name.endsWith(".md")) files.push(f);
  }
}
for (const root of (process.env.ROOTS ?? "node_modules").split(":")) try {
  walk(root);
} catch {
}
var docs = files.map((f) => {
  try {
    return readFileSync(f, "utf8");
  } catch {
    return "";
  }
});
var total = docs.reduce((a, d) => a + d.length, 0);
console.log(files.length, "files", (total / 1e6).toFixed(2), "MB");
for (let round = 0; round < 1; round++) {
  let t0 = performance.now();
  for (const d of docs) p.parse(d);
  const tp = performance.now() - t0;
  t0 = performance.now();
  let blocks = 0;
  for (const d of docs) blocks += markdownExtractor.extract(d, { maxDepth: 64 }).blocks.length;
  const te = performance.now() - t0;
  t0 = performance.now();
  for (const d of docs) foldForMatch(d);
  const tf = performance.now() - t0;
  console.log("parse", tp.toFixed(0), "ms; extract", te.toFixed(0), "ms; blocks", blocks, "; fold", tf.toFixed(0), "ms");
}
var bad = 0;
for (const d of docs) {
  let ex;
  try {
    ex = markdownExtractor.extract(d, { maxDepth: 64 });
  } catch (e) {
    console.log("THROW", e.message);
    continue;
  }
  for (const b of ex.blocks) for (let i = 0; i < b.text.length; i++) {
    const s = b.starts[i], e = b.ends[i];
    if (s < 0 || e > d.length || s > e) bad++;
    else {
      const c = b.text[i];
      const srcs = d.slice(s, e);
      const isPair = srcs.length === 2 && srcs.codePointAt(0) > 65535;
      if (c !== " " && c !== "\uFFFC" && srcs !== c && !isPair && srcs.normalize("NFC") !== c && !(srcs.length > 1 && (srcs[0] === "&" || srcs[0] === "\\"))) {
        bad++;
        if (bad < 15) console.log("MISMAP", JSON.stringify(c), JSON.stringify(srcs), JSON.stringify(b.text.slice(Math.max(0, i - 20), i + 20)));
      }
    }
  }
}
console.log("bad", bad);
