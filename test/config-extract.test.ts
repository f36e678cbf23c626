// The config extractors: entries, value and comment blocks with exact source maps (Korean, emoji,
// CRLF, escapes), directives from each host's comments, and malformed input read as far as it goes.
import { describe, expect, it } from 'vitest';
import { extractorFor, formatOf } from '../server/src/engine/extract/index.js';
import { localeLang } from '../server/src/engine/extract/config-formats.js';
import type { Extraction, ProseBlock } from '../server/src/engine/types.js';
import { lintText } from '../server/src/engine/engine.js';
import { lint, rules, TODAY } from './helpers.js';

const ex = (path: string, text: string): Extraction => extractorFor(path).extract(text, { maxDepth: 64 });

/** The source text a block's characters [a, b) come from. */
function source(text: string, b: ProseBlock, a = 0, z = b.text.length): string {
  return text.slice(b.starts[a]!, b.ends[z - 1]!);
}
function block(x: Extraction, needle: string): ProseBlock {
  const b = x.blocks.find((k) => k.text.includes(needle));
  if (!b) throw new Error(`no block with ${needle}: ${x.blocks.map((k) => k.text).join(' | ')}`);
  return b;
}
/** Every character of a block that is not an escape maps to itself. */
function mapsExactly(text: string, b: ProseBlock): void {
  for (let i = 0; i < b.text.length; i++) {
    const src = text.slice(b.starts[i]!, b.ends[i]!);
    if (src.length === 1 || /^[\ud800-\udbff][\udc00-\udfff]$/.test(src)) {
      if (src.length === 1) expect(src, `char ${i} of ${b.text}`).toBe(b.text[i]!.replace(/ /, src === ' ' ? ' ' : src));
    }
  }
}

describe('formatOf / extractorFor for config formats', () => {
  it('knows .env*, YAML, JSON, JSONC and TOML by name', () => {
    expect(formatOf('.env')).toBe('env');
    expect(formatOf('app/.env.production')).toBe('env');
    expect(formatOf('.env.local')).toBe('env');
    expect(formatOf('prod.env')).toBe('env');
    expect(formatOf('a.yaml')).toBe('yaml');
    expect(formatOf('a.YML')).toBe('yaml');
    expect(formatOf('a.json')).toBe('json');
    expect(formatOf('a.jsonc')).toBe('jsonc');
    expect(formatOf('tsconfig.json')).toBe('jsonc');
    expect(formatOf('tsconfig.build.json')).toBe('jsonc');
    expect(formatOf('.vscode/settings.json')).toBe('jsonc');
    expect(formatOf('pyproject.toml')).toBe('toml');
    expect(formatOf('.envrc')).toBeNull();
  });
  it('leaves lockfiles and routelint settings out of walks', () => {
    expect(formatOf('package-lock.json')).toBeNull();
    expect(formatOf('pnpm-lock.yaml')).toBeNull();
    expect(formatOf('.routelint.yaml')).toBeNull();
    expect(extractorFor('package-lock.json').id).toBe('json');
  });
  it('reads a locale file’s language from its name', () => {
    expect(localeLang('locales/es.json')).toBe('es');
    expect(localeLang('locales/es/common.json')).toBe('es');
    expect(localeLang('messages.ko.yaml')).toBe('ko');
    expect(localeLang('i18n/en-US.yaml')).toBe('en');
    expect(localeLang('i18n/fr.yaml')).toBeUndefined();
  });
});

describe('.env', () => {
  const text = 'export A=1\r\n# 무료 comment 🎉\r\nMSG="Free \\"unlimited\\" 🎉 API"  # trailing\r\nB=plain value # c\r\nC=\'lit\'\nBAD LINE\nD=\n';
  const x = ex('.env', text);
  it('reads entries with exact key and value ranges', () => {
    const keys = x.entries!.map((e) => [e.key, e.value, text.slice(e.keyStart, e.keyEnd), text.slice(e.valueStart, e.valueEnd)]);
    expect(keys).toEqual([
      ['A', '1', 'A', '1'],
      ['MSG', 'Free "unlimited" 🎉 API', 'MSG', 'Free \\"unlimited\\" 🎉 API'],
      ['B', 'plain value', 'B', 'plain value'],
      ['C', 'lit', 'C', 'lit'],
      ['D', '', 'D', ''],
    ]);
  });
  it('maps decoded values and comments to their source (CRLF, emoji, escapes)', () => {
    const v = block(x, 'unlimited');
    expect(v.kind).toBe('value');
    expect(v.host).toBe('env');
    expect(v.quote).toBe('"');
    const a = v.text.indexOf('unlimited');
    expect(source(text, v, a, a + 9)).toBe('unlimited');
    const q = v.text.indexOf('"');
    expect(source(text, v, q, q + 1)).toBe('\\"');
    const e = v.text.indexOf('🎉');
    expect(source(text, v, e, e + 2)).toBe('🎉');
    const c = block(x, '무료');
    expect(c.kind).toBe('comment');
    expect(source(text, c)).toBe('무료 comment 🎉');
    expect(block(x, 'trailing').kind).toBe('comment');
    mapsExactly(text, c);
  });
  it('reads # directives', () => {
    const d = ex('.env', '# routelint-disable-next-line shared-key -- test fixture\nK=v\n').directives;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ kind: 'disable-next-line', ids: ['shared-key'], reason: 'test fixture' });
  });
});

