// Shared types of the engine. The engine is pure: text and compiled rules in, findings out.
// Offsets are UTF-16 code-unit offsets into the document text *after* a leading BOM is removed;
// line/column conversion happens at the edges (see positions.ts).
import type { ChunkPlan } from './extract/chunks.js';

export type Lang = 'en' | 'ko' | 'es';
export const LANGS: readonly Lang[] = ['en', 'ko', 'es'];

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const CONTRACT_FIELDS = [
  'owner',
  'payer',
  'limit',
  'payment-trigger',
  'data-terms',
  'output-rights',
  'support',
  'model-label',
  'checked-date',
] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

export const ROUTE_IDS = [
  'official-api',
  'chatgpt-app',
  'provider-trial',
  'browser-test',
  'user-pays',
  'no-login-wrapper',
  'prompt-pack',
  'paid-alternative',
] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

/** Where a prose block's text lives, so fix text can be escaped for it. */
export type Host =
  | 'markdown'
  | 'markdown-table'
  | 'text'
  | 'html'
  | 'jsx'
  | 'json'
  | 'yaml'
  /** A JS/TS string literal or template: fix text is escaped for the literal's quote (see `quote`). */
  | 'js'
  | 'toml'
  | 'env';

export type BlockKind =
  | 'heading'
  | 'paragraph'
  | 'list-item'
  | 'table-cell'
  | 'blockquote'
  | 'front-matter'
  | 'alt'
  | 'text'
  /** A comment of a code or config format (JS/TS, YAML, TOML, .env, JSONC, HTML). */
  | 'comment'
  /** A string value of a config or locale file, or a string literal in code. */
  | 'value'
  /** An HTML/JSX attribute people read (alt, title, aria-label, placeholder, meta description). */
  | 'attribute';

/**
 * A unit of prose extracted from a document. `text` is NFC, with markup removed, soft line breaks
 * and tabs turned into spaces, and non-prose inline content (inline code, raw HTML) replaced by
 * U+FFFC so no phrase can match across it. `starts[i]`/`ends[i]` are the source offsets of the
 * source characters that produced text[i] (end exclusive): a match text[a..b) maps to
 * source [starts[a], ends[b-1]).
 */
export interface ProseBlock {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  kind: BlockKind;
  /** Index into Extraction.sections: the heading section (Markdown), paragraph (text), ... */
  section: number;
  host: Host;
  /** For headings: depth 1-6. */
  depth?: number;
  /** For table cells: header text of the cell's column ('' when none), and row index (0 = header). */
  table?: { header: string; row: number; column: number };
  /** Inline markup ranges (source offsets) that a fix must not cut through: [outerStart, outerEnd). */
  inline?: Array<[number, number]>;
  /** Inline code spans' text: not prose, but evidence (a `gpt-image-2` next to "GPT Image 2 API"). */
  code?: string[];
  /** Text of the heading of the list this item belongs to / the lead-in paragraph ending with ':'. */
  leadIn?: string;
  /** For host 'js' (and quoted YAML/TOML/.env values): the quote character of the literal the text sits in. */
  quote?: '"' | "'" | '`';
  /** For config and locale values: the entry (index into Extraction.entries) the block is the value of. */
  entry?: number;
  /** Locale files: the language the file's name says, for text whose own words do not tell. */
  lang?: Lang;
}

/**
 * A key and its value in a config-like format (YAML, JSON/JSONC, TOML, .env, locale files), for the
 * rules that understand keys (route-mismatch, model-label on `model`, free/unlimited flags). Offsets
 * are source offsets like everywhere else.
 */
export interface ConfigEntry {
  /** The key path from the root: ['providers', 'openai', 'model']; array items as their index ('0'). */
  path: string[];
  /** The last path segment as the format reads it (unquoted, unescaped). */
  key: string;
  keyStart: number;
  keyEnd: number;
  /** A scalar value as the format reads it; null for a mapping or a list (their children are entries). */
  value: string | number | boolean | null;
  /** Source range of the scalar's text without its quotes (for an empty value, an empty range where it goes). */
  valueStart: number;
  valueEnd: number;
  /** Index of the parent entry (a mapping: its children are siblings), or -1 at the top level. */
  parent: number;
}

export interface Section {
  /** Source offset of the heading that opens it (or 0), and its prose text ('' for the preamble). */
  headingText: string;
  headingBlock: number | null;
  /** Parent section index, for nested headings; null at the top. */
  parent: number | null;
}

/** A routelint directive found in a host comment, e.g. `routelint-disable-next-line unlimited-claim -- reason`. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  ids: string[];
  reason?: string;
  /** Source offsets of the comment. */
  start: number;
  end: number;
  /** Source offsets of the ids list (for config-error positions). */
  idsStart: number;
  idsEnd: number;
}

