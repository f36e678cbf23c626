// The data-driven rule test: every rule's own examples and fix examples, from rules/*.yaml.
import { describe, expect, it } from 'vitest';
import { examplesOf, type ExampleSpec } from '../server/src/engine/schema.js';
import { applyEdits, lint, rules } from './helpers.js';

const all = rules().rules.map((r) => r.spec);

function norm(e: ExampleSpec) {
  return typeof e === 'string' ? { text: e, also: [] as string[], format: 'markdown', file: undefined as string | undefined } : { also: [], format: 'markdown', file: undefined, ...e };
}
// An example's `file` names the file it is linted as (a config or locale format); else its format.
const pathFor = (format: string, file?: string) => file ?? (format === 'text' ? 'example.txt' : 'example.md');
// Locale files are decided by the caller (the CLI and the server, from the config); here by name.
const optionsFor = (file?: string) => (file && /(?:^|\/)(?:locales?|i18n)\//.test(file) ? { locale: true } : {});
/** Config-only rules (matcher `config`) have no phrases, so no per-language examples or fixes. */
const isConfigRule = (spec: { matcher: string }) => spec.matcher === 'config';
const shown = (t: string) => JSON.stringify(t).slice(0, 90);
const LANGS = ['en', 'es', 'ko'] as const;

/** The language a text is written in, by script and common words (to check each list holds its own). */
function languageOf(text: string): 'en' | 'ko' | 'es' {
  if (/[\uac00-\ud7a3]/.test(text)) return 'ko';
  const words = text.toLowerCase().split(/[^\p{L}]+/u);
  const es = words.filter((w) => /^(el|la|los|las|un|una|de|del|sin|con|para|por|que|es|tu|tus|su|nuestr[oa]s?|y|en|al|se)$/.test(w)).length;
  const en = words.filter((w) => /^(the|a|an|of|to|and|is|are|your|our|with|for|in|on|no|we|you|it)$/.test(w)).length;
  return es > en || /[áéíóúñ¿¡]/i.test(text) ? 'es' : 'en';
}

describe.each(all.map((r) => [r.id, r] as const))('%s', (id, spec) => {
  const invalid = examplesOf(spec, 'invalid');
  const valid = examplesOf(spec, 'valid');

  it('has examples in English, Korean and Spanish, each list in its own language', () => {
    const fixLangs = new Set((spec.fixExamples ?? []).map((e) => e.lang));
    if (isConfigRule(spec)) {
      expect(invalid.length).toBeGreaterThanOrEqual(5);
      expect(valid.length).toBeGreaterThanOrEqual(5);
      return;
    }
    expect([...fixLangs].sort()).toEqual([...LANGS].sort());
    for (const lang of LANGS) {
      // Prose rules: at least 20 texts to flag and 10 to leave alone in each language.
      expect(invalid.filter((x) => x.lang === lang).length, `${lang} invalid`).toBeGreaterThanOrEqual(20);
      expect(valid.filter((x) => x.lang === lang).length, `${lang} valid`).toBeGreaterThanOrEqual(10);
    }
    for (const x of [...invalid, ...valid]) {
      // (a mixed text, a Korean sentence quoting English, counts for the list it is in)
      const t = norm(x.example).text;
      if (x.lang === 'ko') expect(/[\uac00-\ud7a3]/.test(t), `a Korean example: ${shown(t)}`).toBe(true);
      else expect(languageOf(t), `an example of the ${x.lang} list: ${shown(t)}`).toBe(x.lang);
    }
  });

  it('has frames or patterns, or is a matcher of its own', () => {
    const phrases = (spec.frames?.length ?? 0) + Object.values(spec.patterns ?? {}).reduce((n, l) => n + (l?.length ?? 0), 0);
    if (spec.matcher === 'phrase' || spec.matcher === 'phrase-unless-evidence') expect(phrases).toBeGreaterThan(0);
  });

  it.each(invalid.map((x) => [`${x.lang ?? ''} ${shown(norm(x.example).text)}`, norm(x.example)] as const))('flags %s', (_t, ex) => {
    const found = lint(ex.text, pathFor(ex.format, ex.file), optionsFor(ex.file)).filter((f) => f.severity !== 'info' || f.ruleId === id);
    const ids = [...new Set(found.map((f) => f.ruleId))].sort();
    expect(ids).toEqual([...new Set([id, ...ex.also])].sort());
  });

  it.each(valid.map((x) => [`${x.lang ?? ''} ${shown(norm(x.example).text)}`, norm(x.example)] as const))('leaves %s alone', (_t, ex) => {
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
