import { describe, expect, it } from 'vitest';
import { markdownExtractor, mdxExtractor } from '../server/src/engine/extract/markdown.js';
import { textExtractor } from '../server/src/engine/extract/text.js';
import { extractorFor, formatOf } from '../server/src/engine/extract/index.js';
import { parseDirectives } from '../server/src/engine/directives.js';
import { foldForMatch, ProseBuilder } from '../server/src/engine/prose.js';
import { TooDeepError, type Extraction, type ProseBlock } from '../server/src/engine/types.js';

const CTX = { maxDepth: 64 };

function md(src: string): Extraction {
  return markdownExtractor.extract(src, CTX);
}

function texts(ex: Extraction): string[] {
  return ex.blocks.map((b) => b.text);
}

/** The source substring that produced `sub` (its n-th occurrence) in the block's text. */
function back(block: ProseBlock, src: string, sub: string, nth = 0): string {
  let a = -1;
  for (let k = 0; k <= nth; k++) {
    a = block.text.indexOf(sub, a + 1);
    if (a < 0) throw new Error(`"${sub}" not in block text "${block.text}"`);
  }
  const b = a + sub.length;
  return src.slice(block.starts[a]!, block.ends[b - 1]!);
}

/** Every map entry lies inside the source and starts <= ends. */
function checkMaps(ex: Extraction, src: string): void {
  for (const b of ex.blocks) {
    expect(b.starts.length).toBe(b.text.length);
    expect(b.ends.length).toBe(b.text.length);
    for (let i = 0; i < b.text.length; i++) {
      expect(b.starts[i]!).toBeGreaterThanOrEqual(0);
      expect(b.ends[i]!).toBeLessThanOrEqual(src.length);
      expect(b.starts[i]!).toBeLessThanOrEqual(b.ends[i]!);
    }
  }
}

function block(ex: Extraction, containing: string): ProseBlock {
  const b = ex.blocks.find((x) => x.text.includes(containing));
  if (!b) throw new Error(`no block contains "${containing}": ${JSON.stringify(texts(ex))}`);
  return b;
}

describe('ProseBuilder', () => {
  it('maps 1:1 runs, decoded runs, spaces and barriers', () => {
    const b = new ProseBuilder();
    b.push('ab', 10);
    b.pushMapped('*', 12, 14);
    b.pushSpace(14, 16);
    b.pushSpace(16, 18);
    b.pushBarrier(18, 25);
    b.push('c', 25);
    const r = b.finish();
    expect(r.text).toBe('ab* \uFFFCc');
    expect(Array.from(r.starts)).toEqual([10, 11, 12, 14, 18, 25]);
    expect(Array.from(r.ends)).toEqual([11, 12, 14, 18, 25, 26]);
  });

  it('maps both halves of a surrogate pair to the code point', () => {
    const b = new ProseBuilder();
    b.push('x🚀y', 5);
    const r = b.finish();
    expect(Array.from(r.starts)).toEqual([5, 6, 6, 8]);
    expect(Array.from(r.ends)).toEqual([6, 8, 8, 9]);
  });

  it('normalizes to NFC per cluster', () => {
    const b = new ProseBuilder();
    b.push('li\u0301m', 0);
    b.push('\u1100\u1161', 10); // conjoining jamo → 가
    const r = b.finish();
    expect(r.text).toBe('lím가');
    expect(Array.from(r.starts)).toEqual([0, 1, 3, 10]);
    expect(Array.from(r.ends)).toEqual([1, 3, 4, 12]);
  });
});

describe('foldForMatch', () => {
  it('preserves length and folds Latin diacritics and case', () => {
    expect(foldForMatch('Límites')).toBe('limites');
    expect(foldForMatch('ÁÉÍÓÚ ÑÜÇ àèìòù')).toBe('aeiou nuc aeiou');
    expect(foldForMatch('FREE Unlimited')).toBe('free unlimited');
    expect(foldForMatch('Vĩnh viễn')).toBe('vinh vien');
  });

  it('leaves Hangul, CJK and emoji alone', () => {
    for (const s of ['무료 무제한 API를', '免费无限', '🚀 free', 'x\uFFFCy']) {
      const f = foldForMatch(s);
      expect(f.length).toBe(s.length);
    }
    expect(foldForMatch('무료 무제한')).toBe('무료 무제한');
    expect(foldForMatch('🚀 FREE')).toBe('🚀 free');
  });

  it('keeps a char whose lowercase has another length', () => {
    const s = 'İstanbul FREE';
    const f = foldForMatch(s);
    expect(f.length).toBe(s.length);
    expect(f).toBe('istanbul free');
  });

  it('has the same length for every char of the table range', () => {
    let s = '';
    for (let c = 0; c < 0x250; c++) s += String.fromCharCode(c);
    expect(foldForMatch(s).length).toBe(s.length);
    const ext = String.fromCharCode(...Array.from({ length: 0x100 }, (_, i) => 0x1e00 + i));
    expect(foldForMatch(ext).length).toBe(ext.length);
  });
});

