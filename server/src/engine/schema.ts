// zod schemas for rule packs: one source for validation, the JSON Schema users write packs
// against (scripts/gen.mjs), and the documentation in docs/rule-packs.md.
import { z } from 'zod';
import { CONTRACT_FIELDS, LANGS, ROUTE_IDS } from './types.js';

export const LangSchema = z.enum(LANGS as unknown as ['en', 'ko', 'es']);
export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export const RouteIdSchema = z.enum(ROUTE_IDS);
export const ContractFieldSchema = z.enum(CONTRACT_FIELDS);
/** Evidence kinds: the contract fields, plus `contract` (an SLA or contract is cited). */
export const EvidenceKindSchema = z.enum([...CONTRACT_FIELDS, 'contract']);

const RuleId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a rule id is lowercase words joined by "-"')
  .describe('Rule id, e.g. "unlimited-claim".');

const IsoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD')
  .describe('A checked date: YYYY, YYYY-MM or YYYY-MM-DD.');

/** A per-language map, e.g. { en: ..., ko: ..., es: ... }. */
function perLang<T extends z.ZodType>(t: T) {
  return z.object({ en: t.optional(), ko: t.optional(), es: t.optional() }).strict();
}

export const PatternSchema = z.union([
  z.string().describe('A phrase pattern (see docs/rule-packs.md#patterns).'),
  z
    .object({
      match: z.string().describe('The phrase pattern.'),
      fix: z
        .string()
        .nullable()
        .optional()
        .describe("The preferred fix for this pattern's matches (a template); null: this pattern has none."),
      alternatives: z
        .array(RouteIdSchema)
        .optional()
        .describe('Routes to offer route-labelled rewrites for (overrides the rule-level list).'),
      boundary: z
        .enum(['both', 'start', 'none'])
        .optional()
        .describe('Word boundaries added around the pattern (default: both; Korean: start).'),
      header: z
        .string()
        .optional()
        .describe('Only match in table cells whose column header matches this pattern (e.g. "price|precio|가격").'),
      mention: z
        .enum(['judge', 'always-use'])
        .optional()
        .describe('always-use: the pattern is a claim even when quoted or negated (literal keys).'),
    })
    .strict(),
]);

/** A concept name: capitals, digits and hyphens ("NO-NEED"). */
export const ConceptNameSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, 'a concept name is CAPITALS joined by "-"')
  .describe('A concept name, e.g. "UNLIMITED".');

/** A condition on the text around a frame's match: concepts (`A|B`) that must be found there. */
export const FrameConditionSchema = z
  .object({
    clause: z.string().optional().describe('In the same clause, outside the match.'),
    sentence: z.string().optional().describe('In the same sentence, outside the match.'),
    head: z
      .string()
      .optional()
      .describe("In the block's head: a table cell's column header, a list's lead-in, the headings above."),
    context: z
      .string()
      .optional()
      .describe('In the sentence, the section (its blocks) or the headings above it.'),
    before: z.string().optional().describe('Earlier in the same clause.'),
    gap: z
      .string()
      .optional()
      .describe("Inside the match, between the frame's words (\"계정 정지 걱정 없음\": BLOCKED between ACCOUNT and ABSENT)."),
    document: z
      .string()
      .optional()
      .describe("In the document's head (its first 4,000 characters, to the next blank line): what the text is about."),
  })
  .strict();

