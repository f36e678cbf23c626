// The engine: one document's text and the compiled rules in, findings out. Every caller (CLI,
// language server, tests) goes through lintText/lintBytes. Pure: no fs, no process, no clock.
import type { CompiledConditions, CompiledFrame, CompiledLanguage, CompiledRule, CompiledRules, CompiledUnit, ConceptSet } from './compile.js';
import type { Hit } from './concepts.js';
import { matchFrame, matchSpan, tokenize, type FrameShape, type Layout } from './frames.js';
import { documentDate, findDates } from './dates.js';
import { statedIn, type EvidenceKind } from './evidence.js';
import { CandidateScan, type RangeCandidates } from './candidates.js';
import { extractorFor } from './extract/index.js';
import { FactBase } from './facts.js';
import { escapeForHost, matchCase, renderTemplate, TemplateError, type TemplateContext } from './fixes.js';
import { judge, type MentionReason } from './judge.js';
import { BARRIER, foldForMatch } from './prose.js';
import { sentenceAt, splitSentences, type Range } from './sentences.js';
import { applySuppressions } from './suppress.js';
import {
  CONTRACT_FIELDS,
  TooDeepError,
  type ContractField,
  type ExtractContext,
  type Extraction,
  type FileResult,
  type Finding,
  type Fix,
  type Lang,
  type ProseBlock,
  type RouteId,
  type Severity,
  type SeveritySetting,
} from './types.js';
import { maskKey } from './secrets.js';
import { configRulesApply, localeContext, runConfigRules, SNAPSHOT } from './config-rules.js';
import type { LintMemo, MemoStore } from './memo.js';
import { markdownFrontMatter, markdownPlan } from './extract/markdown.js';
import { commonPrefix, commonSuffix, type ChunkPlan } from './extract/chunks.js';
import { inRanges, patchWindow, type PatchWindow } from './patch.js';

export interface LintOptions {
  /** "Today" as YYYY-MM-DD: which dated facts are known. Never read from the clock here. */
  today: string;
  /** Per-rule severity overrides from the config. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  mentions?: 'ignore' | 'info';
  /** Bytes; larger files are skipped. Default 2 MiB. */
  maxFileSize?: number;
  /** Findings per file before one summary finding replaces the rest. Default 500. */
  maxFindings?: number;
  /** Nesting guard for structured formats. Default 64. */
  maxDepth?: number;
  /** Skip blocks with no candidate phrase (default true). The differential test turns it off. */
  prefilter?: boolean;
  /** A locale file (the config's `locales` or a default name): every value is copy, no config rules. */
  locale?: boolean;
  /**
   * Incremental re-linting: caches of this document's previous lints (the language server keeps one
   * per open document). The findings are the same with or without it.
   */
  memo?: LintMemo;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
export const DEFAULT_MAX_FINDINGS = 500;
export const DEFAULT_MAX_DEPTH = 64;
export const CONFIG_ERROR = 'config-error';

// ignoreBOM keeps a BOM in the text, so lintText sees it and --fix writes it back.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Lint raw bytes: size, binary and encoding guards first. */
export function lintBytes(path: string, bytes: Uint8Array, rules: CompiledRules, options: LintOptions): FileResult {
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (bytes.length > max) return { status: 'skipped', reason: 'too-large', detail: `${bytes.length} bytes > maxFileSize ${max}` };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { status: 'skipped', reason: 'binary', detail: 'contains NUL bytes' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { status: 'skipped', reason: 'not-utf8', detail: 'not valid UTF-8' };
  }
  return lintText(path, text, rules, options);
}

/** Lint decoded text (a leading BOM is allowed and not counted in offsets). */
export function lintText(path: string, text: string, rules: CompiledRules, options: LintOptions): FileResult {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (body.length > max) return { status: 'skipped', reason: 'too-large', detail: `larger than maxFileSize ${max}` };
  try {
    const findings = new DocumentLinter(path, body, rules, options).run();
    return { status: 'linted', text: body, bom, findings };
  } catch (e) {
    if (e instanceof TooDeepError) return { status: 'skipped', reason: 'too-deep', detail: e.message };
    if (e instanceof RangeError && /call stack/i.test(e.message)) return { status: 'skipped', reason: 'too-deep', detail: 'nesting exhausted the stack' };
    return { status: 'skipped', reason: 'internal-error', detail: (e as Error)?.message ?? String(e) };
  }
}

/** Cheap whole-file test: can this text produce any finding at all? (The file-level prefilter.) */
export function mayHaveFindings(text: string, r: CompiledRules, folded?: string, docConcepts?: () => ReadonlySet<number>): boolean {
  if (!r.anchors) return true;
  const f = folded ?? foldForMatch(text);
  if (r.anchors.test(f)) return true;
  // frames of common words: only where the document's head is about AI access
  if (r.gatedAnchors?.test(f)) {
    const gated = framesGatedOut(r, docConcepts?.() ?? new Set(headConcepts(r, text, f)));
    if (r.rules.some((rule) => rule.frames.some((fr) => fr.also?.every((c) => c.document !== undefined) && !gated?.has(fr)))) return true;
  }
  if (text.includes('[[') || text.includes('routelint-')) return true;
  if (r.keyRe) {
    r.keyRe.lastIndex = 0;
    if (r.keyRe.test(text)) return true;
  }
  if (r.modelFamilyRe) {
    r.modelFamilyRe.lastIndex = 0;
    if (r.modelFamilyRe.test(text)) return true;
  }
  return false;
}

const factCache = new WeakMap<CompiledRules, Map<string, FactBase>>();
function factsFor(rules: CompiledRules, today: string): FactBase {
  let m = factCache.get(rules);
  if (!m) factCache.set(rules, (m = new Map()));
  let f = m.get(today);
  if (!f) m.set(today, (f = new FactBase(rules.facts, today)));
  return f;
}

/** The source range a block's text comes from. */
function blockRange(block: ProseBlock): [number, number] {
  const { starts, ends } = block;
  let a = Infinity;
  let b = -Infinity;
  for (let i = 0; i < starts.length; i++) {
    if (starts[i]! < a) a = starts[i]!;
    if (ends[i]! > b) b = ends[i]!;
  }
  return a === Infinity ? [0, 0] : [a, b];
}

function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  for (const ch of s) {
    const lc = ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}

interface SectionEvidence {
  /** Where each block's text starts in the section text. */
  blockOffset: Map<number, number>;
  matches: Map<EvidenceKind, Array<[number, number]>>;
}

const EVIDENCE_KINDS: ReadonlySet<string> = new Set([...CONTRACT_FIELDS, 'contract']);

const loose = new WeakMap<RegExp, RegExp>();
/** The key pattern without its word-boundary guard: a key glued to other text (`gpt-4o-sk-…`) still counts. */
function looseKeyRe(keyRe: RegExp): RegExp {
  let r = loose.get(keyRe);
  if (!r) loose.set(keyRe, (r = new RegExp(keyRe.source.replace('(?<![A-Za-z0-9_-])', ''), 'g')));
  return r;
}

const globals = new WeakMap<RegExp, RegExp>();
/** A global copy of a shared regex, so loops never fight over one lastIndex. */
function globalCopy(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)));
  return g;
}

interface BlockInfo {
  folded: string;
  lower: string;
  sentences: Range[] | null;
}

/** A pattern match in a block's text (what the memo keeps of the candidate scan). */
interface CachedMatch {
  rule: CompiledRule;
  pattern: CompiledUnit;
  start: number;
  end: number;
  groups: Record<string, string | undefined>;
  /** The claim's language: a pattern's own, a frame's from the words it matched (null: the sentence's). */
  lang: Lang | null;
  /** A frame's matched words (block offsets), in order: the judge reads the gaps between them. */
  parts?: Array<[number, number]>;
  /** A frame's concept hits. */
  hits?: FrameHit[];
  /** The words of a frame's fix target (block offsets), when the frame names one. */
  target?: [number, number];
}

/** A concept hit a frame matched, with the index of the frame element it filled. */
type FrameHit = Hit & { elem: number };

/** A block's concept hits and the layout frames read them in (made when a frame first needs it). */
interface ConceptView {
  hits: Hit[];
  /** The concepts among the hits, as a bit set (concept id c: bit c & 31 of word c >> 5). */
  present: Uint32Array;
  readonly layout: Layout;
}