export interface Extraction {
  blocks: ProseBlock[];
  sections: Section[];
  directives: Directive[];
  /** Source offsets of text outside prose that can still state the document's date (front matter). */
  frontMatter?: Record<string, unknown>;
  /** Source range of the front matter block, if any. */
  frontMatterRange?: [number, number];
  /** Config-like formats: every key/value (in document order), for the config rules. */
  entries?: ConfigEntry[];
}

export interface ExtractContext {
  /** The maximum nesting depth a document may reach before it is skipped. */
  maxDepth: number;
  /**
   * The fast path: what may prose whose source lies entirely in [start, end) read to produce a
   * finding? 0: no finding is possible there; 1: a finding reads its own block, the block after it,
   * a table's caption, its headings and the document's date; 2: also every block of its section (and
   * of the subsections, below the top level). An extractor may leave out prose accordingly, as long as
   * every block it returns, with the sections, headings and neighbours a finding there reads, is what
   * a full extraction gives. Absent: extract everything.
   */
  wanted?: (start: number, end: number) => 0 | 1 | 2;
  /**
   * With `wanted`: what findings from this (exactly extracted) block read, in the same terms: 0 it
   * holds no candidate at all. Lets an extractor confirm a range `wanted` let through before it
   * extracts what such findings read.
   */
  candidate?: (block: ProseBlock) => 0 | 1 | 2;
  /**
   * With `candidate`: a table cell's level may be asked of its text as a paragraph (no pattern reads
   * a column header before the judge), so the Markdown fast path pre-checks tables cell by cell.
   */
  tableCells?: boolean;
  /**
   * With `wanted`, for Markdown: the level of a document's tail the chunk scan could not cut
   * (chunks.ts, tailWhole). Absent: at least 1, as a full parse would report what it holds.
   */
  wantedTail?: (start: number, end: number) => 0 | 1 | 2;
  /**
   * With `wanted`, for Markdown: parse only the headings the extracted prose reads (its chunks' and
   * their ancestors'), not every one. Blocks and sections no finding reads are then not all in the
   * extraction (engine.ts sets it whenever the candidate scan runs; a patch lint keeps its findings
   * outside the wanted ranges from before, patch.ts).
   */
  sparseHeadings?: boolean;
  /** For Markdown: the document's chunk plan, made already (markdownPlan); its levels are asked again. */
  plan?: ChunkPlan;
  /**
   * With `plan`: the only ranges (sorted start, end pairs) where `wanted` may say more than the plan's
   * own levels do (directives and deep nesting): only the plan's segments that start in them are asked.
   */
  planRanges?: ReadonlyArray<readonly [number, number]>;
  /** The file is a locale file (the caller decided, from the config's `locales` and default names). */
  locale?: boolean;
  /** A locale file's language, from its name (`es.json`, `messages.ko.yaml`, `locales/es/…`). */
  lang?: Lang;
  /**
   * Incremental re-linting (memo.ts): named caches an extractor may keep pure results in, keyed by
   * their exact inputs. Absent: compute everything.
   */
  memo?: { store<V>(name: string): { get(key: string): V | undefined; set(key: string, value: V): void } };
}

export interface Extractor {
  id: string;
  extract(text: string, ctx: ExtractContext): Extraction;
  /**
   * For formats whose source spells prose through escapes or character references (HTML, JS, JSX):
   * a text in which every prose word is spelled as it reads, for the file-level prefilter, and
   * whether the candidate scan may still choose blocks by the source's own words. Absent or null:
   * the source spells its prose (Markdown, plain text).
   */
  prefilterView?(text: string): PrefilterView | null;
}

export interface PrefilterView {
  text: string;
  /** The candidate scan reads the source correctly (false: lint every block). */
  scan: boolean;
}

export class TooDeepError extends Error {
  constructor(public readonly depth: number) {
    super(`nested deeper than ${depth} levels`);
  }
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  route: RouteId | null;
  preferred: boolean;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  routes: RouteId[];
  missing: ContractField[];
  fixes: Fix[];
  /** Language of the claim's sentence. */
  lang?: Lang;
  /** Set when the claim is mentioned (quoted, negated, asked) rather than used; reported as info. */
  mention?: string;
  /** Facts that bear on the claim (ids), for hovers and messages. */
  facts?: string[];
}

export type SkipReason =
  | 'binary'
  | 'not-utf8'
  | 'too-large'
  | 'too-deep'
  | 'internal-error'
  | 'unreadable'
  | 'ignored';

export type FileResult =
  | { status: 'linted'; text: string; bom: boolean; findings: Finding[] }
  | { status: 'skipped'; reason: SkipReason; detail?: string };