describe('markdown extractor: inline markup and mapping', () => {
  it('reads one phrase across strong emphasis and records the markup range', () => {
    const src = 'Get a free **unlimited** API today.';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Get a free unlimited API today.']);
    const b = ex.blocks[0]!;
    expect(back(b, src, 'free unlimited API')).toBe('free **unlimited** API');
    expect(back(b, src, 'unlimited')).toBe('unlimited');
    expect(b.inline).toEqual([[11, 24]]);
    expect(b.kind).toBe('paragraph');
    expect(b.host).toBe('markdown');
  });

  it('turns a soft break into one space and maps across it', () => {
    const src = 'We offer a free\nunlimited API.\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['We offer a free unlimited API.']);
    expect(back(ex.blocks[0]!, src, 'free unlimited')).toBe('free\nunlimited');
  });

  it('skips blockquote prefixes on continuation lines', () => {
    const src = '> We offer a free  \n> unlimited\n> API for everyone.\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['We offer a free unlimited API for everyone.']);
    const b = ex.blocks[0]!;
    expect(b.kind).toBe('blockquote');
    expect(back(b, src, 'unlimited API')).toBe('unlimited\n> API');
    expect(back(b, src, 'free unlimited')).toBe('free  \n> unlimited');
  });

  it('skips list indentation on continuation lines', () => {
    const src = '- a free\n  unlimited API\n- second\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['a free unlimited API', 'second']);
    expect(ex.blocks[0]!.kind).toBe('list-item');
    expect(back(ex.blocks[0]!, src, 'free unlimited')).toBe('free\n  unlimited');
  });

  it('handles CRLF line endings', () => {
    const src = '# Title\r\n\r\nA free\r\nunlimited API.\r\n\r\n> quoted\r\n> claim\r\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Title', 'A free unlimited API.', 'quoted claim']);
    expect(back(ex.blocks[1]!, src, 'free unlimited')).toBe('free\r\nunlimited');
    expect(back(ex.blocks[2]!, src, 'quoted claim')).toBe('quoted\r\n> claim');
    checkMaps(ex, src);
  });

  it('maps backslash escapes to the two source chars', () => {
    const src = 'free \\*unlimited\\* API';
    const ex = md(src);
    expect(texts(ex)).toEqual(['free *unlimited* API']);
    const b = ex.blocks[0]!;
    expect(back(b, src, '*unlimited*')).toBe('\\*unlimited\\*');
    expect(back(b, src, 'unlimited')).toBe('unlimited');
    expect(back(b, src, 'API')).toBe('API');
  });

  it('maps character references', () => {
    const src = 'Tom &amp; Jerry &#xAC00;&#44032; free &copy; unlimited';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Tom & Jerry 가가 free © unlimited']);
    const b = ex.blocks[0]!;
    expect(back(b, src, '&')).toBe('&amp;');
    expect(back(b, src, '가가')).toBe('&#xAC00;&#44032;');
    expect(back(b, src, '© unlimited')).toBe('&copy; unlimited');
    expect(back(b, src, 'Jerry')).toBe('Jerry');
  });

  it('maps Korean text with particles and markup', () => {
    const src = '무료 **무제한** API를 제공합니다.';
    const ex = md(src);
    expect(texts(ex)).toEqual(['무료 무제한 API를 제공합니다.']);
    expect(back(ex.blocks[0]!, src, '무료 무제한 API를')).toBe('무료 **무제한** API를');
    expect(back(ex.blocks[0]!, src, 'API')).toBe('API');
  });

  it('keeps offsets right after an emoji', () => {
    const src = '🚀 free unlimited API';
    const ex = md(src);
    expect(texts(ex)).toEqual(['🚀 free unlimited API']);
    const b = ex.blocks[0]!;
    expect(back(b, src, 'free unlimited')).toBe('free unlimited');
    expect(b.starts[b.text.indexOf('free')]).toBe(3);
    expect(back(b, src, '🚀')).toBe('🚀');
  });

  it('normalizes NFD input and maps the composed char to both source code units', () => {
    const src = 'API gratis sin li\u0301mites.';
    const ex = md(src);
    expect(texts(ex)).toEqual(['API gratis sin límites.']);
    const b = ex.blocks[0]!;
    const i = b.text.indexOf('í');
    expect(src.slice(b.starts[i]!, b.ends[i]!)).toBe('i\u0301');
    expect(back(b, src, 'sin límites')).toBe('sin li\u0301mites');
    expect(back(b, src, 'mites')).toBe('mites');
  });

  it('turns a hard break into a space', () => {
    const src = 'free\\\nunlimited';
    const ex = md(src);
    expect(texts(ex)).toEqual(['free unlimited']);
    expect(back(ex.blocks[0]!, src, 'free unlimited')).toBe('free\\\nunlimited');
  });

  it('expands tabs to spaces', () => {
    const src = 'free\tunlimited';
    const ex = md(src);
    expect(texts(ex)).toEqual(['free unlimited']);
    expect(back(ex.blocks[0]!, src, 'free unlimited')).toBe('free\tunlimited');
  });
});