/** Words, clause breaks and sentence ends of a block's text (frames.ts). */
function layoutOf(text: string, folded: string, re: RegExp, abbreviations: ReadonlySet<string>): Layout {
  const tok = tokenize(folded);
  const clauseBreaks: number[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    clauseBreaks.push(m.index);
  }
  const sentences = splitSentences(text, abbreviations);
  const sentenceBreaks: number[] = [];
  const L = { tokenStarts: tok.starts, tokenEnds: tok.ends, tokenCount: tok.count, clauseBreaks, sentenceBreaks };
  for (let k = 0; k + 1 < sentences.length; k++) {
    const [a, b] = sentences[k]!;
    // A question of three words or fewer is a fragment the next sentence answers ("Credit card? Not needed").
    if (/[?？]["'”’»)\]*_]*\s*$/.test(text.slice(a, b)) && wordsIn(L, a, b) <= 3) continue;
    let end = b - 1;
    while (end > a && /\s/.test(text[end]!)) end--;
    sentenceBreaks.push(end);
  }
  return L;
}

function conceptBits(hits: readonly Hit[], count: number): Uint32Array {
  const bits = new Uint32Array((count + 31) >> 5);
  for (const h of hits) bits[h.concept >> 5]! |= 1 << (h.concept & 31);
  return bits;
}

/** Could a frame match among these concepts: does each element it needs have one of its own? */
function framePossible(shape: FrameShape, present: Uint32Array): boolean {
  for (const e of shape.elems) {
    if (e.optional) continue;
    let any = false;
    for (const c of e.concepts) {
      if ((present[c >> 5]! & (1 << (c & 31))) !== 0) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

const patternIds = new WeakMap<CompiledUnit, number>();
let nextPatternId = 0;
function patternId(p: CompiledUnit): number {
  let id = patternIds.get(p);
  if (id === undefined) patternIds.set(p, (id = nextPatternId++));
  return id;
}

/**
 * The document's fold, from the memo by line segments: a segment ends with a line break, which no case
 * mapping looks across (the final sigma rule stops at it), so the folds of the segments joined are the
 * fold of the text, as long as no character's lower case changes length (foldForMatch then maps
 * character by character everywhere: such a document is folded whole).
 */
/**
 * The fold of a document after an edit, from the fold of the text before it: the lines the edit
 * touched folded again, the rest kept (lowercasing reads no context across a line ending). Only for a
 * fold made line by line (see lineFoldable); else null.
 */
export function refold(text: string, prev: { text: string; folded: string }): string | null {
  const p = commonPrefix(prev.text, text);
  const q = commonSuffix(prev.text, text, Math.min(prev.text.length, text.length) - p);
  const from = p === 0 ? 0 : text.lastIndexOf('\n', p - 1) + 1;
  const nl = text.indexOf('\n', text.length - q);
  const to = nl < 0 ? text.length : nl + 1;
  const region = text.slice(from, to);
  if (!lineFoldable(region)) return null;
  return prev.folded.slice(0, from) + foldForMatch(region) + prev.folded.slice(to - (text.length - prev.text.length));
}

/** Lowercasing keeps every length: the fold is the same whole or line by line. */
export function lineFoldable(text: string): boolean {
  return text.toLowerCase().length === text.length;
}

function foldDocument(text: string, store: MemoStore<string> | undefined): string {
  if (!store || text.length < 32768) return foldForMatch(text);
  const parts: string[] = [];
  let a = 0;
  while (a < text.length) {
    const nl = a + 4096 < text.length ? text.indexOf('\n', a + 4096) : -1;
    const b = nl < 0 ? text.length : nl + 1;
    const seg = text.slice(a, b);
    let f = store.get(seg);
    if (f === undefined) {
      if (seg.toLowerCase().length !== seg.length) return foldForMatch(text);
      f = foldForMatch(seg);
      store.set(seg, f);
    }
    parts.push(f);
    a = b;
  }
  return parts.join('');
}

/** Characters around a block's source a fix may read (balanceQuotes grows a range by a quote per pair). */
const QUOTE_MARGIN = 8;

/**
 * A block's source map relative to `base`, exactly and briefly: a run of characters that each come
 * from one source character, one after the other, is written as its start and length.
 */
function sourceMapKey(starts: Int32Array, ends: Int32Array, base: number): string {
  let out = '';
  const n = starts.length;
  let i = 0;
  while (i < n) {
    const s = starts[i]!;
    let j = i + 1;
    if (ends[i] === s + 1) {
      while (j < n && starts[j] === ends[j - 1] && ends[j] === starts[j]! + 1) j++;
      out += `${s - base}+${j - i};`;
    } else out += `${s - base}:${ends[i]! - base};`;
    i = j;
  }
  return out;
}

/** A copy of a finding with its offsets moved by `by`. */
function shiftFinding(f: Finding, by: number): Finding {
  return {
    ...f,
    start: f.start + by,
    end: f.end + by,
    routes: [...f.routes],
    missing: [...f.missing],
    fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })),
    ...(f.facts ? { facts: [...f.facts] } : {}),
  };
}

/**
 * A kept finding's fixes moved by `by`, the same arrays as the last two times they were asked for with
 * that move (typing moves the findings after the edit back and forth: each output would copy them
 * again). Nothing downstream changes a fix.
 */
const moved = new WeakMap<Fix[], Array<{ by: number; fixes: Fix[] }>>();
function movedFixes(fixes: Fix[], by: number): Fix[] {
  if (fixes.length === 0) return [];
  const known = moved.get(fixes) ?? [];
  const hit = known.find((k) => k.by === by);
  if (hit) return hit.fixes;
  const out = fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) }));
  moved.set(fixes, [{ by, fixes: out }, ...known].slice(0, 2));
  return out;
}

/** The options a memo's entries depend on: a memo begun with others starts empty. */
function memoKey(path: string, o: LintOptions): string {
  return JSON.stringify([extractorFor(path).id, o.today, o.severities ?? null, o.mentions ?? null, o.maxFindings ?? null, o.maxDepth ?? null, o.prefilter ?? null, localeContext(path, o)]);
}

interface Candidate {
  rule: CompiledRule;
  pattern: CompiledUnit | null;
  block: number;
  start: number;
  end: number;
  groups: Record<string, string | undefined>;
  lang: Lang;
  /** The language of the claim's sentence (dates in fixes are written in it). */
  sentLang?: Lang;
  /** Block offset of the claim's sentence start. */
  sentStart?: number;
  /** A frame's matched words, in order. */
  parts?: Array<[number, number]>;
  /** A frame's concept hits (the forms it was read through). */
  hits?: FrameHit[];
  /** What fixes replace (block offsets): a frame's target element, else the whole claim. */
  target?: [number, number];
}

const byPosition = (a: Finding, b: Finding): number => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);

/** What a memo keeps of a Markdown document's last lint, to patch it after an edit (patch.ts). */
interface DocState {
  text: string;
  plan: ChunkPlan;
  /** After suppression and de-duplication, sorted; not capped, keys not masked. */
  findings: Finding[];
  /** The text's fold (foldForMatch), when it was made line by line (lineFoldable); else null. */
  folded: string | null;
  /** Findings whose fixes are still to be moved by this much (memo hits and patched moves). */
  pending: Map<Finding, number>;
  docDate: string | null;
  /** The concepts of `document` conditions the document holds (documentKey). */
  docKey: string;
}

const FIELD_NAMES: Record<string, string> = {
  owner: 'owner',
  payer: 'payer',
  limit: 'limit',
  'payment-trigger': 'payment trigger',
  'data-terms': 'data terms',
  'output-rights': 'output rights',
  support: 'support',
  'model-label': 'exact model ID',
  'checked-date': 'checked date',
};

