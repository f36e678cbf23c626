// Compiling loaded packs into the matchers the engine runs: once per rule set, never per file.
import { anchorsOf, minimizeAnchors } from './anchors.js';
import { CODE, COMMON, compileForm, ConceptMatcher, formRequirement, NUMBER, type CompiledForm } from './concepts.js';
import { clauseWeight, dedupeClause, type Req } from './candidates.js';
import { FrameSyntaxError, parseFrame, type FrameShape } from './frames.js';
import { foldForMatch } from './prose.js';
import { PackError, type LoadedPack, type YamlPath } from './packs.js';
import type {
  ConceptDefSpec,
  ConfigFactsSpec,
  FactSpec,
  FrameConditionSpec,
  FrameSpec,
  LanguageSpec,
  ModelSpec,
  PatternSpec,
  RouteSpec,
  RuleSpec,
} from './schema.js';
import type { Lang, RouteId } from './types.js';
import { LANGS } from './types.js';

export interface CompiledPattern {
  kind: 'regex';
  lang: Lang;
  re: RegExp;
  /** Required literals (folded): the pattern runs only on blocks containing one. null: always runs. */
  anchors: string[] | null;
  source: string;
  fix: string | null | undefined;
  alternatives: RouteId[];
  alwaysUse: boolean;
  /** Only in table cells whose column header matches (lower-cased, folded). */
  header: RegExp | null;
}

/** Concepts a frame condition asks for, as concept ids (a group's members included). */
export type ConceptSet = ReadonlySet<number>;

export interface CompiledConditions {
  clause?: ConceptSet;
  sentence?: ConceptSet;
  head?: ConceptSet;
  context?: ConceptSet;
  before?: ConceptSet;
  gap?: ConceptSet;
  document?: ConceptSet;
}

export interface CompiledFrame {
  kind: 'frame';
  shape: FrameShape;
  /** The frame as written. */
  source: string;
  /** Preferred fix per language (undefined: the rule's `preferred`; null: none). */
  fix: Partial<Record<Lang, string | null>> | undefined;
  /** The element (a concept name of it) whose words fixes replace; null: the whole match. */
  fixTarget: string | null;
  alternatives: RouteId[];
  alwaysUse: boolean;
  header: null;
  /** Only for claims in these languages (null: every language). */
  langs: ReadonlySet<Lang> | null;
  /** Any one must hold (each: every key of it). */
  also: CompiledConditions[] | null;
  /** Any one that holds cancels the match. */
  unless: CompiledConditions[] | null;
  /** Only where the clause around the match has at most this many words. */
  short: number | null;
  /** Requirement clauses for the candidate scan (strongest first). */
  clauses: Req[][];
}

/** What can match in a block: a regular-expression pattern, or a frame over concepts. */
export type CompiledUnit = CompiledPattern | CompiledFrame;

export interface CompiledConcepts {
  /** Concept names by id (built-ins NUMBER and CODE included). */
  names: string[];
  ids: Map<string, number>;
  /** For each concept id, the ids it stands for (itself and, for a group, its members). */
  members: Array<ReadonlySet<number>>;
  matcher: ConceptMatcher;
  /** Per concept id: the requirements its forms put on source text (a disjunction). */
  requirements: Req[][];
  /** Concepts frame conditions read in a section's text (evidence kinds "c:<id>"). */
  contextConcepts: ReadonlySet<number>;
  /** Concepts frame conditions look for in the document's head. */
  documentConcepts: ReadonlySet<number>;
  /** The concepts read in a document's head: documentConcepts and OTHER-SENSE (which shadows them). */
  headConcepts: ReadonlySet<number>;

  /** Clause breaks for frames (punctuation and the languages' `frameBreaks`), global. */
  frameBreaks: RegExp;
}

export interface CompiledRule {
  spec: RuleSpec;
  patterns: CompiledPattern[];
  frames: CompiledFrame[];
  /** Where the rule was defined, for error messages. */
  origin: string;
}

