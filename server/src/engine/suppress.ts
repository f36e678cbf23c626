// Inline suppression (PRODUCT.md): routelint-disable-next-line / -disable-line / -disable … -enable,
// with optional ids and an optional "-- reason". Unknown ids are config errors at the comment.
import type { CompiledRules } from './compile.js';
import { LineIndex } from './positions.js';
import type { Directive, Finding, Severity, SeveritySetting } from './types.js';

export const KNOWN_NON_RULE_IDS = new Set(['config-error']);

export function applySuppressions(
  text: string,
  findings: Finding[],
  directives: readonly Directive[],
  rules: CompiledRules,
  severityOf: (id: string, fallback: Severity) => SeveritySetting,
): Finding[] {
  if (directives.length === 0) return findings;
  void severityOf;
  const lines = new LineIndex(text);
  const errors: Finding[] = [];
  // Per-line suppressions: line -> ids ('*' for all).
  const lineRules = new Map<number, Set<string>>();
  const add = (line: number, ids: string[]) => {
    let s = lineRules.get(line);
    if (!s) lineRules.set(line, (s = new Set()));
    for (const id of ids.length ? ids : ['*']) s.add(id);
  };
  // Ranges: [startOffset, endOffset, ids].
  const ranges: Array<{ start: number; end: number; ids: string[] }> = [];
  const open: Array<{ start: number; ids: string[] }> = [];
  const sorted = [...directives].sort((a, b) => a.start - b.start);
  for (const d of sorted) {
    const unknown = d.ids.filter((id) => !rules.byId.has(id) && !KNOWN_NON_RULE_IDS.has(id));
    if (unknown.length) {
      errors.push({
        ruleId: 'config-error',
        severity: 'error',
        message: `Unknown rule id${unknown.length > 1 ? 's' : ''} in routelint-${d.kind}: ${unknown.map((u) => `"${u}"`).join(', ')}. Known ids: ${[...rules.byId.keys()].sort().join(', ')}.`,
        start: d.idsStart,
        end: d.idsEnd,
        routes: [],
        missing: [],
        fixes: [],
      });
    }
    const ids = d.ids.filter((id) => !unknown.includes(id));
    if (d.ids.length && !ids.length) continue;
    switch (d.kind) {
      case 'disable-line': {
        const a = lines.position(d.start).line;
        const b = lines.position(d.end).line;
        for (let l = a; l <= b; l++) add(l, ids);
        break;
      }
      case 'disable-next-line':
        add(lines.position(d.end).line + 1, ids);
        break;
      case 'disable':
        open.push({ start: d.end, ids });
        break;
      case 'enable': {
        // Close every open range these ids (or all) cover.
        for (let i = open.length - 1; i >= 0; i--) {
          const o = open[i]!;
          const closesAll = ids.length === 0;
          const overlap = o.ids.length === 0 ? ids : o.ids.filter((x) => ids.includes(x));
          if (closesAll || overlap.length) {
            ranges.push({ start: o.start, end: d.start, ids: closesAll ? o.ids : overlap });
            const left = o.ids.filter((x) => !ids.includes(x));
            if (closesAll || (o.ids.length && !left.length)) open.splice(i, 1);
            else if (o.ids.length) o.ids = left;
            else {
              // "disable" (all) then "enable x": x is re-enabled from here on; the rest stays off.
              ranges.push({ start: d.start, end: Number.MAX_SAFE_INTEGER, ids: [] });
              open.splice(i, 1);
              ranges.push({ start: d.start, end: Number.MAX_SAFE_INTEGER, ids: ids.map((x) => `!${x}`) });
            }
          }
        }
        break;
      }
    }
  }
  for (const o of open) ranges.push({ start: o.start, end: Number.MAX_SAFE_INTEGER, ids: o.ids });

  const kept = findings.filter((f) => {
    if (f.ruleId === 'config-error') return true;
    const line = lines.position(f.start).line;
    const l = lineRules.get(line);
    if (l && (l.has('*') || l.has(f.ruleId))) return false;
    let suppressed = false;
    for (const r of ranges) {
      if (f.start < r.start || f.start >= r.end) continue;
      if (r.ids.includes(`!${f.ruleId}`)) return true;
      if (r.ids.length === 0 || r.ids.includes(f.ruleId)) suppressed = true;
    }
    return !suppressed;
  });
  return [...kept, ...errors];
}
