// Shared test helpers: the shipped rules compiled once, a fixed "today", edit application, file lists.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules } from '../server/src/node/rules.js';
import { lintText, type LintOptions } from '../server/src/engine/engine.js';
import type { Finding, TextEdit } from '../server/src/engine/types.js';

export const TODAY = '2026-11-23';
export const rules = () => builtinRules();

export function lint(text: string, path = 'example.md', options: Partial<LintOptions> = {}): Finding[] {
  const r = lintText(path, text, rules(), { today: TODAY, ...options });
  if (r.status !== 'linted') throw new Error(`${path} skipped: ${r.reason} ${r.detail ?? ''}`);
  return r.findings;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Files under dir (sorted, depth first) that `pick` accepts; a missing folder gives none. */
export function listFiles(dir: string, pick: (p: string) => boolean, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, pick, out);
    else if (e.isFile() && pick(p)) out.push(p);
  }
  return out;
}

export type Rnd = () => number;

/** A seeded pseudo-random generator (mulberry32): the random tests are deterministic. */
export function prng(seed: number): Rnd {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
