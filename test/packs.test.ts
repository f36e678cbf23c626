// Rule-pack loading: strict validation, errors that name the file, line and field.
import { describe, expect, it } from 'vitest';
import { compileRules } from '../server/src/engine/compile.js';
import { loadPack, PackError } from '../server/src/engine/packs.js';
import { loadBuiltinPacks } from '../server/src/node/rules.js';
import { lintText } from '../server/src/engine/engine.js';

function packError(text: string): PackError {
  try {
    compileRules([...loadBuiltinPacks(), loadPack({ path: 'team/pack.yaml', text })]);
  } catch (e) {
    if (e instanceof PackError) return e;
    throw e;
  }
  throw new Error('expected a PackError');
}

const rule = (patch: string) => `rules:
  - id: team-rule
    severity: warning
    title: t
    message: m
    matcher: phrase
    routes: []
    requires: []
    patterns:
      en:
${patch}
    examples:
      invalid: [a, b, c, d, e]
      valid: [a, b, c, d, e]
`;

describe('rule packs', () => {
  it('loads the shipped packs', () => {
    expect(loadBuiltinPacks().length).toBeGreaterThan(5);
  });

  it('names file, line and field for an unknown key', () => {
    const e = packError('rules:\n  - id: x\n    severity: warning\n    colour: red\n');
    expect(e.file).toBe('team/pack.yaml');
    expect(e.line).toBe(4);
    expect(e.field).toBe('rules[0].colour');
    expect(e.message).toMatch(/unknown key "colour"/);
  });

  it('names the field of a bad value', () => {
    const e = packError(rule('        - "free api"').replace('severity: warning', 'severity: loud'));
    expect(e.line).toBe(3);
    expect(e.field).toBe('rules[0].severity');
  });

  it('refuses a pattern that can backtrack catastrophically, naming it', () => {
    const e = packError(rule('        - "free (a+)+ api"'));
    expect(e.line).toBe(11);
    expect(e.field).toBe('rules[0].patterns.en[0]');
    expect(e.message).toMatch(/refused.*backtrack/);
  });

  it('reports an invalid regex and an unknown macro at the pattern', () => {
    expect(packError(rule('        - "free (api"')).message).toMatch(/pack.yaml:11:.*invalid pattern/);
    expect(packError(rule('        - "free {nosuch}"')).message).toMatch(/unknown macro \{nosuch\}/);
  });

  it('reports YAML syntax errors with their line', () => {
    const e = packError('rules:\n  - id: x\n   bad: [\n');
    expect(e.file).toBe('team/pack.yaml');
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/YAML syntax error/);
  });

  it('requires five valid and five invalid examples per rule', () => {
    const e = packError(rule('        - "free api"').replace('invalid: [a, b, c, d, e]', 'invalid: [a]'));
    expect(e.field).toBe('rules[0].examples.invalid');
  });

  // A team pack that adds a concept, spells it in English and Spanish, and writes a frame rule over it.
  const framePack = (frame: string, extra = '') => `concepts:
  BANANA:
    about: "A banana-shaped model, for the test."
    forms:
      en: ["banana model"]
      es: ["modelo pl{á,a}tano"]
rules:
  - id: team-banana
    severity: warning
    title: t
    message: m
    matcher: phrase
    routes: []
    requires: []
    frames:
      - match: "${frame}"${extra}
    examples:
      invalid: [a, b, c, d, e]
      valid: [a, b, c, d, e]
`;

  it('names the line and field of a frame that is not a frame, or names an unknown concept', () => {
    let e = packError(framePack('FREE .. NOSUCH'));
    expect(e.file).toBe('team/pack.yaml');
    expect(e.line).toBe(16);
    expect(e.field).toBe('rules[0].frames[0].match');
    expect(e.message).toMatch(/unknown concept NOSUCH/);
    e = packError(framePack('FREE ..20 BANANA'));
    expect(e.message).toMatch(/frame refused: a gap of 20 words is too wide/);
  });

  it('names the field of a fix target or a condition that names no concept of the frame', () => {
    let e = packError(framePack('FREE BANANA', '\n        fixTarget: API'));
    expect(e.field).toBe('rules[0].frames[0].fixTarget');
    expect(e.message).toMatch(/"API" names no element/);
    e = packError(framePack('FREE BANANA', '\n        also: { sentence: "API|NOPE" }'));
    expect(e.field).toBe('rules[0].frames[0].also');
    expect(e.message).toMatch(/sentence: unknown concept NOPE/);
  });

  it('names the concept of a bad form or group', () => {
    let e = packError(framePack('FREE BANANA').replace('en: ["banana model"]', 'en: ["banana {model"]'));
    expect(e.field).toBe('concepts.BANANA.forms.en[0]');
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/bad form: unclosed/);
    e = packError(framePack('FREE BANANA').replace('forms:', 'includes: [FREE, NOPE]\n    forms:'));
    expect(e.field).toBe('concepts.BANANA.includes[1]');
    expect(e.message).toMatch(/unknown concept NOPE/);
  });

  /** The rule IDs a text gets with the shipped packs and a team pack holding one frame rule. */
  const teamIds = (frame: string, extra = '') => {
    const rules = compileRules([...loadBuiltinPacks(), loadPack({ path: 'team/pack.yaml', text: framePack(frame, extra) })]);
    return (text: string) => {
      const r = lintText('a.md', text, rules, { today: '2026-11-23' });
      return r.status === 'linted' ? r.findings.map((f) => f.ruleId) : [r.status];
    };
  };

  it('runs a team frame over its new concept in each language that spells it, with the shipped concepts', () => {
    const ids = teamIds('FREE BANANA');
    expect(ids('Try our free banana model today.')).toContain('team-banana');
    expect(ids('Prueba gratis modelo platano hoy.')).toContain('team-banana');
    // the frame's order, one clause, and the judge's negation hold for a team frame too
    expect(ids('Prueba el modelo plátano gratis hoy.')).not.toContain('team-banana');
    expect(ids('A banana model, free.')).not.toContain('team-banana');
    expect(ids('It is not a free banana model.')).not.toContain('team-banana');
  });

  it('reads a gap condition inside the match only, and a sentence condition outside it only', () => {
    const ids = teamIds('FREE ..2 BANANA', '\n        unless: { gap: API }\n        also: { sentence: IMAGE }');
    expect(ids('Make images with our free banana model.')).toContain('team-banana');
    // the API word between the frame's words drops the match; the same word outside it does not
    expect(ids('Make images with our free API banana model.')).not.toContain('team-banana');
    expect(ids('Make images with our free banana model and its API.')).toContain('team-banana');
    // a sentence condition never counts the words inside the match
    expect(ids('Try our free images banana model.')).not.toContain('team-banana');
  });
});
