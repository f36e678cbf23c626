// Concepts (server/src/engine/concepts.ts): the normalization forms and texts share, form
// compilation, and the one automaton that finds every form of every concept in a text.
import { describe, expect, it } from 'vitest';
import {
  COMMON,
  ConceptMatcher,
  JOINER,
  compileForm,
  expandBraces,
  formRequirement,
  normalizeStream,
  type CompiledForm,
  type Hit,
} from '../server/src/engine/concepts.js';
import { foldForMatch } from '../server/src/engine/prose.js';
import { examplesOf } from '../server/src/engine/schema.js';
import { rules } from './helpers.js';

/** A matcher over a few concepts: name → forms (of language 'en' unless `lang:form`). */
function matcher(spec: Record<string, string[]>, extra: { number?: boolean } = {}) {
  const names = Object.keys(spec);
  const forms: CompiledForm[] = [];
  names.forEach((name, id) => {
    for (const f of spec[name]!) {
      const m = /^(en|ko|es):(.*)$/.exec(f);
      forms.push(...compileForm({ source: m ? m[2]! : f, concept: name, lang: m ? m[1]! : 'en' }, id, foldForMatch));
    }
  });
  const m = new ConceptMatcher(forms, extra.number ? names.length : -1, -1);
  const hits = (text: string): Array<[string, string]> =>
    m.match(foldForMatch(text)).map((h: Hit) => [h.concept === names.length ? 'NUMBER' : names[h.concept]!, text.slice(h.start, h.end)]);
  return { m, hits };
}

describe('normalizeStream', () => {
  it('collapses white space, drops quote marks and keeps an apostrophe between letters', () => {
    expect(normalizeStream('our   "unlimited"\n plan').s).toBe('our unlimited plan');
    expect(normalizeStream('don’t «gratis» 「無料」').s).toBe("don't gratis 無料");
    expect(normalizeStream("the users' keys").s).toBe('the users keys');
  });

  it('reads a hyphen between letters as a space, and an identifier as one opaque word', () => {
    expect(normalizeStream('rate-limited sign-up').s).toBe('rate limited sign up');
    const j = String.fromCharCode(JOINER);
    expect(normalizeStream('gpt-image-2 and free_tier').s).toBe(`gpt${j}image${j}2 and free${j}tier`);
    // a lone hyphen before a space, or a dash between words, is not a joiner
    expect(normalizeStream('pay-as-you-go - now').s).toBe(`pay${j}as${j}you${j}go - now`);
  });

  it('maps every character of the stream back to the text it comes from', () => {
    const text = 'a  "b"  c-d';
    const { s, map } = normalizeStream(text);
    expect(s).toBe('a b c d');
    for (let i = 0; i < s.length; i++) if (s[i] !== ' ') expect(text[map[i]!]).toBe(s[i]);
    expect(map[s.length]).toBe(text.length);
  });
});

describe('forms', () => {
  it('expands braces into every combination, an empty alternative included', () => {
    expect(expandBraces('sin {costo,coste,} alguno')).toEqual(['sin costo alguno', 'sin coste alguno', 'sin  alguno']);
    expect(expandBraces('{a,b}{c,d}')).toEqual(['ac', 'ad', 'bc', 'bd']);
    expect(() => expandBraces('no {limit')).toThrow(/unclosed/);
    expect(() => expandBraces('{a,{b}}')).toThrow(/nested/);
    expect(() => expandBraces('{a,b}{a,b}{a,b}', 4)).toThrow(/more than 4/);
  });

  it('makes a space between Hangul, Han or Kana characters optional, and reads glue marks', () => {
    const texts = compileForm({ source: 'api 키 필요 없음', concept: 'X', lang: 'ko' }, 0, foldForMatch).map((f) => f.text);
    expect(texts).toContain('api 키 필요 없음');
    expect(texts).toContain('api키필요없음');
    const [g] = compileForm({ source: '~무제한', concept: 'X', lang: 'ko' }, 0, foldForMatch);
    expect(g).toMatchObject({ text: '무제한', glueLeft: true, glueRight: false });
  });
});

