// Dated facts: among facts about one subject, the newest checked date wins. "Today" is passed in:
// a fact checked after today is not yet known.
import type { FactSpec, ModelSpec } from './schema.js';
import { compareIso } from './dates.js';

export class FactBase {
  private readonly bySubject = new Map<string, FactSpec>();

  constructor(facts: readonly FactSpec[], today: string) {
    for (const f of facts) {
      if (compareIso(f.checked, today) > 0) continue;
      const prev = this.bySubject.get(f.subject);
      if (!prev || compareIso(f.checked, prev.checked) >= 0) this.bySubject.set(f.subject, f);
    }
  }

  get(subject: string): FactSpec | undefined {
    return this.bySubject.get(subject);
  }

  all(): FactSpec[] {
    return [...this.bySubject.values()];
  }

  /** Public model IDs as the newest fact of each "model-ids/…" subject states them. */
  knownModelIds(): Set<string> {
    const ids = new Set<string>();
    for (const [subject, f] of this.bySubject) {
      if (subject.startsWith('model-ids/')) for (const id of f.modelIds ?? []) ids.add(id.toLowerCase());
    }
    return ids;
  }
}

/** Resolve a model phrase ("GPT Image 2", "gpt image 2") to its model spec, comparing loosely. */
export function modelByName(models: readonly ModelSpec[], phrase: string): ModelSpec | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const p = norm(phrase);
  return models.find((m) => norm(m.id) === p || m.names.some((n) => norm(n) === p));
}