describe('YAML', () => {
  const text = '\ufeff'.slice(1) + '# 공식 경로 설명\nplan:\n  title: "무제한 \\u00e9 🎉 API"\n  note: \'it\'\'s free\'\n  body: |\n    line one\n    line two\n  folded: plain\n    continued # c2\nlist:\n  - one item here\n  - { k: inline value }\n';
  const x = ex('a.yaml', text);
  it('reads nested entries with paths and parents', () => {
    const byPath = Object.fromEntries(x.entries!.map((e) => [e.path.join('.'), e]));
    expect(Object.keys(byPath)).toEqual(['plan', 'plan.title', 'plan.note', 'plan.body', 'plan.folded', 'list', 'list.0', 'list.1', 'list.1.k']);
    expect(byPath['plan.title']!.value).toBe('무제한 é 🎉 API');
    expect(x.entries![byPath['plan.title']!.parent]!.key).toBe('plan');
    expect(text.slice(byPath['plan.note']!.valueStart, byPath['plan.note']!.valueEnd)).toBe("it''s free");
    expect(byPath['plan.folded']!.value).toBe('plain continued');
  });
  it('maps every decoded character back to its source', () => {
    const t = block(x, '무제한');
    expect(t.quote).toBe('"');
    expect(source(text, t, 0, 3)).toBe('무제한');
    const e = t.text.indexOf('é');
    expect(source(text, t, e, e + 1)).toBe('\\u00e9');
    const n = block(x, 'free');
    const q = n.text.indexOf("'");
    expect(source(text, n, q, q + 1)).toBe("''");
    const b = block(x, 'line two');
    const l2 = b.text.indexOf('line two');
    expect(source(text, b, l2, l2 + 8)).toBe('line two');
    const f = block(x, 'continued');
    expect(f.text).toBe('plain continued');
    expect(source(text, f, 6, 15)).toBe('continued');
  });
  it('puts siblings in one section and comments where they sit', () => {
    const title = block(x, '무제한');
    const note = block(x, 'free');
    const item = block(x, 'one item');
    expect(title.section).toBe(note.section);
    expect(item.section).not.toBe(title.section);
    expect(x.blocks.filter((b) => b.kind === 'comment').map((b) => b.text)).toEqual(['공식 경로 설명', 'c2']);
  });
  it('reads a multi-document stream and survives malformed YAML', () => {
    const m = ex('a.yaml', 'a: first doc value\n---\nb: second doc value\n');
    expect(m.entries!.map((e) => e.key)).toEqual(['a', 'b']);
    const bad = ex('a.yaml', 'a: "unterminated\nb: [1, 2\nc: ok value here\n');
    expect(bad.entries!.length).toBeGreaterThan(0);
  });

  it('names a complex (mapping) key by its source, so nested flow keys cannot blow up', () => {
    // the yaml library's string form of 30 nested flow keys is hundreds of MB: this used to be an internal error
    const r = lintText('bomb.yaml', `${'{'.repeat(30)}x`, rules(), { today: TODAY });
    expect(r.status).toBe('linted');
    const m = ex('k.yaml', '? { a: 1 }\n: free unlimited value\n');
    expect(m.entries![0]!.key).toBe('{ a: 1 }');
  });
});