export interface CompiledLanguage {
  spec: LanguageSpec;
  negBefore: RegExp | null;
  negAfter: RegExp | null;
  negAfterNear: RegExp | null;
  notNegation: RegExp | null;
  frames: Array<{ re: RegExp; where: 'before' | 'after'; scope: 'clause' | 'sentence'; kind: string }>;
  firstPerson: RegExp | null;
  quoteCues: RegExp | null;
  yes: RegExp;
  no: RegExp;
  salesQuestion: RegExp | null;
  clauseBreaks: RegExp | null;
  mentionHeaders: RegExp | null;
  abbreviations: Set<string>;
  evidence: Map<string, RegExp>;
  commonWords: Set<string>;
}

export interface CompiledRules {
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  concepts: CompiledConcepts;
  languages: Map<Lang, CompiledLanguage>;
  routes: Map<RouteId, RouteSpec>;
  facts: FactSpec[];
  models: ModelSpec[];
  config: ConfigFactsSpec;
  /**
   * File-level prefilter: a folded file containing none of these literals cannot match any phrase
   * pattern. null when some pattern has no derivable anchor (then every file is parsed).
   */
  anchors: RegExp | null;
  /**
   * The literals of frames that only match where the document's head holds their `document`
   * concepts: a file holding none of `anchors` but some of these may still match, if its head says so.
   */
  gatedAnchors: RegExp | null;
  /** Patterns (rule id and source) without anchors, for the meta-test. */
  unanchored: string[];
  /** Secret key formats. */
  keyRe: RegExp | null;
  notAKey: RegExp[];
  /** Model-id family regex (for the model-id matcher; global: use matchAll on a fresh copy). */
  modelFamilyRe: RegExp | null;
  /** The same, not global: for tests of evidence. */
  modelIdRe: RegExp | null;
}

const WORD = '[\\p{L}\\p{N}_]';
const Q = '["\'“”‘’«»「」『』]';

/** Fold a pattern's literal characters the way the text is folded, leaving escapes alone. */
export function foldPatternSource(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if ((n === 'p' || n === 'P' || n === 'u' || n === 'x' || n === 'k') && src[i + 2] === '{' || (n === 'k' && src[i + 2] === '<')) {
        const close = src.indexOf(n === 'k' && src[i + 2] === '<' ? '>' : '}', i + 2);
        const end = close < 0 ? src.length : close + 1;
        out += src.slice(i, end);
        i = end - 1;
      } else {
        out += c + n;
        i++;
      }
    } else if (c === '(' && src[i + 1] === '?' && src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
      // Named group: keep the name's case.
      const close = src.indexOf('>', i);
      out += src.slice(i, close + 1);
      i = close;
    } else {
      out += foldForMatch(c);
    }
  }
  return out;
}

/** Spaces outside character classes mean "one or more white space". */
function spacesToWhitespace(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === ' ') {
      while (src[i + 1] === ' ') i++;
      // "a ?b": the white space itself is optional.
      if (src[i + 1] === '?' && src[i] === ' ') {
        i++;
        out += '\\s*';
        continue;
      }
      // Between words, white space; quotes around a word (scare quotes) do not break a phrase.
      out += `${Q}?\\s+${Q}?`;
      continue;
    }
    out += c;
  }
  return out;
}

function expandMacros(src: string, macros: Record<string, string>, where: () => PackError): string {
  let out = src;
  for (let round = 0; round < 5; round++) {
    const next = out.replace(/(?<!\\[pPk])\{([a-zA-Z][a-zA-Z0-9_]*)\}/g, (_m, name: string) => {
      const body = macros[name];
      if (body === undefined) {
        const err = where();
        throw new PackError(err.file, err.line, err.column, err.field, `unknown macro {${name}}`);
      }
      return `(?:${body})`;
    });
    if (next === out) return out;
    out = next;
  }
  return out;
}

/** Reject pattern shapes that can backtrack catastrophically: a quantified group containing a quantifier. */
export function unsafePatternReason(src: string): string | null {
  // Track groups; a group containing an unbounded quantifier that is itself quantified is refused.
  const stack: Array<{ hasQuant: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      stack.push({ hasQuant: false });
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      const q = src[i + 1];
      const quantified = q === '*' || q === '+' || (q === '{' && /^\{\d+,\d*\}/.test(src.slice(i + 1)) && !/^\{\d+,\d{1,2}\}/.test(src.slice(i + 1)));
      if (g?.hasQuant && quantified) return 'a repeated group that itself repeats (nested quantifiers) can backtrack catastrophically';
      if (g?.hasQuant && stack.length) stack[stack.length - 1]!.hasQuant = true;
      if (quantified && stack.length) stack[stack.length - 1]!.hasQuant = true;
      continue;
    }
    if ((c === '*' || c === '+') && stack.length) stack[stack.length - 1]!.hasQuant = true;
    if (c === '{' && /^\{\d+,\d*\}/.test(src.slice(i)) && stack.length) stack[stack.length - 1]!.hasQuant = true;
  }
  return null;
}

