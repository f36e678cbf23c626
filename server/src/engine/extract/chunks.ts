// The plan of the Markdown fast path: a line scan, before any parsing, that cuts a document into units
// remark can parse apart from the rest and get exactly what a full parse gives there (markdown.ts,
// extractPartial, parses only some of them).
//
// A chunk starts at an ATX heading line at column 0 that is outside front matter, fenced code and HTML
// blocks. Such a line closes every open container and paragraph, so remark parses what follows it the
// same way whatever came before (link reference definitions aside, which extractPartial handles). The
// scan tracks exactly the state that can hide such a line at the top level: fenced code (with its
// length rules) and HTML blocks (CommonMark types 1-7). Where a line could belong either to the top
// level or to a list item (1-3 spaces of indentation), or where an HTML block of type 7 might be a
// paragraph (a tag-like line after a paragraph line; where no paragraph is open, completeTagLine
// decides), the two readings are followed until they agree; when they might not, the rest of the
// document is parsed whole (tailWhole). A chunk with headings of its own (setext, indented, in containers)
// is marked: sections depend on them.
//
// The units: the front matter, each chunk's heading line, and groups of its body cut at "fresh" lines:
// a line at column 0 right after a blank line, outside fenced code and HTML blocks, closes every
// container and leaf block too. Lines that start a list item, an HTML comment or (maybe) a table are not
// cut before: a list's lead-in paragraph (or the comment between them) and a table's caption stay in
// the list's and table's group. A bullet list right after a heading, or after a lead-in that leaves
// nothing open (leadInAndItems), is cut into its items when nothing in it can end the list early.
//
// Each unit gets a level from the candidate scan, asked about every prose segment (a run of lines no
// block goes across): 0 no finding possible, 1 a finding reads its block and neighbours, 2 its section.
// A segment simple enough that its one block's text is known without parsing (exactProse) is asked
// about with that text instead, exactly.
// A segment whose words are sure give or take inline links, emphasis, escapes, raw HTML, images, the way
// its reference links resolve and whether its autolink literals are links (approxReadings) is asked
// about with each reading, only to rule it out: on ordinary READMEs most wanted segments are. A segment
// whose lines start list items is asked item by item (listPieces), a table cell by cell (tableCells),
// each with the source of its own lines; a block quote without its markers, one indented four columns
// without its indentation, and one of link reference definitions only holds no prose.

const HTML_BLOCK_NAMES =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const HTML_RAW = /^<(?:script|pre|style|textarea)(?=[ \t>]|$)/i;
const HTML_RAW_END = /<\/(?:script|pre|style|textarea)>/i;
const HTML_BASIC = new RegExp(`^<\\/?(?:${HTML_BLOCK_NAMES})(?:[ \\t>]|\\/>|$)`, 'i');
const HTML_BASIC_LOOSE = new RegExp(`^<\\/?(?:${HTML_BLOCK_NAMES})(?=[ \\t/>]|$)`, 'i');
const HTML_TAG_LIKE = /^<\/?[A-Za-z]/;
const ATX = /^#{1,6}(?=[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const SETEXT = /^(?:=+|-+)[ \t]*$/;
/** A line that may be a GFM table's delimiter row, after any list or quote markers. */
const DELIMITER_ROW = /^(?:[ \t>]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]))*[ \t>]*(?=[^\n]*\|)(?=[^\n]*-)[|: \t-]+\r?$/m;
/**
 * A lead-in line (leadInAndItems): text at column 0 that opens no block but a paragraph or a setext
 * heading's text: not a list or quote marker, fence, HTML, ATX heading, table row, indented code,
 * setext underline or thematic break.
 */
