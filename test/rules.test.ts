// The data-driven rule test: every rule's own examples and fix examples, from rules/*.yaml.
import { describe, expect, it } from 'vitest';
import type { ExampleSpec } from '../server/src/engine/schema.js';
import { applyEdits, lint, rules } from './helpers.js';

const all = rules().rules.map((r) => r.spec);

function norm(e: ExampleSpec) {
  return typeof e === 'string' ? { text: e, also: [] as string[], format: 'markdown' } : { also: [], format: 'markdown', ...e };
}
const pathFor = (format: string) => (format === 'text' ? 'example.txt' : 'example.md');
const shown = (t: string) => JSON.stringify(t).slice(0, 90);

describe.each(all.map((r) => [r.id, r] as const))('%s', (id, spec) => {
  it('has at least 5 invalid and 5 valid examples', () => {
    expect(spec.examples.invalid.length).toBeGreaterThanOrEqual(5);
    expect(spec.examples.valid.length).toBeGreaterThanOrEqual(5);
  });

  it('has examples and fix examples in English, Korean and Spanish', () => {
    const fixLangs = new Set((spec.fixExamples ?? []).map((e) => e.lang));
    expect([...fixLangs].sort()).toEqual(['en', 'es', 'ko']);
    const texts = [...spec.examples.invalid, ...spec.examples.valid].map((e) => norm(e).text);
    expect(texts.some((t) => /[\uac00-\ud7a3]/.test(t)), 'a Korean example').toBe(true);
    expect(texts.some((t) => /[áéíóúñ¿¡]|\b(el|la|los|las|una?|sin|para|con)\b/i.test(t)), 'a Spanish example').toBe(true);
    expect(Object.keys(spec.patterns).sort()).toEqual(['en', 'es', 'ko']);
  });

  it.each(spec.examples.invalid.map((e) => [shown(norm(e).text), norm(e)] as const))('flags %s', (_t, ex) => {
    const found = lint(ex.text, pathFor(ex.format)).filter((f) => f.severity !== 'info' || f.ruleId === id);
    const ids = [...new Set(found.map((f) => f.ruleId))].sort();
    expect(ids).toEqual([...new Set([id, ...ex.also])].sort());
  });

  it.each(spec.examples.valid.map((e) => [shown(norm(e).text), norm(e)] as const))('leaves %s alone', (_t, ex) => {
    const found = lint(ex.text, pathFor(ex.format)).filter((f) => f.ruleId === id || f.severity !== 'info');
    expect(found.map((f) => `${f.ruleId}: ${ex.text.slice(0, 0)}${f.message.slice(0, 60)}`)).toEqual(ex.also.map(String));
  });

  it.each((spec.fixExamples ?? []).map((e) => [`${e.lang} ${e.route ?? 'preferred'} ${shown(e.input)}`, e] as const))(
    'fixes %s',
    (_t, ex) => {
      const f = lint(ex.input).find((x) => x.ruleId === id);
      expect(f, 'the input must be flagged').toBeDefined();
      const fix = ex.route ? f!.fixes.find((x) => x.route === ex.route) : f!.fixes.find((x) => x.preferred);
      expect(fix, `a ${ex.route ?? 'preferred'} fix`).toBeDefined();
      const out = applyEdits(ex.input, fix!.edits);
      expect(out).toBe(ex.output);
      if (!ex.route) expect(lint(out).filter((x) => x.ruleId === id && x.severity !== 'info')).toEqual([]);
    },
  );
});