export function compilePhrase(
  raw: string,
  lang: Lang,
  macros: Record<string, string>,
  boundary: 'both' | 'start' | 'none',
  where: () => PackError,
): RegExp {
  const expanded = expandMacros(raw, macros, where);
  const reason = unsafePatternReason(expanded);
  if (reason) {
    const err = where();
    throw new PackError(err.file, err.line, err.column, err.field, `pattern refused: ${reason}`);
  }
  let src = spacesToWhitespace(foldPatternSource(expanded));
  if (boundary !== 'none') src = `(?<!${WORD})(?:${src})`;
  if (boundary === 'both') src = `${src}(?!${WORD})`;
  void lang;
  try {
    return new RegExp(src, 'gdu');
  } catch (e) {
    const err = where();
    throw new PackError(err.file, err.line, err.column, err.field, `invalid pattern: ${(e as Error).message}`);
  }
}

/** Cue lists are alternations of words/phrases, matched on lower-cased (not accent-folded) text. */
function cueRegex(items: string[], flags = 'u', bounded = true): RegExp | null {
  if (items.length === 0) return null;
  const body = items.map((s) => spacesToWhitespace(s)).join('|');
  return new RegExp(bounded ? `(?<!${WORD})(?:${body})(?!${WORD})` : `(?:${body})`, flags);
}

export interface CompileOptions {
  languages?: readonly Lang[];
}

