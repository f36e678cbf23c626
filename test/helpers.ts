// Shared test helpers: the shipped rules compiled once, a fixed "today", edit application.
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