describe('JSON and JSONC', () => {
  const text = '{\r\n  // 주석 comment\r\n  "title": "Gratis \\u0069limitado 🎉",\r\n  /* block\r\n   * two */\r\n  "n": 0,\r\n  "nested": { "k": "value text" },\r\n  "arr": ["first item", true],\r\n}\r\n';
  it('reads entries and decodes escapes at exact offsets', () => {
    const x = ex('a.jsonc', text);
    expect(x.entries!.map((e) => `${e.path.join('.')}=${JSON.stringify(e.value)}`)).toEqual([
      'title="Gratis ilimitado 🎉"',
      'n=0',
      'nested=null',
      'nested.k="value text"',
      'arr=null',
      'arr.0="first item"',
      'arr.1=true',
    ]);
    const t = block(x, 'Gratis');
    expect(t.host).toBe('json');
    const i = t.text.indexOf('ilimitado');
    expect(source(text, t, i, i + 1)).toBe('\\u0069');
    expect(source(text, t, i + 1, i + 9)).toBe('limitado');
    const e = t.text.indexOf('🎉');
    expect(source(text, t, e, e + 2)).toBe('🎉');
  });
  it('reads JSONC comments as prose and directives; plain JSON has none', () => {
    const x = ex('a.jsonc', text);
    expect(x.blocks.filter((b) => b.kind === 'comment').map((b) => b.text)).toEqual(['주석 comment', 'block two']);
    const d = ex('a.jsonc', '{\n  // routelint-disable-next-line model-label\n  "model": "gpt-image-3"\n}\n').directives;
    expect(d.map((k) => k.kind)).toEqual(['disable-next-line']);
    const plain = ex('a.json', '{\n  // routelint-disable-next-line model-label\n  "model": "gpt-image-3"\n}\n');
    expect(plain.directives).toEqual([]);
    expect(plain.blocks.filter((b) => b.kind === 'comment')).toEqual([]);
  });
  it('reads what it can of malformed JSON', () => {
    const x = ex('a.json', '{ "a": "free unlimited API", "b": ');
    expect(x.entries!.map((e) => e.key)).toContain('a');
  });
});

describe('TOML', () => {
  const text = '# 설명 comment\r\ntitle = "Free \\u0041PI 🎉"\r\n[providers.openai]\r\nbase_url = \'https://relay.example.com\' # trailing\r\nmodels = ["gpt-image-1", # in array\r\n  "gpt-image-3"]\r\n[[plans]]\r\nname = """\r\nmulti line \\\r\n   joined"""\r\n[[plans]]\r\nname = \'\'\'raw ‘text’\'\'\'\r\ninline = { a.b = 1, c = "inline text" }\r\nbroken = = = \r\nafter = "still read"\r\n';
  const x = ex('a.toml', text);
  it('reads tables, arrays of tables, dotted keys and arrays', () => {
    expect(x.entries!.map((e) => e.path.join('.'))).toEqual([
      'title',
      'providers',
      'providers.openai',
      'providers.openai.base_url',
      'providers.openai.models',
      'providers.openai.models.0',
      'providers.openai.models.1',
      'plans',
      'plans.0',
      'plans.0.name',
      'plans.1',
      'plans.1.name',
      'plans.1.inline',
      'plans.1.inline.a',
      'plans.1.inline.a.b',
      'plans.1.inline.c',
      'plans.1.after',
    ]);
    const byPath = Object.fromEntries(x.entries!.map((e) => [e.path.join('.'), e]));
    expect(byPath['plans.0.name']!.value).toBe('multi line joined');
    expect(byPath['plans.1.name']!.value).toBe('raw ‘text’');
    expect(byPath['plans.1.inline.a.b']!.value).toBe(1);
    expect(x.entries![byPath['providers.openai.base_url']!.parent]!.key).toBe('openai');
  });
  it('maps strings and comments to their source', () => {
    const t = block(x, 'Free');
    const a = t.text.indexOf('A');
    expect(source(text, t, a, a + 1)).toBe('\\u0041');
    expect(source(text, t, a + 1, a + 3)).toBe('PI');
    expect(block(x, 'multi line').quote).toBe('"');
    expect(x.blocks.filter((b) => b.kind === 'comment').map((b) => b.text)).toEqual(['설명 comment', 'trailing', 'in array']);
  });
});

describe('offsets through the engine (BOM, CRLF, Korean)', () => {
  it('reports config findings at UTF-16 offsets of the BOM-less text', () => {
    const text = '\ufeff# 설정\r\nprovider: openai\r\nbase_url: "https://relay.example.com/v1"\r\n';
    const f = lint(text, 'config.yaml').find((x) => x.ruleId === 'route-mismatch')!;
    const body = text.slice(1);
    expect(body.slice(f.start, f.end)).toBe('https://relay.example.com/v1');
  });
  it('finds a claim inside a Korean YAML value at its exact source range', () => {
    const text = 'hero:\r\n  title: "🎉 공식 무료 API 제공"\r\n';
    const f = lint(text, 'copy.yaml').find((x) => x.ruleId === 'free-official-api');
    expect(f).toBeDefined();
    expect(text.slice(f!.start, f!.end)).toContain('무료');
  });
});