/** Merge packs (later packs override rules, routes and languages by id; facts add up) and compile. */
export function compileRules(packs: LoadedPack[], options: CompileOptions = {}): CompiledRules {
  const enabled = new Set(options.languages ?? LANGS);
  const ruleSources = new Map<string, { spec: RuleSpec; pack: LoadedPack; index: number }>();
  const routes = new Map<RouteId, RouteSpec>();
  const facts: FactSpec[] = [];
  const models: ModelSpec[] = [];
  const languageSpecs = new Map<Lang, { spec: LanguageSpec; pack: LoadedPack }>();
  let config: ConfigFactsSpec | null = null;
  for (const pack of packs) {
    const s = pack.spec;
    s.rules?.forEach((r, index) => ruleSources.set(r.id, { spec: r, pack, index }));
    for (const [id, r] of Object.entries(s.routes ?? {})) routes.set(id as RouteId, r as RouteSpec);
    facts.push(...(s.facts ?? []));
    models.push(...(s.models ?? []));
    if (s.language) {
      const prev = languageSpecs.get(s.language.lang);
      languageSpecs.set(s.language.lang, {
        spec: prev ? mergeLanguage(prev.spec, s.language) : s.language,
        pack,
      });
    }
    if (s.config) config = config ? ({ ...(config as ConfigFactsSpec), ...s.config } as ConfigFactsSpec) : s.config;
  }
  if (!config) throw new PackError('rules/', 1, 1, 'config', 'no pack defines `config` (config facts)');

  const languages = new Map<Lang, CompiledLanguage>();
  for (const [lang, { spec }] of languageSpecs) languages.set(lang, compileLanguage(spec));

  // Model names become the {model} macro of every language, so patterns and facts agree.
  const toAlt = (names: string[]) =>
    names
      .sort((a, b) => b.length - a.length)
      .map((n) => foldPatternSource(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).replace(/[ -]/g, '[ -]?'))
      .join('|');
  const modelNames = toAlt(models.flatMap((m) => [m.id, ...m.names]));
  const brandNames = toAlt(models.flatMap((m) => m.names));

  const concepts = compileConcepts(packs, languageSpecs, enabled, models);
  const contextConcepts = new Set<number>();
  const documentConcepts = new Set<number>();

  const rules: CompiledRule[] = [];
  const anchorSet = new Set<string>();
  const gatedAnchorSet = new Set<string>();
  const unanchored: string[] = [];
  for (const { spec, pack, index } of ruleSources.values()) {
    const frames: CompiledFrame[] = [];
    (spec.frames ?? []).forEach((f, fi) => {
      const frame = compileFrame(f, concepts, (field, problem) => {
        const path: YamlPath = ['rules', index, 'frames', fi, ...(typeof f === 'string' ? [] : [field])];
        const pos = pack.locate(path);
        return new PackError(pack.path, pos.line, pos.column, fieldPath(path), problem);
      });
      for (const cond of [...(frame.also ?? []), ...(frame.unless ?? [])]) {
        if (cond.context) for (const id of cond.context) contextConcepts.add(id);
        if (cond.document) for (const id of cond.document) documentConcepts.add(id);
      }
      // The file prefilter's literals: the clause whose every requirement is the rarest as a substring.
      const anchorScore = (c: Req[]) => Math.min(...c.map((r) => (r.kind === 'range' ? -1 : r.text.length - (COMMON.has(r.text) ? 3 : 0))));
      const best = [...frame.clauses].sort((a, b) => anchorScore(b) - anchorScore(a))[0];
      const gated = !!frame.also && frame.also.every((c) => c.document !== undefined);
      if (best && best.every((r) => r.kind !== 'range')) {
        for (const r of best) (gated ? gatedAnchorSet : anchorSet).add(r.text);
      } else unanchored.push(`${spec.id}: ${frame.source}`);
      frames.push(frame);
    });
    const patterns: CompiledPattern[] = [];
    for (const lang of LANGS) {
      const list = spec.patterns?.[lang];
      if (!list) continue;
      const langSpec = languageSpecs.get(lang)?.spec;
      const macros: Record<string, string> = { model: modelNames || 'a^', brand: brandNames || 'a^', ...(langSpec?.macros ?? {}) };
      list.forEach((p: PatternSpec, pi) => {
        const obj = typeof p === 'string' ? { match: p } : p;
        const path: YamlPath = ['rules', index, 'patterns', lang, pi, ...(typeof p === 'string' ? [] : ['match'])];
        const where = () => {
          const pos = pack.locate(path);
          return new PackError(pack.path, pos.line, pos.column, fieldPath(path), '');
        };
        const boundary = obj.boundary ?? (lang === 'ko' ? 'start' : 'both');
        const re = compilePhrase(obj.match, lang, macros, boundary, where);
        if (!enabled.has(lang)) return;
        const a = anchorsOf(re.source);
        if (a) for (const x of a) anchorSet.add(x);
        else unanchored.push(`${spec.id}: ${obj.match}`);
        patterns.push({
          kind: 'regex',
          lang,
          re,
          anchors: a ? minimizeAnchors(a) : null,
          source: obj.match,
          fix: obj.fix,
          alternatives: obj.alternatives ?? spec.alternatives ?? [],
          alwaysUse: obj.mention === 'always-use',
          header: obj.header ? new RegExp(foldPatternSource(obj.header), 'u') : null,
        });
      });
    }
    rules.push({ spec, patterns, frames, origin: pack.path });
  }

  let keyRe: RegExp | null = null;
  if (config.keyFormats.length) {
    const alts = [...config.keyFormats]
      .sort((a, b) => b.prefix.length - a.prefix.length)
      .map((k) => `${k.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${k.body}{${Math.max(1, k.minLength - k.prefix.length)},}`);
    keyRe = new RegExp(`(?<![A-Za-z0-9_-])(?:${alts.join('|')})`, 'g');
  }
  const notAKey = config.notAKey.map((s) => new RegExp(s, 'i'));
  const modelFamilyRe = config.modelFamilies.length
    ? new RegExp(`(?<![A-Za-z0-9_.-])(?:${config.modelFamilies.join('|')})(?![A-Za-z0-9_-])`, 'gi')
    : null;

  const literals = (set: Set<string>) => {
    const list = minimizeAnchors(set);
    return list.length ? new RegExp(list.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'u') : null;
  };
  const anchors = unanchored.length === 0 ? literals(anchorSet) : null;
  const gatedAnchors = literals(gatedAnchorSet);

  concepts.contextConcepts = contextConcepts;
  concepts.documentConcepts = documentConcepts;
  const otherSense = concepts.ids.get('OTHER-SENSE');
  concepts.headConcepts = new Set([...documentConcepts, ...(otherSense === undefined ? [] : [otherSense])]);

  return {
    rules,
    concepts,
    anchors,
    gatedAnchors,
    unanchored,
    byId: new Map(rules.map((r) => [r.spec.id, r])),
    languages,
    routes,
    facts,
    models,
    config,
    keyRe,
    notAKey,
    modelFamilyRe,
    modelIdRe: modelFamilyRe ? new RegExp(modelFamilyRe.source, 'i') : null,
  };
}

