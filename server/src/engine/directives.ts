// Parsing routelint suppression directives out of a host comment's body.
// `routelint-disable-next-line unlimited-claim, free-official-api -- reason`

import type { Directive } from './types.js';

const KINDS: ReadonlyArray<Directive['kind']> = ['disable-next-line', 'disable-line', 'disable', 'enable'];
const PREFIX = 'routelint-';

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}

/**
 * Directives in one comment. `commentBody` is the text between the comment delimiters, starting at
 * source offset `bodyOffset`; `commentStart`/`commentEnd` are the source offsets of the whole comment.
 * The body must start (after whitespace) with `routelint-<kind>`; anything else is not a directive.
 * Returns at most one directive (an array so hosts can concatenate).
 */
export function parseDirectives(
  commentBody: string,
  bodyOffset: number,
  commentStart: number,
  commentEnd: number,
): Directive[] {
  const body = commentBody;
  const n = body.length;
  let i = 0;
  // Skip whitespace and decorative leading `*` (block comments written as ` * routelint-...`).
  while (i < n && (isWs(body.charCodeAt(i)) || body.charCodeAt(i) === 0x2a)) i++;
  if (!body.startsWith(PREFIX, i)) return [];
  i += PREFIX.length;
  let kind: Directive['kind'] | null = null;
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

  // Reason: after a ` -- ` separator (the `--` must be preceded by whitespace or begin the rest).
  let restEnd = n;
  let reason: string | undefined;
  for (let j = i; j + 1 < n; j++) {
    if (body.charCodeAt(j) === 0x2d && body.charCodeAt(j + 1) === 0x2d && isWs(body.charCodeAt(j - 1))) {
      const after = j + 2;
      if (after === n || isWs(body.charCodeAt(after))) {
        restEnd = j;
        const r = body.slice(after).trim().replace(/\s*\*+$/, '').trim();
        reason = r.length > 0 ? r : undefined;
        break;
      }
    }
  }

  // The ids list: trimmed [i, restEnd).
  let a = i;
  let b = restEnd;
  while (a < b && isWs(body.charCodeAt(a))) a++;
  while (b > a && isWs(body.charCodeAt(b - 1))) b--;
  const idsText = body.slice(a, b);
  const ids = idsText.split(/[\s,]+/).filter((s) => s.length > 0);
  const directive: Directive = {
    kind,
    ids,
    start: commentStart,
    end: commentEnd,
    idsStart: bodyOffset + a,
    idsEnd: bodyOffset + b,
  };
  if (reason !== undefined) directive.reason = reason;
  return [directive];
}

/** All `<!-- ... -->` comments in source[start, end) (an HTML node), parsed for directives. */
export function htmlCommentDirectives(source: string, start: number, end: number): Directive[] {
  const out: Directive[] = [];
  let i = source.indexOf('<!--', start);
  while (i >= 0 && i < end) {
    const bodyStart = i + 4;
    let close = source.indexOf('-->', bodyStart);
    let commentEnd: number;
    let bodyEnd: number;
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
    i = source.indexOf('<!--', commentEnd);
  }
  return out;
}
