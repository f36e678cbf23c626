// Config rules over entries: route-mismatch, model-label on `model`, free/unlimited flags, secret
// references and placeholders, locale files (copy, not config), suppression in host comments.
import { describe, expect, it } from 'vitest';
import { lint } from './helpers.js';

const KEY = 'sk-proj-R0uteL1ntSynth3ticN0tARealK3yQ7xzM2a9';
const ids = (text: string, path: string, locale = false) =>
  lint(text, path, locale ? { locale: true } : {})
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.ruleId} ${text.slice(f.start, f.end)}`);

describe('route-mismatch', () => {
  it('flags a declared official route on another host, in every config format', () => {
    expect(ids('provider: openai\nbase_url: https://relay.example.com/v1\n', 'c.yaml')).toEqual(['route-mismatch https://relay.example.com/v1']);
    expect(ids('{ "route": "official", "baseURL": "https://relay.example.com/v1" }', 'c.json')).toEqual(['route-mismatch https://relay.example.com/v1']);
    expect(ids('[llm]\nprovider = "openai"\napi_base = "https://relay.example.com"\n', 'c.toml')).toEqual(['route-mismatch https://relay.example.com']);
    expect(ids('LLM_ROUTE=official\nLLM_ENDPOINT=https://relay.example.com\n', '.env')).toEqual(['route-mismatch https://relay.example.com']);
  });
  it('names Azure as a verified provider, and a trial on the official host', () => {
    const [f] = lint('route: official\nendpoint: https://x.openai.azure.com/\n', 'c.yaml');
    expect(f!.message).toContain("Microsoft's contract");
    expect(f!.missing).toEqual(['owner', 'payer', 'data-terms']);
    expect(ids('route: trial\nbase_url: https://api.openai.com/v1\n', 'c.yaml')).toEqual(['route-mismatch https://api.openai.com/v1']);
  });
  it('compares the key format with the declared vendor, masking the key', () => {
    const text = `provider: anthropic\napi_key: ${KEY}\n`;
    const found = lint(text, 'c.yaml');
    const f = found.find((x) => x.ruleId === 'route-mismatch')!;
    expect(f.message).toContain('OpenAI key (sk-proj-…M2a9)');
    expect(JSON.stringify(found)).not.toContain(KEY);
  });
  it('compares a first-party vendor with the model', () => {
    expect(ids('provider: openai\nmodel: claude-sonnet-4\n', 'c.yaml')).toEqual(['route-mismatch claude-sonnet-4']);
    expect(ids('provider: google\nmodel: gpt-image-1\n', 'c.yaml')).toEqual(['route-mismatch gpt-image-1']);
  });
  it('leaves consistent, local, aggregator and env-name-only configs alone', () => {
    expect(ids('provider: openai\nbase_url: https://api.openai.com/v1\nmodel: gpt-image-1\n', 'c.yaml')).toEqual([]);
    expect(ids('provider: openai\nbase_url: http://127.0.0.1:4000\n', 'c.yaml')).toEqual([]);
    expect(ids('provider: openrouter\nmodel: claude-sonnet-4\n', 'c.yaml')).toEqual([]);
    expect(ids('OPENAI_BASE_URL=https://openrouter.ai/api/v1\n', '.env')).toEqual([]);
    expect(ids('name: my-service\nurl: https://example.com\n', 'c.yaml')).toEqual([]);
    // Only siblings: a declaration in another object says nothing about this one.
    expect(ids('a:\n  provider: openai\nb:\n  base_url: https://relay.example.com\n', 'c.yaml')).toEqual([]);
  });
  it('is off in locale files and in Markdown', () => {
    expect(ids('provider: openai\nbase_url: https://relay.example.com/v1\n', 'locales/en.yaml', true)).toEqual([]);
    expect(ids('provider: openai\nbase_url: https://relay.example.com/v1\n', 'a.md')).toEqual([]);
  });
  it('honours the severity setting and suppression comments', () => {
    expect(lint('provider: openai\nbase_url: https://relay.example.com/v1\n', 'c.yaml', { severities: { 'route-mismatch': 'off' } })).toEqual([]);
    expect(ids('provider: openai\n# routelint-disable-next-line route-mismatch -- staging relay\nbase_url: https://relay.example.com/v1\n', 'c.yaml')).toEqual([]);
    expect(ids('{\n  "provider": "openai",\n  "base_url": "https://relay.example.com" // routelint-disable-line route-mismatch\n}\n', 'c.jsonc')).toEqual([]);
  });
});

describe('model-label in config', () => {
  it('flags a known family’s ID no dated fact knows, with the known IDs as fixes', () => {
    const [f] = lint('image:\n  model: gpt-image-3\n', 'c.yaml');
    expect(f!.ruleId).toBe('model-label');
    expect(f!.fixes.map((x) => x.edits[0]!.newText)).toEqual(['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-2']);
    expect(f!.fixes.every((x) => !x.preferred)).toBe(true);
    expect(ids('{ "model": "dall-e-4" }', 'c.json')).toEqual(['model-label dall-e-4']);
    expect(ids('MODEL=gpt-image-2-pro\n', '.env')).toEqual(['model-label gpt-image-2-pro']);
  });
  it('leaves known IDs and other families alone', () => {
    expect(ids('model: gpt-image-2\n', 'c.yaml')).toEqual([]);
    expect(ids('model: gpt-4o\n', 'c.yaml')).toEqual([]);
    expect(ids('model: claude-sonnet-4\n', 'c.yaml')).toEqual([]);
    expect(ids('model = "stable-diffusion-xl"\n', 'c.toml')).toEqual([]);
  });
});

describe('free and unlimited flags', () => {
  it('flags freeTier: true and plan: free on an official route', () => {
    expect(ids('provider: openai\nfreeTier: true\n', 'c.yaml')).toEqual(['free-official-api true']);
    expect(ids('base_url: https://api.openai.com/v1\nplan: free\n', 'c.yaml')).toEqual(['free-official-api free']);
    expect(ids('OPENAI_ROUTE=official\nFREE_TIER=true\n', '.env')).toEqual(['free-official-api true']);
  });
  it('offers false as the preferred fix for a boolean flag', () => {
    const f = lint('provider: openai\nfree_tier: true\n', 'c.yaml').find((x) => x.ruleId === 'free-official-api')!;
    expect(f.fixes[0]).toMatchObject({ preferred: true, edits: [{ newText: 'false' }] });
  });
  it('leaves free flags off official routes alone', () => {
    expect(ids('provider: acme-relay\nplan: free\n', 'c.yaml')).toEqual([]);
    expect(ids('route: trial\nfreeTier: true\n', 'c.yaml')).toEqual([]);
    expect(ids('provider: openai\nfreeTier: false\n', 'c.yaml')).toEqual([]);
  });
  it('flags limit keys that mean no limit', () => {
    expect(ids('rate_limit: unlimited\n', 'c.yaml')).toEqual(['unlimited-claim unlimited']);
    expect(ids('{ "limits": { "rpm": -1, "dailyLimit": 0 } }', 'c.json')).toEqual(['unlimited-claim -1', 'unlimited-claim 0']);
    expect(ids('MAX_IMAGES=0\n', '.env')).toEqual(['unlimited-claim 0']);
    expect(ids('[quota]\nunlimited = true\n', 'c.toml')).toEqual(['unlimited-claim true']);
    expect(ids('rate_limit: 무제한\n', 'c.yaml')).toEqual(['unlimited-claim 무제한']);
  });
  it('leaves real limits and unrelated zeros alone', () => {
    expect(ids('rate_limit: 60\nrpm: 500\nretries: 0\ntimeout: -1\n', 'c.yaml')).toEqual([]);
    expect(ids('unlimited: false\n', 'c.yaml')).toEqual([]);
  });
});

describe('shared-key in config', () => {
  it('flags a literal key in every config format, masked', () => {
    for (const [text, path] of [
      [`OPENAI_API_KEY=${KEY}\n`, '.env'],
      [`api_key: "${KEY}"\n`, 'c.yaml'],
      [`{ "apiKey": "${KEY}" }`, 'c.json'],
      [`api_key = '${KEY}'\n`, 'c.toml'],
    ] as const) {
      const found = lint(text, path);
      expect(found.map((f) => f.ruleId), path).toEqual(['shared-key']);
      expect(JSON.stringify(found), path).not.toContain(KEY);
    }
  });
  it('treats placeholders and secret references as no key', () => {
    const texts: Array<[string, string]> = [
      ['OPENAI_API_KEY=your-key-here\nB=<key>\nC=${OPENAI_API_KEY}\nD=changeme\nE=\n', '.env'],
      ['api_key: sk-proj-your-key-here\n', 'c.yaml'],
      [`env:\n  - name: OPENAI_API_KEY\n    valueFrom:\n      secretKeyRef:\n        name: openai\n        key: ${KEY}\n`, 'deploy.yaml'],
      [`api_key: "vault:secret/data/openai#${KEY}"\n`, 'c.yaml'],
      [`{ "apiKey": "op://Private/${KEY}/credential" }`, 'c.json'],
    ];
    for (const [text, path] of texts) expect(ids(text, path), text).toEqual([]);
  });
});

describe('locale files', () => {
  it('lints every value as copy, with sibling values as evidence', () => {
    const text = '{\n  "trial": {\n    "title": "Start with free credits",\n    "terms": "100 credits expire after 14 days; then $0.04 per image to the card on file."\n  },\n  "other": { "title": "Start with free credits" }\n}\n';
    const found = lint(text, 'locales/en.json', { locale: true }).filter((f) => f.ruleId === 'trial-without-terms');
    // The first title has its terms as a sibling; the second has none.
    expect(found).toHaveLength(1);
    expect(text.slice(0, found[0]!.start).split('\n').length).toBe(6);
  });
  it('writes fixes in the file’s language for a value too short to tell', () => {
    const f = lint('hero:\n  title: "GPT Image 2"\n  badge: "Ilimitado"\n', 'locales/es.yaml', { locale: true }).find((x) => x.ruleId === 'unlimited-claim');
    expect(f?.lang).toBe('es');
  });
  it('keeps config rules out of locale files', () => {
    // A locale key named like a limit is a message id: its value is read as copy, not as a setting.
    expect(ids('rate_limit: unlimited generations\nmodel: gpt-image-3\n', 'i18n/en.yaml', true)).toEqual(['unlimited-claim unlimited generations', 'model-label gpt-image-3']);
    expect(ids('rate_limit: "0"\nprovider: openai\nbase_url: relay.example.com\n', 'i18n/en.yaml', true)).toEqual([]);
    expect(lint('rate_limit: unlimited generations\n', 'i18n/en.yaml', { locale: true })[0]!.message).not.toContain('no limit');
  });
});