function fieldPath(path: YamlPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : String(p);
  return out;
}

function mergeLanguage(a: LanguageSpec, b: LanguageSpec): LanguageSpec {
  // A user pack that adds a language file extends the shipped lists rather than replacing them.
  const merged = { ...a } as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    const prev = merged[k];
    if (k === 'concepts' && prev && v) {
      const forms: Record<string, string[]> = { ...(prev as Record<string, string[]>) };
      for (const [name, list] of Object.entries(v as Record<string, string[]>)) forms[name] = [...(forms[name] ?? []), ...list];
      merged[k] = forms;
    } else if (Array.isArray(v) && Array.isArray(prev)) merged[k] = [...prev, ...v];
    else if (v && typeof v === 'object' && prev && typeof prev === 'object' && !Array.isArray(v))
      merged[k] = { ...(prev as object), ...(v as object) };
    else merged[k] = v;
  }
  return merged as LanguageSpec;
}

function compileLanguage(spec: LanguageSpec): CompiledLanguage {
  const evidence = new Map<string, RegExp>();
  for (const [k, list] of Object.entries(spec.evidence)) {
    const re = cueRegex(list ?? [], 'u', spec.lang !== 'ko');
    if (re) evidence.set(k, re);
  }
  return {
    spec,
    negBefore: cueRegex(spec.negation.before, 'gu'),
    negAfter: cueRegex(spec.negation.after, 'u', spec.lang !== 'ko'),
    negAfterNear: cueRegex(spec.negation.afterNear, 'u', spec.lang !== 'ko'),
    notNegation: cueRegex(spec.negation.notNegation, 'gu'),
    frames: spec.frames.map((f) => ({
      re: new RegExp(
        spec.lang === 'ko' ? `(?:${spacesToWhitespace(f.pattern)})` : `(?<!${WORD})(?:${spacesToWhitespace(f.pattern)})(?!${WORD})`,
        'u',
      ),
      where: f.where,
      scope: f.scope,
      kind: f.kind,
    })),
    firstPerson: cueRegex(spec.firstPerson, 'u'),
    quoteCues: cueRegex(spec.quoteCues, 'u', spec.lang !== 'ko'),
    yes: cueRegex(spec.yes, 'u')!,
    no: cueRegex(spec.no, 'u')!,
    salesQuestion: cueRegex(spec.salesQuestion, 'u'),
    clauseBreaks: spec.clauseBreaks.length ? new RegExp(spec.clauseBreaks.join('|'), 'gu') : null,
    mentionHeaders: cueRegex(spec.mentionHeaders, 'u', spec.lang !== 'ko'),
    abbreviations: new Set(spec.abbreviations.map((a) => a.toLowerCase())),
    evidence,
    commonWords: new Set(spec.commonWords.map((w) => w.toLowerCase())),
  };
}

// ---------------------------------------------------------------------------------------------
// Concepts and frames

/** Punctuation that ends a clause for frames, in every language. */
const FRAME_PUNCTUATION = '(?<!\\d),|,(?!\\d)|[;()\\[\\]（）、，；•·・|]|\\s[-—–]\\s|[—–]';

