// Literal keys (PRODUCT.md "Secrets", DOMAIN.md 4 and 7): every key format of rules/config.yaml is
// detected, shown only masked (known prefix + "…" + last 4), and never echoed in full in a message,
// a fix title or the JSON report. No key is written in this file: each one is built at run time.
import { describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/engine.js';
import { maskKey } from '../server/src/engine/secrets.js';
import type { Finding } from '../server/src/engine/types.js';
import { buildReport } from '../server/src/cli/report.js';
import { applyEdits, lint, rules, TODAY } from './helpers.js';
import { keysPerFormat, synthKey } from './keys.js';

const RULE = 'shared-key';
const config = rules().config;

const formats = keysPerFormat();
const notAKey = config.notAKey.map((s) => new RegExp(s, 'i'));

function keyFindings(text: string, path = 'doc.md'): Finding[] {
  return lint(text, path).filter((f) => f.ruleId === RULE);
}

function expectNoLeak(findings: readonly Finding[], key: string, prefix: string): void {
  const secretPart = key.slice(prefix.length);
  for (const f of findings) {
    expect(f.message).not.toContain(key);
    expect(f.message).not.toContain(secretPart);
    for (const fix of f.fixes) {
      expect(fix.title).not.toContain(key);
      expect(fix.title).not.toContain(secretPart);
      for (const e of fix.edits) expect(e.newText).not.toContain(secretPart);
    }
  }
}

describe('secrets: literal keys', () => {
  it('has a synthetic key for every provider format, and none of them looks like a placeholder', () => {
    expect(formats.length).toBeGreaterThan(0);
    for (const f of formats) {
      expect(f.key.length).toBeGreaterThanOrEqual(f.minLength);
      expect(notAKey.some((r) => r.test(f.key))).toBe(false);
    }
  });

  it.each(formats.map((f) => [`${f.provider} ${f.prefix}`, f] as const))('detects and masks a %s key', (_name, f) => {
    const text = `Paste this into your config:\n\n\`\`\`env\nAPI_KEY=${f.key}\n\`\`\`\n`;
    const found = keyFindings(text);
    expect(found).toHaveLength(1);
    const [hit] = found;
    const at = text.indexOf(f.key);
    expect([hit!.start, hit!.end]).toEqual([at, at + f.key.length]);
    expect(hit!.severity).toBe('error');
    // The mask: the format's own prefix (the longest one that fits), "…", the last 4 characters.
    const longest = [...config.keyFormats].sort((a, b) => b.prefix.length - a.prefix.length).find((k) => f.key.startsWith(k.prefix))!;
    const masked = `${longest.prefix}…${f.key.slice(-4)}`;
    expect(maskKey(f.key, longest.prefix)).toBe(masked);
    expect(hit!.message).toContain(`${longest.provider} key ${masked}`);
    expect(hit!.fixes.some((x) => x.title.includes(masked))).toBe(true);
    expectNoLeak(found, f.key, longest.prefix);
  });

  it('never puts a key in any finding of any rule, nor in the JSON report', () => {
    const keys = formats.map((f) => f.key);
    const text = [
      '# Setup',
      '',
      `Use this free key: ${keys[0]}`,
      '',
      ...keys.map((k, i) => `${i % 2 ? '- ' : ''}Key ${i}: \`${k}\``),
      '',
      '```yaml',
      ...keys.map((k, i) => `key_${i}: "${k}"`),
      '```',
      '',
    ].join('\n');
    const r = lintText('setup.md', text, rules(), { today: TODAY, mentions: 'info' });
    expect(r.status).toBe('linted');
    if (r.status !== 'linted') return;
    expect(r.findings.filter((f) => f.ruleId === RULE).length).toBeGreaterThanOrEqual(keys.length * 2);
    const json = JSON.stringify(buildReport([{ path: 'setup.md', result: r }]));
    for (const f of formats) {
      expectNoLeak(r.findings, f.key, f.prefix);
      expect(json).not.toContain(f.key);
      expect(json).not.toContain(f.key.slice(f.prefix.length));
    }
  });

  it('flags a key in a Markdown code block, inline code, a quoted or a negated sentence, and plain text', () => {
    const key = formats.find((f) => f.prefix === 'sk-proj-')!.key;
    for (const [text, path] of [
      [`\`\`\`js\nconst apiKey = "${key}";\n\`\`\``, 'doc.md'],
      [`Set \`OPENAI_API_KEY=${key}\` and run.`, 'doc.md'],
      [`Never paste a key like “${key}” into a README.`, 'doc.md'],
      [`This is not a real key: ${key}`, 'doc.md'],
      [`OPENAI_API_KEY=${key}\n`, 'notes.txt'],
    ] as const) {
      const found = keyFindings(text, path);
      expect(found, text.replace(key, '<key>')).toHaveLength(1);
      expect(found[0]!.severity).toBe('error');
      expect(found[0]!.mention).toBeUndefined();
    }
  });

  it('replaces the key with a placeholder as the preferred fix, and the result is clean', () => {
    const key = formats.find((f) => f.prefix === 'sk-proj-')!.key;
    const text = `OPENAI_API_KEY=${key}\n`;
    const [hit] = keyFindings(text, 'notes.txt');
    const fix = hit!.fixes.find((x) => x.preferred)!;
    expect(fix.route).toBeNull();
    const out = applyEdits(text, fix.edits);
    expect(out).toBe('OPENAI_API_KEY=YOUR_OPENAI_API_KEY\n');
    expect(keyFindings(out, 'notes.txt')).toEqual([]);
  });

  it('leaves placeholders alone', () => {
    const long = (s: string) => s.repeat(40);
    for (const text of [
      'OPENAI_API_KEY=sk-xxxx…',
      'OPENAI_API_KEY=sk-...',
      'OPENAI_API_KEY=<your key>',
      'OPENAI_API_KEY=${OPENAI_API_KEY}',
      'OPENAI_API_KEY=sk-proj-your-key-here',
      'password: changeme',
      `OPENAI_API_KEY=sk-proj-${long('x')}`,
      `OPENAI_API_KEY=sk-proj-your-api-key-${long('a').slice(0, 8)}Zq1`,
      `OPENAI_API_KEY=sk-${'0123456789'.repeat(4)}`,
      `OPENAI_API_KEY=sk-proj-${'placeholder'.repeat(4)}`,
      `HF_TOKEN=hf_${'example'.repeat(6)}`,
    ]) {
      expect(keyFindings(`\`\`\`env\n${text}\n\`\`\``), text).toEqual([]);
      expect(keyFindings(text, 'notes.txt'), text).toEqual([]);
    }
  });

  it('masks a key that a message or fix title quotes inside a config value, a model ID, a host or a placeholder', () => {
    const k = formats.find((f) => f.prefix === 'sk-proj-')!.key;
    const short = synthKey('sk-', 32, 5);
    const cases: Array<[string, string, string]> = [
      ['c.yaml', `provider: anthropic\nmodel: gpt-4o-${k}\n`, k],
      ['c.json', `{"provider":"openai","model":"claude-x ${k}"}\n`, k],
      ['c.yaml', `model: gpt-image-9-${k}\n`, k],
      ['a.md', `Try gpt-image-2-${k} today.\n`, k],
      ['c.yaml', `provider: openai\nbase_url: https://${k.toLowerCase()}.example.com/v1\n`, k.toLowerCase()],
      ['a.md', `Price: [[${short}]]\n`, short],
    ];
    for (const [path, text, key] of cases) {
      const found = lint(text, path);
      expect(found.length, `${path}: ${text}`).toBeGreaterThan(0);
      const hidden = key.slice(key.startsWith('sk-proj-') ? 8 : 3, -4);
      for (const f of found) {
        expect(f.message, `${path}: ${f.ruleId}`).not.toContain(hidden);
        for (const x of f.fixes) expect(x.title).not.toContain(hidden);
      }
    }
  });
});
