// Rule-pack loading: strict validation, errors that name the file, line and field.
import { describe, expect, it } from 'vitest';
import { compileRules } from '../server/src/engine/compile.js';
import { loadPack, PackError } from '../server/src/engine/packs.js';
import { loadBuiltinPacks } from '../server/src/node/rules.js';

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
});