function compileConcepts(
  packs: LoadedPack[],
  languageSpecs: Map<Lang, { spec: LanguageSpec; pack: LoadedPack }>,
  enabled: ReadonlySet<Lang>,
  models: ModelSpec[],
): CompiledConcepts {
  const defs = new Map<string, { def: ConceptDefSpec; pack: LoadedPack }>();
  const defForms: Array<{ name: string; lang: string; form: string; pack: LoadedPack; path: YamlPath }> = [];
  for (const pack of packs) {
    for (const [name, def] of Object.entries(pack.spec.concepts ?? {})) {
      const prev = defs.get(name)?.def;
      defs.set(name, { def: prev ? { about: def.about, includes: [...(prev.includes ?? []), ...(def.includes ?? [])] } : { about: def.about, includes: def.includes }, pack });
      // forms keep their pack (for error positions): '*' for a list of every language
      const byLang: Array<[string, string[]]> = Array.isArray(def.forms) ? [['*', def.forms]] : Object.entries(def.forms ?? {});
      for (const [lang, list] of byLang) {
        list.forEach((form, fi) => defForms.push({ name, lang, form, pack, path: ['concepts', name, 'forms', ...(lang === '*' ? [] : [lang]), fi] }));
      }
    }
  }
  const names = [NUMBER, CODE, ...[...defs.keys()].filter((n) => n !== NUMBER && n !== CODE)];
  const ids = new Map(names.map((n, i) => [n, i]));
  // A group stands for its members (and theirs): the closure of `includes`.
  const members: Array<Set<number>> = names.map((_, i) => new Set([i]));
  for (const [name, { def, pack }] of defs) {
    for (const [ii, inc] of (def.includes ?? []).entries()) {
      if (!ids.has(inc)) {
        const pos = pack.locate(['concepts', name, 'includes', ii]);
        throw new PackError(pack.path, pos.line, pos.column, `concepts.${name}.includes[${ii}]`, `unknown concept ${inc}`);
      }
    }
  }
  const closure = (id: number, seen: Set<number>): void => {
    const def = defs.get(names[id]!)?.def;
    for (const inc of def?.includes ?? []) {
      const j = ids.get(inc)!;
      if (seen.has(j)) continue;
      seen.add(j);
      closure(j, seen);
    }
  };
  names.forEach((_, i) => closure(i, members[i]!));

  const forms: CompiledForm[] = [];
  const add = (source: string, concept: string, lang: string, where: () => PackError) => {
    try {
      forms.push(...compileForm({ source, concept, lang }, ids.get(concept)!, foldForMatch));
    } catch (e) {
      const err = where();
      throw new PackError(err.file, err.line, err.column, err.field, `bad form: ${(e as Error).message}`);
    }
  };
  for (const { name, lang, form, pack, path } of defForms) {
    if (lang !== '*' && !enabled.has(lang as Lang)) continue;
    add(form, name, lang, () => {
      const pos = pack.locate(path);
      return new PackError(pack.path, pos.line, pos.column, fieldPath(path), '');
    });
  }
  // The models pack is the one source of model names: MODEL has every ID and name, BRAND the names.
  const noPack = () => new PackError('rules/', 1, 1, 'models', '');
  if (ids.has('MODEL')) for (const m of models) for (const n of [m.id, ...m.names]) add(n, 'MODEL', '*', noPack);
  if (ids.has('BRAND')) for (const m of models) for (const n of m.names) add(n, 'BRAND', '*', noPack);
  const breakWords: string[] = [];
  const boundedBreaks: string[] = [];
  for (const [lang, { spec, pack }] of languageSpecs) {
    if (!enabled.has(lang)) continue;
    for (const [name, list] of Object.entries(spec.concepts)) {
      const where = (fi?: number) => () => {
        const path: YamlPath = ['language', 'concepts', name, ...(fi === undefined ? [] : [fi])];
        const pos = pack.locate(path);
        return new PackError(pack.path, pos.line, pos.column, fieldPath(path), '');
      };
      if (!ids.has(name)) {
        const err = where()();
        throw new PackError(err.file, err.line, err.column, err.field, `unknown concept ${name}: define it under the top-level \`concepts:\` of a pack`);
      }
      list.forEach((f, fi) => add(f, name, lang, where(fi)));
    }
    for (const w of spec.frameBreaks) {
      const src = spacesToWhitespace(foldPatternSource(w));
      if (lang === 'ko') breakWords.push(`(?:${src})`);
      else boundedBreaks.push(src);
    }
  }
  // The same text twice (names that normalize alike: "GPT-Image-2", "GPT Image 2") is one form.
  const seen = new Set<string>();
  const unique = forms.filter((f) => {
    const key = `${f.concept}\u0001${f.lang}\u0001${f.glueLeft}\u0001${f.glueRight}\u0001${f.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const matcher = new ConceptMatcher(unique, ids.get(NUMBER)!, ids.get(CODE)!);
  const own: Req[][] = names.map(() => []);
  for (const f of unique) own[f.concept]!.push(formRequirement(f));
  const requirements = names.map((_, i) => dedupeClause([...members[i]!].flatMap((j) => own[j]!)));
  return {
    names,
    ids,
    members,
    matcher,
    requirements,
    contextConcepts: new Set(),
    documentConcepts: new Set(),
    headConcepts: new Set(),
    frameBreaks: new RegExp([FRAME_PUNCTUATION, ...(boundedBreaks.length ? [`(?<!${WORD})(?:${boundedBreaks.join('|')})(?!${WORD})`] : []), ...breakWords].join('|'), 'gu'),
  };
}

function compileFrame(f: FrameSpec, concepts: CompiledConcepts, error: (field: string, problem: string) => PackError): CompiledFrame {
  const obj = typeof f === 'string' ? { match: f } : f;
  const resolve = (name: string): ReadonlySet<number> => {
    const id = concepts.ids.get(name);
    if (id === undefined) throw new FrameSyntaxError(`unknown concept ${name}`);
    return concepts.members[id]!;
  };
  let elems;
  try {
    elems = parseFrame(obj.match, resolve);
  } catch (e) {
    if (e instanceof FrameSyntaxError) throw error('match', `frame refused: ${e.message}`);
    throw e;
  }
  if (typeof f !== 'string' && f.fixTarget && !elems.some((e) => e.names.includes(f.fixTarget!))) {
    throw error('fixTarget', `"${f.fixTarget}" names no element of the frame`);
  }
  const conditions = (c: FrameConditionSpec | FrameConditionSpec[] | undefined, field: string): CompiledConditions[] | null => {
    if (!c) return null;
    return (Array.isArray(c) ? c : [c]).map((x) => condition(x, field));
  };
  const condition = (c: FrameConditionSpec, field: string): CompiledConditions => {
    const out: CompiledConditions = {};
    for (const [k, v] of Object.entries(c) as Array<[keyof CompiledConditions, string]>) {
      const ids = new Set<number>();
      for (const name of v.split('|').map((x) => x.trim())) {
        try {
          for (const id of resolve(name)) ids.add(id);
        } catch (e) {
          if (e instanceof FrameSyntaxError) throw error(field, `${k}: ${e.message}`);
          throw e;
        }
      }
      out[k] = ids;
    }
    return out;
  };
  // One clause per required element: a block's source must hold one of its concepts' forms. An
  // element that may be a number or a code span puts no requirement (those have no forms).
  const clauses: Req[][] = [];
  for (const e of elems) {
    if (e.optional) continue;
    const reqs: Req[] = [];
    let open = false;
    for (const id of e.concepts) {
      const r = concepts.requirements[id]!;
      if (r.length === 0) open = true;
      reqs.push(...r);
    }
    if (!open && reqs.length) clauses.push(dedupeClause(reqs));
  }
  clauses.sort((a, b) => clauseWeight(b) - clauseWeight(a));

  return {
    kind: 'frame',
    shape: { elems, either: typeof f === 'string' ? false : (f.either ?? false), scope: typeof f === 'string' ? 'clause' : (f.scope ?? 'clause') },
    source: obj.match,
    fix: typeof f === 'string' ? undefined : f.fix,
    fixTarget: typeof f === 'string' ? null : (f.fixTarget ?? null),
    alternatives: typeof f === 'string' ? [] : (f.alternatives ?? []),
    alwaysUse: typeof f !== 'string' && f.mention === 'always-use',
    header: null,
    langs: typeof f === 'string' || !f.langs ? null : new Set(f.langs),
    also: conditions(typeof f === 'string' ? undefined : f.also, 'also'),
    unless: conditions(typeof f === 'string' ? undefined : f.unless, 'unless'),
    short: typeof f === 'string' ? null : (f.short ?? null),
    clauses,
  };
}
