// Reading rule packs from disk: the node-side half of pack loading (the engine gets text only).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { compileRules, type CompileOptions, type CompiledRules } from '../engine/compile.js';
import { loadPack, type LoadedPack, type PackSource } from '../engine/packs.js';
import type { PackSpec } from '../engine/schema.js';

/** The shipped rules/ folder: beside dist/ in a build, at the repository root in development. */
export function builtinRulesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'rules');
    if (existsSync(join(candidate, 'config.yaml'))) return candidate;
    dir = dirname(dir);
  }
  // A script bundled to a temporary folder (npm run gen) runs from the repository root.
  const fromCwd = join(process.cwd(), 'rules');
  if (existsSync(join(fromCwd, 'config.yaml'))) return fromCwd;
  throw new Error(`routelint: cannot find its rules/ folder above ${__dirname}`);
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** The shipped packs' files, as the engine reads them (paths relative to the repository). */
function builtinSources(dir: string): PackSource[] {
  const base = dirname(dir);
  return yamlFiles(dir).map((file) => ({ path: relative(base, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }));
}

/**
 * The validated packs of the build (`npm run build` writes dist/packs.json): YAML parsing and zod
 * validation of the shipped packs are a third of a cold start. Used only when its key, a hash of
 * every shipped file, is the one of the files on disk; otherwise the YAML is read.
 */
const CACHE_VERSION = 1;
function cachePath(dir: string): string {
  return join(dirname(dir), 'dist', 'packs.json');
}
function sourcesKey(sources: PackSource[]): string {
  const h = createHash('sha256');
  h.update(String(CACHE_VERSION));
  for (const s of sources) h.update(`\0${s.path}\0${s.text}`);
  return h.digest('hex');
}

export function loadBuiltinPacks(dir = builtinRulesDir()): LoadedPack[] {
  const sources = builtinSources(dir);
  const key = sourcesKey(sources);
  let cached: { key?: string; packs?: Array<{ path: string; spec: PackSpec }> } | null = null;
  try {
    cached = JSON.parse(readFileSync(cachePath(dir), 'utf8'));
  } catch {
    cached = null;
  }
  if (cached?.key === key && cached.packs?.length === sources.length && cached.packs.every((p, i) => p.path === sources[i]!.path)) {
    // positions are only asked for an error message: the YAML is parsed then
    return cached.packs.map((p, i) => {
      let locate: LoadedPack['locate'] | null = null;
      return { path: p.path, spec: p.spec, locate: (path) => (locate ??= loadPack(sources[i]!).locate)(path) };
    });
  }
  return sources.map((s) => loadPack(s));
}

/** Writes dist/packs.json for the shipped packs (scripts/build.mjs). */
export function writePacksCache(dir = builtinRulesDir()): string {
  const sources = builtinSources(dir);
  const packs = sources.map((s) => loadPack(s));
  const out = cachePath(dir);
  writeFileSync(out, JSON.stringify({ key: sourcesKey(sources), packs: packs.map((p) => ({ path: p.path, spec: p.spec })) }));
  return out;
}

const cache = new Map<string, CompiledRules>();

/** The shipped rules, compiled once per language selection. */
export function builtinRules(options: CompileOptions = {}): CompiledRules {
  const key = (options.languages ?? ['*']).join(',');
  let r = cache.get(key);
  if (!r) cache.set(key, (r = compileRules(loadBuiltinPacks(), options)));
  return r;
}

export function loadPackFile(file: string): LoadedPack {
  return loadPack({ path: resolve(file), text: readFileSync(file, 'utf8') });
}
