// What a claim's context states (DOMAIN.md section 6): contract fields found in the text itself.
// `missing` is computed from these, never copied from the rule file.
import type { CompiledLanguage } from './compile.js';
import type { ContractField } from './types.js';

export type EvidenceKind = ContractField | 'contract';

/** Evidence kinds stated in `lower`. `modelIdRe` must not be global (it is shared). */
export function statedIn(lower: string, langs: Iterable<CompiledLanguage>, modelIdRe: RegExp | null, out = new Set<EvidenceKind>()): Set<EvidenceKind> {
  for (const L of langs) {
    for (const [kind, re] of L.evidence) {
      if (out.has(kind as EvidenceKind)) continue;
      re.lastIndex = 0;
      if (re.test(lower)) out.add(kind as EvidenceKind);
    }
  }
  if (modelIdRe && !out.has('model-label') && modelIdRe.test(lower)) out.add('model-label');
  return out;
}