describe('markdown extractor: what is not prose', () => {
  it('excludes code blocks and replaces inline code with a barrier', () => {
    const src = 'Use `free unlimited` here.\n\n```\nfree unlimited API\n```\n\n    indented free unlimited\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Use \uFFFC here.']);
    expect(back(ex.blocks[0]!, src, '\uFFFC')).toBe('`free unlimited`');
  });

  it('keeps link text and drops the URL', () => {
    const src = 'See [free **unlimited** API](https://example.com/free-unlimited "title") now.';
    const ex = md(src);
    expect(texts(ex)).toEqual(['See free unlimited API now.']);
    const b = ex.blocks[0]!;
    expect(back(b, src, 'free unlimited API')).toBe('free **unlimited** API');
    const linkEnd = src.indexOf(' now');
    expect(src.slice(4, linkEnd)).toBe('[free **unlimited** API](https://example.com/free-unlimited "title")');
    expect(b.inline).toContainEqual([4, linkEnd]);
    expect(b.inline).toContainEqual([src.indexOf('**'), src.indexOf(' API')]);
  });

  it('makes autolinks and bare URLs barriers', () => {
    const src = 'Visit <https://free.example> or www.unlimited.example or https://x.example/free now.';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Visit \uFFFC or \uFFFC or \uFFFC now.']);
    const b = ex.blocks[0]!;
    expect(back(b, src, '\uFFFC', 0)).toBe('<https://free.example>');
    expect(back(b, src, '\uFFFC', 1)).toBe('www.unlimited.example');
  });

  it('makes inline HTML a barrier and skips HTML blocks', () => {
    const src = 'free <b>unlimited</b> API\n\n<div>\nfree unlimited\n</div>\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['free \uFFFCunlimited\uFFFC API']);
    expect(back(ex.blocks[0]!, src, '\uFFFCunlimited\uFFFC')).toBe('<b>unlimited</b>');
  });

  it('skips link reference definitions and makes footnote references barriers', () => {
    const src = 'Free API[^1] with [docs][d].\n\n[^1]: Credits expire after 14 days.\n\n[d]: https://example.com/unlimited\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Free API\uFFFC with docs.', 'Credits expire after 14 days.']);
    expect(ex.blocks[1]!.kind).toBe('paragraph');
    expect(back(ex.blocks[0]!, src, '\uFFFC')).toBe('[^1]');
  });

  it('extracts image alt text as its own block', () => {
    const src = 'Look: ![Free *unlimited* API](shot.png "t") and ![](empty.png).';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Look: \uFFFC and \uFFFC.', 'Free unlimited API']);
    const alt = ex.blocks[1]!;
    expect(alt.kind).toBe('alt');
    expect(back(alt, src, 'Free unlimited API')).toBe('Free *unlimited* API');
    expect(back(alt, src, 'API')).toBe('API');
  });
});

