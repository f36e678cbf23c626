// --fix: apply each finding's preferred fix, never two overlapping edits, until nothing more
// applies (so a second run changes nothing). Keeps the BOM and the line endings.
import type { FileResult, Finding, TextEdit } from '../engine/types.js';

export const MAX_FIX_PASSES = 10;

/** Apply the preferred fixes of `findings` to `text` (BOM-less); overlapping ones wait for the next pass. */
export function applyPreferredFixes(text: string, findings: readonly Finding[]): { text: string; applied: number } {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const fixes = findings
    .map((f) => f.fixes.find((x) => x.preferred))
    .filter((x): x is NonNullable<typeof x> => !!x && x.edits.length > 0)
    .map((x) => [...x.edits].sort((a, b) => a.start - b.start))
    .sort((a, b) => a[0]!.start - b[0]!.start || a[a.length - 1]!.end - b[b.length - 1]!.end);
  const accepted: TextEdit[] = [];
  let applied = 0;
  for (const edits of fixes) {
    const clash = edits.some((e) => accepted.some((a) => e.start < a.end && a.start < e.end));
    if (clash) continue;
    accepted.push(...edits);
    applied++;
  }
  let out = text;
  for (const e of accepted.sort((a, b) => b.start - a.start)) {
    const newText = e.newText.replace(/\r?\n/g, eol);
    out = out.slice(0, e.start) + newText + out.slice(e.end);
  }
  return { text: out, applied };
}

export interface FixOutcome {
  /** The fixed file text, with its BOM if it had one. */
  text: string;
  changed: boolean;
  /** The lint result of the final text. */
  result: FileResult;
}

/** Fix a file's text until stable; `lint` is the same engine call the report uses. */
export function fixUntilStable(original: string, lint: (text: string) => FileResult): FixOutcome {
  let result = lint(original);
  if (result.status !== 'linted') return { text: original, changed: false, result };
  const bom = result.bom ? '\uFEFF' : '';
  let body = result.text;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const { text, applied } = applyPreferredFixes(body, result.findings);
    if (applied === 0 || text === body) break;
    body = text;
    result = lint(bom + body);
    if (result.status !== 'linted') break;
  }
  const text = bom + body;
  return { text, changed: text !== original, result };
}