export const FrameSchema = z.union([
  z.string().describe('A frame (see docs/rule-packs.md#frames): concepts with bounded gaps.'),
  z
    .object({
      match: z.string().describe('The frame: concept names, "(A|B)", "?", "..", "..N".'),
      either: z.boolean().optional().describe('Also match the elements in the reverse order.'),
      scope: z.enum(['clause', 'sentence']).optional().describe('Where the elements must be: one clause (default) or one sentence.'),
      also: z
        .union([FrameConditionSchema, z.array(FrameConditionSchema).min(1)])
        .optional()
        .describe('Concepts that must also be found around the match (a list: any one of its conditions).'),
      unless: z
        .union([FrameConditionSchema, z.array(FrameConditionSchema).min(1)])
        .optional()
        .describe('Concepts that, found around the match, cancel it (a list: any one of its conditions).'),
      langs: z.array(LangSchema).optional().describe("Only where the claim's language is one of these."),
      short: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('Only where the clause around the match has at most this many words (a fragment: a cell, a tagline, a short question).'),
      fix: perLang(z.string().nullable())
        .optional()
        .describe("The preferred fix per language (a template); null: no preferred fix in that language."),
      fixTarget: ConceptNameSchema.optional().describe("The element whose words the fixes replace (default: the whole match)."),
      alternatives: z
        .array(RouteIdSchema)
        .optional()
        .describe('Routes to offer route-labelled rewrites for (overrides the rule-level list).'),
      mention: z
        .enum(['judge', 'always-use'])
        .optional()
        .describe('always-use: the frame is a claim even when quoted or negated.'),
      note: z.string().optional().describe('Why the frame is there (for readers of the pack).'),
    })
    .strict(),
]);

export const ConceptDefSchema = z
  .object({
    about: z.string().describe('What the concept stands for.'),
    includes: z
      .array(ConceptNameSchema)
      .optional()
      .describe('Concepts this one also stands for (a hit of any of them is a hit of this one).'),
    forms: z
      .union([z.array(z.string()), perLang(z.array(z.string()))])
      .optional()
      .describe(
        'Forms shared by every language (names of products and vendors, model IDs), or forms per language (a pack that adds forms of a language without restating its language file).',
      ),
  })
  .strict();

export const ExampleSchema = z.union([
  z.string(),
  z
    .object({
      text: z.string(),
      /** Other rules the example also triggers (an invalid example must trigger this rule too). */
      also: z.array(RuleId).optional(),
      /** A note on which polarity or evidence case the example covers. */
      note: z.string().optional(),
      /** Format to lint the example as (default markdown). */
      format: z.enum(['markdown', 'text']).optional(),
      /** File name to lint the example as (its format and, for locale names, locale handling): `config.yaml`, `.env`. */
      file: z.string().optional(),
    })
    .strict(),
]);

/** A rule's examples: one list (at least 5), or a list per language. */
const ExamplesSchema = z.union([z.array(ExampleSchema).min(5), perLang(z.array(ExampleSchema))]);

export const FixExampleSchema = z
  .object({
    lang: LangSchema,
    input: z.string(),
    output: z.string(),
    /** Which fix: the preferred one (default), or the route-labelled one for this route. */
    route: RouteIdSchema.optional(),
    /** File name to lint the input as (default example.md). */
    file: z.string().optional(),
  })
  .strict();

export const RuleSchema = z
  .object({
    id: RuleId,
    severity: SeveritySchema.describe('Default severity.'),
    title: z.string().describe('One line: what the rule flags.'),
    message: z
      .string()
      .describe('English message template: {claim}, {routes}, {missing}, {facts} are filled in.'),
    matcher: z
      .enum(['phrase', 'phrase-unless-evidence', 'secret', 'model-id', 'config'])
      .describe('The matcher kind (docs/rule-packs.md#matcher-kinds).'),
    routes: z.array(RouteIdSchema).describe('Routes the claim implies.'),
    requires: z.array(ContractFieldSchema).describe('Contract fields the claim must show; `missing` is computed from these.'),
    satisfiedBy: z
      .array(EvidenceKindSchema)
      .optional()
      .describe('phrase-unless-evidence: the claim is fine when its context states all of these.'),
    evidenceScope: z.enum(['sentence', 'section']).optional(),
    facts: z.array(z.string()).optional().describe('Fact subjects that bear on the claim.'),
    frames: z.array(FrameSchema).optional().describe('Frames: the claim as concepts with bounded gaps (every language).'),
    patterns: perLang(z.array(PatternSchema)).optional().describe('Regular-expression phrase patterns per language.'),
    preferred: perLang(z.string())
      .optional()
      .describe('Default preferred-fix template per language, for patterns without their own `fix`.'),
    alternatives: z
      .array(RouteIdSchema)
      .optional()
      .describe('Routes to offer route-labelled rewrites for, by default.'),
    examples: z
      .object({
        invalid: ExamplesSchema.describe('Texts the rule must flag: a list, or a list per language.'),
        valid: ExamplesSchema.describe('Texts the rule must leave alone: a list, or a list per language.'),
      })
      .strict(),
    fixExamples: z.array(FixExampleSchema).optional(),
  })
  .strict();

