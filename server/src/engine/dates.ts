// Dates in prose (English, Korean, Spanish) and the document's date line (DOMAIN.md section 6).
// Pure: no clock, no I/O. All regular expressions are compiled once, at module load.
// Offsets are UTF-16 code-unit offsets into the string passed in.

export interface DateHit {
  start: number;
  end: number;
  year: number;
  month?: number;
  day?: number;
  /** 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'. */
  iso: string;
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!;
}

function validYmd(y: number, m?: number, d?: number): boolean {
  if (!Number.isInteger(y)) return false;
  if (m === undefined) return d === undefined;
  if (!Number.isInteger(m) || m < 1 || m > 12) return false;
  if (d === undefined) return true;
  return Number.isInteger(d) && d >= 1 && d <= daysIn(y, m);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function toIso(y: number, m?: number, d?: number): string {
  let s = pad(y, 4);
  if (m !== undefined) {
    s += '-' + pad(m, 2);
    if (d !== undefined) s += '-' + pad(d, 2);
  }
  return s;
}

function makeHit(start: number, end: number, y: number, m?: number, d?: number): DateHit {
  const hit: DateHit = { start, end, year: y, iso: toIso(y, m, d) };
  if (m !== undefined) hit.month = m;
  if (d !== undefined) hit.day = d;
  return hit;
}

/** True for a strict 'YYYY-MM-DD' string naming a real calendar day. */
export function isValidIsoDay(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  return validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

const ISO_KEY = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/;

function isoKey(s: string): number | null {
  const m = ISO_KEY.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] !== undefined ? Number(m[2]) : 1;
  const d = m[3] !== undefined ? Number(m[3]) : 1;
  return y * 10000 + mo * 100 + d;
}

/**
 * Compares ISO dates of any precision ('YYYY', 'YYYY-MM', 'YYYY-MM-DD'; a trailing time is ignored).
 * A year-month compares as its first day, a year as January 1st. Returns -1, 0 or 1.
 * Unparseable strings sort before parseable ones (and among themselves by code unit).
 */
export function compareIso(a: string, b: string): number {
  const ka = isoKey(a);
  const kb = isoKey(b);
  if (ka === null || kb === null) {
    if (ka !== null) return 1;
    if (kb !== null) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Month names (English and Spanish, full and abbreviated). Looked up accent-free and lowercase.

const MONTH_NAMES: Record<string, number> = {};
const MONTH_LISTS: Array<[number, string[]]> = [
  [1, ['january', 'jan', 'enero', 'ene']],
  [2, ['february', 'feb', 'febrero']],
  [3, ['march', 'mar', 'marzo']],
  [4, ['april', 'apr', 'abril', 'abr']],
  [5, ['may', 'mayo']],
  [6, ['june', 'jun', 'junio']],
  [7, ['july', 'jul', 'julio']],
  [8, ['august', 'aug', 'agosto', 'ago']],
  [9, ['september', 'sept', 'sep', 'septiembre', 'setiembre']],
  [10, ['october', 'oct', 'octubre']],
  [11, ['november', 'nov', 'noviembre']],
  [12, ['december', 'dec', 'diciembre', 'dic']],
];
for (const [n, names] of MONTH_LISTS) for (const name of names) MONTH_NAMES[name] = n;

const MONTH_ALT = Object.keys(MONTH_NAMES)
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  .join('|');

function monthNumber(name: string): number | undefined {
  const key = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\.$/, '');
  return MONTH_NAMES[key];
}

// ---------------------------------------------------------------------------------------------
// Date patterns

const H = String.raw`[^\S\r\n]`; // horizontal white space
const NL = String.raw`(?:\r\n|\r|\n)`;
/** At least one white-space character, at most one line break (a hard-wrapped date). */
const WS1 = String.raw`(?=\s)${H}*${NL}?${H}*`;
/** Optional white space, at most one line break. */
const WS0 = String.raw`${H}*(?:${NL}${H}*)?`;
const YEAR = String.raw`(199\d|20\d\d)`;
/** Not glued to a letter or digit on the left, nor the tail of a dotted/dashed number (1.2026...). */
const BEFORE = String.raw`(?<![\p{L}\p{N}]|\d[.,/\-])`;
const YEAR_END = String.raw`(?!\p{N}|[\-/.,]\d)`;
const MONTH = String.raw`(${MONTH_ALT})(?!\p{L})\.?`;
const COMMA_OR_WS = String.raw`(?:${H}*,${WS0}|${WS1})`;

type Kind = 'ymd' | 'ym' | 'ko' | 'mdy' | 'dmy' | 'my' | 'year';

interface Pattern {
  re: RegExp;
  kind: Kind;
}

const PATTERNS: Pattern[] = [
  // 2026-05-04, 2026/05/04 (same separator twice)
  { kind: 'ymd', re: new RegExp(String.raw`${BEFORE}${YEAR}([\-/])(\d{1,2})\2(\d{1,2})(?!\p{N}|[\-/.]\d)`, 'gu') },
  // 2026.05.04, 2026.5.4, 2026. 5. 4. (Korean style; the trailing dot is kept when spaced)
  { kind: 'ymd', re: new RegExp(String.raw`${BEFORE}${YEAR}\.(${H}?)(\d{1,2})\.\2(\d{1,2})(?!\p{N}|\.\d)`, 'gu') },
  // 2026-05 (year-month)
  { kind: 'ym', re: new RegExp(String.raw`${BEFORE}${YEAR}-(\d{2})(?!\p{N}|[\-/.]\d)`, 'gu') },
  // 2026년 5월 4일, 2026년 5월
  { kind: 'ko', re: new RegExp(String.raw`${BEFORE}${YEAR}년${H}*(\d+)월(?:${H}*(\d+)일)?`, 'gu') },
  // 2026년 기준 / 2026년 현재 (year precision)
  { kind: 'year', re: new RegExp(String.raw`${BEFORE}${YEAR}년(?=${H}*(?:기준|현재))`, 'gu') },
  // May 4, 2026 / May 4 2026 / Sept. 4, 2026 / May 4th, 2026
  {
    kind: 'mdy',
    re: new RegExp(
      String.raw`(?<![\p{L}\p{N}])${MONTH}${WS1}(\d{1,2})(?:st|nd|rd|th)?(?![\p{L}\p{N}])${COMMA_OR_WS}${YEAR}${YEAR_END}`,
      'giu',
    ),
  },
  // 4 May 2026 / 4th of May, 2026 / 4 de mayo de 2026 / 1.º de mayo del 2026 / 25 abr. 2026
  {
    kind: 'dmy',
    re: new RegExp(
      String.raw`${BEFORE}(\d{1,2})(?:st|nd|rd|th|\.?[ºª°]|\.?er|ro)?(?![\p{L}\p{N}])${WS1}(?:(?:de|of)${WS1})?${MONTH}${COMMA_OR_WS}(?:(?:del|de|of)${WS1})?${YEAR}${YEAR_END}`,
      'giu',
    ),
  },
  // 25-abr-2026 / 04-May-2026
  {
    kind: 'dmy',
    re: new RegExp(String.raw`${BEFORE}(\d{1,2})-${MONTH}-${YEAR}${YEAR_END}`, 'giu'),
  },
  // May 2026 / May, 2026 / mayo de 2026 / mayo del 2026 / May of 2026
  // (bare 'ago 2026' is skipped: 'a year ago 2025 …'; 'ago. 2026' and 'agosto de 2026' count)
  {
    kind: 'my',
    re: new RegExp(
      String.raw`(?<![\p{L}\p{N}])(?!ago${H})${MONTH}${COMMA_OR_WS}(?:(?:del|de|of)${WS1})?${YEAR}${YEAR_END}`,
      'giu',
    ),
  },
  // as of 2026 / a fecha de 2026 (year precision; the hit is the year)
  {
    kind: 'year',
    re: new RegExp(String.raw`(?<=(?<![\p{L}\p{N}])as${H}+of${H}+)${YEAR}${YEAR_END}`, 'giu'),
  },
  {
    kind: 'year',
    re: new RegExp(String.raw`(?<=(?<![\p{L}\p{N}])a${H}+fecha${H}+de${H}+)${YEAR}${YEAR_END}`, 'giu'),
  },
];

const QUICK = /199\d|20\d\d/;

interface Candidate {
  start: number;
  end: number;
  y: number;
  m?: number;
  d?: number;
  valid: boolean;
}

function candidateOf(kind: Kind, m: RegExpExecArray, text: string): Candidate {
  const start = m.index;
  let end = start + m[0].length;
  let y = 0;
  let mo: number | undefined;
  let d: number | undefined;
  switch (kind) {
    case 'ymd': {
      y = Number(m[1]);
      mo = Number(m[3]);
      d = Number(m[4]);
      // Korean "2026. 5. 4." keeps its closing dot.
      if (m[2] !== '/' && m[2] !== '-' && m[2] !== '' && text.charCodeAt(end) === 46) end++;
      break;
    }
    case 'ym':
      y = Number(m[1]);
      mo = Number(m[2]);
      break;
    case 'ko':
      y = Number(m[1]);
      mo = Number(m[2]);
      d = m[3] !== undefined ? Number(m[3]) : undefined;
      break;
    case 'mdy':
      mo = monthNumber(m[1]!);
      d = Number(m[2]);
      y = Number(m[3]);
      break;
    case 'dmy':
      d = Number(m[1]);
      mo = monthNumber(m[2]!);
      y = Number(m[3]);
      break;
    case 'my':
      mo = monthNumber(m[1]!);
      y = Number(m[2]);
      break;
    case 'year':
      y = Number(m[1]);
      break;
  }
  const valid = (kind === 'year' || mo !== undefined) && validYmd(y, mo, d);
  const c: Candidate = { start, end, y, valid };
  if (mo !== undefined) c.m = mo;
  if (d !== undefined) c.d = d;
  return c;
}

/**
 * Every date in a piece of prose (NFC, original case), in text order, non-overlapping.
 * Impossible dates (2026-02-30, month 13) produce no hit, and do not fall back to a shorter
 * date inside them. Bare years are not dates, except 'as of 2026', 'a fecha de 2026' and
 * '2026년 기준' / '2026년 현재' (year precision; the hit covers the year).
 */
export function findDates(text: string): DateHit[] {
  if (!text || !QUICK.test(text)) return [];
  const cands: Candidate[] = [];
  for (const p of PATTERNS) {
    const re = p.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      cands.push(candidateOf(p.kind, m, text));
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  if (cands.length === 0) return [];
  // Earliest first, longest first; invalid candidates take part so they block shorter matches.
  cands.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DateHit[] = [];
  let lastEnd = -1;
  for (const c of cands) {
    if (c.start < lastEnd) continue;
    lastEnd = c.end;
    if (c.valid) out.push(makeHit(c.start, c.end, c.y, c.m, c.d));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Document date

const FM_UPDATE_KEYS = new Set([
  'updated',
  'lastmod',
  'last_modified',
  'lastmodified',
  'last-modified',
  'modified',
  'last_updated',
  'lastupdated',
  'last-updated',
  'updated_at',
  'updatedat',
  'date_modified',
  'datemodified',
]);
const FM_DATE_KEYS = new Set(['date', 'published', 'publishdate', 'publish_date', 'pubdate']);

function hitFromValue(v: unknown): DateHit | null {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) return null;
    const y = v.getUTCFullYear();
    if (y < 1000 || y > 9999) return null;
    return makeHit(0, 0, y, v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1990 && v <= 2099) return makeHit(0, 0, v);
    return null;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const iso = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?![\d])/.exec(s);
  if (iso) {
    const y = Number(iso[1]);
    const m = iso[2] !== undefined ? Number(iso[2]) : undefined;
    const d = iso[3] !== undefined ? Number(iso[3]) : undefined;
    if (y >= 1000 && validYmd(y, m, d)) return makeHit(0, 0, y, m, d);
    return null;
  }
  const hits = findDates(s.normalize('NFC'));
  const h = hits[0];
  return h ? makeHit(0, 0, h.year, h.month, h.day) : null;
}

function newest(hits: DateHit[]): DateHit | null {
  let best: DateHit | null = null;
  for (const h of hits) if (!best || compareIso(h.iso, best.iso) > 0) best = h;
  return best;
}

function frontMatterDate(fm: Record<string, unknown>): DateHit | null {
  const updates: DateHit[] = [];
  const dates: DateHit[] = [];
  for (const [k, v] of Object.entries(fm)) {
    const key = k.toLowerCase();
    const bucket = FM_UPDATE_KEYS.has(key) ? updates : FM_DATE_KEYS.has(key) ? dates : null;
    if (!bucket) continue;
    const h = hitFromValue(v);
    if (h) bucket.push(h);
  }
  return newest(updates) ?? newest(dates);
}

/** A leading '---' / '+++' front matter block: its end offset and its top-level scalar keys. */
function sniffFrontMatter(text: string): { bodyStart: number; fm: Record<string, string> } | null {
  const open = /^(---|\+\+\+)[^\S\r\n]*(?:\r\n|\r|\n)/.exec(text);
  if (!open) return null;
  const fence = open[1]!;
  const fm: Record<string, string> = {};
  const lineRe = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  lineRe.lastIndex = open[0].length;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) !== null) {
    const line = m[1]!;
    const t = line.trim();
    if (t === fence || (fence === '---' && t === '...')) {
      return { bodyStart: m.index + m[0].length, fm };
    }
    const kv = /^([A-Za-z_][\w-]*)[^\S\r\n]*[:=][^\S\r\n]*(.*)$/.exec(line);
    if (kv) {
      let val = kv[2]!.trim();
      const q = /^(['"])(.*)\1$/.exec(val);
      if (q) val = q[2]!;
      if (val) fm[kv[1]!] = val;
    }
    if (m[2] === '' || m.index >= text.length) break;
  }
  return null;
}

// Line classification. Prefix/suffix text is cleaned (markup removed, accents stripped).

const LINE_LEAD = /^[^\S\r\n]*(?:>[^\S\r\n]*)*(?:#{1,6}(?:[^\S\r\n]+|$))?(?:(?:[-+*]|\d{1,3}[.)])[^\S\r\n]+)?/;
const HTML_TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][^<>]*>/g;
const MD_LINK = /!?\[([^\]]*)\]\([^)]*\)/g;
const EMPHASIS = /[*_~`]+/g;
const MARKS = /\p{M}+/gu;
const SPACES = /\s+/g;
const LEADING_SEPS = /^[\s·•|—–\-,;/]+/;

function clean(s: string): string {
  return s
    .replace(HTML_TAG, ' ')
    .replace(MD_LINK, '$1')
    .replace(EMPHASIS, '')
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFC')
    .replace(SPACES, ' ')
    .trim();
}

const SEP = '[:：\\-–—|·•]';
const EN_LABEL = new RegExp(
  String.raw`^(?:(?:this|the)\s+)?(?:(?:page|post|article|document|doc|guide|content|information|info|data|pricing|prices|list|table|entry|note|notes)\s+)?(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)?(?:last\s+|first\s+|originally\s+|most\s+recently\s+)?(?:updated|modified|reviewed|revised|edited|checked|verified|published|posted|written|dated|released|refreshed|created|update|revision|modification|review|date(?:\s+(?:updated|modified|published|reviewed|checked))?|as\s+of|(?:current|accurate|correct|valid)\s+as\s+of|effective(?:\s+date)?)(?:\s+(?:on|at|in|as\s+of))?\s*${SEP}?\s*$`,
  'i',
);
const EN_BY_ON = /^(?:posted|published|written|updated|reviewed)\s+by\s+.{1,60}?\s+(?:on|at|[·•|—–,])\s*$/i;
const ES_LABEL = new RegExp(
  String.raw`^(?:(?:esta|este|la|el)\s+)?(?:(?:pagina|articulo|documento|guia|entrada|informacion|nota)\s+)?(?:(?:fue|ha\s+sido|esta)\s+)?(?:ultima\s+(?:actualizacion|revision|modificacion|edicion)|(?:actualizad[oa]|revisad[oa]|modificad[oa]|publicad[oa]|verificad[oa]|comprobad[oa]|editad[oa])(?:\s+por\s+ultima\s+vez)?|actualizacion|fecha(?:\s+de\s+(?:actualizacion|publicacion|revision|modificacion))?|a\s+fecha\s+de|vigente\s+(?:al|a|desde)|datos\s+(?:al|a))(?:\s+(?:el|en|a|al|del|de))?\s*${SEP}?\s*(?:el\s+)?$`,
  'i',
);
const KO_LABEL = new RegExp(
  String.raw`^(?:(?:최종|마지막)\s*)?(?:(?:수정|업데이트|갱신|작성|게시|발행|검토|확인|기준|등록|변경)\s*(?:일|일자|날짜|일시)?|날짜|일자|일시)\s*${SEP}?\s*$`,
  'u',
);
const BY_PREFIX = /^(?:by|por|written\s+by|escrito\s+por|author|autor|autora|글|작성자|필자)\s*[:：]?\s*.{1,60}?\s*[·•|—–\-,/]\s*$/iu;
const NAME_PREFIX =
  /^[\p{Lu}][\p{L}'’.\-]*(?:\s+(?:[\p{Lu}][\p{L}'’.\-]*|de|del|la|van|von|der|da|di|le|y)){0,4}\s*[·•|—–\-,/]\s*$/u;
const KO_NAME_PREFIX = /^\p{Script=Hangul}{2,5}(?:\s*(?:기자|에디터|편집자|작성|씀))?\s*[·•|—–\-,/]\s*$/u;

const SUF_EMPTY = /^[\s.,;:!)\]»"'”’]*$/;
const SUF_SEP = /^(?:[·•|—–]|-\s)\s*(.*)$/;
const SUF_PAREN = /^\([^()]{0,60}\)[\s.]*$/;
const SUF_BY = /^(?:by|por)\s+[^.!?]{1,60}\.?$/i;
const SUF_KO = new RegExp(
  String.raw`^(?:(?:기준|현재)(?:으로)?(?:\s*(?:작성|정리|업데이트|갱신|수정|확인|검토)(?:됨|되었습니다|했습니다|함|한\s*(?:글|문서|내용|정보)(?:입니다)?)?)?(?:입니다)?|(?:업데이트|수정|작성|갱신|발행|게시|검토|확인)(?:됨|되었습니다|했습니다|함)?)[\s.]*$`,
  'u',
);

function prefixOk(p: string): boolean {
  if (p === '') return true;
  if (p.length > 80) return false;
  return (
    EN_LABEL.test(p) ||
    EN_BY_ON.test(p) ||
    ES_LABEL.test(p) ||
    KO_LABEL.test(p) ||
    BY_PREFIX.test(p) ||
    NAME_PREFIX.test(p) ||
    KO_NAME_PREFIX.test(p)
  );
}

function suffixOk(s: string): boolean {
  if (SUF_EMPTY.test(s)) return true;
  if (s.length > 80) return false;
  const sep = SUF_SEP.exec(s);
  if (sep) {
    const rest = sep[1]!;
    return rest.length <= 60 && !/[.!?。]$/.test(rest);
  }
  return SUF_PAREN.test(s) || SUF_BY.test(s) || SUF_KO.test(s);
}

/** Date-line hits of one line (offsets relative to the line). */
function dateLineHits(line: string): DateHit[] {
  const all = findDates(line);
  if (all.length === 0) return [];
  // Dates inside an HTML tag (e.g. <time datetime="…">) are not what a reader sees.
  const tags: Array<[number, number]> = [];
  HTML_TAG.lastIndex = 0;
  let t: RegExpExecArray | null;
  while ((t = HTML_TAG.exec(line)) !== null) tags.push([t.index, t.index + t[0].length]);
  const hits = tags.length ? all.filter((h) => !tags.some(([a, b]) => h.start >= a && h.end <= b)) : all;
  const lead = LINE_LEAD.exec(line)?.[0].length ?? 0;
  const out: DateHit[] = [];
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    const prev = i > 0 ? hits[i - 1]! : null;
    if (prev && out[out.length - 1] !== prev) break; // a chain of dates must start on a date line
    let prefix: string;
    if (prev) prefix = clean(line.slice(prev.end, h.start)).replace(LEADING_SEPS, '');
    else prefix = clean(line.slice(Math.min(lead, h.start), h.start));
    const next = i + 1 < hits.length ? hits[i + 1]!.start : line.length;
    const suffix = clean(line.slice(h.end, next));
    if (prefixOk(prefix) && suffixOk(suffix)) out.push(h);
    else break;
  }
  return out;
}

const MAX_LINES = 15;
const FENCE = /^[^\S\r\n]{0,3}(```|~~~)/;

/**
 * The document's date: front matter first (`updated`/`lastmod`/`last_modified`/`modified`, newest
 * of them, before `date`), else a date line among the first 15 non-empty lines after `bodyStart`
 * ("Last updated: …", "… 기준", "actualizado el …", a byline date, a date alone on a line).
 * Front matter dates come back with start = end = 0; others with offsets into `text`.
 * When `bodyStart` is not given and the text opens with a `---`/`+++` block, that block is skipped
 * (and read for date keys when `frontMatter` is not given).
 */
export function documentDate(
  text: string,
  frontMatter?: Record<string, unknown>,
  bodyStart?: number,
): DateHit | null {
  let fm: Record<string, unknown> | undefined = frontMatter;
  let from = bodyStart;
  if (from === undefined) {
    const sniffed = sniffFrontMatter(text);
    if (sniffed) {
      from = sniffed.bodyStart;
      if (!fm) fm = sniffed.fm;
    }
  }
  if (fm && typeof fm === 'object') {
    const h = frontMatterDate(fm);
    if (h) return h;
  }
  from = Math.max(0, Math.min(from ?? 0, text.length));

  const lineRe = /[^\r\n]*/y;
  let pos = from;
  let seen = 0;
  let inFence = false;
  const found: DateHit[] = [];
  while (pos <= text.length && seen < MAX_LINES) {
    lineRe.lastIndex = pos;
    const m = lineRe.exec(text);
    const line = m ? m[0] : '';
    const lineStart = pos;
    pos += line.length;
    if (text.charCodeAt(pos) === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
    else if (pos < text.length) pos += 1;
    else pos = text.length + 1;

    if (line.trim() === '') continue;
    seen++;
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (!QUICK.test(line)) continue;
    for (const h of dateLineHits(line)) {
      found.push(makeHit(lineStart + h.start, lineStart + h.end, h.year, h.month, h.day));
    }
  }
  return newest(found);
}
