// Which files are config formats (.env*, YAML, JSON/JSONC, TOML), and which of them are locale files
// by their common names. Pure: names only, never the file system.
import type { Extractor, Lang } from '../types.js';
import { envExtractor } from './env.js';
import { isJsonc, jsonExtractor, jsoncExtractor } from './json.js';
import { tomlExtractor } from './toml.js';
import { yamlExtractor } from './yaml.js';

export type ConfigFormat = 'env' | 'yaml' | 'json' | 'jsonc' | 'toml';

/** Generated files no one writes copy in: not walked (a file named explicitly is still read). */
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'composer.lock', 'cargo.lock', 'poetry.lock', 'bun.lock']);

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The config format of a path; `walk`: for folder walks, which leave out lockfiles. */
export function configFormatOf(path: string, walk: boolean): ConfigFormat | null {
  const name = baseName(path).toLowerCase();
  if (walk && LOCKFILES.has(name)) return null;
  // routelint's own config and rule packs are read as settings, not linted as config (rule packs
  // quote the very claims they flag); named explicitly, they are.
  if (walk && (name === '.routelint.yaml' || name === '.routelint.yml' || name.endsWith('.routelint-pack.yaml'))) return null;
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) {
    // `.env.example` and the like are .env files too; `.envrc` (a shell script) is not.
    return 'env';
  }
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1) : '';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'toml') return 'toml';
  if (ext === 'jsonc' || ext === 'code-workspace') return 'jsonc';
  if (ext === 'json') return isJsonc(path) ? 'jsonc' : 'json';
  return null;
}

export function configExtractor(format: ConfigFormat): Extractor {
  switch (format) {
    case 'env':
      return envExtractor;
    case 'yaml':
      return yamlExtractor;
    case 'json':
      return jsonExtractor;
    case 'jsonc':
      return jsoncExtractor;
    case 'toml':
      return tomlExtractor;
  }
}

/**
 * Locale files by their common names, when the config's `locales` does not say: a file in a
 * `locales/`, `locale/`, `i18n/`, `l10n/`, `lang/` or `translations/` folder, or named like
 * `messages.es.yaml`, `strings.ko.json`, `en.json`. Paths are relative to the config's folder.
 */
export const DEFAULT_LOCALE_GLOBS: readonly string[] = [
  '**/{locales,locale,i18n,l10n,lang,langs,translations}/**/*.{json,yaml,yml,toml}',
  '**/{messages,strings,translations,translation,locale}.*.{json,yaml,yml,toml}',
  '**/{en,ko,es,en-*,ko-*,es-*,en_*,ko_*,es_*}.{json,yaml,yml}',
];

const LANG_RE = /^(en|ko|es)(?:[-_][a-z]{2,4})?$/i;

/** A locale file's language from its name: `es.json`, `messages.ko.yaml`, `locales/es/common.json`. */
export function localeLang(path: string): Lang | undefined {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = parts.pop() ?? '';
  const pieces = name.split('.').slice(0, -1);
  for (const p of [...pieces].reverse()) {
    const m = LANG_RE.exec(p);
    if (m) return m[1]!.toLowerCase() as Lang;
  }
  for (const dir of parts.reverse()) {
    const m = LANG_RE.exec(dir);
    if (m) return m[1]!.toLowerCase() as Lang;
  }
  return undefined;
}
