// Reading rule packs from disk: the node-side half of pack loading (the engine gets text only).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { compileRules, type CompileOptions, type CompiledRules } from '../engine/compile.js';
import { loadPack, type LoadedPack } from '../engine/packs.js';

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

export function loadBuiltinPacks(dir = builtinRulesDir()): LoadedPack[] {
  const base = dirname(dir);
  return yamlFiles(dir).map((file) => loadPack({ path: relative(base, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }));
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