describe('markdown extractor: structure', () => {
  it('reads table cells with their column header', () => {
    const src = '| Claim to reject | Plan |\n|---|---|\n| free unlimited API | Pro \\| Team |\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Claim to reject', 'Plan', 'free unlimited API', 'Pro | Team']);
    const cell = ex.blocks[2]!;
    expect(cell.kind).toBe('table-cell');
    expect(cell.host).toBe('markdown-table');
    expect(cell.table).toEqual({ header: 'Claim to reject', row: 1, column: 0 });
    expect(ex.blocks[3]!.table).toEqual({ header: 'Plan', row: 1, column: 1 });
    expect(ex.blocks[0]!.table).toEqual({ header: 'Claim to reject', row: 0, column: 0 });
    expect(back(cell, src, 'free unlimited API')).toBe('free unlimited API');
    expect(back(ex.blocks[3]!, src, 'Pro | Team')).toBe('Pro \\| Team');
  });

  it('builds sections with parents', () => {
    const src = 'Intro free.\n\n# A\n\nin a\n\n## B\n\nin b\n\n### C\n\nin c\n\n## D\n\nin d\n\n# E\n\nin e\n';
    const ex = md(src);
    expect(ex.sections.map((s) => [s.headingText, s.parent])).toEqual([
      ['', null],
      ['A', null],
      ['B', 1],
      ['C', 2],
      ['D', 1],
      ['E', null],
    ]);
    const sec = (t: string): number => block(ex, t).section;
    expect(sec('Intro')).toBe(0);
    expect(sec('in a')).toBe(1);
    expect(sec('in c')).toBe(3);
    expect(sec('in d')).toBe(4);
    expect(sec('in e')).toBe(5);
    const hb = ex.sections[2]!.headingBlock!;
    expect(ex.blocks[hb]!.text).toBe('B');
    expect(ex.blocks[hb]!.kind).toBe('heading');
    expect(ex.blocks[hb]!.depth).toBe(2);
    expect(ex.blocks[hb]!.section).toBe(2);
  });

  it('gives list items the lead-in paragraph ending with a colon, also for nested lists', () => {
    const src = [
      'Avoid phrases like:',
      '',
      '- free unlimited API',
      '- Pricing claims',
      '  - no key needed',
      '',
      'Our plans',
      '',
      '- Pro: unlimited',
      '',
      'Ranked:',
      '- one',
      '  Also note:',
      '  - inner',
      '',
    ].join('\n');
    const ex = md(src);
    expect(block(ex, 'free unlimited API').leadIn).toBe('Avoid phrases like:');
    expect(block(ex, 'no key needed').leadIn).toBe('Avoid phrases like:');
    expect(block(ex, 'Pro: unlimited').leadIn).toBe('');
    expect(block(ex, 'Pro: unlimited').kind).toBe('list-item');
    expect(block(ex, 'one').leadIn).toBe('Ranked:');
    expect(block(ex, 'inner').leadIn).toBe('one Also note:');
    expect(block(ex, 'Our plans').leadIn).toBeUndefined();
  });

  it('accepts a full-width colon as a lead-in', () => {
    const ex = md('다음 표현은 피하세요：\n\n- 무료 무제한\n');
    expect(block(ex, '무료 무제한').leadIn).toBe('다음 표현은 피하세요：');
  });

  it('reads front matter title and description with exact offsets', () => {
    const src = [
      '---',
      'title: Free unlimited API',
      'description: "Get a \\"free\\" key — no login"',
      "summary: 'It''s free'",
      'date: 2026-05-04',
      'updated: 2026-06-01',
      'tags: [free, unlimited]',
      '---',
      '',
      'Body.',
      '',
    ].join('\n');
    const ex = md(src);
    expect(texts(ex)).toEqual(['Free unlimited API', 'Get a "free" key — no login', 'Body.']);
    const [title, desc] = ex.blocks;
    expect(title!.kind).toBe('front-matter');
    expect(back(title!, src, 'Free unlimited API')).toBe('Free unlimited API');
    expect(back(desc!, src, '"free" key')).toBe('\\"free\\" key');
    expect(back(desc!, src, 'no login')).toBe('no login');
    expect(ex.frontMatter?.date).toBe('2026-05-04');
    expect(ex.frontMatter?.updated).toBe('2026-06-01');
    expect(ex.frontMatter?.summary).toBe("It's free");
    expect(ex.frontMatterRange).toEqual([0, src.indexOf('---', 4) + 3]);
    expect(ex.sections[0]!.headingText).toBe('');
  });

  it('reads folded and single-quoted front matter values', () => {
    const src = "---\r\ntitle: 'It''s free'\r\ndescription: >\r\n  A free\r\n  unlimited API\r\n---\r\nBody\r\n";
    const ex = md(src);
    expect(texts(ex)).toEqual(["It's free", 'A free unlimited API', 'Body']);
    expect(back(ex.blocks[0]!, src, "It's free")).toBe("It''s free");
    expect(back(ex.blocks[1]!, src, 'free unlimited')).toBe('free\r\n  unlimited');
  });

  it('does not throw on broken front matter', () => {
    const src = '---\ntitle: [unclosed\n  bad: : :\n---\n\nBody free.\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Body free.']);
    expect(ex.frontMatter).toBeUndefined();
    expect(ex.frontMatterRange).toBeDefined();
  });

  it('reads TOML front matter', () => {
    const src = '+++\ntitle = "Free unlimited"\ndate = 2026-05-04\n+++\n\nBody\n';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Free unlimited', 'Body']);
    expect(back(ex.blocks[0]!, src, 'Free unlimited')).toBe('Free unlimited');
    expect(ex.frontMatter?.date).toBe('2026-05-04');
  });

  it('parses directives from HTML comments', () => {
    const src = [
      '<!-- routelint-disable -->',
      '',
      'free unlimited <!-- routelint-disable-line unlimited-claim -->',
      '',
      '<!-- routelint-disable-next-line unlimited-claim, free-official-api no-key-claim -- quoted on purpose -->',
      'free API',
      '',
      '<!-- plain comment --><!-- routelint-enable free-official-api -->',
      '',
      '<!-- routelint-disabled nope -->',
      '',
    ].join('\n');
    const ex = md(src);
    const d = ex.directives;
    expect(d.map((x) => [x.kind, x.ids, x.reason])).toEqual([
      ['disable', [], undefined],
      ['disable-line', ['unlimited-claim'], undefined],
      ['disable-next-line', ['unlimited-claim', 'free-official-api', 'no-key-claim'], 'quoted on purpose'],
      ['enable', ['free-official-api'], undefined],
    ]);
    expect(src.slice(d[2]!.start, d[2]!.end)).toMatch(/^<!-- routelint-disable-next-line.*-->$/);
    expect(src.slice(d[2]!.idsStart, d[2]!.idsEnd)).toBe('unlimited-claim, free-official-api no-key-claim');
    expect(src.slice(d[1]!.start, d[1]!.end)).toBe('<!-- routelint-disable-line unlimited-claim -->');
    expect(src.slice(d[3]!.start, d[3]!.end)).toBe('<!-- routelint-enable free-official-api -->');
    expect(texts(ex)).toContain('free unlimited \uFFFC');
  });

  it('parseDirectives reports id positions relative to the body offset', () => {
    const body = ' routelint-disable a,b -- why ';
    const [d] = parseDirectives(body, 100, 96, 133);
    expect(d).toMatchObject({ kind: 'disable', ids: ['a', 'b'], reason: 'why', start: 96, end: 133, idsStart: 119, idsEnd: 122 });
    expect(parseDirectives(' not a directive ', 0, 0, 10)).toEqual([]);
  });

  it('throws TooDeepError fast for 10,000 nested blockquotes', () => {
    const src = '>'.repeat(10000) + ' free\n';
    const t0 = performance.now();
    expect(() => md(src)).toThrow(TooDeepError);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('throws TooDeepError for deeply nested lists', () => {
    const lines = Array.from({ length: 200 }, (_, i) => ' '.repeat(i * 2) + '- x');
    expect(() => md(lines.join('\n'))).toThrow(TooDeepError);
    const inline = '- '.repeat(200) + 'x';
    expect(() => md(inline)).toThrow(TooDeepError);
  });

  it('throws TooDeepError when inline nesting exceeds the walk limit', () => {
    let s = 'x';
    for (let i = 0; i < 20; i++) s = i % 2 ? `*a ${s} b*` : `_a ${s} b_`;
    expect(() => markdownExtractor.extract(s, { maxDepth: 2 })).toThrow(TooDeepError);
    expect(markdownExtractor.extract(s, { maxDepth: 64 }).blocks[0]!.text).toMatch(/^a a a .* x b b .* b$/);
  });

  it('places autolink literals that GFM leaves without a position', () => {
    const src = 'Free repo: git+ssh://git@github.com/acme/free.git unlimited\nAPI.';
    const ex = md(src);
    expect(texts(ex)).toEqual(['Free repo: git+ssh://\uFFFC/acme/free.git unlimited API.']);
    const b = ex.blocks[0]!;
    expect(back(b, src, '\uFFFC')).toBe('git@github.com');
    expect(back(b, src, '/acme/free.git unlimited')).toBe('/acme/free.git unlimited');
    checkMaps(ex, src);
  });

  it('does not count thematic breaks or shallow nesting as depth', () => {
    const src = '* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *\n\n> > > a\n\n- a\n  - b\n    - c\n';
    expect(() => markdownExtractor.extract(src, { maxDepth: 8 })).not.toThrow();
  });

  it('maps every block inside the source on a mixed document', () => {
    const src = [
      '---',
      'title: "T \\u00e9"',
      '---',
      '# H &amp; *x*',
      '',
      '> - a\\',
      '>   b &#128512; c',
      '',
      '| a | b |',
      '|--|--|',
      '| ![x](y) | [l](u) |',
      '',
    ].join('\r\n');
    const ex = md(src);
    checkMaps(ex, src);
    expect(texts(ex)).toEqual(['T é', 'H & x', 'a b 😀 c', 'a', 'b', 'x', 'l']);
    expect(block(ex, 'a b').kind).toBe('list-item');
    expect(back(block(ex, 'a b'), src, '😀 c')).toBe('&#128512; c');
    expect(back(ex.blocks[0]!, src, 'é')).toBe('\\u00e9');
  });
});