const LEAD_IN_LINE = /^(?![-+*_=>#<|`~ \t]|\d{1,9}[.)](?:[ \t]|$))(?!.*\|)./;
const BULLET_ITEM = /^(?: {0,3}> ?)* {0,3}[-+*][ \t]+[^ \t]/;
const LIST_OR_QUOTE_PREFIX = /^(?:[ \t>]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t>]*/;

/** A part of the document the fast path parses or leaves out as a whole. */
export interface Unit {
  kind: 'front-matter' | 'heading' | 'group';
  start: number;
  end: number;
  /** Index of the chunk it belongs to. */
  chunk: number;
  /** What a finding in it reads (CandidateScan.level): 0 none possible, 1 neighbours, 2 its section. */
  level: 0 | 1 | 2;
  /** Holds `]:`: maybe a link reference or footnote definition. */
  defs: boolean;
  /** Holds lines that may be prose (not only fenced code, HTML blocks and blank lines). */
  prose: boolean;
  /**
   * An item of a list cut from its lead-in (leadInAndItems): its blocks read the lead-in (a list
   * item's `leadIn`), the first unit before it without this mark, so that unit is parsed with it.
   */
  lead?: true;
  /**
   * Set when every line of the unit is a single-line link reference definition (or blank): each line
   * then defines its label whatever the other lines, so the fast path may parse just the lines whose
   * labels are used. `end` includes the line ending; labels are normalized (normalizeLabel).
   */
  definitions?: Array<{ start: number; end: number; label: string }>;
}

/** A single-line link reference definition (not a footnote's), with its label in group 1, or null. */
function definitionLine(line: string): RegExpExecArray | null {
  const m = DEFINITION_LINE.exec(line);
  return m && !m[1]!.startsWith('^') && /[^ \t\r\n]/.test(m[1]!) && balancedDestination(line) ? m : null;
}

function isDefinitionLine(line: string): boolean {
  return definitionLine(line) !== null;
}

/** A link reference definition on one line (CommonMark), not a footnote definition. */
const DEFINITION_LINE =
  /^ {0,3}\[((?:[^\\\[\]]|\\.){1,999})\]:[ \t]*(?:<(?:[^<>\n\\]|\\.)*>|[^ \t<\x00-\x1f\x7f][^ \t\x00-\x1f\x7f]*)(?:[ \t]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*$/;

/** A reference label as micromark compares it (normalizeIdentifier). */
export function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();
}

/** Parentheses in a plain link destination must balance (escaped ones aside). */
function balancedDestination(line: string): boolean {
  const m = /\]:[ \t]*(\S+)/.exec(line);
  if (!m || m[1]!.startsWith('<')) return true;
  let depth = 0;
  const d = m[1]!;
  for (let k = 0; k < d.length; k++) {
    const c = d[k];
    if (c === '\\') k++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

export interface Chunk {
  /** Offset of the chunk's first line (its heading line; 0 for the preamble). */
  start: number;
  /** End of the heading line, line ending included (= start for the preamble). */
  headEnd: number;
  /** Start of the next chunk (or the text's end). */
  end: number;
  /** Heading depth 1-6; 0 for the preamble. */
  depth: number;
  /** Holds headings of its own (setext, indented, in containers), or may: parsed whole when it matters. */
  structural: boolean;
  /** Smallest depth >= 2 of the headings that may open a section in it (its own included); 7 if none. */
  minDeep: number;
  /** Smallest depth of the headings of its own it may hold (setext, indented, in containers); 7 if none. */
  minAny: number;
  /** Its units, in order (indices into ChunkPlan.units). */
  units: number[];
  /**
   * The scan read no text at or after this offset to plan this chunk and the ones before it (lookahead
   * included; at least the next chunk's heading line): an edit from there on leaves them as they are
   * (replanChunks). Never decreases from chunk to chunk.
   */
  reach: number;
}

export interface ChunkPlan {
  chunks: Chunk[];
  units: Unit[];
  /** The front matter's range, closing fence line included ([0, 0] when none). */
  frontMatterEnd: number;
  /** Where the closing fence of the front matter ends (before its line ending), or -1. */
  frontMatterFenceEnd: number;
  /** The prose segments the levels were asked about, as start, end pairs (relevel asks again). */
  segments: number[];
  /** Where the unscanned tail's group starts (tailWhole), or -1. */
  tailStart: number;
  /** The inline nesting a unit may hold before it is raised for it (from PlanOptions). */
  inlineLimit: number;
}

export interface PlanOptions {
  /** What prose in [start, end) may read to produce a finding (0: no finding possible). */
  level: (start: number, end: number) => 0 | 1 | 2;
  /** An upper bound of the walker depth a line's containers use (from checkNesting). */
  blockDepth: number;
  /** The walker's depth limit: inline nesting past it is an error the full parse would report. */
  maxWalk: number;
  /**
   * What a block with exactly this text (source [start, end)) reads to produce a finding: asked for
   * segments simple enough that their one block's text is known without parsing (exactProse).
   */
  exact?: (text: string, start: number, end: number) => 0 | 1 | 2;
  /**
   * With `exact`: a GFM table's cells may be asked about as paragraphs (no rule reads a column
   * header before the judge: no pattern has a `header` condition).
   */
  tables?: boolean;
  /** The level of the unscanned tail (tailWhole); default: level, at least 1. */
  tailLevel?: (start: number, end: number) => 0 | 1 | 2;
}

/**
 * The text remark and the walker give a segment (a run of lines without blank ones) that is one
 * paragraph, a list item's first paragraph or a heading line, when nothing in it needs parsing: no
 * escapes, references, emphasis, links, HTML, autolink literals or tables, only code spans (which
 * become U+FFFC) and plain text; else null. A segment that turns out to be indented code has no block.
 */
export function exactProse(segment: string, notPlain: RegExp = NOT_PLAIN): string | null {
  // what needs the inline parser, outside code spans
  const outside = segment.includes('`') ? codeSpans(segment) : segment;
  if (outside === null || notPlain.test(outside)) return null;
  if (segment.normalize('NFC') !== segment) return null;
  const lines = segment.split('\n');
  const first = lines[0]!;
  // indented four columns: code, whose next lines may start a paragraph of their own
  if (/^(?: {0,3}\t| {4})/.test(first)) return null;
  // a heading line
  const atx = /^#{1,6}(?:[ \t]+|$)/.exec(first);
  if (atx) {
    if (lines.length > 1) return null;
    const content = first.slice(atx[0].length);
    if (content.includes('#')) return null;
    return textOf(content);
  }
  // quote markers and a list marker on the first line; lazy lines may go without
  const quoted = /^ {0,3}>/.test(first);
  const out: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    let line = lines[k]!;
    if (/^ {0,3}>/.test(line)) {
      if (!quoted) return null; // a quote interrupts the paragraph
      line = line.replace(/^ {0,3}> ?/, '');
      if (/^ {0,3}>/.test(line)) return null;
    }
    if (k === 0) {
      const item = /^ {0,3}(?:[-+]|\d{1,9}[.)])(?:[ \t]+|$)/.exec(line);
      if (item) line = line.slice(item[0].length);
    }
    const t = line.replace(/^[ \t]+/, '');
    // anything that starts another block on the line, or makes the paragraph a heading
    // (a `#` starts an ATX heading only as one to six of them before a space or the line's end: "#137" is text)
    if (/^(?:[-+=>]|#{1,6}(?:[ \t]|$)|\d{1,9}[.)]|`{3}|~{3})/.test(t) && k > 0) return null;
    if (/^(?:[-+=>]|#{1,6}(?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|`{3}|~{3})/.test(t) && k === 0) return null;
    out.push(line);
  }
  return textOf(out.join('\n'));

  /** Code spans to U+FFFC, line breaks (with the white space around them) to one space, trimmed. */
  function textOf(raw: string): string | null {
    const spans = codeSpans(raw);
    if (spans === null) return null;
    return spans.replace(/[ \t]*\n[ \t]*/g, ' ').replace(/\t/g, ' ').replace(/^ +| +$/g, '');
  }
}

const NOT_PLAIN = /[\\&*_~[\]<|\r\0]|www\.|:\/\/|@|mailto:|xmpp:/i;
/** What approxProse leaves to the parser (`_` inside a word is literal). */
const NOT_PLAIN_APPROX = /[\\&*~[\]<|\r\0]/;

/**
 * A segment's text give or take what the inline parser would make of it, for ruling a segment out:
 * inline links with a plain destination become their text, emphasis markers that cannot join two
 * words go, and the rest is exactProse. Its words and their order are those of the segment's one
 * block (a link's destination is no prose; an emphasis marker is none either, and a literal `*` or `_`
 * at a word's edge separates words as a space does); null where that is not sure (images, reference
 * links, autolinks, HTML, entities, tables, brackets left over, a `*` between two letters, which
 * emphasis could join into one word). An escaped character becomes a space: it is no letter either
 * way, and a clause break it would make is then missing, which can only let more frames match.
 */
export function approxProse(segment: string): string | null {
  const r = approxReadings(segment);
  return r !== null && r.length === 1 ? r[0]! : null;
}

/**
 * approxProse where the segment's words depend on what the parser makes of it: one text per
 * combination (at most MAX_READINGS of them), or null.
 * - A full reference link (`[text][label]`) is its text alone where the label is defined, its text
 *   and label (literal) where not. Every other bracket pair reads the same words either way (a
 *   shortcut `[text]` or collapsed `[text][]` reference is its text, literal or not: brackets are no
 *   letters), so it becomes spaces.
 * - An autolink literal (`https://…`, `www.…`, `name@host.tld`) outside link texts is no prose to the
 *   walker (U+FFFC) where GFM takes it as a link, and text where it does not (`http://localhost:3000`,
 *   `pkg@1.2.3`): both readings, where the run of characters around it is either wholly link or wholly
 *   text (the punctuation at its edges, which may fall either side, becomes a space: no letter, and a
 *   clause break it may make is then missing, which can only let more frames match).
 * - Raw HTML tags and `<scheme:…>` or `<name@host>` autolinks are no prose (U+FFFC); any other `<`
 *   before a letter, `/`, `!` or `?` is not sure (a comment, a tag this check does not know), and a `<`
 *   before anything else is literal (no letter).
 * - A character reference (`&amp;`, `&#102;`) may decode to a letter: not sure. A bare `&` is no letter.
 */
export function approxReadings(segment: string, alts?: string[]): string[] | null {
  // (an image's alt text is a block of its own: no guess at it)
  if (/[\r\0\u0001\u0002\uFFFC\uE000-\uE00F]|\\`/.test(segment)) return null;
  // (a pipe is literal text, no letter, unless a line may be a table's delimiter row)
  if (segment.includes('|') && DELIMITER_ROW.test(segment)) return null;
  // (blocks come before inlines: a line that may start a block of its own is no part of a code span,
  // a tag or a link; a line that starts with a tag may open an HTML block)
  if (LATER_BLOCK_START.test(segment)) return null;
  if (segment.includes('<') && segment.split('\n').some(mayOpenHtmlBlock)) return null;
  // code spans first: they bind before links and emphasis (a bracket, a backslash or a `*` inside one
  // is its content); one across line breaks keeps them after it, so that lines stay lines
  let s = segment.includes('`') ? codeSpans(segment, true) : segment;
  if (s === null) return null;
  if (s.includes('&') && CHARACTER_REFERENCE.test(s)) return null;
  // a backslash escape is its character, literal (no letter, as a space is none); other backslashes
  // are literal too (U+0001 for now: an escaped bracket is no bracket)
  s = s.replace(/\\[!-/:-@[-`{-~]?/g, '\u0001');
  if (s.includes('<')) {
    const t = angleBrackets(s);
    if (t === null) return null;
    s = t;
  }
  // [text](destination "title") with a plain destination (backticks in a destination or title belong
  // to it, not to a code span: no guess); the text may go over lines
  const link = new RegExp(`\\[([^[\\]]*)\\]${INLINE_DESTINATION}`, 'g');
  // an image ![alt](destination) is no prose where it stands, and its alt text a block of its own
  if (s.includes('![')) {
    if (!alts) return null;
    s = s.replace(IMAGE, (m: string, alt: string) => {
      alts.push(alt.replace(/[ \t]+/g, ' ').trim());
      return '\uFFFC' + '\n'.repeat(lineBreaks(m));
    });
    if (s.includes('![')) return null;
  }
  // autolink literals outside link texts (none is one inside): each run that holds one becomes a
  // marker (U+E000 + k), read both ways below
  const autos: Array<{ link: string; text: string }> = [];
  const outside = s.replace(link, (m) => ' '.repeat(m.length));
  if (AUTOLINK_TRIGGER.test(outside)) {
    const runs: Array<[number, number, { link: string; text: string }]> = [];
    for (const m of outside.matchAll(/\S+/g)) {
      const run = m[0];
      if (!AUTOLINK_TRIGGER.test(run)) continue;
      // (a run right before or after a link: the link literal's path may take brackets in)
      const a = m.index!;
      if ((a > 0 && !/\s/.test(s[a - 1]!)) || (a + run.length < s.length && !/\s/.test(s[a + run.length]!))) return null;
      const read = autolinkReadings(run);
      if (read === null) return null;
      if (read !== 'text') runs.push([m.index!, m.index! + run.length, read]);
    }
    if (runs.length > MAX_AUTOLINKS) return null;
    for (let k = runs.length - 1; k >= 0; k--) {
      const [a, b] = runs[k]!;
      s = s.slice(0, a) + String.fromCharCode(0xe000 + k) + s.slice(b);
    }
    for (const r of runs) autos.push(r[2]);
  }
  // A `*` or `~` between two letters may join them into one word (emphasis, strikethrough), with links
  // read as their text; so may any marker between a letter and a link. Every other * and ~ goes
  // (emphasis, strikethrough or literal: no letter either way), and _ at a word's edge becomes a space,
  // before links are read (a marker next to one is at a word's edge). A "* " list marker is a "- " one.
  if (/[\p{L}\p{N}][*~]+[\p{L}\p{N}]/u.test(s.replace(link, '$1')) || /[\p{L}\p{N}][*_~]+\[|\)[*_~]+[\p{L}\p{N}]/u.test(s)) return null;
  // (nor next to what the matcher reads as part of a word: a hyphen, an underscore, an apostrophe or
  // a quote, which the marker's going would put against a letter)
  if (/[*~][-_'"\u2018\u2019\u201c\u201d\u2032\u2010\u2011]|[-_'"\u2018\u2019\u201c\u201d\u2032\u2010\u2011][*~]/.test(s)) return null;
  s = s.replace(/^([ \t]*(?:>[ \t]?)*[ \t]*)\*(?=[ \t])/gm, '$1-');
  // (a `_` is never inside a word when it is emphasis: literal or not, it is a space)
  s = s.replace(/[*~]+/g, '').replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, ' ');
  s = s.replace(link, (m: string, text: string) => text + '\n'.repeat(lineBreaks(m) - lineBreaks(text))).replace(/&/g, ' ');
  // what else brackets may be: a link with a title or another destination, a definition, a footnote, a
  // [[placeholder]] (a finding of its own), nested brackets
  if (/\]\(|\]:|\[\^|\[\[|\]\]|\[[^\]\n]*\[/.test(s)) return null;
  // a line whose start now reads as another block's ("**1.** Step" → "1. Step") is not that block
  const before = segment.split('\n');
  const after = s.split('\n');
  const lead = (l: string) => LINE_LEAD.exec(l)?.[0] ?? '';
  if (after.some((l, k) => lead(l) !== '' && lead(l) !== lead((before[k] ?? '').replace(/^([ \t]*(?:>[ \t]?)*[ \t]*)\*(?=[ \t])/, '$1-')))) return null;
  // a task list item's checkbox is no text
  s = s.replace(/^([ \t]*(?:>[ \t]?)*[ \t]*[-+*][ \t]+)\[[ xX]\](?=[ \t])/, '$1');
  // full references, not in a chain ("[a][b][c]" pairs up by the definitions)
  const full: Array<[number, number, string, string]> = [];
  for (const m of s.matchAll(/\[([^[\]\n]*)\]\[([^[\]\n]*[^[\]\n \t][^[\]\n]*)\]/g)) {
    const at = m.index!;
    if (s[at - 1] === ']' || s[at + m[0].length] === '[') return null;
    full.push([at, at + m[0].length, m[1]!, m[2]!]);
  }
  if (full.length > MAX_FULL_REFERENCES || full.length + autos.length > MAX_READING_CHOICES) return null;
  const out: string[] = [];
  for (let mask = 0; mask < 1 << (full.length + autos.length); mask++) {
    let t = '';
    let from = 0;
    full.forEach(([a, b, text, label], k) => {
      t += s.slice(from, a) + ' ' + text + ' ' + (mask & (1 << k) ? ' ' + label + ' ' : '');
      from = b;
    });
    t = t + s.slice(from);
    if (autos.length) t = t.replace(/[\uE000-\uE00F]/g, (c) => {
      const k = c.charCodeAt(0) - 0xe000;
      return mask & (1 << (full.length + k)) ? autos[k]!.link : autos[k]!.text;
    });
    const prose = exactProse(t.replace(/[[\]\u0001\u0002|]/g, ' '), NOT_PLAIN_APPROX);
    if (prose === null) return null;
    out.push(prose);
  }
  return out;
}

/** An inline link's or image's `(destination "title")`, plain: no code span, tag or space in the destination. */
const INLINE_DESTINATION = `\\((?:[^()\\s\\uFFFC]|\\([^()\\s\\uFFFC]*\\))*(?:[ \\t\\n]+(?:"[^"\\uFFFC]*"|'[^'\\uFFFC]*'))?[ \\t]*\\)`;
/** An image with a plain alt text (on one line: no markup, no code, no brackets) and an inline destination. */
const IMAGE = new RegExp(`!\\[([^[\\]\\n\\\\\`*_~<>&\\uFFFC\\u0001]*)\\]${INLINE_DESTINATION}`, 'g');

/**
 * A line that may open an HTML block (CommonMark types 1 to 7) after its list and quote markers: a
 * segment holding one is not read as one paragraph. (A line that opens with an autolink or an inline
 * tag followed by text opens none.)
 */
function mayOpenHtmlBlock(line: string): boolean {
  const rest = line.replace(LIST_OR_QUOTE_PREFIX, '');
  if (rest.charCodeAt(0) !== 60 /* < */) return false;
  return HTML_RAW.test(rest) || /^<[!?]/.test(rest) || HTML_BASIC_LOOSE.test(rest) || completeTagLine(rest.replace(/[ \t]+$/, ''));
}

function lineBreaks(s: string): number {
  let n = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) n++;
  return n;
}

/**
 * What may start a block at a line's start (after its indentation): a list or quote marker, a setext
 * underline or thematic break, an ATX heading (`#137` is text), a fence.
 */
const BLOCK_START = '(?:[-+*](?=[ \\t\\n]|$)|[-=]+[ \\t]*(?=\\n|$)|(?:[-_*][ \\t]*){3,}(?=\\n|$)|>|#{1,6}(?=[ \\t\\n]|$)|\\d{1,9}[.)](?=[ \\t\\n]|$)|`{3}|~{3})';
/** A line after the first that may start a block of its own. */
const LATER_BLOCK_START = new RegExp(`\\n[ \\t]*${BLOCK_START}`);
/** A line's quote markers and what may start a block after them. */
const LINE_LEAD = new RegExp(`^[ \\t]*(?:>[ \\t]?)*[ \\t]*${BLOCK_START}`);

/** A numeric or named character reference (which may decode to a letter). */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][\dA-Fa-f]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;
/** What may start a GFM autolink literal. */
const AUTOLINK_TRIGGER = /www\.|:\/\/|[\w.+-]@|mailto:|xmpp:/i;
/** Autolink literals, and choices in all (autolinks and full references), approxReadings reads both ways. */
const MAX_AUTOLINKS = 3;
const MAX_READING_CHOICES = 4;

/**
 * Raw HTML (an open or closing tag) and autolinks in angle brackets (`<https://…>`, `<name@host>`) as the
 * walker reads them, no prose: each becomes U+FFFC (the line breaks inside it kept after it). A `<`
 * before anything but a letter, `/`, `!` or `?` is literal text, no letter (U+0002 for now: it ends
 * an autolink literal's run no more than it does in the source). Null where a
 * `<` may start what this does not read surely: a comment, a declaration, a processing instruction,
 * or a tag it cannot close (a code span, an escape or a backtick inside: which binds first is not
 * checked here).
 */
function angleBrackets(s: string): string | null {
  let out = '';
  let from = 0;
  for (let i = s.indexOf('<'); i >= 0; i = s.indexOf('<', from)) {
    out += s.slice(from, i);
    ANGLE_CONSTRUCT.lastIndex = i;
    const m = ANGLE_CONSTRUCT.exec(s);
    if (m) {
      out += '\uFFFC' + '\n'.repeat(m[0].split('\n').length - 1);
      from = i + m[0].length;
      continue;
    }
    if (/[A-Za-z/!?]/.test(s[i + 1] ?? '')) return null;
    out += '\u0002';
    from = i + 1;
  }
  return out + s.slice(from);
}

/** CommonMark's autolinks, open tags and closing tags (sticky; no backtick, U+FFFC or escape inside). */
const ANGLE_CONSTRUCT = new RegExp(
  [
    '<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\\x00-\\x20<>`\\uFFFC\\u0001]*>',
    "<[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>",
    '<[A-Za-z][A-Za-z0-9-]*(?:[ \\t\\n]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \\t\\n]*=[ \\t\\n]*(?:[^ \\t\\n"\'=<>`\\uFFFC\\u0001]+|\'[^\'`\\uFFFC\\u0001]*\'|"[^"`\\uFFFC\\u0001]*"))?)*[ \\t\\n]*\\/?>',
    '<\\/[A-Za-z][A-Za-z0-9-]*[ \\t\\n]*>',
  ].join('|'),
  'y',
);

/**
 * The two readings of a run of non-space characters holding what may start a GFM autolink literal:
 * as a link (a U+FFFC, its edge punctuation spaces) and as text; 'text' where it can only be text; null
 * where part of it may be a link and part text, or where that is not sure. The run must be letters
 * and digits from its first to its last (`/` may end it), with one URL from its start
 * (`http://`, `https://`, `www.`) or one address that is wholly `local@domain.tld`, and nothing that
 * could end a text node inside (emphasis, brackets, escapes, code, tags, a `_` at a word's edge).
 */
function autolinkReadings(run: string): { link: string; text: string } | 'text' | null {
  // (a character reference at a link's end is left out of it: `&` is not read here)
  if (/[<>[\]*~`&\\\u0001\u0002\uFFFC\uE000-\uE00F]|mailto:|xmpp:/i.test(run)) return null;
  const a = run.search(/[A-Za-z0-9]/);
  if (a < 0) return null;
  let b = run.length;
  while (b > a && !/[A-Za-z0-9/]/.test(run[b - 1]!)) b--;
  const head = run.slice(0, a);
  const body = run.slice(a, b);
  const tail = run.slice(b);
  // the edges hold no letter, and every trigger is in the body
  if (/[\p{L}\p{N}]/u.test(head + tail) || AUTOLINK_TRIGGER.test(head + tail)) return null;
  if (/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/.test(body)) return null;
  const text = run.replace(/&/g, ' ');
  const link = ' '.repeat(head.length) + '\uFFFC' + ' '.repeat(tail.length);
  const urls = body.match(/https?:\/\/|www\./gi)?.length ?? 0;
  const ats = body.split('@').length - 1;
  // every trigger inside the body (a bare `www.` is trimmed to `www`, and GFM links it)
  if ((run.match(/https?:\/\/|www\./gi)?.length ?? 0) !== urls || run.split('@').length - 1 !== ats || (run.split('://').length !== body.split('://').length)) return null;
  if (ats === 0) {
    if (urls === 0) return 'text'; // another scheme (`git://x`): GFM links none
    const proto = /^(?:https?:\/\/(?:www\.)?|www\.)/i.exec(body);
    if (!proto || urls !== (/www\./i.test(proto[0]) ? (/^https?/i.test(proto[0]) ? 2 : 1) : 1)) return null;
    return { link, text };
  }
  if (ats === 1 && urls === 0 && !body.includes('://') && /^[\w+.-]+@[\w-]+(?:\.[\w-]+)+$/.test(body)) return { link, text };
  return null;
}

/** Full reference links a segment may hold for approxReadings (2^n readings). */
const MAX_FULL_REFERENCES = 3;

/**
 * A wanted segment's level asked of its text: exactly where the text is known without parsing; where
 * it is known give or take markup (approxProse), only to rule the segment out.
 */
function exactLevel(
  segment: string,
  a: number,
  b: number,
  level: 0 | 1 | 2,
  exact: (text: string, start: number, end: number) => 0 | 1 | 2,
  tables = false,
  lines: number[] | null = null,
  scanLevel: ((start: number, end: number) => 0 | 1 | 2) | null = null,
): 0 | 1 | 2 {
  // Indented four columns or more: code (no prose), or a block in a container whose content starts
  // there (a list item's later paragraph), which reads as the same lines without the indentation.
  // Either way the segment is ruled out when that block is.
  const indent = /^( {4,})(?=\S)/.exec(segment);
  if (indent && !/^ *\t/m.test(segment)) {
    const n = indent[1]!.length;
    // (a later line indented less belongs to another container, or is a lazy line: where the lines
    // after it belong is not sure)
    if (segment.split('\n').some((l) => l.length - l.trimStart().length < n)) return level;
    const dedented = segment.split('\n').map((l) => l.slice(Math.min(n, l.length - l.trimStart().length)));
    return exactLevel(dedented.join('\n'), a, b, level, exact, tables, lines, scanLevel) === 0 ? 0 : level;
  }
  // A block quote whose every line has its marker: its content is those lines without it, the runs
  // between its blank lines blocks of their own (quotes in it are asked the same way). Ruled out when
  // every run is.
  if (segment.charCodeAt(/^ {0,3}/.exec(segment)![0].length) === 62 /* > */ && !segment.includes('\t')) {
    const quoted = segment.split('\n');
    if (quoted.every((l) => /^ {0,3}>/.test(l))) {
      const inner = quoted.map((l) => l.replace(/^ {0,3}> ?/, ''));
      // each run of lines: its text and its first and last line
      const runs: Array<[string, number, number]> = [];
      let from = -1;
      inner.forEach((l, k) => {
        if (l.trim() !== '') {
          if (from < 0) from = k;
        } else if (from >= 0) {
          runs.push([inner.slice(from, k).join('\n'), from, k]);
          from = -1;
        }
      });
      if (from >= 0) runs.push([inner.slice(from).join('\n'), from, inner.length]);
      const ask = ([text, i, j]: [string, number, number]) => (lines ? exactLevel(text, lines[i]!, lines[j]!, level, exact, tables, lines.slice(i, j + 1), scanLevel) : exactLevel(text, a, b, level, exact, tables));
      if (runs.length === 1) return ask(runs[0]!);
      for (const r of runs) if (ask(r) !== 0) return level;
      return 0;
    }
  }
  // (the line each item starts on: an item is asked about the source of its own lines, where the scan
  // may already know that none of its words can make a claim)
  if (lines && lines.length - 1 !== segment.split('\n').length) lines = null;
  const at: number[] = [];
  const cells = tables ? tableCells(segment, at) : null;
  if (!cells) at.length = 0;
  const items = cells ?? listPieces(segment, at);
  if (items === null) return oneLevel(segment, a, b, level, exact);
  // each item a block of its own: the segment's level is the highest of theirs, exact only where each is
  let out: 0 | 1 | 2 = 0;
  let sure = true;
  for (let k = 0; k < items.length; k++) {
    const piece = items[k]!;
    // a table cell: its row's line; a list item: its lines up to the next item's
    const ra = lines ? lines[at[k]!]! : a;
    const rb = lines ? lines[cells ? at[k]! + 1 : (at[k + 1] ?? lines.length - 1)]! : b;
    // (the scan's answer for the item's own lines first: most items of a wanted list hold none of the
    // words that made it wanted)
    if (lines && scanLevel && scanLevel(ra, rb) === 0) continue;
    const prose = exactProse(piece);
    if (prose !== null) {
      out = Math.max(out, exact(prose, ra, rb)) as 0 | 1 | 2;
      continue;
    }
    if (!ruledOut(piece, ra, rb, exact)) return level;
    sure = false;
  }
  return sure || out === 0 ? out : level;
}

/** The source offsets where each line of [a, b) starts, and b. */
function lineStarts(text: string, a: number, b: number): number[] {
  const out = [a];
  for (let k = text.indexOf('\n', a); k >= 0 && k < b; k = text.indexOf('\n', k + 1)) if (k + 1 < b) out.push(k + 1);
  out.push(b);
  return out;
}

/**
 * A segment that is a GFM table (a header row, a delimiter row with as many cells, rows that start no
 * other block), as its cells' texts: each cell is a block of its own. Cells split at pipes that are
 * not escaped, inside code spans too; an escaped pipe reads as a space (a pipe is no letter). Null
 * where the segment is not surely a table (a container's prefix or indentation, too few pipes).
 * `lineOf` receives each cell's line.
 */
export function tableCells(segment: string, lineOf?: number[]): string[] | null {
  const lines = segment.split('\n');
  if (lines.length < 2 || !lines[0]!.includes('|') || !lines[1]!.includes('|')) return null;
  if (/^(?: {4}|[ \t]*\t|[ \t]*>)/m.test(segment)) return null;
  const split = (line: string): string[] => {
    const t = line.trim();
    const cells: string[] = [];
    let cur = '';
    for (let i = 0; i < t.length; i++) {
      const c = t[i]!;
      if (c === '\\' && i + 1 < t.length) {
        cur += t[i + 1] === '|' ? ' ' : c + t[i + 1];
        i++;
      } else if (c === '|') {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    if (t.startsWith('|')) cells.shift();
    if (cells.length > 1 && /(?:^|[^\\])(?:\\\\)*\|$/.test(t)) cells.pop();
    return cells;
  };
  const head = split(lines[0]!);
  const delim = split(lines[1]!);
  if (head.length !== delim.length || !delim.every((d) => /^[ \t]*:?-+:?[ \t]*$/.test(d))) return null;
  const out = head.map((c) => c.trim());
  const rows = head.map(() => 0);
  for (let k = 2; k < lines.length; k++) {
    const line = lines[k]!;
    if (/^ {0,3}(?:[-+*][ \t]|[>#<]|\d{1,9}[.)][ \t]|`{3}|~{3})/.test(line)) return null;
    for (const c of split(line)) {
      out.push(c.trim());
      rows.push(k);
    }
  }
  // (a cell's text is inline only: one that would read as an ordered item on a line of its own would
  // lose its number to exactProse; other block starts cost no letter)
  if (out.some((c) => /^\d{1,9}[.)](?:[ \t]|$)/.test(c))) return null;
  lineOf?.push(...rows.filter((_, k) => out[k] !== ''));
  return out.filter((c) => c !== '');
}

/**
 * A segment cut into the blocks its list item lines start ("- a\n- b", "Intro:\n- a", nested items),
 * each item's first line without its indentation; null when no line after the first starts an item, or
 * where that is not sure (block quotes, tabs, thematic breaks, ordered items other than siblings of an
 * ordered first line, a bullet indented four or more past the item before, which continues it).
 * `lineOf` receives the line each piece starts on.
 */
export function listPieces(segment: string, lineOf?: number[]): string[] | null {
  const lines = segment.split('\n');
  if (lines.length < 2 || !/\n[ ]*(?:[-+*]|\d{1,9}[.)])[ ]/.test(segment)) return null;
  if (/^[ \t]*>|^ *\t/m.test(segment)) return null;
  const ITEM = /^( *)(?:([-+*])|\d{1,9}([.)]))( +)(?=\S)/;
  const first = ITEM.exec(lines[0]!);
  const contentOf = (m: RegExpExecArray) => m[1]!.length + (m[2] ? 1 : m[0].length - m[1]!.length - m[4]!.length) + (m[4]!.length > 4 ? 1 : m[4]!.length);
  // (a paragraph line first: only a bullet, or an ordered item numbered 1, at most three spaces in
  // interrupts it)
  let content = first ? contentOf(first) : -1;
  // the ordered lists open (their items' indentation and delimiter): an item of one continues it
  const ordered: Array<[number, string]> = first?.[3] ? [[first[1]!.length, first[3]]] : [];
  // the columns of the items still open (the last one's and those it is nested in)
  const open: number[] = first ? [first[1]!.length] : [];
  const pieces: string[][] = [[lines[0]!]];
  const firsts = [0];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const m = ITEM.exec(line);
    if (m && /^ *([-*_])(?: *\1){2,} *$/.test(line)) return null;
    const n = m ? m[1]!.length : 0;
    // an ordered list numbered 1 may interrupt the paragraph of the item it is in (or a paragraph)
    const one = m !== null && !m[2] && /^ *1[.)]/.test(line) && (content < 0 ? n <= 3 : n >= content && n < content + 4);
    const sibling = m !== null && !m[2] && ordered.some(([i, d]) => i === n && d === m[3]);
    let starts = m !== null && (m[2] ? (content < 0 ? n <= 3 : n < content + 4) : one || sibling);
    // out of the last item: an item there only at the column of an item still open (a sibling; an
    // ordered one of its list, or numbered 1), else a lazy line or not sure
    if (m !== null && content >= 0 && n < content) {
      if (!open.includes(n)) return null;
      starts = m[2] ? true : sibling || /^ *1[.)]/.test(line);
    }
    if (!starts) {
      pieces[pieces.length - 1]!.push(line);
      continue;
    }
    // an item closes the lists nested deeper than it
    while (ordered.length && ordered[ordered.length - 1]![0] > n) ordered.pop();
    if (!m![2] && !sibling) ordered.push([n, m![3]!]);
    while (open.length && open[open.length - 1]! >= n) open.pop();
    open.push(n);
    content = contentOf(m!);
    pieces.push([line.slice(n)]);
    firsts.push(k);
  }
  if (pieces.length < 2) return null;
  lineOf?.push(...firsts);
  return pieces.map((p) => p.join('\n'));
}

function oneLevel(segment: string, a: number, b: number, level: 0 | 1 | 2, exact: (text: string, start: number, end: number) => 0 | 1 | 2): 0 | 1 | 2 {
  const prose = exactProse(segment);
  if (prose !== null) return exact(prose, a, b);
  return ruledOut(segment, a, b, exact) ? 0 : level;
}

/** Can a segment that is not plain prose (exactProse) produce no finding, surely? */
function ruledOut(segment: string, a: number, b: number, exact: (text: string, start: number, end: number) => 0 | 1 | 2): boolean {
  // link reference definitions only (a segment starts a block, and a definition may follow another):
  // no prose at all
  if (segment.split('\n').every(isDefinitionLine)) return true;
  const alts: string[] = [];
  const near = approxReadings(segment, alts);
  return near !== null && near.every((t) => exact(t, a, b) === 0) && alts.every((t) => t === '' || exact(t, a, b) === 0);
}

/**
 * The text with each code span replaced by U+FFFC (CommonMark backtick-string matching), or null.
 * With `keepLines`, the line breaks inside a span follow its U+FFFC.
 */
function codeSpans(raw: string, keepLines = false): string | null {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const tick = raw.indexOf('`', i);
    if (tick < 0) {
      out += raw.slice(i);
      break;
    }
    let e = tick;
    while (raw[e] === '`') e++;
    const n = e - tick;
    // the closing run: the next run of exactly n backticks
    let close = -1;
    for (let j = raw.indexOf('`', e); j >= 0; ) {
      let f = j;
      while (raw[f] === '`') f++;
      if (f - j === n) {
        close = j;
        break;
      }
      j = raw.indexOf('`', f);
    }
    if (close < 0) {
      out += raw.slice(i, e); // an unmatched run is text
      i = e;
      continue;
    }
    out += raw.slice(i, tick) + '\uFFFC';
    if (keepLines) for (let k = raw.indexOf('\n', e); k >= 0 && k < close; k = raw.indexOf('\n', k + 1)) out += '\n';
    i = close + n;
  }
  return out;
}

interface Line {
  start: number;
  /** End of the content (line ending excluded). */
  end: number;
  /** Start of the next line (the text's length for the last line). */
  next: number;
  /** No line ending follows (the text's last line, maybe empty). */
  last: boolean;
}

function lineAt(text: string, s: number): Line {
  const nl = text.indexOf('\n', s);
  const end = nl < 0 ? text.length : nl;
  return { start: s, end: end > s && text.charCodeAt(end - 1) === 13 ? end - 1 : end, next: nl < 0 ? text.length : nl + 1, last: nl < 0 };
}

function nextLine(text: string, l: Line): Line | null {
  return l.last ? null : lineAt(text, l.next);
}

/** Leading spaces (4 when a tab is among them: never a top-level construct). */
function indentOf(text: string, l: Pick<Line, 'start' | 'end'>): number {
  let k = l.start;
  while (k < l.end && text.charCodeAt(k) === 32) k++;
  if (k < l.end && text.charCodeAt(k) === 9) return 4;
  return k - l.start;
}

function isBlank(text: string, l: Line): boolean {
  for (let k = l.start; k < l.end; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Blank once block quote markers are taken off (`>`, `> >`): no prose block goes across such a line. */
function isQuoteBlank(text: string, l: Line): boolean {
  let quote = false;
  for (let k = l.start; k < l.end; k++) {
    const c = text.charCodeAt(k);
    if (c === 62) quote = true;
    else if (c !== 32 && c !== 9) return false;
  }
  return quote;
}

/** A fence-opening line's marker and length, or null. Backtick fences take no backtick in their info. */
function fenceOpen(content: string): { ch: string; len: number } | null {
  const c0 = content.charCodeAt(0);
  if (c0 !== 96 && c0 !== 126) return null;
  const m = FENCE.exec(content);
  if (!m) return null;
  const run = m[1]!;
  if (run[0] === '`' && m[2]!.includes('`')) return null;
  return { ch: run[0]!, len: run.length };
}

function isFenceClose(content: string, ch: string, len: number): boolean {
  let k = 0;
  while (k < content.length && content[k] === ch) k++;
  if (k < len) return false;
  for (; k < content.length; k++) if (content[k] !== ' ' && content[k] !== '\t') return false;
  return true;
}

type HtmlStart = { kind: 'ends'; endAt: (line: string, from: number) => boolean; skip: number } | { kind: 'blank' } | { kind: 'uncertain' } | { kind: 'unsafe' };

/** The HTML block (if any) a line starting with `<` (after up to three spaces) opens. */
function htmlStart(content: string): HtmlStart | null {
  if (content.charCodeAt(0) !== 60) return null;
  if (content.startsWith('<!--')) return { kind: 'ends', endAt: (s, f) => s.indexOf('-->', f) >= 0, skip: 2 };
  if (content.startsWith('<![CDATA[')) {
    if (content.includes(']]]>')) return { kind: 'unsafe' };
    return { kind: 'ends', endAt: (s, f) => s.indexOf(']]>', f) >= 0, skip: 9 };
  }
  if (/^<![A-Za-z]/.test(content)) return { kind: 'ends', endAt: (s, f) => s.indexOf('>', f) >= 0, skip: 3 };
  if (content.startsWith('<?')) return { kind: 'ends', endAt: (s, f) => s.indexOf('?>', f) >= 0, skip: 1 };
  if (HTML_RAW.test(content)) return { kind: 'ends', endAt: (s, f) => HTML_RAW_END.test(s.slice(f)), skip: 1 };
  if (HTML_BASIC.test(content)) return { kind: 'blank' };
  if (HTML_BASIC_LOOSE.test(content)) return { kind: 'uncertain' };
  if (HTML_TAG_LIKE.test(content)) return { kind: 'uncertain' };
  return null;
}

const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number) => isAlpha(c) || (c >= 48 && c <= 57);
const isSpace = (c: number) => c === 32 || c === 9;

/**
 * Is the line a complete open or closing tag followed only by white space, the start of an HTML block
 * of type 7 where no paragraph is open? A port of micromark's html-flow states for it (completeTag...),
 * on one line; the tag name is neither a raw (type 1) nor a block name (type 6), which htmlStart reads
 * first. test/candidates.test.ts checks it against micromark.
 */
export function completeTagLine(line: string): boolean {
  let k = 1;
  const at = (i: number) => (i < line.length ? line.charCodeAt(i) : -1);
  if (at(0) !== 60) return false;
  const closing = at(k) === 47;
  if (closing) k++;
  if (!isAlpha(at(k))) return false;
  while (isAlnum(at(k)) || at(k) === 45) k++;
  const t = at(k);
  if (!(t === -1 || t === 47 || t === 62 || isSpace(t))) return false;
  const end = (): boolean => {
    if (at(k) !== 62) return false;
    k++;
    while (isSpace(at(k))) k++;
    return k >= line.length;
  };
  if (closing) {
    while (isSpace(at(k))) k++;
    return end();
  }
  // completeAttributeNameBefore, completeAttributeName(After), completeAttributeValue*
  for (;;) {
    const c = at(k);
    if (c === 47) {
      k++;
      return end();
    }
    if (isSpace(c)) {
      k++;
      continue;
    }
    if (!(c === 58 || c === 95 || isAlpha(c))) return end();
    k++;
    while (isAlnum(at(k)) || at(k) === 45 || at(k) === 46 || at(k) === 58 || at(k) === 95) k++;
    // after a name, or after an unquoted value (micromark goes back to completeAttributeNameAfter)
    for (;;) {
      while (isSpace(at(k))) k++;
      if (at(k) !== 61) break;
      k++;
      while (isSpace(at(k))) k++;
      const v = at(k);
      if (v === -1 || v === 60 || v === 61 || v === 62 || v === 96) return false;
      if (v === 34 || v === 39) {
        const close = line.indexOf(String.fromCharCode(v), k + 1);
        if (close < 0) return false;
        k = close + 1;
        const after = at(k);
        if (!(after === 47 || after === 62 || isSpace(after))) return false;
        break;
      }
      while (k < line.length && !' \t"\'/<=>`'.includes(line[k]!)) k++;
    }
  }
}

/**
 * In a flat array of records of `stride` numbers sorted by their first, the index of the first record
 * whose first number is at least `at` (the array's length when none is).
 */
function firstRecordFrom(records: ArrayLike<number>, stride: number, at: number): number {
  let lo = 0;
  let hi = records.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid * stride]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo * stride;
}

/** Does a line (any indentation) look like it could open a fence or an HTML block of type 1-5? */
function opensSomething(content: string): boolean {
  if (fenceOpen(content)) return true;
  const h = htmlStart(content);
  return h !== null && (h.kind === 'ends' || h.kind === 'unsafe');
}

/**
 * A plan made with other levels (markdownPlan asks none) with its levels asked again: the same prose
 * segments, front matter and tail; lists are not cut into items again. Chunks are shared, units copied
 * where their level changes. With `within` (sorted start, end pairs), only the segments that start in
 * them are asked (elsewhere the caller's levels say no more than the plan's).
 */
export function relevel(
  text: string,
  plan: ChunkPlan,
  options: Pick<PlanOptions, 'level' | 'exact' | 'tailLevel' | 'tables'>,
  within?: ReadonlyArray<readonly [number, number]>,
): ChunkPlan {
  const units = plan.units.slice();
  const raise = (ui: number, level: 0 | 1 | 2): void => {
    if (level > units[ui]!.level) units[ui] = { ...units[ui]!, level };
  };
  const fm = units[0];
  if (fm && fm.kind === 'front-matter' && fm.level < 2) raise(0, Math.max(fm.level, options.level(0, fm.end)) as 0 | 1 | 2);
  const lastIndex = units.length - 1;
  const last = units[lastIndex];
  if (last && last.kind === 'group' && last.start === plan.tailStart && last.end === text.length && last.start < text.length) {
    // (the tail's level is asked, not raised: it may be lower than the plan's)
    units[lastIndex] = { ...last, level: options.tailLevel ? options.tailLevel(last.start, last.end) : (Math.max(1, options.level(last.start, last.end)) as 1 | 2) };
  }
  const segs = plan.segments;
  const ask = (k0: number, k1: number): void => {
    // the unit of the first segment: the last one starting at or before it
    let lo = 0;
    let hi = units.length - 1;
    const a0 = segs[k0]!;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (units[mid]!.start <= a0) lo = mid;
      else hi = mid - 1;
    }
    let ui = lo;
    for (let k = k0; k < k1; k += 2) {
      const a = segs[k]!;
      const b = segs[k + 1]!;
      while (ui + 1 < units.length && units[ui + 1]!.start <= a) ui++;
      let level = options.level(a, b);
      if (level > 0 && options.exact) level = exactLevel(text.slice(a, b).replace(/\r\n/g, '\n'), a, b, level, options.exact, options.tables === true, lineStarts(text, a, b), options.level);
      raise(ui, level);
    }
  };
  const firstFrom = (at: number): number => firstRecordFrom(segs, 2, at);
  if (!within) {
    if (segs.length) ask(0, segs.length);
  } else
    for (const [a, b] of within) {
      const k0 = firstFrom(a);
      const k1 = firstFrom(b);
      if (k1 > k0) ask(k0, k1);
    }
  return { ...plan, units };
}

/** Length of the common prefix of two strings (compared in blocks first, natively). */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 4) while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings, at most `max`. */
export function commonSuffix(a: string, b: string, max: number): number {
  const n = Math.min(a.length, b.length, max);
  let i = 0;
  for (let step = 4096; step >= 16; step >>= 4)
    while (i + step <= n && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * Split a Markdown document into top-level chunks and decide which may produce findings.
 * Returns null when the document cannot be split safely (then it is parsed whole).
 */
export function planChunks(text: string, options: PlanOptions): ChunkPlan | null {
  // A lone CR is a line ending to Markdown: rare enough to parse such a document whole.
  for (let k = text.indexOf('\r'); k >= 0; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== 10) return null;
  return scanChunks(text, options, 0, null)?.plan ?? null;
}

/**
 * The plan of a document after an edit, from the plan of the text before it (made by planChunks or
 * replanChunks with the same options; levels asked by options.level must read only the text): the
 * chunks before the edit whose scan read nothing the edit changed are kept, the scan starts again at
 * the first other one and stops at the first chunk boundary after the edit that was one before it
 * too; the chunks from there on are kept, moved by the edit's length. Equal to planChunks(text) but
 * for `reach`, which may be larger (test/replan.test.ts).
 */
export function replanChunks(before: string, plan: ChunkPlan, text: string, options: PlanOptions): ChunkPlan | null {
  if (plan.inlineLimit !== options.maxWalk - options.blockDepth - 8) return planChunks(text, options);
  const p = commonPrefix(before, text);
  const q = commonSuffix(before, text, Math.min(before.length, text.length) - p);
  const delta = text.length - before.length;
  const editEnd = text.length - q;
  // the text before had no lone CR: only the edit can bring one
  for (let k = text.indexOf('\r', Math.max(0, p - 1)); k >= 0 && k <= editEnd; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== 10) return null;
  const old = plan.chunks;
  // the first chunk whose scan may have read what the edit changed (reach never decreases)
  let lo = 0;
  let hi = old.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (old[mid]!.reach > p) hi = mid;
    else lo = mid + 1;
  }
  // (the first chunks read the first line and the front matter: an edit there scans from the start;
  // a first heading on the first line makes the preamble empty, and the scan from 0 makes it again)
  const c0 = old[lo]!.start === 0 ? 0 : lo;
  const from = old[c0]!.start;
  const oldChunkAt = (at: number): number => {
    let a = c0 + 1;
    let b = old.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (old[mid]!.start < at) a = mid + 1;
      else b = mid;
    }
    return a < old.length && old[a]!.start === at ? a : -1;
  };
  const scanned = scanChunks(text, options, from, (at) => at >= editEnd && oldChunkAt(at - delta) >= 0);
  if (!scanned) return null;
  const mid = scanned.plan;
  // before: chunks [0, c0) with their units and segments, as they were
  const u0 = c0 === 0 ? 0 : old[c0]!.units[0]!;
  const units: Unit[] = plan.units.slice(0, u0);
  const chunks: Chunk[] = old.slice(0, c0);
  const segments: number[] = [];
  for (let k = 0; k < plan.segments.length && plan.segments[k]! < from; k += 2) segments.push(plan.segments[k]!, plan.segments[k + 1]!);
  // the scanned chunks
  for (const c of mid.chunks) chunks.push({ ...c, units: c.units.map((ui) => ui + u0), reach: Math.max(c.reach, chunks[chunks.length - 1]?.reach ?? 0) });
  for (const u of mid.units) units.push({ ...u, chunk: u.chunk + c0 });
  segments.push(...mid.segments);
  let tailStart = mid.tailStart;
  // after: the chunks from the one the scan stopped at, moved
  if (scanned.stoppedAt >= 0) {
    const k0 = oldChunkAt(scanned.stoppedAt - delta);
    const dc = chunks.length - k0;
    const du = units.length - old[k0]!.units[0]!;
    const floor = chunks[chunks.length - 1]!.reach;
    for (let k = k0; k < old.length; k++) {
      const c = old[k]!;
      chunks.push({ ...c, start: c.start + delta, headEnd: c.headEnd + delta, end: c.end + delta, reach: Math.max(floor, c.reach + delta), units: c.units.map((ui) => ui + du) });
    }
    for (let ui = old[k0]!.units[0]!; ui < plan.units.length; ui++) {
      const u = plan.units[ui]!;
      const moved: Unit = { ...u, start: u.start + delta, end: u.end + delta, chunk: u.chunk + dc };
      if (u.definitions) moved.definitions = u.definitions.map((d) => ({ ...d, start: d.start + delta, end: d.end + delta }));
      units.push(moved);
    }
    const at = scanned.stoppedAt - delta;
    let k = 0;
    while (k < plan.segments.length && plan.segments[k]! < at) k += 2;
    for (; k < plan.segments.length; k++) segments.push(plan.segments[k]! + delta);
    if (plan.tailStart >= at) tailStart = plan.tailStart + delta;
  }
  const fm = c0 === 0 ? mid : plan;
  return { chunks, units, frontMatterEnd: fm.frontMatterEnd, frontMatterFenceEnd: fm.frontMatterFenceEnd, segments, tailStart, inlineLimit: plan.inlineLimit };
}

/**
 * The scan of planChunks from `from` (0, or a chunk's first line: an ATX heading line the scan of the
 * text before it reached at the top level), to the end, or to the first chunk boundary after `from`
 * that `stopAt` accepts (stoppedAt; -1 when it went to the end). Chunk and unit indices count from
 * `from`. A lone CR is not looked for.
 */
function scanChunks(text: string, options: PlanOptions, from: number, stopAt: ((at: number) => boolean) | null): { plan: ChunkPlan; stoppedAt: number } | null {
  const contentAt = (l: Line, indent: number) => text.slice(l.start + indent, l.end);
  /** The furthest the scan read (the next line start of the last line it looked at). */
  let reach = 0;
  const read = (l: Line): void => {
    if (l.next > reach) reach = l.next;
  };

  // Front matter (remark-frontmatter: `---`/`+++` with trailing white space, to the first closing fence).
  let firstLine: Line | null = lineAt(text, from);
  let frontMatterEnd = 0;
  let frontMatterFenceEnd = -1;
  const l0 = firstLine;
  const fm = from === 0 ? /^(---|\+\+\+)[ \t]*$/.exec(text.slice(l0.start, l0.end)) : null;
  if (fm && !l0.last && l0.next > l0.end) {
    for (let l = nextLine(text, l0); l; l = nextLine(text, l)) {
      const t = text.slice(l.start, l.end);
      if (t.startsWith(fm[1]!) && /^[ \t]*$/.test(t.slice(3))) {
        firstLine = nextLine(text, l);
        frontMatterEnd = l.next;
        frontMatterFenceEnd = l.end;
        break;
      }
    }
  }

  // A front matter fence that never closes changes how remark reads the whole document (lists after it
  // are not lists): parsed whole.
  if (fm && frontMatterEnd === 0) return null;
  if (frontMatterEnd > reach) reach = frontMatterEnd;

  const chunks: Chunk[] = [];
  const units: Unit[] = [];
  if (frontMatterEnd > 0) {
    // YAML and TOML escapes spell characters the source does not show: any backslash counts.
    const level = text.slice(0, frontMatterEnd).includes('\\') ? 2 : options.level(0, frontMatterEnd);
    units.push({ kind: 'front-matter', start: 0, end: frontMatterEnd, chunk: 0, level, defs: false, prose: true });
  }
  let unit: Unit = null as unknown as Unit;
  /** Segments with a level above 0: start, end, level (in order). */
  const segLevels: number[] = [];
  const segments: number[] = [];
  const deepUnits = new Set<Unit>();
  let deep = false; // the current unit was raised for nesting, not for its words
  let unitHasLines = false; // the current unit has a non-blank line
  const openUnit = (kind: 'heading' | 'group', start: number): void => {
    if (unit) {
      unit.end = start;
      if (deep) deepUnits.add(unit);
    }
    deep = false;
    unitHasLines = false;
    unit = { kind, start, end: text.length, chunk: chunks.length - 1, level: 0, defs: false, prose: kind === 'heading' };
    chunks[chunks.length - 1]!.units.push(units.length);
    units.push(unit);
  };
  const raise = (level: 0 | 1 | 2): void => {
    if (level > unit.level) unit.level = level;
  };
  const newChunk = (start: number, headEnd: number, depth: number): Chunk => {
    const c: Chunk = { start, headEnd, end: text.length, depth, structural: false, minDeep: depth >= 2 ? depth : 7, minAny: 7, units: [], reach: text.length };
    if (chunks.length > 0) {
      chunks[chunks.length - 1]!.end = start;
      chunks[chunks.length - 1]!.reach = reach;
    }
    chunks.push(c);
    if (units.length > 0 && units[0]!.kind === 'front-matter' && chunks.length === 1) c.units.push(0);
    return c;
  };
  // (from a chunk's first line, its heading makes the first chunk)
  let chunk: Chunk = null as unknown as Chunk;
  if (from === 0) {
    chunk = newChunk(0, 0, 0);
    openUnit('group', frontMatterEnd);
  }
  const innerHeading = (depth: number) => {
    chunk.structural = true;
    if (depth < chunk.minAny) chunk.minAny = depth;
    if (depth >= 2 && depth < chunk.minDeep) chunk.minDeep = depth;
  };

  // Prose segments: runs of non-blank lines that may hold prose (not fenced code, not HTML blocks).
  let segStart = -1;
  let segEnd = -1;
  const inlineLimit = options.maxWalk - options.blockDepth - 8;
  let inlineCount = 0; // brackets + emphasis markers / 2 since the last unit start
  const closeSegment = () => {
    if (segStart >= 0) {
      segments.push(segStart, segEnd);
      let level = options.level(segStart, segEnd);
      // a simple segment's one block is known: ask about it exactly
      if (level > 0 && options.exact) level = exactLevel(text.slice(segStart, segEnd).replace(/\r\n/g, '\n'), segStart, segEnd, level, options.exact, options.tables === true, lineStarts(text, segStart, segEnd), options.level);
      if (level > 0) segLevels.push(segStart, segEnd, level);
      raise(level);
    }
    segStart = -1;
    inlineCount = 0;
  };
  const proseLine = (l: Line) => {
    unit.prose = true;
    // A bullet item with text (at most three spaces in, after quote markers) starts a new block: no
    // prose block goes across the start of its line.
    let k = l.start;
    while (k < l.end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 62)) k++;
    const c0 = text.charCodeAt(k);
    const bulletLike = (c0 === 45 || c0 === 43 || c0 === 42) && (text.charCodeAt(k + 1) === 32 || text.charCodeAt(k + 1) === 9);
    if (bulletLike && BULLET_ITEM.test(text.slice(l.start, Math.min(l.end, l.start + 64)))) closeSegment();
    if (segStart < 0) segStart = l.start;
    segEnd = l.end;
    // Inline nesting the full parse could find too deep (a unit ends before a bullet item's line).
    if (bulletLike) inlineCount = 0;
    let brackets = 0;
    let delims = 0;
    for (let k = l.start; k < l.end; k++) {
      const c = text.charCodeAt(k);
      if (c === 91) brackets++;
      else if (c === 42 || c === 95 || c === 126) delims++;
    }
    inlineCount += brackets + delims / 2;
    if (inlineCount > inlineLimit) {
      raise(1);
      deep = true;
    }
  };

  type State =
    | { t: 'none' }
    | { t: 'fence'; ch: string; len: number }
    | { t: 'html'; endAt: (line: string, from: number) => boolean }
    | { t: 'blank' } // HTML of type 6, to the next blank line
    | { t: 'uncertain' }; // HTML of type 7 or paragraph, to the next blank line
  let state: State = { t: 'none' };
  let prevBlank = true;
  let prevAtx = false;

  for (let l = firstLine; l; l = nextLine(text, l)) {
    read(l);
    const blank = isBlank(text, l);
    const wasBlank = prevBlank;
    const wasAtx = prevAtx;
    prevBlank = blank;
    prevAtx = false;
    if (state.t === 'fence') {
      const ind = indentOf(text, l);
      if (ind <= 3 && isFenceClose(contentAt(l, ind), state.ch, state.len)) state = { t: 'none' };
      continue;
    }
    if (state.t === 'html') {
      const t = text.slice(l.start, l.end);
      if (t.includes('routelint-')) raise(1);
      if (t.includes(']:')) unit.defs = true;
      if (state.endAt(t, 0)) state = { t: 'none' };
      continue;
    }
    if (blank) {
      closeSegment();
      if (state.t === 'blank' || state.t === 'uncertain') state = { t: 'none' };
      continue;
    }
    const lineText = text.slice(l.start, l.end);
    const ind = indentOf(text, l);
    const atx = state.t === 'none' && ind === 0 && ATX.test(lineText);
    // A fresh line after a blank line starts a new group (see the head of the file).
    if (state.t === 'none' && ind === 0 && !atx && wasBlank && unitHasLines && freshCut(l)) {
      closeSegment();
      openUnit('group', l.start);
    }
    if (!atx) unitHasLines = true;
    if (!atx && lineText.includes('routelint-')) raise(1);
    if (!atx && lineText.includes(']:')) unit.defs = true;
    if (state.t === 'none' && isQuoteBlank(text, l)) {
      closeSegment();
      continue;
    }
    const content = ind <= 3 ? lineText.slice(ind) : '';

    if (state.t === 'blank') continue;
    if (state.t === 'uncertain') {
      // HTML of type 7 or a paragraph: the readings differ if a fence or HTML block starts here.
      if (ind <= 3 && opensSomething(content)) return tailWhole();
      structureOf(lineText, wasBlank, wasAtx);
      proseLine(l);
      continue;
    }

    // state none
    if (atx) {
      if (stopAt && l.start > from && stopAt(l.start)) return finish(l.start);
      closeSegment();
      const depth = ATX.exec(lineText)![0].length;
      chunk = newChunk(l.start, l.next, depth);
      openUnit('heading', l.start);
      prevAtx = true;
      proseLine(l);
      if (lineText.includes('routelint-')) raise(1);
      if (lineText.includes(']:')) unit.defs = true;
      closeSegment();
      openUnit('group', l.next);
      continue;
    }
    if (ind <= 3) {
      const f = fenceOpen(content);
      if (f) {
        if (ind > 0 && !ambiguousFenceAgrees(l, ind, f)) return tailWhole();
        closeSegment();
        state = { t: 'fence', ch: f.ch, len: f.len };
        continue;
      }
      const h = htmlStart(content);
      if (h) {
        if (h.kind === 'unsafe') return tailWhole();
        if (h.kind === 'ends') {
          if (ind > 0 && !ambiguousHtmlAgrees(l, ind, h.endAt, h.skip)) return tailWhole();
          closeSegment();
          if (!h.endAt(content, h.skip)) state = { t: 'html', endAt: h.endAt };
          continue;
        }
        if (h.kind === 'blank' && ind === 0) {
          closeSegment();
          state = { t: 'blank' };
          continue;
        }
        // At column 0 where no paragraph is open (after a blank line or a heading), the line alone
        // decides: an HTML block of type 7 to the next blank line, or else a paragraph.
        if (ind === 0 && (wasBlank || wasAtx) && !HTML_BASIC_LOOSE.test(content)) {
          if (completeTagLine(lineText)) {
            closeSegment();
            state = { t: 'blank' };
            continue;
          }
          structureOf(lineText, wasBlank, wasAtx);
          proseLine(l);
          continue;
        }
        // type 7 (a paragraph when it follows one), or type 6 that may sit in a list item
        state = { t: 'uncertain' };
        structureOf(lineText, wasBlank, wasAtx);
        proseLine(l);
        continue;
      }
    }
    structureOf(lineText, wasBlank, wasAtx);
    proseLine(l);
  }
  return finish(text.length);

  /** The plan up to `end` (the text's end, or the chunk boundary the scan stops at). */
  function finish(end: number): { plan: ChunkPlan; stoppedAt: number } {
    closeSegment();
    unit.end = end;
    if (deep) deepUnits.add(unit);
    const last = chunks[chunks.length - 1]!;
    last.end = end;
    last.reach = end === text.length ? text.length : reach;
    for (const u of units) if (u.defs && u.kind === 'group') definitionsOf(u);
    const split = splitLists();
    return { plan: { chunks, units: split, frontMatterEnd, frontMatterFenceEnd, segments, tailStart: -1, inlineLimit }, stoppedAt: end === text.length ? -1 : end };
  }

  /**
   * The scan cannot tell the two readings apart from here on. The chunks before the current one stay
   * cut (each began at a heading line the scan knew to be at the top level); the rest of the document,
   * from the current chunk's first group to the end, becomes one group of one structural chunk, which
   * is parsed as a whole when a finding may come from it or after it (a full parse of the document is
   * then a parse of this tail and of the chunks a finding reads).
   */
  function tailWhole(): { plan: ChunkPlan; stoppedAt: number } {
    const ci = chunks.length - 1;
    const c = chunks[ci]!;
    const firstGroup = c.units.find((ui) => units[ui]!.kind === 'group');
    const start = firstGroup !== undefined ? units[firstGroup]!.start : c.headEnd;
    if (firstGroup !== undefined) {
      units.length = firstGroup;
      c.units = c.units.filter((ui) => ui < firstGroup);
    }
    const tail: Unit = {
      kind: 'group',
      start,
      end: text.length,
      chunk: ci,
      // at least 1: unscanned, it may hold directives or nesting too deep for the walker, which a full
      // parse reports (so it is parsed whenever the document is, as before this fallback)
      level: start >= text.length ? 0 : options.tailLevel ? options.tailLevel(start, text.length) : (Math.max(1, options.level(start, text.length)) as 1 | 2),
      defs: text.includes(']:', start),
      prose: true,
    };
    c.units.push(units.length);
    units.push(tail);
    c.structural = true;
    c.minDeep = 2;
    c.minAny = 1;
    c.end = text.length;
    c.reach = text.length;
    // never cut into list items
    deepUnits.add(tail);
    while (segLevels.length && segLevels[segLevels.length - 3]! >= start) segLevels.length -= 3;
    while (segments.length && segments[segments.length - 2]! >= start) segments.length -= 2;
    for (const u of units) if (u.defs && u.kind === 'group' && u !== tail) definitionsOf(u);
    const split = splitLists();
    return { plan: { chunks, units: split, frontMatterEnd, frontMatterFenceEnd, segments, tailStart: start, inlineLimit }, stoppedAt: -1 };
  }

  /**
   * A chunk's first group that is a bullet list (right after the heading: no lead-in) is cut into its
   * items, when nothing in it can end the list early: every other line is blank or indented at least
   * to its item's content, and no line could be a thematic break or a table.
   */
  function splitLists(): Unit[] {
    const out: Unit[] = [];
    for (const c of chunks) c.units = [];
    units.forEach((u, ui) => {
      const prev = units[ui - 1];
      const first = u.kind === 'group' && (!prev || prev.kind !== 'group');
      // worth it only when the list may be parsed: it may hold a finding, or follow a heading that may
      const useful = u.level > 0 || (prev !== undefined && prev.level > 0);
      const items = u.kind === 'group' && useful && !deepUnits.has(u) ? (first ? listItems(u) : null) ?? leadInAndItems(u) : null;
      const parts = items ?? [u];
      for (const p of parts) {
        chunks[p.chunk]!.units.push(out.length);
        out.push(p);
      }
    });
    return out;
  }

  /**
   * A group made of a lead-in and a bullet list ("Features:", a blank line or none, then the items) is
   * cut before the list and into its items, when the lead-in can leave nothing open that the list
   * would continue: every line of it is blank, or a paragraph line at column 0 that starts no
   * container, fence, HTML block, heading, table or thematic break (a one-line HTML comment apart).
   * A bullet with text after such a line interrupts the paragraph; after a blank line it starts a list.
   */
  function leadInAndItems(u: Unit): Unit[] | null {
    let ls = u.start;
    let lead = false;
    while (ls < u.end) {
      let nl = text.indexOf('\n', ls);
      if (nl < 0 || nl >= u.end) nl = u.end;
      const line = text.slice(ls, nl).replace(/\r$/, '');
      if (/^[-+*][ \t]/.test(line)) break;
      if (!/^[ \t]*$/.test(line)) {
        if (!LEAD_IN_LINE.test(line) && !/^<!--(?:(?!-->).)*-->[ \t]*$/.test(line)) return null;
        lead = true;
      }
      ls = nl + 1;
    }
    if (!lead || ls >= u.end) return null;
    const items = listItems({ ...u, start: ls });
    if (!items) return null;
    return [{ ...u, end: ls, level: levelIn(u.start, ls), defs: text.slice(u.start, ls).includes(']:') }, ...items.map((i): Unit => ({ ...i, lead: true }))];
  }

  /** The level of the segments that start in [a, b), at least 1 where a directive is. */
  function levelIn(a: number, b: number): 0 | 1 | 2 {
    let level = text.slice(a, b).includes('routelint-') ? 1 : 0;
    for (let q = firstRecordFrom(segLevels, 3, a); q < segLevels.length && segLevels[q]! < b; q += 3) level = Math.max(level, segLevels[q + 2]!);
    return level as 0 | 1 | 2;
  }

  function listItems(u: Unit): Unit[] | null {
    // (a line that may be a table's delimiter row: a table's extent is left to the parser)
    if (DELIMITER_ROW.test(text.slice(u.start, u.end))) return null;
    const starts: number[] = [];
    let content = 0;
    for (let ls = u.start; ls < u.end; ) {
      let nl = text.indexOf('\n', ls);
      if (nl < 0 || nl >= u.end) nl = u.end;
      const next = Math.min(u.end, nl + 1);
      let e = nl;
      if (e > ls && text.charCodeAt(e - 1) === 13) e--;
      let k = ls;
      while (k < e && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
      if (k === e) {
        ls = next;
        continue;
      }
      const c = text.charCodeAt(ls);
      if (k === ls && (c === 45 || c === 43 || c === 42)) {
        // a bullet at column 0: one to four spaces, then text
        let sp = ls + 1;
        while (sp < e && text.charCodeAt(sp) === 32) sp++;
        const n = sp - ls - 1;
        if (n < 1 || n > 4 || sp >= e || text.charCodeAt(sp) === 9) return null;
        if (/^([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(text.slice(ls, e))) return null;
        starts.push(ls);
        content = 1 + n;
      } else {
        if (starts.length === 0) return null;
        if (indentOf(text, { start: ls, end: e }) < content) return null;
      }
      ls = next;
    }
    if (starts.length < 2 || starts[0] !== firstNonBlank(u)) return null;
    return starts.map((a, k) => {
      const b = k + 1 < starts.length ? starts[k + 1]! : u.end;
      // the item's segments (a segment never crosses a bullet line), and directives
      return { kind: 'group', start: k === 0 ? u.start : a, end: b, chunk: u.chunk, level: levelIn(a, b), defs: text.slice(a, b).includes(']:'), prose: true };
    });
  }

  function firstNonBlank(u: Unit): number {
    let s = u.start;
    while (s < u.end) {
      let nl = text.indexOf('\n', s);
      if (nl < 0 || nl >= u.end) nl = u.end;
      if (!/^[ \t\r]*$/.test(text.slice(s, nl))) return s;
      s = nl + 1;
    }
    return -1;
  }

  /** Mark a group made of single-line link reference definitions only. */
  function definitionsOf(u: Unit): void {
    const defs: Array<{ start: number; end: number; label: string }> = [];
    for (let s = u.start; s < u.end; ) {
      let nl = text.indexOf('\n', s);
      if (nl < 0 || nl >= u.end) nl = u.end;
      const next = Math.min(u.end, nl + 1);
      const line = text.slice(s, nl).replace(/\r$/, '');
      if (/^[ \t]*$/.test(line)) {
        s = next;
        continue;
      }
      const m = definitionLine(line);
      if (!m) return;
      defs.push({ start: s, end: next, label: normalizeLabel(m[1]!) });
      s = next;
    }
    if (defs.length > 0) u.definitions = defs;
  }

  /**
   * May the document be cut before line i (at column 0, after a blank line)? Not before a list item
   * (its list's lead-in is the paragraph before), an HTML comment (a lead-in reaches across one), or a
   * line with a pipe or followed by one (a table's caption is the block before it).
   */
  function freshCut(l: Line): boolean {
    const t = text.slice(l.start, l.end);
    if (/^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/.test(t)) return false;
    if (t.startsWith('<!--')) return false;
    if (t.includes('|')) return false;
    const n = nextLine(text, l);
    if (n) read(n);
    if (n && text.slice(n.start, n.end).includes('|')) return false;
    return true;
  }

  /** Headings a line may open that are not chunk boundaries: setext underlines, indented or nested ATX. */
  function structureOf(lineText: string, wasBlank: boolean, wasAtx: boolean): void {
    if (lineText.includes('#')) {
      const inner = lineText.slice(LIST_OR_QUOTE_PREFIX.exec(lineText)![0].length);
      const atx = ATX.exec(inner);
      if (atx) innerHeading(atx[0].length);
    }
    if (wasBlank || wasAtx) return;
    let k = 0;
    while (k < lineText.length && (lineText[k] === ' ' || lineText[k] === '\t' || lineText[k] === '>')) k++;
    const c = lineText[k];
    if ((c === '=' || c === '-') && SETEXT.test(lineText.slice(k))) innerHeading(c === '=' ? 1 : 2);
  }

  /**
   * A fence opened with 1-3 spaces of indentation is top-level code, or code in a list item (which a
   * less indented line would end). Both readings must end at the same closing line.
   */
  function ambiguousFenceAgrees(l0: Line, ind: number, f: { ch: string; len: number }): boolean {
    for (let l = nextLine(text, l0); l; l = nextLine(text, l)) {
      read(l);
      if (isBlank(text, l)) continue;
      const jnd = indentOf(text, l);
      const raw = text.slice(l.start, l.end).replace(/^[ \t]+/, '');
      const closes = isFenceClose(raw, f.ch, f.len);
      if (jnd <= 3 && closes) return jnd >= ind;
      if (jnd < ind) return false;
      if (closes) return false; // a closing fence only the list item's reading would see
    }
    return true; // open to the end: no boundary follows either way
  }

  /** An HTML block of type 1-5 opened with 1-3 spaces: no line before its end may be less indented. */
  function ambiguousHtmlAgrees(l0: Line, ind: number, endAt: (line: string, from: number) => boolean, skip: number): boolean {
    if (endAt(text.slice(l0.start + ind, l0.end), skip)) return true;
    for (let l = nextLine(text, l0); l; l = nextLine(text, l)) {
      read(l);
      if (isBlank(text, l)) continue;
      if (indentOf(text, l) < ind) return false;
      if (endAt(text.slice(l.start, l.end), 0)) return true;
    }
    return true;
  }
}