describe('ConceptMatcher', () => {
  it('matches a Latin form only at word edges, and next to another script', () => {
    const { hits } = matcher({ API: ['api'] });
    expect(hits('the API를 call')).toEqual([['API', 'API']]);
    expect(hits('capital rapid apis')).toEqual([]);
    expect(hits('(API)')).toEqual([['API', 'API']]);
  });

  it('matches a Hangul form after a non-Hangul character, particles after it, and inside a word only with glue', () => {
    const { hits } = matcher({ UNLIMITED: ['ko:무제한'], FREE: ['ko:~무료'] });
    expect(hits('무제한으로 쓰세요')).toEqual([['UNLIMITED', '무제한']]);
    expect(hits('완전무제한')).toEqual([]);
    expect(hits('완전무료')).toEqual([['FREE', '무료']]);
  });

  it('matches Han and Kana forms anywhere, with or without the spaces the form has', () => {
    const { hits } = matcher({ FREE: ['免费'], NOKEY: ['ko:키 불필요'] });
    expect(hits('完全免费使用')).toEqual([['FREE', '免费']]);
    expect(hits('API 키불필요')).toEqual([['NOKEY', '키불필요']]);
  });

  it('never starts or ends a form that ends in a digit inside a number', () => {
    const { hits } = matcher({ FREE: ['$0'] });
    expect(hits('costs $0 today')).toEqual([['FREE', '$0']]);
    expect(hits('costs $0.04 per image')).toEqual([]);
    expect(hits('costs $05')).toEqual([]);
  });

  it('drops a hit strictly inside a longer one, and keeps hits that only overlap', () => {
    const { hits } = matcher({ CARD: ['card'], OTHER: ['graphics card'], FREE: ['free'], TIER: ['free tier'] });
    expect(hits('a graphics card')).toEqual([['OTHER', 'graphics card']]);
    expect(hits('no card')).toEqual([['CARD', 'card']]);
    expect(hits('the free tier')).toEqual([['TIER', 'free tier']]);
  });

  it('matches through the normalization: quotes, line breaks and hyphens inside the text', () => {
    const { hits } = matcher({ NOLIMIT: ['no rate limits'] });
    expect(hits('“No”\n rate-limits.')).toEqual([['NOLIMIT', 'No”\n rate-limits']]);
  });

  it('never matches a part of an identifier, but a form spelled as the identifier matches it whole', () => {
    const { hits } = matcher({ IMAGE: ['image'], ID: ['gpt-image-2'], KEY: ['key'] });
    expect(hits('use gpt-image-2 now')).toEqual([['ID', 'gpt-image-2']]);
    expect(hits('the no-key-claim rule')).toEqual([]);
    expect(hits('an image key')).toEqual([['IMAGE', 'image'], ['KEY', 'key']]);
  });

  it('gives the same concept over the same span in two languages once, as of no one language', () => {
    const { m } = matcher({ FREE: ['en:gratis', 'es:gratis'] });
    const hs = m.match('gratis');
    expect(hs).toHaveLength(1);
    expect(hs[0]!.lang).toBe('*');
  });

  it('finds numbers as a built-in concept, with separators and thin-space groups', () => {
    const { hits } = matcher({ X: ['zzz'] }, { number: true });
    expect(hits('1,000.50 and 2 000 and v2')).toEqual([['NUMBER', '1,000.50'], ['NUMBER', '2 000']]);
  });

  it('reads only the concepts asked for', () => {
    const { m } = matcher({ A: ['alpha'], B: ['beta'] });
    expect(m.match('alpha beta', new Set([1])).map((h) => h.concept)).toEqual([1]);
  });

  it('finds the same hits as a naive search over every shipped form', () => {
    // Differential check of the automaton (failure links, the ASCII table, forms ending inside
    // others): every hit is a form's text at that place, and every place a form's text is found
    // at a word edge, unshadowed, is a hit.
    const m = rules().concepts.matcher;
    const samples = ['Free unlimited GPT Image 2 API, no API key, no credit card required!', '무료 무제한 API 키 없이 바로 사용', 'API gratis e ilimitada, sin tarjeta ni registro', 'We are the official OpenAI partner; 100% uptime, never blocked.'];
    for (const text of samples) {
      const folded = foldForMatch(text);
      const hits = m.match(folded);
      expect(hits.length).toBeGreaterThan(2);
      const { s, map } = normalizeStream(folded);
      for (const h of hits) {
        if (h.form < 0) continue;
        const f = m.forms[h.form]!;
        const a = map.findIndex((o) => o === h.start);
        expect(s.slice(a, a + f.text.length), `${f.source} in ${text}`).toBe(f.text);
      }
      // completeness: every occurrence of a form at clean Latin edges is covered by some hit
      for (const f of m.forms) {
        if (!/^[a-z][a-z ]*[a-z]$/.test(f.text) || f.glueLeft || f.glueRight) continue;
        for (let at = s.indexOf(f.text); at >= 0; at = s.indexOf(f.text, at + 1)) {
          if (/[\p{L}\p{N}]/u.test(s[at - 1] ?? ' ') || /[\p{L}\p{N}]/u.test(s[at + f.text.length] ?? ' ')) continue;
          const start = map[at]!;
          const end = map[at + f.text.length - 1]! + 1;
          expect(hits.some((h) => h.start <= start && h.end >= end), `${f.source} at ${start} in ${text}`).toBe(true);
        }
      }
    }
  });
});

