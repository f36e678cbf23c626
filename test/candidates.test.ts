// The candidate scan (which parts of a document could produce a finding, decided on the raw text) and
// the Markdown chunk planner (which parts a partial parse may leave out). Both may only err on the
// side of parsing more: test/differential.test.ts checks whole documents against a full parse.
import { examplesOf } from '../server/src/engine/schema.js';
import { describe, expect, it } from 'vitest';
import { CandidateScan, requirementsOf, type Clauses } from '../server/src/engine/candidates.js';
import { approxProse, approxReadings, completeTagLine, exactProse, listPieces, planChunks, tableCells } from '../server/src/engine/extract/chunks.js';
import { markdownExtractor } from '../server/src/engine/extract/markdown.js';
import { framesGatedOut, headConcepts } from '../server/src/engine/engine.js';
import { matchFrame, tokenize } from '../server/src/engine/frames.js';
import { foldForMatch } from '../server/src/engine/prose.js';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { prng, rules } from './helpers.js';

function show(c: Clauses): string[] {
  return c.map((clause) =>
    clause
      .map((r) =>
        r.kind === 'range'
          ? `[${r.lo}-${r.hi}]`
          : r.kind === 'sym'
            ? `${r.digitBefore ? '9' : ''}${r.text}${r.digitAfter ? '9' : ''}`
            : `${r.digitBefore ? '9' : ''}${r.left ? '|' : ''}${r.text}${r.right ? '|' : ''}${r.digitAfter ? '9' : ''}`,
      )
      .sort()
      .join(' '),
  );
}

const WORD = '[\\p{L}\\p{N}_]';
const bounded = (body: string) => `(?<!${WORD})(?:${body})(?!${WORD})`;