export const RouteSchema = z
  .object({
    name: z.string(),
    what: z.string(),
    owner: z.string(),
    payer: z.string(),
    limit: z.string(),
    paymentTrigger: z.string(),
    dataTerms: z.string(),
    outputRights: z.string(),
    support: z.string(),
    goodFor: z.string(),
    neverCallIt: z.array(z.string()),
    label: perLang(z.string()).describe('Route label template per language: {model} is the model phrase.'),
    labelNoModel: perLang(z.string()).optional(),
  })
  .strict();

export const FactSchema = z
  .object({
    id: z.string(),
    subject: z.string().describe('What the fact is about; among facts with one subject the newest checked date wins.'),
    checked: IsoDate,
    text: z.string(),
    modelIds: z.array(z.string()).optional().describe('For subject "model-ids/<vendor>": the public model IDs.'),
    freeTier: z.boolean().optional(),
    prices: z.array(z.string()).optional().describe('Price strings the fact states, e.g. "$0.009".'),
  })
  .strict();

export const ModelSchema = z
  .object({
    id: z.string(),
    vendor: z.string(),
    names: z.array(z.string()).describe('Marketing names and spellings that refer to this model.'),
  })
  .strict();

export const KeyFormatSchema = z
  .object({
    provider: z.string(),
    prefix: z.string(),
    /** Characters after the prefix: a character class and a minimum length. */
    body: z.string().default('[A-Za-z0-9_-]'),
    minLength: z.number().int().positive(),
  })
  .strict();