describe('formRequirement', () => {
  const req = (source: string) => formRequirement(compileForm({ source, concept: 'X', lang: 'en' }, 0, foldForMatch)[0]!);

  it('asks for the rarest word of a form, with the edges the form guarantees', () => {
    expect(req('no rate limits')).toEqual({ kind: 'word', text: 'limits', left: true, right: true });
    expect(req('throttl~')).toEqual({ kind: 'word', text: 'throttl', left: true, right: false });
    expect(COMMON.has('free')).toBe(true);
    expect(req('free of charge')).toMatchObject({ text: 'charge' });
  });

  it('never rests on the most frequent words or a lone letter, and takes the head of a compound on a tie', () => {
    // (a requirement met by every paragraph makes every paragraph a candidate, parsed for nothing)
    expect(req("it's on us")).toMatchObject({ text: 'us' });
    expect(req('it is on us')).toMatchObject({ text: 'us' });
    expect(req('with no')).toMatchObject({ text: 'no' });
    expect(req('api key')).toMatchObject({ text: 'key' });
  });

  it('asks for a symbol next to a digit where the form has no word', () => {
    expect(req('$0')).toEqual({ kind: 'sym', text: '$', digitBefore: false, digitAfter: true });
  });
});

describe('foldForMatch', () => {
  it('lowercases and strips Latin diacritics, keeping every offset, in short and long texts alike', () => {
    const sample = 'Ünïcödé ÉLAN Ệ İstanbul ΑΣ ß 한국어 GRATIS sin límites 🚀 Ça\n';
    const short = foldForMatch(sample);
    expect(short.length).toBe(sample.length);
    expect(short).toContain('unicode elan e ');
    expect(short).toContain('sin limites');
    expect(short).toContain('한국어');
    expect(short).toContain('🚀 ca');
    // the same characters folded inside a long text (another code path) give the same characters
    const long = foldForMatch(sample.repeat(20));
    expect(long.length).toBe(sample.length * 20);
    expect(long).toBe(short.repeat(20));
    // text that needs no folding comes back as it is
    expect(foldForMatch('plain ascii text, 42.')).toBe('plain ascii text, 42.');
  });
});