describe('requirementsOf', () => {
  it('needs whole words where the pattern has word edges', () => {
    expect(show(requirementsOf(bounded('never (?:gets? |be )?(?:blocked|banned)')))).toEqual(['|banned| |blocked|', '|never|']);
    // "sin" as a word, not inside "using"
    expect(show(requirementsOf(bounded('sin (?:bloqueos|baneos)')))).toEqual(['|baneos| |bloqueos|', '|sin|']);
  });

  it('knows a word edge only where the pattern guarantees one', () => {
    // keys? — "key" may go on with an "s"; a pattern without boundary says nothing about its start
    expect(show(requirementsOf('free keys?'))).toEqual(['free|', '|key']);
    expect(show(requirementsOf(bounded('gpt[ -]?image')))).toEqual(['image|', '|gpt']);
  });

  it('turns short classes into alternatives and keeps digits next to symbols', () => {
    expect(show(requirementsOf(bounded('[$€]\\s?\\d+')))).toEqual(['$9 €9']);
    expect(show(requirementsOf(bounded('\\d+\\s?(?:usd|dollars?)')))).toEqual(['9dollar 9usd|']);
  });

  it('requires a character of a non-ASCII range (Hangul nearby)', () => {
    expect(show(requirementsOf('api(?:(?<=[가-힣][^\\n]{0,80})|(?=[^\\n]{0,80}[가-힣]))'))).toEqual(['[44032-55203]', 'api']);
  });

  it('derives nothing it cannot vouch for', () => {
    expect(requirementsOf('(?:ab|cd)?\\d+')).toEqual([]);
    expect(requirementsOf('x*')).toEqual([]);
    expect(requirementsOf('(?<!free )(?:trial)?')).toEqual([]);
    expect(requirementsOf('[unclosed')).toEqual([]);
  });

  it('holds for every match of every shipped pattern on its rule examples', () => {
    // Property check: a scan of an example finds every pattern that matches in it.
    const r = rules();
    let matched = 0;
    for (const rule of r.rules) {
      for (const e of [...examplesOf(rule.spec, 'invalid'), ...examplesOf(rule.spec, 'valid')].map((x) => x.example)) {
        const text = (typeof e === 'string' ? e : e.text).normalize('NFC');
        const folded = foldForMatch(text);
        const found = new CandidateScan(text, folded, r).candidatesIn(0, text.length);
        for (const p of rule.patterns) {
          p.re.lastIndex = 0;
          if (!p.re.test(folded)) continue;
          matched++;
          expect(found === null || found.patterns.has(p), `${rule.spec.id}: ${p.source} on ${text}`).toBe(true);
        }
        // Frames: wherever a frame matches the concept hits of the text (read as one clause, with
        // no break, so more matches than a lint sees), the scan must have kept the frame.
        const hits = r.concepts.matcher.match(folded);
        const tok = tokenize(folded);
        const layout = { tokenStarts: tok.starts, tokenEnds: tok.ends, tokenCount: tok.count, clauseBreaks: [], sentenceBreaks: [] };
        // A frame with `also` alternatives is kept where one of them finds the words it asks of the
        // block (its sentence, clause, gap) in the text.
        const has = (set: ReadonlySet<number> | undefined) => !set || hits.some((h) => set.has(h.concept));
        for (const f of rule.frames) {
          if (matchFrame(f.shape, hits, layout).length === 0) continue;
          if (f.also && !f.also.some((c) => has(c.sentence) && has(c.clause) && has(c.before) && has(c.gap))) continue;
          matched++;
          expect(found === null || found.patterns.has(f), `${rule.spec.id}: ${f.source} on ${text}`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  it("keeps a frame for one of its `also` alternatives: the block's words, or the document's head", () => {
    // no-key's "NO-NEED ..2 KEY" asks for a text about AI access, or images in the sentence
    const r = rules();
    const frame = r.rules.find((x) => x.spec.id === 'no-key-claim')!.frames.find((f) => f.source === 'NO-NEED ..2 KEY')!;
    const kept = (text: string, doc: number[]) => {
      const found = new CandidateScan(text, foldForMatch(text), r, () => framesGatedOut(r, new Set(doc)), () => new Set(doc)).candidatesIn(0, text.length);
      return found === null || found.patterns.has(frame);
    };
    const topic = r.concepts.ids.get('TOPIC')!;
    const members = [...r.concepts.members[topic]!];
    expect(kept("You don't need a key to open the settings file.", [])).toBe(false);
    expect(kept("You don't need a key to make images here.", [])).toBe(true);
    expect(kept("You don't need a key to open the settings file.", members)).toBe(true);
  });
});

describe('CandidateScan', () => {
  // as the engine builds it: without the frames the document's head rules out
  const scan = (text: string) => new CandidateScan(text, foldForMatch(text), rules(), () => framesGatedOut(rules(), new Set(headConcepts(rules(), text))));
  const level = (text: string) => scan(text).level(0, text.length);

  it('lets through words that markup or references split in the source', () => {
    for (const t of [
      'We offer unlimited generations.',
      'We offer **un**limited generations.',
      'We offer _unlimited_ generations.',
      'We offer [unli](https://x.y)mited generations.',
      'We offer unli&#109;ited generations.',
      'We offer unlimite\u0301d generations.',
      'We offer UNLIMITED GENERATIONS.',
    ]) {
      expect(level(t), t).toBeGreaterThan(0);
    }
  });

  it('keeps out prose whose words cannot make a claim', () => {
    expect(level('Run the build, then open the page. It uses a key and an API.')).toBe(0);
    expect(level('Install it with npm: $ npm install routelint')).toBe(0);
  });

  it('tells claims that read their section from those that read their sentence only', () => {
    expect(level('We offer unlimited generations.')).toBe(2);
    expect(level('It is now available for free.')).toBe(1);
    const t = 'We offer unlimited generations.';
    expect(scan(t).explain(0, t.length).some((l) => l.startsWith('unlimited-claim:'))).toBe(true);
  });

  it('wants a range holding a reference whose meaning it does not know', () => {
    expect(level('Nothing here &frobnicate; at all.')).toBe(2);
  });

  it('answers for sub-ranges of what it scanned, in any order', () => {
    const t = 'Run the build.\n\nWe offer unlimited generations.\n\nOpen the page.';
    const s = scan(t);
    const claim = t.indexOf('We');
    expect(s.level(claim, t.indexOf('Open'))).toBe(2);
    expect(s.level(0, claim)).toBe(0);
    expect(s.level(t.indexOf('Open'), t.length)).toBe(0);
    expect(s.level(claim + 9, claim + 30)).toBe(2);
  });
});

describe('planChunks', () => {
  const plan = (text: string, want: (t: string) => 0 | 1 | 2 = (t) => (/unlimited/.test(t) ? 2 : 0)) =>
    planChunks(text, { level: (a, b) => want(text.slice(a, b)), blockDepth: 10, maxWalk: 136 });

  it('cuts at headings at column 0 outside fences and HTML blocks', () => {
    const p = plan('# A\n\ntext\n\n```\n# no\n```\n\n<!--\n\n# no\n-->\n\n## B\n\nmore\n')!;
    expect(p.chunks.map((c) => c.depth)).toEqual([0, 1, 2]);
  });

  it('cuts a chunk into groups at fresh lines, but not before a list or a table', () => {
    const p = plan('# A\n\none\n\ntwo\n\n- item\n\n| a |\n| - |\n')!;
    const text = '# A\n\none\n\ntwo\n\n- item\n\n| a |\n| - |\n';
    const groups = p.units.filter((u) => u.kind === 'group' && u.chunk === 1).map((u) => text.slice(u.start, u.end));
    expect(groups).toEqual(['\none\n\n', 'two\n\n- item\n\n| a |\n| - |\n']);
  });

  it('marks what may read its section and what may hold headings of its own', () => {
    const p = plan('# A\n\nunlimited\n\nTitle\n=====\n\n## B\n\ntext\n')!;
    expect(p.units.find((u) => u.level === 2)?.chunk).toBe(1);
    expect(p.chunks[1]!.structural).toBe(true);
    expect(p.chunks[2]!.structural).toBe(false);
  });

  it('knows groups made of link reference definitions only', () => {
    const p = plan('# A\n\n[a]: /x\n[b]: <y z> "t"\n\n[c]: /x\nnot a definition\n')!;
    const defs = p.units.filter((u) => u.definitions);
    expect(defs).toHaveLength(1);
    expect(defs[0]!.definitions!.map((d) => d.label)).toEqual(['A', 'B']);
  });

  it('gives up where it cannot tell the top level from a list item: the rest is one unit, parsed whole', () => {
    expect(plan('# A\rtext\r')).toBeNull();
    for (const text of ['- item\n  ```\ncode at column 0\n```\n', 'text\n<custom-tag>\n```\ncode\n```\n']) {
      const p = plan(text)!;
      expect(p.chunks).toHaveLength(1);
      expect(p.chunks[0]!.structural).toBe(true);
      expect(p.units.filter((u) => u.kind === 'group').map((u) => [u.start, u.end])).toEqual([[0, text.length]]);
    }
    // the chunks before the ambiguity stay cut; the one holding it takes the rest of the document
    const doc = '# One\n\nunlimited text\n\n# Two\n\nintro\n\n- item\n  ```\ncode at column 0\n```\n\n# Three\n\nunlimited more\n';
    const p = plan(doc)!;
    expect(p.chunks.map((c) => [c.depth, c.structural])).toEqual([
      [0, false],
      [1, false],
      [1, true],
    ]);
    const two = p.chunks[2]!;
    expect(two.start).toBe(doc.indexOf('# Two'));
    expect(two.end).toBe(doc.length);
    const tail = p.units.filter((u) => u.chunk === 2 && u.kind === 'group');
    expect(tail.map((u) => [u.start, u.end, u.level])).toEqual([[two.headEnd, doc.length, 2]]);
  });
});

describe('completeTagLine (HTML blocks of type 7)', () => {
  // What micromark makes of the line alone, as a document: an HTML block, or not.
  const isHtmlBlock = (line: string) => unified().use(remarkParse).parse(line).children[0]?.type === 'html';
  const RAW_OR_BLOCK = /^<\/?(?:script|pre|style|textarea|div|p|table|section|details|h[1-6])(?![A-Za-z0-9-])/i;

  it('agrees with micromark on crafted lines', () => {
    const lines = [
      '</script>', '</script >  ', '</script\t>', '</span>', '</span> x', '</a:b>', '</a/>', '<custom-tag>', '<custom-tag attr="x">',
      "<x a='1' b=\"2\" c=3 d>", '<x a=b=c>', '<x a=b =c>', '<x a="b"c>', '<x a="b"=c>', '<x a= =b>', '<x a=>', '<x a=`b`>',
      '<x a=b/>', '<x a=b/c>', '<x/>', '<x />', '<x / >', '<x:y>', '<x.y>', '<x _a:b.c-d=e>', '<x 1a>', '<x a="unclosed>',
      '<span>text</span>', '<img src="x.png">', '<img src="x.png"> ', '<img src="x.png">!', '<a href="x">', '<a', '<', '<1x>',
      '<x\ta=b\t>', '<X-1 Y=Z>', '<x a="b" >', "<x a='b\"c'>", '<x a=b\'c>', '<x =a>', '<x a = b>', '<x a =b c= d>',
    ];
    for (const line of lines) expect([line, completeTagLine(line)]).toEqual([line, isHtmlBlock(line)]);
  });

  it('agrees with micromark on generated lines', () => {
    const rnd = prng(7);
    const pieces = ['<', '</', 'x', 'my-tag', 'a', ':', '_', '.', '-', '1', '=', '"', "'", '`', '/', '>', ' ', '\t', 'b c', '=d', '"q r"', "'s'", '<', 'é'];
    let n = 0;
    for (let i = 0; i < 20000; i++) {
      let line = rnd() < 0.7 ? '<t' : rnd() < 0.5 ? '</t' : '<';
      const len = 1 + Math.floor(rnd() * 9);
      for (let k = 0; k < len; k++) line += pieces[Math.floor(rnd() * pieces.length)]!;
      if (rnd() < 0.6) line += '>';
      if (RAW_OR_BLOCK.test(line) || /^ |^\t/.test(line)) continue;
      const want = isHtmlBlock(line);
      if (want) n++;
      if (completeTagLine(line) !== want) expect([line, completeTagLine(line)]).toEqual([line, want]);
    }
    expect(n).toBeGreaterThan(500);
  });

  it('lets the scan go on where no paragraph is open: after a blank line or a heading', () => {
    const plan = (text: string) => planChunks(text, { level: () => 1, blockDepth: 10, maxWalk: 136 })!;
    // an HTML block of type 7: the fence and the heading are inside it, up to the blank line
    const a = '# A\n\nintro\n\n</script>\n```\n### not a heading\n\n## B\n\ntext\n';
    expect(plan(a).tailStart).toBe(-1);
    expect(plan(a).chunks.map((c) => a.slice(c.start, c.headEnd))).toEqual(['', '# A\n', '## B\n']);
    // not a complete tag: a paragraph, which the fence interrupts
    const b = '# A\n<span>text</span>\n```\n## in code\n```\n\n## B\n';
    expect(plan(b).tailStart).toBe(-1);
    expect(plan(b).chunks.map((c) => b.slice(c.start, c.headEnd))).toEqual(['', '# A\n', '## B\n']);
    // after a paragraph line the two readings still differ: the rest is parsed whole
    expect(plan('# A\n\ntext\n</script>\n```\ncode\n```\n').tailStart).toBeGreaterThan(0);
  });
});

/**
 * Each segment a pre-check does not refuse, against what the parser and walker make of it (at most one
 * block, compared with `same`); how many it did not refuse.
 */
function againstParse(segments: string[], check: (s: string) => string | null, same: (got: string, block: string, seg: string) => void): number {
  let n = 0;
  for (const seg of segments) {
    const got = check(seg);
    if (got === null) continue;
    n++;
    const blocks = markdownExtractor.extract(seg, { maxDepth: 64 }).blocks;
    expect(blocks.length, seg).toBeLessThanOrEqual(1);
    if (blocks.length === 1) same(got, blocks[0]!.text, seg);
  }
  return n;
}

describe('exactProse', () => {
  const SEGMENTS = [
    'Plain text on one line.',
    '- #137 Fix a bug in the parser.',
    '#137 is no heading, nor is ####### seven.',
    '####### Seven hashes are text.',
    '  Indented start, then\n   a continuation line  \nand a lazy one.',
    'Text with `inline code` and ``double `ticks` code`` and an ` unmatched tick.',
    'A `code span\nacross lines` ends here.',
    '- A list item\n  continued here.',
    '1. An ordered item\ncontinued lazily.',
    '> Quoted text\n> on two lines\nand a lazy one.',
    '## A heading with `code`',
    '#Not a heading',
    'Trailing spaces  \nmake a hard break.',
    'Tabs\tinside\tthe text.',
    '    Indented code, not a paragraph.',
    'Price: 5 USD per month (billed yearly) - see notes.',
    'Sentence one. Sentence two? Yes! 100% sure: ok.',
    'Emoji 🚀 and 한국어 and español, también.',
    '`code` at the start and `code` at the end `x`',
    'Text\n===',
    'Text\n- item',
    'Text *emphasis*',
    'Text [link](x)',
    'Text <b>html</b>',
    'Text https://example.com',
    'Text &amp; entity',
    'Text \\* escape',
    '- - nested',
    '- > quote in item',
    'Text\n2. not a list here',
  ];

  it('gives the very text the parser and walker give, or refuses', () => {
    expect(againstParse(SEGMENTS, exactProse, (got, block, seg) => expect(got, seg).toBe(block))).toBeGreaterThan(10);
  });

  it('refuses what needs the inline parser', () => {
    for (const seg of ['Text *emphasis*', 'Text [link](x)', 'Text <b>html</b>', 'Text https://example.com', 'Text &amp; entity', 'Text\n===', 'Text\n- item']) {
      expect(exactProse(seg), seg).toBeNull();
    }
  });
});

describe('approxProse', () => {
  // the words of a text, in order (what frames read: runs of letters and digits)
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+|\uFFFC/gu) ?? [];
  const SEGMENTS = [
    'Get **free** [unlimited](https://example.com/a) GPT Image 2 API access.',
    '* A bullet with _emphasis_ and a snake_case_name.',
    '- See [the docs](docs.md) and [the diagram](img/flow.png) below.',
    'Escaped \\*stars\\* and a C:\\path, then a line break\\\nhere.',
    '> A quote with __strong__ words and `code [x](y)` inside.',
    '1. An item with ***nested*** emphasis.',
    'Literal 5 * 3 = 15 and _ alone.',
    'The `@scope/pkg` package: read [Using `@scope/pkg` with keys](https://example.com/a) first.',
    'A [`code`](x) link, a `[bracket` in code and `a\\` backslash.',
    'Thanks to @someone for the `**stars**` fix.',
    'See [`a]`](b) here.',
    'A `code\nspan` across lines, then [a link](x) and `one\nmore\nspan` - here.',
    'Text with `a span\n- that` starts a line.',
    '- `cwd` {string|URL} The working directory | or a path, a || b.',
    '| a | b | on one line is no table',
    'Write to [team@example.com](mailto:team@example.com) or open [https://example.com](https://example.com).',
    'A [link `text](url) in code` and [a shortcut] or [collapsed][] reference.',
    '- [x] Done: [types] use a shared config [Dev Deps] pin it.',
    'A <b>bold</b> word, a<br>break and <kbd>Ctrl</kbd> + <kbd>C</kbd>.',
    'Types like `Map<K, V>` and Array<string> or a <= b and 3 < 4.',
    'Mail <team@example.com> or see <https://example.com/x?a=1&b=2>.',
    'Tom & Jerry, R&D and Q&A are no entities.',
    '<span title="a > b">quoted</span> attributes and <img src=x.png alt=\'y\' /> too.',
    'A ~strike~ and ~~double~~ strike, ~10 ms and a ~/path.',
    'A [link over\ntwo lines](https://example.com/x) and [one with a title](x "The title") or [another](y \'t\').',
    '<https://example.com/a> opens this line and <em>this</em> one\n<kbd>Esc</kbd> starts a line too.',
  ];

  it('keeps the words of the parsed block, in order, or refuses', () => {
    expect(againstParse(SEGMENTS, approxProse, (got, block, seg) => expect(words(got), seg).toEqual(words(block)))).toBeGreaterThanOrEqual(5);
  });

  it('refuses where the words are not sure', () => {
    for (const seg of ['A <b unclosed', 'An &amp; entity', 'A [[placeholder]] here', 'A wo*rd* joined', 'A \\`tick', 'A [link](x "ti`tle") and `code`', 'A wo~rd~ joined', 'An ![image](x.png) inline', 'Text\n<div>\nin a block', 'Text\n<!-- a comment -->', 'A [reference][ref] link', 'Visit www.example.com today', 'Write to team@example.com', '**1.** Step one', '_#_ not a heading', 'A [link](x`y`z) with ticks in it', 'A line\n| a | b |\n| - | - |']) {
      expect(approxProse(seg), seg).toBeNull();
    }
  });
});

describe('approxReadings', () => {
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+|\uFFFC/gu) ?? [];
  it('reads a full reference both ways: its text alone, or with its label when that is not defined', () => {
    for (const seg of ['Use the [Azure CLI][azure_cli] and [the key service][keys] for free.', 'A [shortcut] and a [full][ref].']) {
      const readings = approxReadings(seg);
      expect(readings, seg).not.toBeNull();
      expect(readings!.length, seg).toBe(2 ** (seg.match(/\]\[/g) ?? []).length);
      const labels = [...seg.matchAll(/\[([^\]]+)\](?!\[)/g)].map((m) => m[1]!);
      // none defined, each defined, all defined: the parse's words are one of the readings
      const defs = ['', ...labels.map((l) => `[${l}]: /x`), labels.map((l) => `[${l}]: /x`).join('\n')];
      for (const d of defs) {
        const blocks = markdownExtractor.extract(`${seg}\n\n${d}\n`, { maxDepth: 64 }).blocks;
        expect(readings!.map(words), `${seg} | ${d}`).toContainEqual(words(blocks[0]!.text));
      }
    }
  });

  it('reads an autolink literal both ways where the run around it is wholly link or wholly text', () => {
    const SEGMENTS = [
      'Docs at https://example.com/docs, or www.example.org.',
      'Run it on http://localhost:3000 and open (https://example.com/a_b).',
      'Write to help@example.com; the pkg@1.2.3 tag is text.',
      'Mail: me@example.com.',
      'Start the server at http://127.0.0.1:8080/api then call it.',
      'See "https://example.com/x" and git://example.com/repo for more.',
      'A [link with https://example.com inside](x) and then www.example.com/path.',
    ];
    for (const seg of SEGMENTS) {
      const readings = approxReadings(seg);
      expect(readings, seg).not.toBeNull();
      const blocks = markdownExtractor.extract(seg, { maxDepth: 64 }).blocks;
      expect(blocks.length, seg).toBe(1);
      expect(readings!.map(words), seg).toContainEqual(words(blocks[0]!.text));
    }
    // two choices for two autolinks that may each be text: four readings
    expect(approxReadings('Open http://localhost:3000 or http://intranet:8080 now')?.length).toBe(4);
  });

  it('reads nothing where a marker or a link end would move a word boundary', () => {
    for (const seg of ['Get free~_key now', 'Get a-b*-c', 'Get a*"b', 'Get www. now', 'see www.e.io/a&b; now', '(www.) and WWW.']) {
      const readings = approxReadings(seg, []);
      if (readings === null) continue;
      const blocks = markdownExtractor.extract(seg, { maxDepth: 64 }).blocks;
      expect(readings.map(words), seg).toContainEqual(words(blocks[0]!.text));
    }
    expect(approxReadings('Get free~_key now', [])).toBeNull();
    expect(approxReadings('Get www. now', [])).toBeNull();
  });

  it('refuses an autolink literal that may be part link, part text', () => {
    for (const seg of ['Use git+https://example.com/x.git here', 'At https://example.com/_x_ now', 'Name:someone@example.com', 'See https://example.com/é', 'a@b.com,c@d.com', 'four http://a.io http://b.io http://c.io http://d.io links', 'A <!-- comment --> here', 'A <b unclosed tag', 'A <a title="`x`">tag</a>']) {
      expect(approxReadings(seg), seg).toBeNull();
    }
  });

  it('reads an image as no prose where it stands, and gives its alt text apart', () => {
    const seg = '[![Build status](https://example.com/b.svg)](https://example.com/ci) and ![A diagram of the flow](img/flow.png "Flow") here.';
    const alts: string[] = [];
    const readings = approxReadings(seg, alts);
    expect(readings).not.toBeNull();
    const blocks = markdownExtractor.extract(seg, { maxDepth: 64 }).blocks;
    expect(readings!.map(words)).toContainEqual(words(blocks.find((b) => b.kind === 'paragraph')!.text));
    expect(alts.map(words)).toEqual(blocks.filter((b) => b.kind === 'alt').map((b) => words(b.text)));
    // without a place for the alt texts, no reading
    expect(approxReadings(seg)).toBeNull();
    for (const s of ['![alt *with* markup](x.png)', '![ref image][logo]', '![alt](x.png "title)']) expect(approxReadings(s, []), s).toBeNull();
  });

  it('agrees with the parser on generated segments: its words are one reading, its alt texts the alts', () => {
    const rnd = prng(11);
    const PIECES = [
      'free', 'key', 'api', 'no', 'the', 'é', '한국', '1', '.', ',', ':', '(', ')', '"', "'", '-', '_', '*', '**', '~', '&', '&amp;', '\\', '\\*',
      '`c`', '`', '[a b]', '[t](u)', '[t](u "x y")', '[t]\n(u)', '[x][y]', '![alt](i.png)', '![a *b*](i)', '[![b](i.svg)](l)',
      '<b>', '</b>', '<br/>', '<a href="x">', '<x y', '<https://e.io/p>', '<me@e.io>', '<!-- c -->', '<', '>', '<=',
      'https://e.io/a', 'http://localhost:3000', 'www.e.org', 'me@e.io', 'p@1.2.3', 'git+https://e.io', 'a/b@c.io', 'x_y', '_x_', '\n', '\n',
      '\n#1', '\n# h', '\n- x', '\n-x', '\n2. x', '\n1. x', '\n1.x', '\n===', '\n--', '\n> q', '\n<div>', '\n<span>', '\n* * *',
    ];
    let n = 0;
    for (let i = 0; i < 4000; i++) {
      let seg = 'w';
      const len = 2 + Math.floor(rnd() * 10);
      for (let k = 0; k < len; k++) seg += (rnd() < 0.6 ? ' ' : '') + PIECES[Math.floor(rnd() * PIECES.length)]!;
      seg = seg.replace(/\n\s*\n/g, '\n').replace(/\n$/, '');
      const alts: string[] = [];
      const readings = approxReadings(seg, alts);
      if (readings === null) continue;
      const blocks = markdownExtractor.extract(seg, { maxDepth: 64 }).blocks;
      const main = blocks.filter((b) => b.kind !== 'alt');
      // one paragraph, or no prose at all
      if (main.length === 0) continue;
      expect(main.map((b) => b.kind), seg).toEqual(['paragraph']);
      n++;
      expect(readings.map(words), seg).toContainEqual(words(main[0]!.text));
      expect(alts.filter((t) => words(t).length > 0).map(words), seg).toEqual(blocks.filter((b) => b.kind === 'alt').map((b) => words(b.text)));
    }
    expect(n).toBeGreaterThan(500);
  });

  it('refuses references it cannot pair up, and more than three full ones', () => {
    for (const seg of ['A [chain][of][refs]', 'A footnote[^1] here', 'A [[placeholder]]', '[label]: /x', 'A [nested [bracket] pair]', '[a][1] [b][2] [c][3] [d][4]']) {
      expect(approxReadings(seg), seg).toBeNull();
    }
  });
});

describe('listPieces', () => {
  it('cuts a segment where the parser starts a list item, into the blocks the parser gives', () => {
    const SEGMENTS = [
      '- Run the build.\n- Open the page.\n- Done.',
      'Intro:\n- first\n  continued\n- second\nlazy line',
      '- outer\n  - inner item\n    more inner\n- back out',
      '1. one\n2. two\n3. three',
      '+ plus\n- dash\n+ plus again',
      '- a `code` item\n- another with `x`',
      'Steps:\n1. first\n2. second',
      '1. Outer step\n   1. inner step\n      more inner\n   2. inner sibling\n2. outer again',
      '- bullet\n  1. ordered inside\n  2. and its sibling',
    ];
    let n = 0;
    for (const seg of SEGMENTS) {
      const pieces = listPieces(seg);
      expect(pieces, seg).not.toBeNull();
      const texts = pieces!.map((p) => exactProse(p));
      const blocks = markdownExtractor.extract(seg, { maxDepth: 64 }).blocks.map((b) => b.text);
      expect(texts, seg).toEqual(blocks);
      n++;
    }
    expect(n).toBe(SEGMENTS.length);
  });

  it('tells the line each piece starts on, and each table cell its row', () => {
    const at: number[] = [];
    expect(listPieces('Intro:\n- first\n  continued\n- second', at)).toHaveLength(3);
    expect(at).toEqual([0, 1, 3]);
    const rows: number[] = [];
    expect(tableCells('| A | B |\n| - | - |\n| x |  |\n| y | z |', rows)).toEqual(['A', 'B', 'x', 'y', 'z']);
    expect(rows).toEqual([0, 0, 2, 3, 3]);
  });

  it('does not cut where a line continues the item before, or where it is not sure', () => {
    for (const seg of ['- a\n      - indented four past the item: its text', 'Text\n2. not an item after a paragraph', '1. one\n3) another list', '> - quoted\n> - items', '- a\n* * *', 'One line only']) {
      const pieces = listPieces(seg);
      if (pieces === null) continue;
      // a cut that is made must still be the parser's
      expect(pieces.map((p) => exactProse(p)), seg).toEqual(markdownExtractor.extract(seg, { maxDepth: 64 }).blocks.map((b) => b.text));
    }
    expect(listPieces('- a\n      - b')).toBeNull();
    expect(listPieces('Text\n2. b')).toBeNull();
    // only an ordered list numbered 1 interrupts a paragraph, in an item or not
    expect(listPieces('- a\n  2. b')).toBeNull();
    expect(listPieces('Text\n01. b')).toBeNull();
    expect(listPieces('- a\n* * *')).toBeNull();
  });
});

describe('tableCells', () => {
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+|\uFFFC/gu) ?? [];
  const parsedCells = (seg: string) => markdownExtractor.extract(seg, { maxDepth: 64 }).blocks.filter((b) => b.kind === 'table-cell').map((b) => words(b.text));
  const ours = (seg: string) => tableCells(seg)!.map((c) => words(approxReadings(c)?.[0] ?? exactProse(c) ?? c.replace(/`[^`]*`/g, '\uFFFC')));

  it('gives the cells the parser gives, header row included', () => {
    for (const seg of [
      '| Plan | Price |\n| --- | ---: |\n| Free | $0 per month |\n| Pro | unlimited `a|b` renders |',
      'Plan | Note\n:-- | --\nBasic | no \\| key needed\nPro | **free** [trial](x)',
    ]) {
      expect(tableCells(seg), seg).not.toBeNull();
      expect(ours(seg), seg).toEqual(parsedCells(seg).filter((c) => c.length > 0));
    }
  });

  it('keeps every cell the parser gives where a row has more or fewer cells', () => {
    const seg = '| A | B |\n| - | - |\n| one | two | three extra |\n| only |';
    const got = ours(seg);
    for (const cell of parsedCells(seg)) if (cell.length) expect(got, seg).toContainEqual(cell);
  });

  it('refuses what may not be a table, or a cell that reads as a block start', () => {
    for (const seg of ['| A | B |\n| - |', '> | A |\n> | - |', '| A |\nno delimiter', '| A | B |\n| - | - |\n- a list item', '| A |\n| - |\n| 1. step |']) {
      expect(tableCells(seg), seg).toBeNull();
    }
  });
});

describe('planChunks and definitions', () => {
  it('asks nothing of a segment of link reference definitions, which holds no prose', () => {
    const plan = (text: string) => planChunks(text, { level: () => 2, exact: (t) => (/free/i.test(t) ? 2 : 0), blockDepth: 10, maxWalk: 100 })!;
    const levelOf = (text: string, at: string) => {
      const p = plan(text);
      return p.units.find((u) => u.start <= text.indexOf(at) && text.indexOf(at) < u.end)!.level;
    };
    expect(levelOf('# A\n\nText.\n\n[free]: /x\n[free key]: /y "Free"\n', '[free]')).toBe(0);
    // a footnote is prose; a title on the next line or a line that is no definition makes it a paragraph
    expect(levelOf('# A\n\nText.\n\n[^free]: Free for all.\n', '[^free]')).toBe(2);
    expect(levelOf('# A\n\nText.\n\n[free]: /x\nfree for all\n', '[free]')).toBe(2);
  });

  it('reads a segment indented four columns as code or as the block it is in a container', () => {
    const plan = (text: string) => planChunks(text, { level: () => 2, exact: (t) => (/free/i.test(t) ? 2 : 0), blockDepth: 10, maxWalk: 100 })!;
    const levelOf = (text: string, at: string) => plan(text).units.find((u) => u.start <= text.indexOf(at) && text.indexOf(at) < u.end)!.level;
    expect(levelOf('# A\n\n- An item.\n\n    Run the build, then\n    open the page.\n\n# B\n', 'Run')).toBe(0);
    expect(levelOf('# A\n\n- An item.\n\n    It is free\n    for everyone.\n\n# B\n', 'It is')).toBe(2);
    expect(levelOf('# A\n\n    code that says free\n\n# B\n', 'code')).toBe(2);
  });

  it('does not cut a paragraph where a list line only looks like an item (lazy lines, odd indentation)', () => {
    // each: a block holding both "key" and "free", between two headings: it must stay wanted
    const exact = (t: string): 0 | 2 => (/key/i.test(t) && /free/i.test(t) ? 2 : 0);
    const plan = (text: string) => planChunks(text, { level: () => 2, exact, blockDepth: 10, maxWalk: 100 })!;
    for (const body of [' 1. Intro\n  2. Get a key\n    1. free for all', '- Setup\n     1. Get a key\n      - free for all', ' 10. See the docs for the key\n    * it is free', '    code\n1. Get a key\n   2. free']) {
      const text = `# A\n\n${body}\n\n# B\n`;
      const blocks = markdownExtractor.extract(text, { maxDepth: 64 }).blocks.map((b) => b.text);
      expect(blocks.some((b) => exact(b) > 0), body).toBe(true);
      const at = text.indexOf('key');
      expect(plan(text).units.find((u) => u.start <= at && at < u.end)!.level, body).toBeGreaterThan(0);
    }
  });

  it('never rules out a generated list-shaped segment that holds a claim after parsing', () => {
    // a "claim": one parsed block with both words; the pre-check may keep more, never less
    const exact = (t: string): 0 | 2 => (/\bkey\b/i.test(t) && /\bfree\b/i.test(t) ? 2 : 0);
    const rnd = prng(23);
    const MARKERS = ['- ', '* ', '+ ', '1. ', '2. ', '1) ', '10. ', '> ', '', '', ''];
    const WORDS = ['key', 'free', 'the', '**x**', '`c`', '[t](u)', 'https://e.io', '<b>y</b>', '![a](i.png)', 'z_', '~w~', 'and'];
    let claims = 0;
    for (let i = 0; i < 1500; i++) {
      const lines: string[] = [];
      const n = 2 + Math.floor(rnd() * 4);
      for (let k = 0; k < n; k++) {
        let line = ' '.repeat(Math.floor(rnd() * 7)) + MARKERS[Math.floor(rnd() * MARKERS.length)]!;
        const len = 1 + Math.floor(rnd() * 4);
        for (let w = 0; w < len; w++) line += (w ? ' ' : '') + WORDS[Math.floor(rnd() * WORDS.length)]!;
        lines.push(line);
      }
      const text = `# A\n\n${lines.join('\n')}\n\n# B\n`;
      const blocks = markdownExtractor.extract(text, { maxDepth: 64 }).blocks;
      if (!blocks.some((b) => exact(b.text) > 0)) continue;
      claims++;
      const p = planChunks(text, { level: () => 2, exact, blockDepth: 10, maxWalk: 100 });
      if (!p) continue;
      for (const b of blocks.filter((x) => exact(x.text) > 0)) {
        const at = b.starts[0]!;
        const u = p.units.find((x) => x.start <= at && at < x.end);
        expect(u?.level ?? 2, `${JSON.stringify(lines.join('\n'))} holds "${b.text}"`).toBeGreaterThan(0);
      }
    }
    expect(claims).toBeGreaterThan(100);
  });

  it('reads a block quote as its lines without their markers, and each item or cell apart', () => {
    const plan = (text: string, exact: (t: string, a: number, b: number) => 0 | 1 | 2) => planChunks(text, { level: () => 2, exact, blockDepth: 10, maxWalk: 100 })!;
    const free = (t: string): 0 | 2 => (/free/i.test(t) ? 2 : 0);
    const levelOf = (text: string, at: string, exact = free) => plan(text, exact).units.find((u) => u.start <= text.indexOf(at) && text.indexOf(at) < u.end)!.level;
    expect(levelOf('# A\n\n> Run the **build**\n> then [open](x) it.\n>\n> - a step\n> - another\n\n# B\n', 'Run')).toBe(0);
    expect(levelOf('# A\n\n> Run the **build**\n>\n> - a step\n> - it is *free*\n\n# B\n', 'Run')).toBe(2);
    // each list item is asked with the source of its own lines
    const text = '# A\n\n1. one **a**\n   more of one\n2. two *b*\n\n# B\n';
    const ranges: string[] = [];
    plan(text, (t, a, b) => (ranges.push(text.slice(a, b)), 0));
    expect(ranges.filter((r) => !r.startsWith('#'))).toEqual(['1. one **a**\n   more of one\n', '2. two *b*']);
  });
});

describe('partial extraction', () => {
  it('extracts nothing when no prose can produce a finding, and the full document without a fast path', () => {
    const text = '# Install\n\nRun the build.\n';
    expect(markdownExtractor.extract(text, { maxDepth: 64, wanted: () => 0 }).blocks).toEqual([]);
    expect(markdownExtractor.extract(text, { maxDepth: 64 }).blocks.map((b) => b.text)).toEqual(['Install', 'Run the build.']);
  });

  it('parses the needed chunk with its headings, sections and references', () => {
    const text = '# A\n\nRun the build.\n\n## B\n\nSee [the plan][p].\n\n## C\n\nOpen the page.\n\n[p]: /plans\n';
    const at = text.indexOf('See');
    const out = markdownExtractor.extract(text, {
      maxDepth: 64,
      wanted: (a, b) => (a <= at && at < b ? 2 : 0),
      candidate: (block) => (block.text.startsWith('See') ? 2 : 0),
    });
    expect(out.blocks.map((b) => b.text)).toEqual(['A', 'B', 'See the plan.', 'C']);
    expect(out.sections.map((s) => s.headingText)).toEqual(['', 'A', 'B', 'C']);
    expect(out.sections[2]!.parent).toBe(1);
  });
});
