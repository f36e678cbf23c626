// `.routelint.yaml`: schema, strict validation with positioned errors, and what it means for one
// file (severities, ignore, overrides). Pure: callers read the files and pass text in.
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { LangSchema } from '../engine/schema.js';
import { fieldName, locator, PackError, zodToPackError, type YamlPath } from '../engine/packs.js';
import type { Lang, SeveritySetting } from '../engine/types.js';
import { configFormatOf, DEFAULT_LOCALE_GLOBS } from '../engine/extract/config-formats.js';

export const CONFIG_NAMES = ['.routelint.yaml', '.routelint.yml'] as const;

const SeveritySettingSchema = z.enum(['error', 'warning', 'info', 'off']);
const RulesSchema = z
  .record(z.string(), SeveritySettingSchema)
  .describe('Per-rule severity: error | warning | info | off.');
const Globs = z.array(z.string().min(1));

export const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i;

export const ConfigSchema = z
  .object({
    $schema: z.string().optional().describe('A JSON Schema for editors; ignored by routelint.'),
    languages: z.array(LangSchema).min(1).optional().describe('Which language packs run (default: all shipped).'),
    rules: RulesSchema.optional(),
    ignore: Globs.optional().describe('.gitignore-syntax patterns, relative to this file.'),
    overrides: z
      .array(
        z
          .object({
            files: Globs.min(1).describe('Globs relative to this file.'),
            rules: RulesSchema.optional(),
            mentions: z.enum(['ignore', 'info']).optional(),
          })
          .strict(),
      )
      .optional()
      .describe('Per-glob changes; later entries win.'),
    locales: Globs.optional().describe('Files whose values are product copy.'),
    maxFileSize: z
      .union([z.number().int().positive(), z.string().regex(SIZE_RE, 'a size such as 2MiB, 500KB or 1048576')])
      .optional()
      .describe('Larger files are skipped with a reason (default 2MiB).'),
    packs: Globs.optional().describe('Extra rule packs (YAML), relative to this file.'),
    mentions: z.enum(['ignore', 'info']).optional().describe('How quoted, negated or asked claims are reported.'),
  })
  .strict();

export type ConfigSpec = z.infer<typeof ConfigSchema>;

export interface LoadedConfig {
  /** Absolute path of the config file, or null for the built-in defaults. */
  path: string | null;
  /** Folder the config's paths are relative to (POSIX). */
  dir: string;
  spec: ConfigSpec;
  locate(path: YamlPath): { line: number; column: number };
}

export function parseSize(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const m = SIZE_RE.exec(v.trim())!;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'B').toLowerCase();
  const mult: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  return Math.floor(n * mult[unit]!);
}

/** Parse and validate a config file's text. Throws PackError (file, line, column, field). */
export function parseConfig(path: string, dir: string, text: string): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new PackError(path, pos.line, pos.col, '', `YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  const locate = locator(doc, lines);
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PackError(path, 1, 1, '', 'a .routelint.yaml holds a mapping of settings');
  }
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) throw zodToPackError(path, parsed.error, locate);
  // Glob patterns must compile.
  const globs: Array<[YamlPath, string]> = [];
  parsed.data.ignore?.forEach((g, i) => globs.push([['ignore', i], g]));
  parsed.data.packs?.forEach((g, i) => globs.push([['packs', i], g]));
  parsed.data.locales?.forEach((g, i) => globs.push([['locales', i], g]));
  parsed.data.overrides?.forEach((o, i) => o.files.forEach((g, j) => globs.push([['overrides', i, 'files', j], g])));
  for (const [p, g] of globs) {
    try {
      picomatch.makeRe(g, { dot: true, strictBrackets: true });
    } catch (e) {
      const pos = locate(p);
      throw new PackError(path, pos.line, pos.column, fieldName(p), `invalid pattern "${g}": ${(e as Error).message}`);
    }
  }
  return { path, dir, spec: parsed.data, locate };
}

/** Check rule ids named in the config against the rules that exist (after packs are loaded). */
export function checkRuleIds(config: LoadedConfig, known: ReadonlySet<string>): void {
  const check = (rules: Record<string, string> | undefined, base: YamlPath) => {
    for (const id of Object.keys(rules ?? {})) {
      if (known.has(id)) continue;
      const pos = config.locate([...base, id]);
      const near = [...known].filter((k) => k.split('-')[0] === id.split('-')[0]);
      throw new PackError(
        config.path ?? '.routelint.yaml',
        pos.line,
        pos.column,
        fieldName([...base, id]),
        `unknown rule id "${id}"${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : ''}`,
      );
    }
  };
  check(config.spec.rules, ['rules']);
  config.spec.overrides?.forEach((o, i) => check(o.rules, ['overrides', i, 'rules']));
}

export interface FileSettings {
  severities: Record<string, SeveritySetting>;
  mentions: 'ignore' | 'info';
  maxFileSize: number | undefined;
  languages: Lang[] | undefined;
  /** A locale file: the common names, and the config's `locales` globs. */
  locale: boolean;
}

/** The settings one file gets from its config: base rules, then matching overrides in order. */
export class ConfigView {
  private readonly ig: Ignore | null;
  private readonly overrides: Array<{ match: (p: string) => boolean; rules?: Record<string, SeveritySetting>; mentions?: 'ignore' | 'info' }>;
  private readonly isLocale: (p: string) => boolean;

  constructor(readonly config: LoadedConfig) {
    const spec = config.spec;
    this.ig = spec.ignore?.length ? ignore().add(spec.ignore) : null;
    this.overrides = (spec.overrides ?? []).map((o) => ({
      match: picomatch(o.files, { dot: true }),
      rules: o.rules,
      mentions: o.mentions,
    }));
    // The config's `locales` add to the common names (locales/en.json, messages.es.yaml, i18n/ko.yaml …).
    this.isLocale = picomatch([...DEFAULT_LOCALE_GLOBS, ...(spec.locales ?? [])], { dot: true });
  }

  /** Is this file a locale file (its values product copy)? Only a config format can be one. */
  locale(absPosix: string): boolean {
    if (configFormatOf(absPosix, false) === null) return false;
    const rel = this.relative(absPosix) ?? absPosix.replace(/^\/+/, '');
    return this.isLocale(rel);
  }

  /** Path relative to the config's folder, or null when the file is outside it. */
  relative(absPosix: string): string | null {
    const dir = this.config.dir.endsWith('/') ? this.config.dir : `${this.config.dir}/`;
    if (!absPosix.startsWith(dir)) return null;
    return absPosix.slice(dir.length);
  }

  ignores(absPosix: string): boolean {
    const rel = this.relative(absPosix);
    return !!(rel && this.ig?.ignores(rel));
  }

  settingsFor(absPosix: string): FileSettings {
    const spec = this.config.spec;
    const severities: Record<string, SeveritySetting> = { ...(spec.rules ?? {}) };
    let mentions = spec.mentions ?? 'ignore';
    const rel = this.relative(absPosix);
    if (rel !== null) {
      for (const o of this.overrides) {
        if (!o.match(rel)) continue;
        Object.assign(severities, o.rules ?? {});
        if (o.mentions) mentions = o.mentions;
      }
    }
    return { severities, mentions, maxFileSize: parseSize(spec.maxFileSize), languages: spec.languages, locale: this.locale(absPosix) };
  }
}

/** The defaults when no config file applies. */
export function defaultConfig(dir: string): LoadedConfig {
  return { path: null, dir, spec: {}, locate: () => ({ line: 1, column: 1 }) };
}