class DocumentLinter {
  private readonly facts: FactBase;
  private extraction!: Extraction;
  private readonly info = new Map<number, BlockInfo>();
  private readonly sectionCache = new Map<number, SectionEvidence>();
  private children: number[][] | null = null;
  private docDate: string | null | undefined;
  private allBlocksLower: string[] | null = null;
  private matchMemo: MemoStore<CachedMatch[]> | null = null;
  private sectionBlocks: number[][] | null = null;
  private readonly rangeCandidates = new Map<string, RangeCandidates | null>();
  private abbreviations: Set<string> | null = null;
  private readonly views = new Map<string, ConceptView>();
  private readonly headHits = new Map<string, Hit[]>();
  private readonly sectionHits = new Map<number, Hit[]>();
  private readonly sectionTexts = new Map<number, string>();
  private docConcepts: ReadonlySet<number> | undefined;
  /** The document's fold, when the prefilter made it (the head's concepts are read in it). */
  private foldedText: string | null = null;

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly rules: CompiledRules,
    private readonly options: LintOptions,
  ) {
    this.facts = factsFor(rules, options.today);
  }

  run(): Finding[] {
    const memo = this.options.memo;
    memo?.begin(this.rules, memoKey(this.path, this.options));
    const prevDoc = memo ? (memo.doc as DocState | null) : null;
    if (memo) memo.doc = null;
    const prefilter = this.options.prefilter !== false;
    let scan: CandidateScan | null = null;
    const extractor = extractorFor(this.path);
    let foldedLines: string | null = null;
    if (prefilter) {
      const refolded = prevDoc?.folded ? refold(this.text, { text: prevDoc.text, folded: prevDoc.folded }) : null;
      const folded = refolded ?? foldDocument(this.text, memo?.store<string>('fold-segments'));
      this.foldedText = folded;
      if (memo && (refolded !== null || lineFoldable(this.text))) foldedLines = folded;
      // Where the source spells prose through escapes (`\u0066ree`, `&#102;ree`), the prefilter reads
      // the decoded view, and the scan only when it can read the source's words.
      const view = extractor.prefilterView?.(this.text) ?? null;
      if (view === null) {
        if (!mayHaveFindings(this.text, this.rules, folded, () => this.documentConcepts()) && !configRulesApply(this.path, this.options)) return [];
        scan = new CandidateScan(this.text, folded, this.rules, () => this.gatedOut(), () => this.documentConcepts());
      } else {
        if (!mayHaveFindings(view.text, this.rules) && !configRulesApply(this.path, this.options)) return [];
        if (view.scan) scan = new CandidateScan(this.text, folded, this.rules, () => this.gatedOut(), () => this.documentConcepts());
      }
    }
    const maxDepth = this.options.maxDepth ?? DEFAULT_MAX_DEPTH;
    // Patching (patch.ts): a Markdown document linted before with this memo lints again only the chunks
    // the edit can change the findings of.
    const plan = memo && scan && extractor.id === 'markdown' ? markdownPlan(this.text, maxDepth, prevDoc ?? undefined) : null;
    // (the document's date, read the same way in both versions: a change of it changes any finding)
    const docDate = plan ? this.canonicalDate(plan) : null;
    // (and the concepts the whole document holds, which any finding may read)
    const docKey = plan ? this.documentKey() : '';
    const patch = plan && prevDoc && docDate === prevDoc.docDate && docKey === prevDoc.docKey ? patchWindow(prevDoc.text, prevDoc.plan, this.text, plan) : null;
    if (patch && patch.newRanges.length === 0) return this.output(this.remember(prevDoc!, patch, [], new Map(), plan!, docDate, foldedLines));
    const ctx: ExtractContext = {
      ...(scan
        ? { maxDepth, wanted: (a: number, b: number) => scan.level(a, b), candidate: (block: ProseBlock) => this.blockLevel(block, scan), tableCells: !this.rules.rules.some((r) => r.patterns.some((p) => p.header)) }
        : { maxDepth }),
      ...localeContext(this.path, this.options),
    };
    if (patch && scan) {
      // Outside the chunks to lint again nothing is wanted, but the directives (suppressions apply
      // across chunks).
      const dirs: number[] = [];
      for (let k = this.text.indexOf('routelint-'); k >= 0; k = this.text.indexOf('routelint-', k + 1)) dirs.push(k);
      const hasDirective = (a: number, b: number): boolean => {
        let lo = 0;
        let hi = dirs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (dirs[mid]! < a) lo = mid + 1;
          else hi = mid;
        }
        return lo < dirs.length && dirs[lo]! < b;
      };
      ctx.wanted = (a, b) => (inRanges(patch.newRanges, a) ? scan.level(a, b) : hasDirective(a, b) ? 1 : 0);
      ctx.candidate = (block) => (inRanges(patch.newRanges, blockRange(block)[0]) ? this.blockLevel(block, scan) : 0);
      ctx.sparseHeadings = true;
      ctx.plan = plan!;
      ctx.planRanges = patch.newRanges;
      // an unscanned tail outside them was linted before, and its nesting did not fail then
      ctx.wantedTail = (a, b) => {
        if (!inRanges(patch.newRanges, a)) return hasDirective(a, b) ? 1 : 0;
        // (what the scan finds in a range reads only the range: kept by its text)
        const kept = memo!.store<0 | 1 | 2>('tail-level');
        const t = this.text.slice(a, b);
        let level = kept.get(t);
        if (level === undefined) kept.set(t, (level = scan.level(a, b)));
        return Math.max(1, level) as 1 | 2;
      };
    }
    // (only the headings the parsed prose reads: a heading no finding reads is not parsed)
    if (scan) ctx.sparseHeadings = true;
    if (memo) {
      ctx.memo = memo;
      this.matchMemo = memo.store<CachedMatch[]>('matches');
    }
    this.extraction = extractor.extract(this.text, ctx);
    const findings: Finding[] = [];
    const findingMemo = memo?.store<Finding[]>('block-findings');
    const borrowed = new Map<Finding, number>();
    this.extraction.blocks.forEach((block, bi) => {
      if (patch && !inRanges(patch.newRanges, blockRange(block)[0])) return;
      // Only the patterns whose words a block holds can match in it (front matter strings may spell
      // characters through escapes, so every pattern runs on them).
      const only = scan && block.kind !== 'front-matter' ? this.candidatesIn(scan, block) : null;
      if (only && only.patterns.size === 0 && !only.placeholder && !only.modelId) return;
      if (!findingMemo) {
        this.lintBlock(block, bi, prefilter, only, findings);
        return;
      }
      // A block's findings, kept relative to the block's place, by everything they read.
      const { key, base } = this.blockKey(block, bi, only);
      const hit = findingMemo.get(key);
      if (hit) {
        // moved now; fixes and lists are copied only for the findings that are kept (output caps them)
        for (const f of hit) {
          const moved = { ...f, start: f.start + base, end: f.end + base };
          borrowed.set(moved, base);
          findings.push(moved);
        }
        return;
      }
      const own: Finding[] = [];
      this.lintBlock(block, bi, prefilter, only, own);
      findingMemo.set(key, own.map((f) => shiftFinding(f, -base)));
      findings.push(...own);
    });
    this.secrets(findings, patch?.newRanges);
    runConfigRules({ extraction: this.extraction, text: this.text, path: this.path, rules: this.rules, options: this.options, facts: this.facts }, findings);
    const kept = this.dedupe(applySuppressions(this.text, findings, this.extraction.directives, this.rules, this.severityOf.bind(this)));
    if (patch) {
      memo!.patches++;
      return this.output(this.remember(prevDoc!, patch, kept.filter((f) => inRanges(patch.newRanges, f.start)), borrowed, plan!, docDate, foldedLines));
    }
    if (memo) {
      memo.keepAll();
      if (plan) memo.doc = { text: this.text, plan, findings: kept, folded: foldedLines, pending: borrowed, docDate, docKey } satisfies DocState;
    }
    return this.output({ findings: kept, pending: borrowed });
  }

  /**
   * The patched findings: the previous ones outside the chunks linted again (moved by the edit when
   * after it), and the new ones inside them; kept in the memo for the next edit.
   */
  private remember(prev: DocState, patch: PatchWindow, inside: Finding[], borrowed: Map<Finding, number>, plan: ChunkPlan, docDate: string | null, folded: string | null): { findings: Finding[]; pending: Map<Finding, number> } {
    const pending = new Map<Finding, number>(borrowed);
    const out: Finding[] = [];
    for (const f of prev.findings) {
      if (inRanges(patch.oldRanges, f.start)) continue;
      const was = prev.pending.get(f);
      if (f.start < patch.changeStart || patch.delta === 0) {
        out.push(f);
        if (was !== undefined) pending.set(f, was);
      } else {
        const moved = { ...f, start: f.start + patch.delta, end: f.end + patch.delta };
        pending.set(moved, (was ?? 0) + patch.delta);
        out.push(moved);
      }
    }
    out.push(...inside);
    out.sort(byPosition);
    this.options.memo!.doc = { text: this.text, plan, findings: out, folded, pending, docDate, docKey: this.documentKey() } satisfies DocState;
    return { findings: out, pending };
  }

  /**
   * The date a whole lint of a Markdown document reads when it has findings (the front matter parsed on
   * its own, kept by its text), whatever part of the document this lint parses.
   */
  private canonicalDate(plan: ChunkPlan): string | null {
    const store = this.options.memo?.store<{ fm: ReturnType<typeof markdownFrontMatter> }>('front-matter');
    const key = this.text.slice(0, plan.frontMatterEnd);
    let hit = store?.get(key);
    if (!hit) {
      hit = { fm: markdownFrontMatter(this.text, plan) };
      store?.set(key, hit);
    }
    return documentDate(this.text, hit.fm?.data, hit.fm?.end ?? 0)?.iso ?? null;
  }

  /** The document's date (dated facts and fixes read it), once per lint. */
  private documentDate(): string | null {
    if (this.docDate === undefined) {
      const fmEnd = this.extraction.frontMatterRange?.[1] ?? 0;
      this.docDate = documentDate(this.text, this.extraction.frontMatter, fmEnd)?.iso ?? null;
    }
    return this.docDate;
  }

  /** What a lint returns: capped, the kept findings' fixes moved where they belong, keys masked. */
  private output({ findings, pending }: { findings: Finding[]; pending: Map<Finding, number> }): Finding[] {
    const out = this.cap(findings);
    if (pending.size) {
      for (let i = 0; i < out.length; i++) {
        const by = pending.get(out[i]!);
        // (routes, missing and facts are shared with the memo's finding, as the fixes are: nothing
        // downstream changes a finding)
        if (by !== undefined) out[i] = { ...out[i]!, fixes: movedFixes(out[i]!.fixes, by) };
      }
    }
    return this.maskKeys(out);
  }

  /**
   * The last line of defence for secrets: whatever a message or a fix title quotes (a claim, a config
   * value, a model ID, a host, a placeholder), a literal key in it is shown masked, even glued to other
   * text. New objects replace the changed findings (memo entries are shared).
   */
  private maskKeys(findings: Finding[]): Finding[] {
    const re = this.rules.keyRe ? looseKeyRe(this.rules.keyRe) : null;
    if (!re) return findings;
    const formats = [...this.rules.config.keyFormats].sort((a, b) => b.prefix.length - a.prefix.length);
    // (with a memo, each message and title is read once: a keystroke hands back the same ones)
    const kept = this.options.memo?.store<string>('masked');
    const mask = (s: string): string => {
      const hit = kept?.get(s);
      if (hit !== undefined) return hit;
      const out = s.replace(re, (key) => (this.rules.notAKey.some((r) => r.test(key)) ? key : maskKey(key, formats.find((k) => key.startsWith(k.prefix))?.prefix ?? '')));
      kept?.set(s, out);
      return out;
    };
    return findings.map((f) => {
      const message = mask(f.message);
      const titles = f.fixes.map((x) => mask(x.title));
      if (message === f.message && titles.every((t, i) => t === f.fixes[i]!.title)) return f;
      return { ...f, message, fixes: f.fixes.map((x, i) => (titles[i] === x.title ? x : { ...x, title: titles[i]! })) };
    });
  }

  private lintBlock(block: ProseBlock, bi: number, prefilter: boolean, only: RangeCandidates | null, findings: Finding[]): void {
    const info = this.blockInfo(bi);
    for (const c of this.candidates(block, bi, info.folded, prefilter, only?.patterns)) {
      const f = this.judgeCandidate(c);
      if (f) findings.push(f);
    }
    if (!only || only.placeholder) this.placeholders(block, bi, findings);
    if (!only || only.modelId) this.modelIds(block, bi, findings);
  }

  /**
   * Everything a block's findings read besides the rules and options (fixed for a memo's lint), with
   * source offsets relative to `base`: the block itself (any extractor's fields), the source around it
   * (fix ranges grow over inline markup and quotes), the candidates the scan allows, its headings,
   * the next block's first sentence, a table's caption, the document's date and its section evidence.
   */
  private blockKey(block: ProseBlock, bi: number, only: RangeCandidates | null): { key: string; base: number } {
    let [lo, hi] = blockRange(block);
    for (const [a, b] of block.inline ?? []) {
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
    const base = Math.max(0, lo - QUOTE_MARGIN);
    const parts: unknown[] = [];
    parts.push('map', sourceMapKey(block.starts, block.ends, base));
    for (const [k, v] of Object.entries(block)) {
      if (k === 'section' || k === 'starts' || k === 'ends') continue;
      else if (k === 'inline') parts.push(k, (v as Array<[number, number]>).map(([a, b]) => `${a - base}-${b - base}`).join(','));
      else parts.push(k, v);
    }
    parts.push('src', this.text.slice(base, hi + QUOTE_MARGIN));
    parts.push('only', only ? [[...only.patterns].map(patternId).sort((a, b) => a - b).join(','), only.placeholder, only.modelId] : null);
    const chain: string[] = [];
    for (let s: number | null = block.section; s !== null; ) {
      const sec: Extraction['sections'][number] | undefined = this.extraction.sections[s];
      if (!sec) break;
      chain.push(sec.headingText);
      s = sec.parent;
    }
    parts.push('headings', chain);
    const next = this.extraction.blocks[bi + 1];
    if (next) {
      const ns = this.sentences(bi + 1)[0];
      parts.push('next', ns ? this.blockInfo(bi + 1).lower.slice(ns[0], ns[1]) : null);
    }
    if (block.kind === 'table-cell') {
      let k = bi;
      while (k > 0 && this.extraction.blocks[k - 1]!.kind === 'table-cell') k--;
      const cap = this.extraction.blocks[k - 1];
      parts.push('caption', cap && cap.kind === 'paragraph' ? cap.text : null);
    }
    parts.push('date', this.documentDate());
    parts.push('doc', this.documentKey());
    // Section evidence: a match outside this block's part of the section text counts for any claim
    // in the block; one inside it only where it does not overlap the claim (kept relative).
    const ev = this.sectionMatches(block.section);
    const at = ev.blockOffset.get(bi);
    const end = at === undefined ? -1 : at + this.blockInfo(bi).lower.length;
    const evidence: string[] = [];
    for (const [kind, ranges] of ev.matches) {
      if (at === undefined) {
        evidence.push(kind);
        continue;
      }
      const inside: string[] = [];
      let outside = false;
      for (const [a, b] of ranges) {
        if (b <= at || a >= end) outside = true;
        else inside.push(`${a - at}-${b - at}`);
      }
      evidence.push(outside ? `${kind}:*` : `${kind}:${inside.join(',')}`);
    }
    parts.push('evidence', at === undefined ? null : evidence);
    // the concepts `context` conditions read in the section, when a frame of this block has one
    if (this.rules.concepts.contextConcepts.size && (!only || [...only.patterns].some(readsSection))) {
      const hits = this.sectionConcepts(block.section);
      const rel: string[] = [];
      for (const h of hits) rel.push(at !== undefined && h.end > at && h.start < end ? `${h.concept}@${h.start - at}-${h.end - at}` : `${h.concept}`);
      parts.push('section-concepts', [...new Set(rel)].sort());
    }
    return { key: JSON.stringify(parts), base };
  }

  /**
   * What findings from a block read (for the extractor's fast path): 0 the block holds no candidate,
   * 1 its own block, neighbours, headings and dates, 2 also its section (section evidence).
   */
  private blockLevel(block: ProseBlock, scan: CandidateScan): 0 | 1 | 2 {
    const only = block.kind !== 'front-matter' ? this.candidatesIn(scan, block) : null;
    if (only && only.patterns.size === 0 && !only.placeholder && !only.modelId) return 0;
    let level: 0 | 1 | 2 = 0;
    for (const c of this.candidates(block, -1, foldForMatch(block.text), true, only?.patterns)) {
      if ((c.rule.spec.evidenceScope ?? 'section') === 'section' || readsSection(c.pattern)) return 2;
      level = 1;
    }
    if (level === 0 && (!only || only.placeholder) && /\[\[[^\]\n]{1,40}\]\]/.test(block.text)) level = 1;
    if ((!only || only.modelId) && this.rules.modelFamilyRe && this.mayHoldModelId(block)) {
      const rule = this.rules.rules.find((r) => r.spec.matcher === 'model-id');
      if (rule && (rule.spec.evidenceScope ?? 'section') === 'section') return 2;
      level = 1;
    }
    return level;
  }

  /** Could modelIds() find an ID in the block: in its text, or in the source of an inline code span? */
  private modelFamilyOnce: RegExp | null = null;
  private mayHoldModelId(block: ProseBlock): boolean {
    const re = (this.modelFamilyOnce ??= new RegExp(this.rules.modelFamilyRe!.source, 'i'));
    if (re.test(block.text)) return true;
    // (the planner's line prose maps only as a whole: then its whole source is read)
    if (block.starts.length !== block.text.length) return block.text.includes(BARRIER) && re.test(this.text.slice(block.starts[0]!, block.ends[block.ends.length - 1]!));
    for (let k = block.text.indexOf(BARRIER); k >= 0; k = block.text.indexOf(BARRIER, k + 1)) {
      const a = block.starts[k]!;
      if (this.text.charCodeAt(a) === 96 && re.test(this.text.slice(a, block.ends[k]!))) return true;
    }
    return false;
  }

  /** The scan's candidates for a block's source range (asked during extraction and again after it). */
  private candidatesIn(scan: CandidateScan, block: ProseBlock): RangeCandidates | null {
    const [a, b] = blockRange(block);
    const key = `${a}:${b}`;
    let out = this.rangeCandidates.get(key);
    if (out === undefined) this.rangeCandidates.set(key, (out = scan.candidatesIn(a, b)));
    return out;
  }

  private severityOf(ruleId: string, fallback: Severity): SeveritySetting {
    return this.options.severities?.[ruleId] ?? fallback;
  }

  private blockInfo(bi: number): BlockInfo {
    let info = this.info.get(bi);
    if (!info) {
      const b = this.extraction.blocks[bi]!;
      const kept = this.options.memo?.store<[string, string]>('fold');
      let fl = kept?.get(b.text);
      if (!fl) {
        fl = [foldForMatch(b.text), lowerSameLength(b.text)];
        kept?.set(b.text, fl);
      }
      info = { folded: fl[0], lower: fl[1], sentences: null };
      this.info.set(bi, info);
    }
    return info;
  }

  private sentences(bi: number): Range[] {
    const info = this.blockInfo(bi);
    if (!info.sentences) {
      const text = this.extraction.blocks[bi]!.text;
      const kept = this.options.memo?.store<Range[]>('sentences');
      info.sentences = kept?.get(text) ?? null;
      if (!info.sentences) {
        info.sentences = splitSentences(text, this.abbreviationSet());
        if (info.sentences.length === 0) info.sentences = [[0, text.length]];
        kept?.set(text, info.sentences);
      }
    }
    return info.sentences;
  }

  private *candidates(block: ProseBlock, bi: number, folded: string, prefilter: boolean, only?: ReadonlySet<CompiledUnit>): Generator<Candidate> {
    let matches: CachedMatch[] | undefined;
    let key: string | undefined;
    if (this.matchMemo) {
      // Everything the scan below reads besides the rules and options (fixed for a memo's lint).
      const ids = only ? [...only].map(patternId).sort((a, b) => a - b).join(',') : '*';
      key = `${ids}\u0001${block.table && block.table.row > 0 ? block.table.header : '\u0002'}\u0001${block.text}`;
      matches = this.matchMemo.get(key);
    }
    if (!matches) {
      matches = this.scanMatches(block, folded, prefilter, only);
      if (key !== undefined) this.matchMemo!.set(key, matches);
    }
    for (const m of matches) yield { rule: m.rule, pattern: m.pattern, block: bi, start: m.start, end: m.end, groups: { ...m.groups }, lang: m.lang ?? ('' as Lang), ...(m.parts ? { parts: m.parts } : {}), ...(m.hits ? { hits: m.hits } : {}), ...(m.target ? { target: m.target } : {}) };
  }

  /** The concept hits of a block's (folded) text and its layout, kept by the text. */
  private conceptView(text: string, folded: string): ConceptView {
    let v = this.views.get(text);
    if (v) return v;
    const kept = this.options.memo?.store<ConceptView>('concept-view');
    v = kept?.get(text);
    if (!v) {
      const hits = this.rules.concepts.matcher.match(folded);
      let layout: Layout | null = null;
      const breaks = this.rules.concepts.frameBreaks;
      const abbreviations = this.abbreviationSet();
      v = {
        hits,
        present: conceptBits(hits, this.rules.concepts.names.length),
        get layout(): Layout {
          return (layout ??= layoutOf(text, folded, breaks, abbreviations));
        },
      };
      kept?.set(text, v);
    }
    this.views.set(text, v);
    return v;
  }

  private abbreviationSet(): Set<string> {
    if (!this.abbreviations) {
      this.abbreviations = new Set<string>();
      for (const L of this.rules.languages.values()) for (const a of L.abbreviations) this.abbreviations.add(a);
    }
    return this.abbreviations;
  }

  private scanMatches(block: ProseBlock, folded: string, prefilter: boolean, only?: ReadonlySet<CompiledUnit>): CachedMatch[] {
    const out: CachedMatch[] = [];
    for (const rule of this.rules.rules) {
      if (this.severityOf(rule.spec.id, rule.spec.severity) === 'off') continue;
      if (rule.frames.length) {
        let view: ConceptView | null = null;
        for (const fr of rule.frames) {
          if (only && !only.has(fr)) continue;
          view ??= this.conceptView(block.text, folded);
          if (!framePossible(fr.shape, view.present)) continue;
          for (const m of matchFrame(fr.shape, view.hits, view.layout)) {
            const [start, end] = matchSpan(m);
            const groups: Record<string, string | undefined> = {};
            const parts: Array<[number, number]> = [];
            let lang: Lang | null = null;
            let target: [number, number] | undefined;
            const used: FrameHit[] = [];
            m.forEach((h, ei) => {
              // an optional element left out: its names render as nothing in fix templates
              if (!h) {
                for (const n of fr.shape.elems[ei]!.names) groups[n] ??= '';
                return;
              }
              if (fr.fixTarget && fr.shape.elems[ei]!.names.includes(fr.fixTarget)) target = [h.start, h.end];
              const name = this.rules.concepts.names[h.concept]!;
              const text = block.text.slice(h.start, h.end);
              groups[name] ??= text;
              for (const n of fr.shape.elems[ei]!.names) groups[n] ??= text;
              if (name === 'MODEL' || name === 'BRAND') groups.model ??= text;
              if (!lang && h.lang !== '*') lang = h.lang as Lang;
              parts.push([h.start, h.end]);
              used.push({ ...h, elem: ei });
            });
            parts.sort((x, y) => x[0] - y[0]);
            out.push({ rule, pattern: fr, start, end, groups, lang, parts, hits: used, ...(target ? { target } : {}) });
          }
        }
      }
      for (const p of rule.patterns) {
        if (only && !only.has(p)) continue;
        // A pattern cannot match a block that lacks all of its required literals.
        if (prefilter && p.anchors && !p.anchors.some((a: string) => folded.includes(a))) continue;
        if (p.header && !(block.table && block.table.row > 0 && p.header.test(foldForMatch(block.table.header)))) continue;
        p.re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = p.re.exec(folded)) !== null) {
          if (m[0].length === 0) {
            p.re.lastIndex++;
            continue;
          }
          const groups: Record<string, string | undefined> = {};
          const idx = m.indices?.groups;
          if (idx) {
            for (const [name, r] of Object.entries(idx)) groups[name] = r ? block.text.slice(r[0], r[1]) : undefined;
          }
          out.push({ rule, pattern: p, start: m.index, end: m.index + m[0].length, groups, lang: p.lang });
        }
      }
    }
    return out;
  }

  private sentenceLang(lower: string, claimLang: Lang, blockLang?: Lang): Lang {
    if (/[\uac00-\ud7a3]/.test(lower)) return 'ko';
    // A locale value too short to tell ("Gratis"): the language its file is in.
    if (blockLang && blockLang !== 'ko' && this.latinLang(lower) === null) return blockLang;
    let best: Lang = claimLang === 'ko' ? 'en' : claimLang;
    let bestScore = 0;
    const words = lower.split(/[^\p{L}]+/u);
    for (const [lang, L] of this.rules.languages) {
      if (lang === 'ko') continue;
      let score = 0;
      for (const w of words) if (L.commonWords.has(w)) score++;
      if (score > bestScore || (score === bestScore && lang === claimLang && score > 0)) {
        best = lang;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * A frame read through a word of another language that the sentence's own language reads as
   * something else: English "no" (NO) in "OpenAI no reparte claves" is the Spanish "no" (NOT) of a
   * verb, so "no ... claves" is no claim there. Only where the sentence's language is clear.
   */
  private readsForeign(c: Candidate, sentLower: string): boolean {
    const frame = c.pattern?.kind === 'frame' ? c.pattern : null;
    if (!frame || !c.hits?.some((h) => h.lang !== '*' && h.lang !== 'ko')) return false;
    const own = this.latinLang(sentLower);
    if (!own) return false;
    const all = this.conceptView(this.extraction.blocks[c.block]!.text, this.blockInfo(c.block).folded).hits;
    return c.hits.some((h) => {
      if (h.lang === '*' || h.lang === 'ko' || h.lang === own) return false;
      const there = all.filter((o) => o.start === h.start && o.end === h.end && o.lang === own);
      // read in the sentence's language, may the word fill the same element ("no" as NOT in "(NO|NOT)")?
      const accepts = frame.shape.elems[h.elem]!.concepts;
      return there.length > 0 && !there.some((o) => accepts.has(o.concept));
    });
  }

  /** The Latin-script language whose common words the sentence uses most (at least two), if any. */
  private latinLang(lower: string): Lang | null {
    let best: Lang | null = null;
    let bestScore = 1;
    const words = lower.split(/[^\p{L}]+/u);
    for (const [lang, L] of this.rules.languages) {
      if (lang === 'ko') continue;
      let score = 0;
      for (const w of words) if (L.commonWords.has(w)) score++;
      if (score > bestScore) {
        best = lang;
        bestScore = score;
      }
    }
    return best;
  }

  private headingsOf(section: number): string[] {
    const out: string[] = [];
    let s: number | null = section;
    while (s !== null && s !== undefined) {
      const sec: Extraction['sections'][number] | undefined = this.extraction.sections[s];
      if (!sec) break;
      if (sec.headingText) out.push(sec.headingText.toLowerCase());
      s = sec.parent;
    }
    return out;
  }

  private nextSentence(bi: number, si: number): string | null {
    const sents = this.sentences(bi);
    const info = this.blockInfo(bi);
    if (si + 1 < sents.length) return info.lower.slice(sents[si + 1]![0], sents[si + 1]![1]);
    if (bi + 1 < this.extraction.blocks.length) {
      const ns = this.sentences(bi + 1)[0];
      const nl = this.blockInfo(bi + 1).lower;
      return ns ? nl.slice(ns[0], ns[1]) : null;
    }
    return null;
  }

  private judgeCandidate(c: Candidate): Finding | null {
    const block = this.extraction.blocks[c.block]!;
    const info = this.blockInfo(c.block);
    const sents = this.sentences(c.block);
    const si = sentenceAt(sents, c.start);
    const sentence = sents[si]!;
    const sentLower = info.lower.slice(sentence[0], sentence[1]);
    const frame = c.pattern?.kind === 'frame' ? c.pattern : null;
    const sLang = this.sentenceLang(sentLower, c.lang || 'en', block.lang);
    // A frame's words may all be shared by every language ("OpenAI API"): then the sentence's language.
    if (!c.lang) c.lang = sLang;
    c.sentLang = sLang;
    c.sentStart = sentence[0];
    if (frame) {
      if (frame.langs && !frame.langs.has(c.lang)) return null;
      if (this.readsForeign(c, sentLower)) return null;
      if (frame.short !== null && this.clauseWords(c, sentence) > frame.short) return null;
      if (frame.also && !frame.also.some((cond) => this.conditionHolds(cond, c, sentence))) return null;
      if (frame.unless && frame.unless.some((cond) => this.conditionHolds(cond, c, sentence))) return null;
      // A Korean particle glued to the claim goes with it (fix templates choose it again: {josa}).
      if (c.lang === 'ko' && !c.groups.josa) {
        const j = /^(?:으로|로|을|를|은|는|이|가|과|와|의|도|만)(?![\uac00-\ud7a3])/.exec(block.text.slice(c.end, c.end + 3));
        if (j) {
          c.groups.josa = j[0];
          if (c.target && c.target[1] === c.end) c.target = [c.target[0], c.end + j[0].length];
          else if (c.target) delete c.groups.josa; // the particle stays where it is
          c.end += j[0].length;
        }
      }
    }
    const langs: CompiledLanguage[] = [];
    const claimL = this.rules.languages.get(c.lang);
    if (claimL) langs.push(claimL);
    const sentL = this.rules.languages.get(sLang);
    if (sentL && sentL !== claimL) langs.push(sentL);
    // A mixed sentence (an English sentence quoting Korean) is read with the cues of both.
    const latin = this.latinLang(sentLower);
    const latinL = latin ? this.rules.languages.get(latin) : undefined;
    if (latinL && !langs.includes(latinL)) langs.push(latinL);
    if (langs.length === 0) return null;

    let mention: MentionReason | null = null;
    if (!c.pattern?.alwaysUse) {
      mention = judge({
        lower: info.lower,
        block,
        sentence,
        start: c.start,
        end: c.end,
        langs,
        next: () => this.nextSentence(c.block, si),
        headings: this.headingsOf(block.section),
        ...(c.parts ? { parts: c.parts } : {}),
        afterStop: this.afterStop(c.block, c.end),
      });
    }
    if (mention && this.options.mentions !== 'info') return null;

    const spec = c.rule.spec;
    const stated = this.stated(c, sentence, langs);
    // The context states what the claim needs (phrase-unless-evidence, and phrase patterns of other kinds).
    if (c.pattern && spec.satisfiedBy?.length && spec.satisfiedBy.every((k) => stated.has(k))) return null;
    const missing = spec.requires.filter((f) => !stated.has(f)) as ContractField[];

    const claim = block.text.slice(c.start, c.end);
    const severity = mention ? 'info' : (this.severityOf(spec.id, spec.severity) as Severity);
    const message = this.message(c.rule, claim, missing, mention);
    const fixes = mention ? [] : this.fixes(c, block, claim);
    const [start, end] = this.sourceRange(block, c.start, c.end, false);
    const finding: Finding = {
      ruleId: spec.id,
      severity,
      message,
      start,
      end,
      routes: impliedRoutes(spec.routes, stated),
      missing,
      fixes,
      lang: c.lang,
    };
    if (mention) finding.mention = mention;
    if (spec.facts?.length) finding.facts = spec.facts.map((s) => this.facts.get(s)?.id).filter((x): x is string => !!x);
    return finding;
  }

  /** A frame condition holds when every key of it does: its concepts are found there, outside the match. */
  private conditionHolds(cond: CompiledConditions, c: Candidate, sentence: Range): boolean {
    for (const [key, set] of Object.entries(cond) as Array<[keyof CompiledConditions, ConceptSet]>) {
      if (!this.conditionMet(key, set, c, sentence)) return false;
    }
    return true;
  }

  /**
   * Where the words that may negate a claim from after it end: at the next concept word that is no
   * negation (in Korean, "무료로 풀림 키 없이": the "없이" is the next claim's, "키 없이").
   */
  private afterStop(bi: number, end: number): number {
    const block = this.extraction.blocks[bi]!;
    const view = this.conceptView(block.text, this.blockInfo(bi).folded);
    const neg = this.negators();
    for (const h of view.hits) if (h.start >= end && !neg.has(h.concept)) return h.start;
    return block.text.length;
  }

  private negatorIds: Set<number> | null = null;
  private negators(): Set<number> {
    if (!this.negatorIds) {
      this.negatorIds = new Set();
      for (const n of ['NO', 'NOT', 'ABSENT', 'NEVER', 'NO-NEED']) {
        const id = this.rules.concepts.ids.get(n);
        if (id !== undefined) for (const m of this.rules.concepts.members[id]!) this.negatorIds.add(m);
      }
    }
    return this.negatorIds;
  }

  /** The frame clause around a claim: cut at clause breaks (frames.ts) inside its sentence. */
  private frameClause(c: Candidate, sentence: Range): Range {
    const block = this.extraction.blocks[c.block]!;
    const L = this.conceptView(block.text, this.blockInfo(c.block).folded).layout;
    let a = sentence[0];
    let b = sentence[1];
    for (const x of L.clauseBreaks) {
      if (x < c.start && x + 1 > a) a = x + 1;
      if (x >= c.end && x < b) b = x;
    }
    return [a, b];
  }

  /** Words of the clause around a claim, a colon also cutting it ("No API key needed: start now"). */
  private clauseWords(c: Candidate, sentence: Range): number {
    const block = this.extraction.blocks[c.block]!;
    const L = this.conceptView(block.text, this.blockInfo(c.block).folded).layout;
    let [a, b] = this.frameClause(c, sentence);
    const before = block.text.lastIndexOf(':', c.start - 1);
    if (before >= a) a = before + 1;
    const after = block.text.indexOf(':', c.end);
    if (after >= 0 && after < b) b = after;
    return wordsIn(L, a, b);
  }

  private conditionMet(key: keyof CompiledConditions, set: ConceptSet, c: Candidate, sentence: Range): boolean {
    const block = this.extraction.blocks[c.block]!;
    const view = this.conceptView(block.text, this.blockInfo(c.block).folded);
    const inRange = (a: number, b: number) => view.hits.some((h) => set.has(h.concept) && h.start >= a && h.end <= b && (h.end <= c.start || h.start >= c.end));
    if (key === 'sentence') return inRange(sentence[0], sentence[1]);
    if (key === 'clause' || key === 'before') {
      const [a, b] = this.frameClause(c, sentence);
      return key === 'clause' ? inRange(a, b) : inRange(a, c.start);
    }
    if (key === 'gap') {
      // inside the match, in no word the frame matched
      const parts = c.parts ?? [];
      return view.hits.some((h) => set.has(h.concept) && h.start >= c.start && h.end <= c.end && !parts.some(([a, b]) => h.start < b && h.end > a));
    }
    if (key === 'head') return this.headHas(block, set);
    if (key === 'document') {
      const doc = this.documentConcepts();
      for (const id of set) if (doc.has(id)) return true;
      return false;
    }
    // context: the sentence, the headings above, the section's blocks
    if (inRange(sentence[0], sentence[1]) || this.headHas(block, set)) return true;
    return this.sectionHas(block.section, c.block, c.start, c.end, set);
  }

  /**
   * The concepts of `document` conditions found in the document's head: its text up to the first
   * blank line at or after DOCUMENT_HEAD characters (at most four times that). What a text is about
   * is said at its top (a title, a tagline, an intro); a word deep in a long changelog is not.
   */
  private documentConcepts(): ReadonlySet<number> {
    if (this.docConcepts) return this.docConcepts;
    const store = this.options.memo?.store<number[]>('document-concepts');
    const head = store ? documentHead(this.text) : '';
    let ids = store?.get(head);
    if (!ids) {
      ids = headConcepts(this.rules, this.text, this.foldedText);
      store?.set(head, ids);
    }
    return (this.docConcepts = new Set(ids));
  }

  /** Frames that cannot match here: each of their `also` conditions asks the document's head for concepts it lacks. */
  private gatedOut(): ReadonlySet<CompiledUnit> | null {
    if (!this.rules.concepts.documentConcepts.size) return null;
    return framesGatedOut(this.rules, this.documentConcepts());
  }

  /** The document's concepts as a key (memo keys, patches). */
  private documentKey(): string {
    return this.rules.concepts.documentConcepts.size ? [...this.documentConcepts()].sort((x, y) => x - y).join(',') : '';
  }

  /** A concept of the set in the block's head: a cell's column header, a list's lead-in, the headings above. */
  private headHas(block: ProseBlock, set: ConceptSet): boolean {
    const texts: string[] = [];
    if (block.table && block.table.row > 0) texts.push(block.table.header);
    if (block.leadIn) texts.push(block.leadIn);
    for (let s: number | null = block.section; s !== null; ) {
      const sec: Extraction['sections'][number] | undefined = this.extraction.sections[s];
      if (!sec) break;
      if (sec.headingText) texts.push(sec.headingText);
      s = sec.parent;
    }
    for (const t of texts) {
      let hits = this.headHits.get(t);
      if (!hits) this.headHits.set(t, (hits = this.rules.concepts.matcher.match(foldForMatch(t))));
      if (hits.some((h) => set.has(h.concept))) return true;
    }
    return false;
  }

  /** A concept of the set in the section's text, outside the claim. */
  private sectionHas(section: number, bi: number, start: number, end: number, set: ConceptSet): boolean {
    const ev = this.sectionMatches(section);
    const base = ev.blockOffset.get(bi);
    const cs = base === undefined ? -1 : base + start;
    const ce = base === undefined ? -1 : base + end;
    const hits = this.sectionConcepts(section);
    return hits.some((h) => set.has(h.concept) && (h.end <= cs || h.start >= ce));
  }

  /**
   * The hits of the concepts `context` conditions look for, in the section's text (the text section
   * evidence is read in), read only when a condition asks.
   */
  private sectionConcepts(section: number): Hit[] {
    let hits = this.sectionHits.get(section);
    if (hits) return hits;
    const text = this.sectionText(section);
    const kept = this.options.memo?.store<Hit[]>('section-concepts');
    hits = kept?.get(text);
    if (!hits) {
      const wanted = this.rules.concepts.contextConcepts;
      hits = this.rules.concepts.matcher.match(foldForMatch(text)).filter((h) => wanted.has(h.concept));
      kept?.set(text, hits);
    }
    this.sectionHits.set(section, hits);
    return hits;
  }

  /** Contract fields stated by the claim's context: the sentence, then (by default) its section. */
  private stated(c: Candidate, sentence: Range, langs: CompiledLanguage[]): Set<EvidenceKind> {
    const block = this.extraction.blocks[c.block]!;
    const info = this.blockInfo(c.block);
    void langs;
    // The claim's own words never count as evidence for it.
    const sentLower = info.lower.slice(sentence[0], c.start) + ' \u2026 ' + info.lower.slice(c.end, sentence[1]);
    const all = [...this.rules.languages.values()];
    const out = statedIn(sentLower, all, this.rules.modelIdRe);
    // Inline code next to the claim (`gpt-image-2`) is evidence too, though never a claim.
    if (block.code) statedIn(block.code.join(' \n ').toLowerCase(), all, this.rules.modelIdRe, out);
    // A quantity the pattern itself captured as a contract field ("(?<limit>100) free credits").
    for (const [name, v] of Object.entries(c.groups)) if (v && EVIDENCE_KINDS.has(name)) out.add(name as EvidenceKind);
    if (this.hasDate(c.block, sentence)) out.add('checked-date');
    if ((c.rule.spec.evidenceScope ?? 'section') === 'section') this.sectionEvidence(block.section, c.block, c.start, c.end, out);
    return out;
  }

  /** Section evidence: every evidence match in the section (cached), minus those overlapping the claim. */
  private sectionEvidence(section: number, bi: number, start: number, end: number, out: Set<EvidenceKind>): void {
    const ev = this.sectionMatches(section);
    const base = ev.blockOffset.get(bi);
    const cs = base === undefined ? -1 : base + start;
    const ce = base === undefined ? -1 : base + end;
    for (const [kind, ranges] of ev.matches) {
      if (out.has(kind)) continue;
      if (ranges.some(([a, b]) => b <= cs || a >= ce)) out.add(kind);
    }
  }

  /** The text section evidence is read in (sectionMatches). */
  private sectionText(section: number): string {
    this.sectionMatches(section);
    return this.sectionTexts.get(section) ?? '';
  }

  private sectionMatches(section: number): SectionEvidence {
    let ev = this.sectionCache.get(section);
    if (ev) return ev;
    if (!this.children) {
      this.children = this.extraction.sections.map(() => []);
      this.extraction.sections.forEach((sec, i) => {
        if (sec.parent !== null) this.children![sec.parent]!.push(i);
      });
    }
    // A section's own blocks, and its subsections' unless it is a top-level (depth 1) section: under
    // a document title, the whole document would otherwise be one context.
    const inSection = new Set<number>([section]);
    const hb = this.extraction.sections[section]?.headingBlock;
    const depth = hb === null || hb === undefined ? 0 : (this.extraction.blocks[hb]?.depth ?? 0);
    if (depth >= 2) {
      const stack = [...(this.children[section] ?? [])];
      while (stack.length) {
        const sec = stack.pop()!;
        inSection.add(sec);
        stack.push(...(this.children[sec] ?? []));
      }
    }
    const parts: string[] = [];
    const blockOffset = new Map<number, number>();
    let len = 0;
    if (!this.sectionBlocks) {
      this.sectionBlocks = this.extraction.sections.map(() => []);
      this.extraction.blocks.forEach((b, i) => this.sectionBlocks![b.section]?.push(i));
    }
    const members: number[] = [];
    for (const sec of inSection) members.push(...(this.sectionBlocks[sec] ?? []));
    members.sort((a, b) => a - b);
    for (const i of members) {
      const b = this.extraction.blocks[i]!;
      blockOffset.set(i, len);
      const t = this.blockInfo(i).lower + (b.code ? ` \n ${b.code.join(' \n ').toLowerCase()}` : '');
      parts.push(t);
      len += t.length + 3;
    }
    const text = parts.join(' \n ');
    this.sectionTexts.set(section, text);
    const kept = this.options.memo?.store<Map<EvidenceKind, Array<[number, number]>>>('section-evidence');
    const known = kept?.get(text);
    if (known) {
      ev = { blockOffset, matches: known };
      this.sectionCache.set(section, ev);
      return ev;
    }
    const matches = new Map<EvidenceKind, Array<[number, number]>>();
    const add = (kind: EvidenceKind, re: RegExp) => {
      const g = globalCopy(re);
      g.lastIndex = 0;
      let m: RegExpExecArray | null;
      let list = matches.get(kind);
      while ((m = g.exec(text)) !== null) {
        if (m[0].length === 0) {
          g.lastIndex++;
          continue;
        }
        if (!list) matches.set(kind, (list = []));
        list.push([m.index, m.index + m[0].length]);
      }
    };
    for (const L of this.rules.languages.values()) for (const [kind, re] of L.evidence) add(kind as EvidenceKind, re);
    if (this.rules.modelIdRe) add('model-label', this.rules.modelIdRe);
    kept?.set(text, matches);
    ev = { blockOffset, matches };
    this.sectionCache.set(section, ev);
    return ev;
  }

  /** A date the reader sees apply: in the sentence, a heading or table caption above, or the date line. */
  private hasDate(bi: number, sentence: Range): boolean {
    const block = this.extraction.blocks[bi]!;
    if (findDates(block.text.slice(sentence[0], sentence[1])).length) return true;
    // A sentence of the same paragraph that dates its figures ("Prices as of 4 May 2026.").
    if (findDates(block.text).length) return true;
    let s: number | null = block.section;
    while (s !== null) {
      const sec: Extraction['sections'][number] | undefined = this.extraction.sections[s];
      if (!sec) break;
      if (sec.headingText && findDates(sec.headingText).length) return true;
      s = sec.parent;
    }
    if (block.kind === 'table-cell') {
      let k = bi;
      while (k > 0 && this.extraction.blocks[k - 1]!.kind === 'table-cell') k--;
      const cap = this.extraction.blocks[k - 1];
      if (cap && cap.kind === 'paragraph' && findDates(cap.text).length) return true;
    }
    return this.documentDate() !== null;
  }

  private message(rule: CompiledRule, claim: string, missing: ContractField[], mention: MentionReason | null): string {
    const spec = rule.spec;
    const routeNames = spec.routes.map((r) => this.rules.routes.get(r)?.name ?? r);
    const facts = (spec.facts ?? [])
      .map((s) => this.facts.get(s))
      .filter((f) => f !== undefined)
      .map((f) => `${f!.text} (checked ${f!.checked})`);
    const shown = claim.length > 80 ? `${claim.slice(0, 77)}…` : claim;
    let msg = spec.message
      .replace(/\{claim\}/g, shown)
      .replace(/\{routes\}/g, routeNames.join(', ') || 'unknown')
      .replace(/\{missing\}/g, missing.length ? missing.map((f) => FIELD_NAMES[f] ?? f).join(', ') : 'nothing')
      .replace(/\{facts\}/g, facts.join('; ') || 'no dated fact');
    if (mention) msg = `Mentioned, not claimed (${mention}): ${msg}`;
    return msg;
  }

  private templateContext(c: Candidate): TemplateContext {
    return {
      lang: c.lang,
      groups: c.groups,
      facts: this.facts,
      models: this.rules.models,
      language: this.rules.languages.get(c.lang)?.spec,
      dateLanguage: this.rules.languages.get(c.sentLang ?? c.lang)?.spec,
      after: this.extraction.blocks[c.block]!.text.slice(c.end, c.end + 40),
    };
  }

  /** Grow an edit range so it never leaves half of a quote pair behind (scare quotes). */
  private balanceQuotes(range: [number, number]): [number, number] {
    let [a, b] = range;
    const t = this.text;
    const inside = t.slice(a, b);
    const count = (ch: string) => inside.split(ch).length - 1;
    if (count('"') % 2 === 1) {
      if (t[a - 1] === '"') a--;
      else if (t[b] === '"') b++;
    }
    for (const [o, c] of [['“', '”'], ['«', '»'], ['‘', '’'], ['「', '」'], ['『', '』']] as const) {
      const d = count(o) - count(c);
      if (d < 0 && t[a - 1] === o) a--;
      else if (d > 0 && t[b] === c) b++;
    }
    return [a, b];
  }

  private fixes(c: Candidate, block: ProseBlock, claim: string): Fix[] {
    const out: Fix[] = [];
    const ctx = this.templateContext(c);
    const [ts, te] = c.target ?? [c.start, c.end];
    const plain = this.sourceRange(block, ts, te, true);
    const balanced = this.balanceQuotes(plain);
    // Capitalise only a replacement that starts its sentence, and never a model ID.
    const lead = this.blockInfo(c.block).lower.slice(c.sentStart ?? 0, ts);
    const atStart = /^[\s"'“‘«¡¿(*_\-–—:>#]*$/.test(lead);
    const make = (template: string, route: RouteId | null, preferred: boolean, title: (t: string) => string): boolean => {
      let t = template;
      if (c.groups.josa && !t.includes('{josa')) t += '{josa}';
      let rendered: string;
      try {
        rendered = renderTemplate(t, ctx);
      } catch (e) {
        if (e instanceof TemplateError) return false;
        throw e;
      }
      if (atStart && !(this.rules.modelIdRe?.test(rendered.split(/\s/)[0] ?? '') ?? false)) rendered = matchCase(rendered, block.text.slice(ts, te));
      const newText = escapeForHost(rendered, block.host, block.quote);
      // A template that keeps the quotes itself edits the plain range; one that drops them takes the pair.
      const range = /["“”«»‘’「」『』]/.test(rendered) ? plain : balanced;
      if (newText === this.text.slice(range[0], range[1])) return false; // a fix that changes nothing is no fix
      if (preferred && rendered.includes('[[')) preferred = false;
      out.push({
        title: title(rendered),
        route,
        preferred,
        edits: [{ start: range[0], end: range[1], newText }],
      });
      return true;
    };
    const spec = c.rule.spec;
    const preferredTitle = (t: string) => `Rewrite without the unsupported promise: "${t}"`;
    const own = c.pattern?.kind === 'frame' ? c.pattern.fix?.[c.lang] : c.pattern?.fix;
    if (own !== null) {
      // The pattern's own fix first; when it cannot be rendered (no fact states this price), the rule's.
      const made = own !== undefined && make(own, null, true, preferredTitle);
      const fallback = spec.preferred?.[c.lang];
      if (!made && fallback !== undefined && fallback !== own) make(fallback, null, true, preferredTitle);
    }
    for (const route of c.pattern?.alternatives ?? []) {
      const r = this.rules.routes.get(route);
      if (!r) continue;
      const template = c.groups.model ? r.label[c.lang] : (r.labelNoModel?.[c.lang] ?? r.label[c.lang]);
      if (template) make(template, route, false, (t) => `Label the ${r.name} route: "${t}"`);
    }
    // Exactly one preferred fix: the first.
    let seen = false;
    for (const f of out) {
      if (f.preferred && seen) f.preferred = false;
      if (f.preferred) seen = true;
    }
    return out;
  }

  /** Map a block text range to source offsets; for edits, grow it so no inline markup is cut. */
  private sourceRange(block: ProseBlock, a: number, b: number, forEdit: boolean): [number, number] {
    let start = block.starts[a]!;
    let end = block.ends[Math.max(a, b - 1)]!;
    if (forEdit && block.inline) {
      let changed = true;
      while (changed) {
        changed = false;
        for (const [s, e] of block.inline) {
          const overlaps = s < end && e > start;
          const contains = s <= start && end <= e;
          const inside = start <= s && e <= end;
          if (overlaps && !contains && !inside) {
            start = Math.min(start, s);
            end = Math.max(end, e);
            changed = true;
          }
        }
      }
    }
    return [start, end];
  }

  private placeholders(block: ProseBlock, bi: number, out: Finding[]): void {
    const re = /\[\[([^\]\n]{1,40})\]\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(block.text)) !== null) {
      const name = m[1]!.trim().toLowerCase();
      // Only the placeholders fixes write count: `[[Prototype]]` is the ECMAScript spec's notation, and
      // a writer's own double brackets are not routelint's business.
      const ruleId = this.rules.config.placeholders[name];
      if (!ruleId) continue;
      const rule = this.rules.byId.get(ruleId);
      if (!rule || this.severityOf(ruleId, rule.spec.severity) === 'off') continue;
      const [start, end] = this.sourceRange(block, m.index, m.index + m[0].length, false);
      out.push({
        ruleId,
        severity: 'warning',
        message: `Unfilled placeholder ${m[0]}: a fix left it for the fact only the writer knows. Replace it with the real value, or remove the sentence.`,
        start,
        end,
        routes: [],
        missing: [],
        fixes: [],
      });
      void bi;
      void block;
    }
  }

  private modelIds(block: ProseBlock, bi: number, out: Finding[]): void {
    const re = this.rules.modelFamilyRe;
    const rule = [...this.rules.rules].find((r) => r.spec.matcher === 'model-id');
    if (!re || !rule) return;
    if (this.severityOf(rule.spec.id, rule.spec.severity) === 'off') return;
    const known = this.facts.knownModelIds();
    // IDs in the prose, and in its inline code spans (`gpt-image-2-hd`): a code span is one barrier
    // character of the block's text; its ID is found in the source and reported there.
    const found: Array<{ id: string; start: number; end: number; src?: [number, number] }> = [];
    for (const m of block.text.matchAll(new RegExp(re.source, re.flags))) {
      if (!looksLikeModelId(block.text, m.index!, m.index! + m[0].length)) continue;
      found.push({ id: m[0], start: m.index!, end: m.index! + m[0].length });
    }
    for (let k = block.text.indexOf(BARRIER); k >= 0; k = block.text.indexOf(BARRIER, k + 1)) {
      const a = block.starts[k]!;
      const b = block.ends[k]!;
      if (this.text.charCodeAt(a) !== 96 /* ` */) continue;
      const code = this.text.slice(a, b);
      for (const m of code.matchAll(new RegExp(re.source, re.flags))) {
        if (!looksLikeModelId(code, m.index!, m.index! + m[0].length)) continue;
        found.push({ id: m[0], start: k, end: k + 1, src: [a + m.index!, a + m.index! + m[0].length] });
      }
    }
    for (const x of found) {
      const id = x.id.toLowerCase();
      if (known.has(id) || known.has(id.replace(SNAPSHOT, ''))) continue;
      const c: Candidate = { rule, pattern: null, block: bi, start: x.start, end: x.end, groups: { model: x.id }, lang: 'en' };
      const info = this.blockInfo(bi);
      const sents = this.sentences(bi);
      const si = sentenceAt(sents, c.start);
      const sLang = this.sentenceLang(info.lower.slice(sents[si]![0], sents[si]![1]), 'en');
      c.lang = sLang;
      const f = this.judgeCandidate(c);
      if (!f) continue;
      const ids = [...known].filter((k) => !SNAPSHOT.test(k)).sort();
      f.message = rule.spec.message
        .replace(/\{claim\}/g, () => x.id)
        .replace(/\{facts\}/g, `known public IDs: ${ids.join(', ')}`)
        .replace(/\{routes\}/g, 'official-api')
        .replace(/\{missing\}/g, 'exact model ID');
      if (f.mention) f.message = `Mentioned, not claimed (${f.mention}): ${f.message}`;
      // Offer the known IDs of the same family as replacements (not preferred: the writer chooses).
      const [s, e] = x.src ?? this.sourceRange(block, c.start, c.end, true);
      if (x.src) {
        f.start = s;
        f.end = e;
      }
      const family = id.replace(/-\d.*$/, '');
      f.fixes = ids
        .filter((k) => k.startsWith(family))
        .map((k) => ({ title: `Use the known model ID "${k}"`, route: null, preferred: false, edits: [{ start: s, end: e, newText: k }] }));
      out.push(f);
    }
  }

  /** Keys anywhere in the text, or (a patch) in the ranges linted again (chunks: lines, which no key crosses). */
  private secrets(out: Finding[], ranges?: ReadonlyArray<readonly [number, number]>): void {
    const re = this.rules.keyRe;
    const rule = this.rules.rules.find((r) => r.spec.matcher === 'secret');
    if (!re || !rule) return;
    if (this.severityOf(rule.spec.id, rule.spec.severity) === 'off') return;
    let ri = 0;
    re.lastIndex = ranges ? (ranges[0]?.[0] ?? this.text.length) : 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.text)) !== null) {
      if (ranges) {
        while (ri < ranges.length && m.index >= ranges[ri]![1]) ri++;
        if (ri >= ranges.length) break;
        if (m.index < ranges[ri]![0]) {
          re.lastIndex = ranges[ri]![0];
          continue;
        }
      }
      const key = m[0];
      if (this.rules.notAKey.some((r) => r.test(key))) continue;
      const fmt = [...this.rules.config.keyFormats].sort((a, b) => b.prefix.length - a.prefix.length).find((k) => key.startsWith(k.prefix));
      const masked = maskKey(key, fmt?.prefix ?? '');
      const provider = fmt?.provider ?? 'an AI provider';
      const env = `YOUR_${provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
      out.push({
        ruleId: rule.spec.id,
        severity: this.severityOf(rule.spec.id, rule.spec.severity) as Severity,
        message: rule.spec.message
          .replace(/\{claim\}/g, `${provider} key ${masked}`)
          .replace(/\{routes\}/g, 'no-login-wrapper')
          .replace(/\{missing\}/g, 'owner, payer')
          .replace(/\{facts\}/g, ''),
        start: m.index,
        end: m.index + key.length,
        routes: [...rule.spec.routes],
        missing: ['owner', 'payer'],
        fixes: [
          {
            title: `Replace the key ${masked} with a placeholder the reader fills with their own key`,
            route: null,
            preferred: true,
            edits: [{ start: m.index, end: m.index + key.length, newText: env }],
          },
        ],
      });
    }
  }

  /** Sorted, without repeats: the same rule on overlapping spans (two patterns of one rule) keeps the longer. */
  private dedupe(findings: Finding[]): Finding[] {
    findings.sort(byPosition);
    const out: Array<Finding | null> = [];
    // the last kept finding of each rule (findings of other rules may sit between two of one rule)
    const last = new Map<string, number>();
    for (const f of findings) {
      const k = last.get(f.ruleId);
      const prev = k === undefined ? undefined : out[k]!;
      if (prev && prev.start === f.start && prev.end === f.end) continue;
      if (prev && f.start < prev.end && !prev.mention === !f.mention) {
        // overlapping findings of one rule (two frames or patterns): the longer one, where the first was
        if (f.end - f.start > prev.end - prev.start) out[k!] = f;
        continue;
      }
      last.set(f.ruleId, out.length);
      out.push(f);
    }
    return (out as Finding[]).sort(byPosition);
  }

  /** At most maxFindings, then one finding that says how many more there are. */
  private cap(out: Finding[]): Finding[] {
    const max = this.options.maxFindings ?? DEFAULT_MAX_FINDINGS;
    if (out.length > max) {
      const rest = out.length - max;
      const last = out[max - 1]!;
      const kept = out.slice(0, max);
      kept.push({
        ruleId: 'too-many-findings',
        severity: 'warning',
        message: `${rest} more finding${rest === 1 ? '' : 's'} in this file not shown (the cap is ${max} per file).`,
        start: last.end,
        end: last.end,
        routes: [],
        missing: [],
        fixes: [],
      });
      return kept;
    }
    return out.slice();
  }
}

export { maskKey };

/**
 * The routes a claim implies, as its text tells them: a page that says who runs it or who pays
 * (its own accounts, per-image billing, ad-supported) is a provider's route, not a no-login wrapper
 * with no stated owner.
 */
function impliedRoutes(routes: readonly RouteId[], stated: ReadonlySet<EvidenceKind>): RouteId[] {
  if (!routes.includes('no-login-wrapper') || !(stated.has('owner') || stated.has('payer'))) return [...routes];
  const out = routes.map((r) => (r === 'no-login-wrapper' ? 'provider-trial' : r));
  return [...new Set(out)];
}


/**
 * A model ID's match that is no part of a domain name, URL or path (`gpt-image-2.art`,
 * `cdn/gpt-image-2-pro.png`, `https://…/gpt-image-2`).
 */
function looksLikeModelId(text: string, a: number, b: number): boolean {
  const before = text[a - 1] ?? ' ';
  const after = text[b] ?? ' ';
  if (before === '/' || before === '@' || before === '.' || before === ':' || before === '\\') return false;
  if (after === '/' || after === '@' || (after === '.' && /[a-z]/i.test(text[b + 1] ?? ''))) return false;
  // the whole token around it: a URL or a host
  let s = a;
  while (s > 0 && !/\s/.test(text[s - 1]!)) s--;
  let e = b;
  while (e < text.length && !/\s/.test(text[e]!)) e++;
  const token = text.slice(s, e);
  return !/:\/\/|^www\.|\.(?:com|net|org|io|ai|art|app|dev|xyz|top|co|me|site|online)\b/i.test(token);
}

/** The frames whose every `also` condition asks the document's head for concepts it does not hold. */
export function framesGatedOut(rules: CompiledRules, doc: ReadonlySet<number>): ReadonlySet<CompiledUnit> | null {
  const out = new Set<CompiledUnit>();
  for (const r of rules.rules) {
    for (const f of r.frames) {
      if (!f.also) continue;
      if (f.also.every((c) => c.document !== undefined && ![...c.document].some((id) => doc.has(id)))) out.add(f);
    }
  }
  return out.size ? out : null;
}

/**
 * The concepts of `document` conditions a document's head holds. `folded`: the document's fold when
 * made already (folding is per character, Greek final sigma aside, which no form holds: the
 * document's fold cut to the head is the head's fold).
 */
export function headConcepts(rules: CompiledRules, text: string, folded?: string | null): number[] {
  const wanted = rules.concepts.documentConcepts;
  const out = new Set<number>();
  if (!wanted.size) return [];
  const head = documentHead(text);
  for (const h of rules.concepts.matcher.match(folded?.slice(0, head.length) ?? foldForMatch(head), rules.concepts.headConcepts)) if (wanted.has(h.concept)) out.add(h.concept);
  return [...out];
}

/** How much of a document's top says what it is about (documentConcepts). */
export const DOCUMENT_HEAD = 4000;

export function documentHead(t: string): string {
  if (t.length <= DOCUMENT_HEAD) return t;
  const max = Math.min(t.length, 4 * DOCUMENT_HEAD);
  const x = /\n[ \t\r]*\n/.exec(t.slice(DOCUMENT_HEAD, max));
  return t.slice(0, x ? DOCUMENT_HEAD + x.index : max);
}

/** Words entirely inside [a, b) of a layout. */
function wordsIn(L: { tokenStarts: Int32Array; tokenEnds: Int32Array; tokenCount: number }, a: number, b: number): number {
  let n = 0;
  for (let i = 0; i < L.tokenCount; i++) if (L.tokenStarts[i]! >= a && L.tokenEnds[i]! <= b) n++;
  return n;
}

/** A frame whose conditions read the section (`context`). */
function readsSection(u: CompiledUnit | null): boolean {
  return u?.kind === 'frame' && [...(u.also ?? []), ...(u.unless ?? [])].some((c) => !!c.context);
}