export const LanguageSchema = z
  .object({
    lang: LangSchema,
    name: z.string(),
    /** Common function words, for telling a sentence's language. */
    commonWords: z.array(z.string()),
    macros: z.record(z.string(), z.string()).default({}),
    concepts: z
      .record(ConceptNameSchema, z.array(z.string()))
      .default({})
      .describe('Forms of each concept in this language (docs/rule-packs.md#concepts).'),
    frameBreaks: z
      .array(z.string())
      .default([])
      .describe('Words that end a clause for frames ("but", "pero", "하지만"), besides punctuation.'),
    asOf: z.string().describe('How "as of {date}" reads in this language.'),
    negation: z
      .object({
        before: z.array(z.string()),
        after: z.array(z.string()).default([]),
        afterNear: z
          .array(z.string())
          .default([])
          .describe('Cues after the claim that negate only the word right before them (Korean "없"): no other concept word may come between.'),
        notNegation: z.array(z.string()).default([]),
        window: z.number().int().positive().default(5),
        afterWindow: z
          .number()
          .int()
          .nonnegative()
          .default(0)
          .describe('Characters after the claim that `after` cues may sit in (0: the rest of the clause).'),
      })
      .strict(),
    frames: z
      .array(
        z
          .object({
            pattern: z.string(),
            where: z.enum(['before', 'after']),
            scope: z.enum(['clause', 'sentence']),
            kind: z.enum(['hypothetical', 'reported', 'avoid', 'metalinguistic']),
          })
          .strict(),
      )
      .default([]),
    firstPerson: z.array(z.string()).default([]),
    quoteCues: z.array(z.string()).default([]),
    yes: z.array(z.string()).describe('Answers that affirm a question ("Yes", "Sí", "네").'),
    no: z.array(z.string()).describe('Answers that deny a question.'),
    salesQuestion: z
      .array(z.string())
      .default([])
      .describe('Openings of pitch questions ("Need …?") that assert rather than ask.'),
    clauseBreaks: z.array(z.string()).default([]),
    mentionHeaders: z.array(z.string()).default([]),
    abbreviations: z.array(z.string()).default([]),
    evidence: z.partialRecord(EvidenceKindSchema, z.array(z.string())).default({}),
    grammar: z
      .object({
        /** Spanish: noun → gender/number, for {agree:word} in fix templates. */
        nouns: z.record(z.string(), z.enum(['m', 'f', 'mp', 'fp'])).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ConfigFactsSchema = z
  .object({
    officialHosts: z.record(z.string(), RouteIdSchema.or(z.literal('verified-provider'))),
    routeSpellings: z.record(z.string(), RouteIdSchema),
    keyFormats: z.array(KeyFormatSchema),
    notAKey: z.array(z.string()).describe('Patterns of placeholder values that are not keys.'),
    modelFamilies: z.array(z.string()),
    limitKeys: z.array(z.string()),
    routeKeys: z
      .array(z.string())
      .default([])
      .describe('Keys whose value declares a route or provider (`provider: openai`, `route: official`).'),
    hostKeys: z.array(z.string()).default([]).describe('Keys whose value is an endpoint URL or host.'),
    secretKeys: z.array(z.string()).default([]).describe('Keys whose value is an API key or token.'),
    modelKeys: z.array(z.string()).default([]).describe('Keys whose value is a model ID.'),
    freeFlags: z
      .array(z.string())
      .default([])
      .describe('Keys that say "free" when true (`freeTier: true`), or whose value "free" names a free plan (`plan: free`).'),
    unlimitedValues: z
      .array(z.string())
      .default([])
      .describe('Values of a limit key that mean "no limit" (besides 0 and -1).'),
    vendors: z
      .record(z.string(), z.string())
      .default({})
      .describe('Provider spellings a config may declare, and the vendor each names (`claude: Anthropic`).'),
    hostVendors: z
      .record(z.string(), z.string())
      .default({})
      .describe('Endpoint hosts (`*.` for any subdomain) and the vendor that runs them.'),
    modelVendors: z
      .record(z.string(), z.string())
      .default({})
      .describe('Model ID patterns (matched at the start of the ID) and the vendor whose models they are.'),
    firstPartyVendors: z
      .array(z.string())
      .default([])
      .describe('Vendors whose own route serves only their own models (a declared vendor a model must match).'),
    secretReferences: z
      .array(z.string())
      .default([])
      .describe('Patterns of key names or values that reference a secret rather than hold it (`secretKeyRef`, `vault:`).'),
    placeholders: z.record(z.string(), RuleId).describe('[[name]] placeholders and the rule that reports them.'),
  })
  .strict();

export const PackSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.array(RuleSchema).optional(),
    routes: z.partialRecord(RouteIdSchema, RouteSchema).optional(),
    facts: z.array(FactSchema).optional(),
    models: z.array(ModelSchema).optional(),
    language: LanguageSchema.optional(),
    concepts: z.record(ConceptNameSchema, ConceptDefSchema).optional(),
    config: ConfigFactsSchema.optional(),
  })
  .strict();

export type RuleSpec = z.infer<typeof RuleSchema>;
export type PatternSpec = z.infer<typeof PatternSchema>;
export type FrameSpec = z.infer<typeof FrameSchema>;
export type FrameConditionSpec = z.infer<typeof FrameConditionSchema>;
export type ConceptDefSpec = z.infer<typeof ConceptDefSchema>;
export type RouteSpec = z.infer<typeof RouteSchema>;
export type FactSpec = z.infer<typeof FactSchema>;
export type ModelSpec = z.infer<typeof ModelSchema>;
export type LanguageSpec = z.infer<typeof LanguageSchema>;
export type ConfigFactsSpec = z.infer<typeof ConfigFactsSchema>;
export type PackSpec = z.infer<typeof PackSchema>;
export type ExampleSpec = z.infer<typeof ExampleSchema>;

/** A rule's examples of one kind, flat, each with the language its list names (undefined: one list). */
export function examplesOf(spec: RuleSpec, kind: 'invalid' | 'valid'): Array<{ lang: 'en' | 'ko' | 'es' | undefined; example: ExampleSpec }> {
  const x = spec.examples[kind];
  if (Array.isArray(x)) return x.map((example) => ({ lang: undefined, example }));
  return (Object.entries(x) as Array<['en' | 'ko' | 'es', ExampleSpec[] | undefined]>).flatMap(([lang, list]) => (list ?? []).map((example) => ({ lang, example })));
}
