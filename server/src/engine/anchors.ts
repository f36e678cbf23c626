// Required literals ("anchors") of a regex: a set of strings such that every match of the regex
// contains at least one of them. A file whose folded text contains no anchor of any pattern cannot
// produce a phrase finding, so the engine skips parsing it (the differential test checks this
// against a full parse). Literals never span white space, so markup between words cannot hide one.

type AnchorSet = Set<string> | null; // null: no requirement known

interface Parser {
  src: string;
  i: number;
}

/** Parse an alternation; returns its anchors and the literal text if the whole thing is one literal. */
function parseAlt(p: Parser): { set: AnchorSet; lit: string | null } {
  const branches: Array<{ set: AnchorSet; lit: string | null }> = [parseSeq(p)];
  while (p.src[p.i] === '|') {
    p.i++;
    branches.push(parseSeq(p));
  }
  if (branches.length === 1) return branches[0]!;
  const out = new Set<string>();
  for (const b of branches) {
    const s = b.lit ? new Set([b.lit]) : b.set;
    if (!s || s.size === 0) return { set: null, lit: null };
    for (const x of s) out.add(x);
  }
  return { set: out, lit: null };
}

function score(s: AnchorSet): number {
  if (!s || s.size === 0) return -1;
  let min = Infinity;
  for (const x of s) min = Math.min(min, x.length);
  return min * 100 - s.size;
}

function parseSeq(p: Parser): { set: AnchorSet; lit: string | null } {
  let best: AnchorSet = null;
  let run = '';
  let whole = true; // the sequence is one literal so far
  const flush = () => {
    if (run && score(new Set([run])) > score(best)) best = new Set([run]);
    run = '';
  };
  while (p.i < p.src.length && p.src[p.i] !== '|' && p.src[p.i] !== ')') {
    const atom = parseAtom(p);
    const q = parseQuantifier(p);
    const optional = q === '?' || q === '*' || q === '{0';
    if (atom.lit !== null && !optional && (q === '' || q === '{1')) {
      run += atom.lit;
      continue;
    }
    whole = false;
    if (atom.lit !== null && !optional) {
      // "x+" requires x, but what follows is not adjacent to a single x.
      run += atom.lit;
      flush();
      continue;
    }
    flush();
    if (!optional && score(atom.set) > score(best)) best = atom.set;
  }
  if (whole) return { set: run ? new Set([run]) : null, lit: run };
  flush();
  return { set: best, lit: null };
}

function parseQuantifier(p: Parser): string {
  const c = p.src[p.i];
  let q = '';
  if (c === '?' || c === '*' || c === '+') {
    q = c;
    p.i++;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.src.slice(p.i));
    if (m) {
      p.i += m[0].length;
      q = m[1] === '0' ? '{0' : m[2] === undefined && m[1] === '1' ? '{1' : '+';
    }
  }
  if (q && p.src[p.i] === '?') p.i++; // lazy
  return q;
}

const CLASS_ESCAPES = new Set(['s', 'S', 'd', 'D', 'w', 'W', 'b', 'B', 'p', 'P']);

function parseAtom(p: Parser): { set: AnchorSet; lit: string | null } {
  const c = p.src[p.i]!;
  if (c === '(') {
    p.i++;
    let lookaround = false;
    if (p.src[p.i] === '?') {
      const rest = p.src.slice(p.i, p.i + 3);
      if (rest.startsWith('?:')) p.i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        p.i += 2;
        lookaround = true;
      } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
        p.i += 3;
        lookaround = true;
      } else if (rest.startsWith('?<')) p.i = p.src.indexOf('>', p.i) + 1;
    }
    const inner = parseAlt(p);
    if (p.src[p.i] === ')') p.i++;
    if (lookaround) return { set: null, lit: null };
    return inner.lit !== null ? { set: inner.lit ? new Set([inner.lit]) : null, lit: inner.lit } : inner;
  }
  if (c === '[') {
    p.i++;
    const negated = p.src[p.i] === '^';
    if (negated) p.i++;
    const start = p.i;
    if (p.src[p.i] === ']') p.i++;
    while (p.i < p.src.length && p.src[p.i] !== ']') p.i += p.src[p.i] === '\\' ? 2 : 1;
    const body = p.src.slice(start, p.i);
    p.i++;
    // A short class of plain characters ("[$€£]") is an alternation of one-character anchors.
    const chars = [...body];
    if (!negated && chars.length > 0 && chars.length <= 10 && !body.includes('\\') && !/.-./u.test(body)) {
      return { set: new Set(chars), lit: null };
    }
    return { set: null, lit: null };
  }
  if (c === '\\') {
    const n = p.src[p.i + 1] ?? '';
    if (n === 'p' || n === 'P' || n === 'u' || n === 'x' || n === 'k') {
      if (p.src[p.i + 2] === '{' || p.src[p.i + 2] === '<') {
        const close = p.src.indexOf(p.src[p.i + 2] === '{' ? '}' : '>', p.i);
        p.i = close + 1;
      } else p.i += n === 'x' ? 4 : n === 'u' ? 6 : 2;
      return { set: null, lit: null };
    }
    p.i += 2;
    if (CLASS_ESCAPES.has(n) || /[0-9]/.test(n)) return { set: null, lit: null };
    if (n === 'n' || n === 't' || n === 'r' || n === 'f' || n === 'v') return { set: null, lit: null };
    return { set: null, lit: n };
  }
  if (c === '.' || c === '^' || c === '$') {
    p.i++;
    return { set: null, lit: null };
  }
  p.i++;
  // A space can be any white space in the text: never part of an anchor.
  if (/\s/.test(c)) return { set: null, lit: null };
  return { set: null, lit: c };
}

/** Anchors of one regex source, or null when none can be derived (the prefilter must then pass every file). */
export function anchorsOf(source: string): Set<string> | null {
  const p: Parser = { src: source, i: 0 };
  const r = parseAlt(p);
  const s = r.lit ? new Set([r.lit]) : r.set;
  if (!s || s.size === 0) return null;
  // A single ASCII letter or digit is too weak to be worth it; a single symbol ($, €) is fine.
  for (const x of s) if (x.length < 2 && /^[A-Za-z0-9]$/.test(x)) return null;
  return s;
}

/** Reduce a set: an anchor that contains another anchor adds nothing. */
export function minimizeAnchors(all: Iterable<string>): string[] {
  const sorted = [...new Set(all)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const a of sorted) if (!kept.some((k) => a.includes(k))) kept.push(a);
  return kept;
}