describe('mdx', () => {
  it('reads {/* */} directives and keeps comments and ESM out of prose', () => {
    const src = "import X from './x'\n\n{/* routelint-disable-next-line unlimited-claim */}\nfree unlimited API\n";
    const ex = mdxExtractor.extract(src, CTX);
    expect(ex.directives.map((d) => [d.kind, d.ids])).toEqual([['disable-next-line', ['unlimited-claim']]]);
    expect(ex.blocks.map((b) => b.text.replace(/\uFFFC+/g, '#'))).toEqual(['# free unlimited API']);
  });
});

describe('plain text extractor', () => {
  it('makes each paragraph a block and a section', () => {
    const src = 'Free unlimited\r\nAPI here.\n\n\n  Second para\twith tab  \nline two\n';
    const ex = textExtractor.extract(src, CTX);
    expect(texts(ex)).toEqual(['Free unlimited API here.', 'Second para with tab line two']);
    expect(ex.blocks.map((b) => [b.kind, b.host, b.section])).toEqual([
      ['text', 'text', 0],
      ['text', 'text', 1],
    ]);
    expect(ex.sections).toHaveLength(2);
    expect(back(ex.blocks[0]!, src, 'unlimited API')).toBe('unlimited\r\nAPI');
    expect(back(ex.blocks[1]!, src, 'tab line')).toBe('tab  \nline');
    expect(ex.directives).toEqual([]);
    checkMaps(ex, src);
  });

  it('does not read markup in plain text and normalizes NFC', () => {
    const src = 'free **unlimited** sin li\u0301mites';
    const ex = textExtractor.extract(src, CTX);
    expect(texts(ex)).toEqual(['free **unlimited** sin límites']);
    expect(back(ex.blocks[0]!, src, 'límites')).toBe('li\u0301mites');
  });

  it('returns nothing for blank input', () => {
    expect(textExtractor.extract('  \n\n \r\n', CTX).blocks).toEqual([]);
  });
});

describe('extractorFor / formatOf', () => {
  it('picks by extension', () => {
    expect(extractorFor('a/README.md')).toBe(markdownExtractor);
    expect(extractorFor('x.MARKDOWN')).toBe(markdownExtractor);
    expect(extractorFor('doc.mdx').id).toBe('mdx');
    expect(extractorFor('notes.txt')).toBe(textExtractor);
    expect(extractorFor('LICENSE')).toBe(textExtractor);
    expect(formatOf('a.md')).toBe('markdown');
    expect(formatOf('a.mdx')).toBe('mdx');
    expect(formatOf('a.txt')).toBe('text');
    expect(formatOf('a.png')).toBeNull();
    expect(formatOf('Makefile')).toBeNull();
    expect(formatOf('dir.md/file')).toBeNull();
  });
});
