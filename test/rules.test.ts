// The data-driven rule test: every rule's own examples and fix examples, from rules/*.yaml.
import { describe, expect, it } from 'vitest';
import type { ExampleSpec } from '../server/src/engine/schema.js';
import { applyEdits, lint, rules } from './helpers.js';

const all = rules().rules.map((r) => r.spec);

function norm(e: ExampleSpec) {
  return typeof e === 'string' ? { text: e, also: [] as string[], format: 'markdown', file: undefined as string | undefined } : { also: [], format: 'markdown', file: undefined, ...e };
}
// An example's `file` names the file it is linted as (a config or locale format); else its format.
const pathFor = (format: string, file?: string) => file ?? (format === 'text' ? 'example.txt' : 'example.md');
// Locale files are decided by the caller (the CLI and the server, from the config); here by name.
const optionsFor = (file?: string) => (file && /(?:^|\/)(?:locales?|i18n)\//.test(file) ? { locale: true } : {});
/** Config-only rules (matcher `config`) have no phrases, so no per-language fixes. */
const isConfigRule = (spec: { matcher: string }) => spec.matcher === 'config';
const shown = (t: string) => JSON.stringify(t).slice(0, 90);

describe.each(all.map((r) => [r.id, r] as const))('%s', (id, spec) => {
  it('has at least 5 invalid and 5 valid examples', () => {
    expect(spec.examples.invalid.length).toBeGreaterThanOrEqual(5);
    expect(spec.examples.valid.length).toBeGreaterThanOrEqual(5);
  });

  it('has examples and fix examples in English, Korean and Spanish', () => {
    const fixLangs = new Set((spec.fixExamples ?? []).map((e) => e.lang));
    if (!isConfigRule(spec)) expect([...fixLangs].sort()).toEqual(['en', 'es', 'ko']);
    const texts = [...spec.examples.invalid, ...spec.examples.valid].map((e) => norm(e).text);
    expect(texts.some((t) => /[\uac00-\ud7a3]/.test(t)), 'a Korean example').toBe(true);
    expect(texts.some((t) => /[áéíóúñ¿¡]|\b(el|la|los|las|una?|sin|para|con)\b/i.test(t)), 'a Spanish example').toBe(true);
    expect(Object.keys(spec.patterns).sort()).toEqual(['en', 'es', 'ko']);
  });

  it.each(spec.examples.invalid.map((e) => [shown(norm(e).text), norm(e)] as const))('flags %s', (_t, ex) => {
    const found = lint(ex.text, pathFor(ex.format, ex.file), optionsFor(ex.file)).filter((f) => f.severity !== 'info' || f.ruleId === id);
    const ids = [...new Set(found.map((f) => f.ruleId))].sort();
    expect(ids).toEqual([...new Set([id, ...ex.also])].sort());
  });

  it.each(spec.examples.valid.map((e) => [shown(norm(e).text), norm(e)] as const))('leaves %s alone', (_t, ex) => {
    const found = lint(ex.text, pathFor(ex.format, ex.file), optionsFor(ex.file)).filter((f) => f.ruleId === id || f.severity !== 'info');
    expect(found.map((f) => `${f.ruleId}: ${ex.text.slice(0, 0)}${f.message.slice(0, 60)}`)).toEqual(ex.also.map(String));
  });

  it.each((spec.fixExamples ?? []).map((e) => [`${e.lang} ${e.route ?? 'preferred'} ${shown(e.input)}`, e] as const))(
    'fixes %s',
    (_t, ex) => {
      const f = lint(ex.input, ex.file ?? 'example.md').find((x) => x.ruleId === id);
      expect(f, 'the input must be flagged').toBeDefined();
      const fix = ex.route ? f!.fixes.find((x) => x.route === ex.route) : f!.fixes.find((x) => x.preferred);
      expect(fix, `a ${ex.route ?? 'preferred'} fix`).toBeDefined();
      const out = applyEdits(ex.input, fix!.edits);
      expect(out).toBe(ex.output);
      if (!ex.route) expect(lint(out, ex.file ?? 'example.md').filter((x) => x.ruleId === id && x.severity !== 'info')).toEqual([]);
    },
  );
});
