// Meta-tests: generated files in sync, docs for every rule, pinned versions, engine purity.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, extensionConfiguration, rulePackJsonSchema, withRulesTable, withSettingsTable } from '../server/src/gen/generate.js';
import { DEFAULT_SETTINGS, SettingsSchema } from '../server/src/lsp/settings.js';
import { rules } from './helpers.js';

const PRODUCT_RULES = [
  'unlimited-claim', 'free-official-api', 'no-key-claim', 'shared-key', 'app-quota-as-api', 'provider-as-official',
  'model-label', 'trial-without-terms', 'guarantee-claim', 'undated-claim', 'prompts-as-access', 'route-mismatch',
];
const SEVERITIES: Record<string, string> = {
  'unlimited-claim': 'error', 'free-official-api': 'error', 'no-key-claim': 'warning', 'shared-key': 'error',
  'app-quota-as-api': 'error', 'provider-as-official': 'warning', 'model-label': 'warning',
  'trial-without-terms': 'warning', 'guarantee-claim': 'warning', 'undated-claim': 'info', 'prompts-as-access': 'info',
  'route-mismatch': 'warning',
};

describe('meta', () => {
  it('ships the twelve rules of PRODUCT.md (eleven prose rules and route-mismatch) with their default severities', () => {
    const ids = rules().rules.map((r) => r.spec.id).sort();
    expect(ids).toEqual([...PRODUCT_RULES].sort());
    for (const r of rules().rules) expect(r.spec.severity, r.spec.id).toBe(SEVERITIES[r.spec.id]);
  });

  it('has a docs page for every rule, naming its id and default severity', () => {
    for (const r of rules().rules) {
      const page = readFileSync(join('docs/rules', `${r.spec.id}.md`), 'utf8');
      expect(page).toContain(r.spec.id);
      expect(page.toLowerCase()).toContain(r.spec.severity);
    }
  });

  it('keeps schemas/rule-pack.schema.json in sync with the zod schema (npm run gen)', () => {
    expect(readFileSync('schemas/rule-pack.schema.json', 'utf8')).toBe(rulePackJsonSchema());
    expect(readFileSync('schemas/routelint.schema.json', 'utf8')).toBe(configJsonSchema());
  });

  it('keeps the README rule table in sync with the rule packs (npm run gen)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(withRulesTable(readme, rules())).toBe(readme);
  });

  it('keeps package.json contributes.configuration in sync with the settings schema (npm run gen)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.contributes.configuration).toEqual(extensionConfiguration());
    // One VS Code setting per schema key, with the schema's default.
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; description: string }>;
    expect(Object.keys(props).sort()).toEqual(Object.keys(SettingsSchema.shape).map((k) => `routelint.${k}`).sort());
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      expect(props[`routelint.${key}`]?.default, key).toEqual(value);
      expect(props[`routelint.${key}`]?.description, key).toBeTruthy();
    }
  });

  it('keeps the README settings table in sync with the settings schema (npm run gen)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(withSettingsTable(readme)).toBe(readme);
    for (const key of Object.keys(SettingsSchema.shape)) expect(readme).toContain(`\`routelint.${key}\``);
  });

  it('pins every dependency to an exact version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const deps of [pkg.dependencies ?? {}, pkg.devDependencies ?? {}]) {
      for (const [name, v] of Object.entries(deps)) expect(v, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('derives a prefilter anchor for every shipped pattern', () => {
    expect(rules().unanchored).toEqual([]);
    expect(rules().anchors).not.toBeNull();
  });

  it('keeps the engine pure: no vscode, no fs, no process, no clock', () => {
    const dir = 'server/src/engine';
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(d, e.name));
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
      expect(src, f).not.toMatch(/from ['"](vscode[^'"]*|node:fs|fs|node:process|process|node:child_process)['"]/);
      expect(src, f).not.toMatch(/\bprocess\./);
      expect(src, f).not.toMatch(/Date\.now\(|new Date\(\)/);
    }
  });
});
