// Frames (server/src/engine/frames.ts): the syntax, the word layout, and matching over concept hits.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAP, FrameSyntaxError, matchFrame, matchSpan, parseFrame, tokenize, wordsBetween, type FrameShape, type Layout } from '../server/src/engine/frames.js';
import type { Hit } from '../server/src/engine/concepts.js';

// A toy concept vocabulary: each concept is one word of the text (a word's concept is its upper case).
const NAMES = ['NO', 'KEY', 'CARD', 'NEEDED', 'FREE', 'API', 'MODEL', 'UNLIMITED', 'USAGE'];
const resolve = (n: string): ReadonlySet<number> => {
  if (n === 'CREDENTIAL') return new Set([1, 2]);
  const i = NAMES.indexOf(n);
  if (i < 0) throw new FrameSyntaxError(`unknown concept ${n}`);
  return new Set([i]);
};

/** Hits and layout of a text whose words name concepts ("no key needed"); `,` breaks clauses, `.` sentences. */
function read(text: string): { hits: Hit[]; L: Layout } {
  const tok = tokenize(text);
  const hits: Hit[] = [];
  for (let i = 0; i < tok.count; i++) {
    const w = text.slice(tok.starts[i]!, tok.ends[i]!).toUpperCase();
    const c = NAMES.indexOf(w);
    if (c >= 0) hits.push({ concept: c, start: tok.starts[i]!, end: tok.ends[i]!, lang: 'en', form: 0 });
  }
  const at = (ch: string) => [...text].flatMap((c, i) => (c === ch ? [i] : []));
  return { hits, L: { tokenStarts: tok.starts, tokenEnds: tok.ends, tokenCount: tok.count, clauseBreaks: at(','), sentenceBreaks: at('.') } };
}

function frame(src: string, opts: Partial<FrameShape> = {}): FrameShape {
  return { elems: parseFrame(src, resolve), either: false, scope: 'clause', ...opts };
}

/** The matched words of every match. */
function matches(shape: FrameShape, text: string): string[] {
  const { hits, L } = read(text);
  return matchFrame(shape, hits, L).map((m) => {
    const [a, b] = matchSpan(m);
    return text.slice(a, b);
  });
}

describe('parseFrame', () => {
  it('reads names, alternatives, optional elements and gaps', () => {
    const e = parseFrame('NO ..1 (KEY|CARD) NEEDED?', resolve);
    expect(e.map((x) => [x.names, x.optional, x.gap])).toEqual([
      [['NO'], false, 0],
      [['KEY', 'CARD'], false, 1],
      [['NEEDED'], true, 0],
    ]);
    expect(parseFrame('FREE .. API', resolve)[1]!.gap).toBe(DEFAULT_GAP);
    expect([...parseFrame('NO CREDENTIAL', resolve)[1]!.concepts]).toEqual([1, 2]);
  });

  it('refuses what is not a frame, saying why', () => {
    expect(() => parseFrame('.. FREE', resolve)).toThrow(/cannot start with a gap/);
    expect(() => parseFrame('FREE ..', resolve)).toThrow(/cannot end with a gap/);
    expect(() => parseFrame('FREE .. .. API', resolve)).toThrow(/two gaps/);
    expect(() => parseFrame('FREE ..13 API', resolve)).toThrow(/too wide/);
    expect(() => parseFrame('free api', resolve)).toThrow(/not a concept name/);
    expect(() => parseFrame('FREE? API?', resolve)).toThrow(/every element is optional/);
    expect(() => parseFrame('   ', resolve)).toThrow(/empty frame/);
    expect(() => parseFrame('FREE NOSUCH', resolve)).toThrow(/unknown concept NOSUCH/);
  });
});

describe('tokenize and wordsBetween', () => {
  it('counts a Latin or Hangul run as one word, each Han or Kana character as one, and keeps contractions whole', () => {
    const t = 'don’t 무료로 免费 ok';
    const tok = tokenize(t);
    expect(Array.from(tok.starts, (s, i) => t.slice(s, tok.ends[i]))).toEqual(['don’t', '무료로', '免', '费', 'ok']);
    const L = { tokenStarts: tok.starts, tokenEnds: tok.ends, tokenCount: tok.count, clauseBreaks: [], sentenceBreaks: [] };
    expect(wordsBetween(L, 0, t.length)).toBe(5);
    expect(wordsBetween(L, 5, 13)).toBe(3);
    expect(wordsBetween(L, 7, 7)).toBe(0);
  });
});

describe('matchFrame', () => {
  it('allows at most the gap of words between elements', () => {
    const f = frame('NO ..1 KEY');
    expect(matches(f, 'no key')).toEqual(['no key']);
    expect(matches(f, 'no api key')).toEqual(['no api key']);
    expect(matches(f, 'no real api key')).toEqual([]);
    expect(matches(frame('FREE API'), 'free model api')).toEqual([]);
  });

  it('takes an optional element where it is and goes without it where it is not', () => {
    const f = frame('FREE MODEL? API');
    expect(matches(f, 'free model api')).toEqual(['free model api']);
    expect(matches(f, 'free api')).toEqual(['free api']);
    // a trailing optional element extends the match when it is there
    expect(matches(frame('NO KEY NEEDED?'), 'no key needed')).toEqual(['no key needed']);
  });

  it('stops at a clause break, unless the scope is the sentence; never crosses a sentence end', () => {
    expect(matches(frame('FREE .. API'), 'free, fast api')).toEqual([]);
    expect(matches(frame('FREE .. API', { scope: 'sentence' }), 'free, fast api')).toEqual(['free, fast api']);
    expect(matches(frame('FREE .. API', { scope: 'sentence' }), 'free. api')).toEqual([]);
  });

  it('reads the reverse order only when either is set, and reports elements in the frame order', () => {
    expect(matches(frame('UNLIMITED ..2 USAGE'), 'usage unlimited')).toEqual([]);
    const f = frame('UNLIMITED ..2 USAGE', { either: true });
    expect(matches(f, 'usage is unlimited')).toEqual(['usage is unlimited']);
    const { hits, L } = read('usage is unlimited');
    const [m] = matchFrame(f, hits, L);
    expect(m!.map((h) => h!.concept)).toEqual([NAMES.indexOf('UNLIMITED'), NAMES.indexOf('USAGE')]);
  });

  it('gives one match per first hit, the longest, and one per first hit across a text', () => {
    expect(matches(frame('NO ..2 CREDENTIAL NEEDED?'), 'no key or card needed')).toEqual(['no key or card needed']);
    expect(matches(frame('NO .. KEY'), 'no key, no key')).toEqual(['no key', 'no key']);
  });

  it('accepts any member of a group element', () => {
    expect(matches(frame('NO CREDENTIAL'), 'no card')).toEqual(['no card']);
  });
});
