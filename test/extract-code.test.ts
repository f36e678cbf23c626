// The extractors for prose inside code and markup (issue 5): HTML, JS/TS/JSX/TSX and MDX. Each test
// checks what is prose, what is not, and that every prose character maps back to its exact source.
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../server/src/engine/extract/html.js';
import { extractJs, lexJs } from '../server/src/engine/extract/js.js';
import { extractMdx } from '../server/src/engine/extract/mdx.js';
import { extractorFor, formatOf } from '../server/src/engine/extract/index.js';
import { htmlView, jsView, mdxView } from '../server/src/engine/extract/views.js';
import type { Extraction, ProseBlock } from '../server/src/engine/types.js';

const CTX = { maxDepth: 64 };
const JSX = { typescript: false, jsx: true };
const TSX = { typescript: true, jsx: true };
const TS = { typescript: true, jsx: false };

function texts(ex: Extraction): string[] {
  return ex.blocks.map((b) => b.text);
}

/** The source substring that produced `sub` (its first occurrence) in the block's text. */
function back(block: ProseBlock, src: string, sub: string): string {
  const a = block.text.indexOf(sub);
  if (a < 0) throw new Error(`"${sub}" not in block text "${block.text}"`);
  return src.slice(block.starts[a]!, block.ends[a + sub.length - 1]!);
}

/** [start, end) source offsets of `sub` in the block. */
function range(block: ProseBlock, sub: string): [number, number] {
  const a = block.text.indexOf(sub);
  if (a < 0) throw new Error(`"${sub}" not in block text "${block.text}"`);
  return [block.starts[a]!, block.ends[a + sub.length - 1]!];
}

function block(ex: Extraction, containing: string): ProseBlock {
  const b = ex.blocks.find((x) => x.text.includes(containing));
  if (!b) throw new Error(`no block contains "${containing}": ${JSON.stringify(texts(ex))}`);
  return b;
}

/** Every block's maps are as long as its text, inside the source and ordered. */
function checkMaps(ex: Extraction, src: string): void {
  for (const b of ex.blocks) {
    expect(b.starts.length).toBe(b.text.length);
    expect(b.ends.length).toBe(b.text.length);
    for (let i = 0; i < b.text.length; i++) {
      expect(b.starts[i]!).toBeGreaterThanOrEqual(0);
      expect(b.ends[i]!).toBeLessThanOrEqual(src.length);
      expect(b.starts[i]!).toBeLessThan(b.ends[i]!);
    }
  }
}

describe('HTML extractor', () => {
  it('reads text nodes, cuts blocks at block elements, keeps inline elements in the sentence', () => {
    const src = '<body><h1>Pricing</h1><p>Get <b>free</b> unlimited <a href="/x">access</a>.</p><ul><li>one<li>two</ul><div>three</div></body>';
    const ex = extractHtml(src);
    expect(texts(ex)).toEqual(['Pricing', 'Get free unlimited access.', 'one', 'two', 'three']);
    expect(ex.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list-item', 'list-item', 'paragraph']);
    expect(ex.blocks.every((b) => b.host === 'html')).toBe(true);
    expect(back(block(ex, 'Get'), src, 'free unlimited')).toBe('free</b> unlimited');
    checkMaps(ex, src);
  });

  it('gives list items their lead-in and table cells their column header', () => {
    const src = '<p>Claims to reject:</p><ol><li>alpha<ul><li>beta</li></ul></li></ol><p>No colon</p><ul><li>gamma</li></ul><table><caption>Prices</caption><thead><tr><th>Plan</th><th></th><th>Price</th></tr></thead><tr><td>xx</td><td>yy</td><td>zz</td></tr></table>';
    const ex = extractHtml(src);
    expect(block(ex, 'alpha').leadIn).toBe('Claims to reject:');
    expect(block(ex, 'beta').leadIn).toBe('Claims to reject:');
    expect(block(ex, 'gamma').leadIn).toBe('');
    expect(block(ex, 'Prices').kind).toBe('paragraph');
    expect(block(ex, 'xx').table).toEqual({ header: 'Plan', row: 1, column: 0 });
    expect(block(ex, 'yy').table).toEqual({ header: '', row: 1, column: 1 });
    expect(block(ex, 'zz').table).toEqual({ header: 'Price', row: 1, column: 2 });
  });

  it('opens sections at headings, nested by level', () => {
    const src = '<p>intro</p><h1>A</h1><p>a</p><h2>B</h2><p>b</p><h2>C</h2><p>c</p><h1>D</h1><p>d</p>';
    const ex = extractHtml(src);
    expect(ex.sections.map((s) => [s.headingText, s.parent])).toEqual([
      ['', null],
      ['A', null],
      ['B', 1],
      ['C', 1],
      ['D', null],
    ]);
    expect(ex.blocks.map((b) => [b.text, b.section])).toEqual([
      ['intro', 0],
      ['A', 1],
      ['a', 1],
      ['B', 2],
      ['b', 2],
      ['C', 3],
      ['c', 3],
      ['D', 4],
      ['d', 4],
    ]);
    expect(block(ex, 'B').depth).toBe(2);
    expect(ex.sections[2]!.headingBlock).toBe(3);
  });

  it('skips script, style, template and code contents (code is a barrier)', () => {
    const src = '<script>var s = "free unlimited";</script><style>.free-unlimited{}</style><template><p>free unlimited</p></template><p>run <code>free unlimited</code> now</p><noscript><p>Shown without scripts.</p></noscript>';
    const ex = extractHtml(src);
    expect(texts(ex)).toEqual(['run \uFFFC now', 'Shown without scripts.']);
    expect(back(ex.blocks[0]!, src, '\uFFFC')).toBe('<code>free unlimited</code>');
  });

  it('reads the attributes people read, and not the others', () => {
    const src = [
      '<meta name="description" content="Meta copy">',
      '<meta property="og:title" content="OG copy">',
      '<meta name="viewport" content="width=device-width">',
      '<meta property="og:url" content="https://x.test/free-unlimited-gpt-image-2-api">',
      '<meta name="twitter:card" content="summary">',
      '<p class="free unlimited" title="Title copy">Text <img src="free-unlimited.png" alt="Alt copy"> more</p>',
      '<input placeholder="Placeholder copy" name="free_unlimited"><input type="submit" value="Submit copy"><input type="text" value="typed">',
      '<button aria-label="Aria copy" data-x="free unlimited">Go</button>',
    ].join('\n');
    const ex = extractHtml(src);
    expect(texts(ex)).toEqual(['Meta copy', 'OG copy', 'Text more', 'Title copy', 'Alt copy', 'Placeholder copy', 'Submit copy', 'Aria copy', 'Go']);
    expect(block(ex, 'Alt copy').kind).toBe('alt');
    expect(block(ex, 'Title copy').kind).toBe('attribute');
    expect(src.slice(...range(block(ex, 'Meta copy'), 'Meta copy'))).toBe('Meta copy');
    checkMaps(ex, src);
  });

  it('decodes character references with exact offsets (text and attributes)', () => {
    const src = '<p>Get &#102;ree &amp; &copy unlimited&nbsp;API &#x1F600; x</p><img alt="fr&#101;e &amp; AT&T">';
    const ex = extractHtml(src);
    expect(texts(ex)).toEqual(['Get free & © unlimited\u00a0API 😀 x', 'free & AT&T']);
    const p = ex.blocks[0]!;
    expect(back(p, src, 'free')).toBe('&#102;ree');
    expect(back(p, src, '©')).toBe('&copy');
    expect(back(p, src, '\u00a0')).toBe('&nbsp;');
    expect(back(p, src, '😀')).toBe('&#x1F600;');
    expect(back(ex.blocks[1]!, src, 'free & AT&T')).toBe('fr&#101;e &amp; AT&T');
    checkMaps(ex, src);
  });

  it('keeps offsets exact with Korean, emoji, CRLF (BOM is removed before extraction)', () => {
    const src = '<p>😀 무료\r\n  무제한 API</p>\r\n<p title="한국어 😀">x</p>';
    const ex = extractHtml(src);
    expect(texts(ex)).toEqual(['😀 무료 무제한 API', 'x', '한국어 😀']);
    expect(range(ex.blocks[0]!, '무제한')).toEqual([src.indexOf('무제한'), src.indexOf('무제한') + 3]);
    expect(back(ex.blocks[0]!, src, '무료 무제한')).toBe('무료\r\n  무제한');
    expect(back(ex.blocks[0]!, src, '😀')).toBe('😀');
    expect(range(ex.blocks[2]!, '😀')).toEqual([src.indexOf('😀', 20), src.indexOf('😀', 20) + 2]);
    checkMaps(ex, src);
  });

  it('reads <!-- routelint-… --> comments as directives, not prose', () => {
    const src = '<!-- routelint-disable-next-line unlimited-claim -- launch copy -->\n<p>free <!-- a note --> unlimited</p>';
    const ex = extractHtml(src);
    expect(texts(ex)).toEqual(['free unlimited']);
    expect(ex.directives).toHaveLength(1);
    const d = ex.directives[0]!;
    expect([d.kind, d.ids, d.reason, d.start, d.end]).toEqual(['disable-next-line', ['unlimited-claim'], 'launch copy', 0, src.indexOf('-->') + 3]);
    expect(src.slice(d.idsStart, d.idsEnd)).toBe('unlimited-claim');
  });

  it('reads broken markup without throwing', () => {
    const src = '<p>free <b>unlimited <div attr="x>text <p>a &#; b &unknown; c';
    const ex = extractHtml(src);
    checkMaps(ex, src);
    expect(texts(ex).join('|')).toContain('free unlimited');
  });
});

describe('JS/TS extractor', () => {
  it('reads string literals, template text and comments; not imports, requires, keys or types', () => {
    const src = [
      "import x from 'free unlimited';",
      "export * from 'free unlimited';",
      "const r = require('free unlimited'); const d = await import('free unlimited');",
      "const o = { 'free unlimited': 1, k: 'Value copy' }; o['free unlimited'];",
      "type T = 'free unlimited'; enum E { 'free unlimited' = 1 }",
      "const s = 'Single copy', t = \"Double copy\", u = `Template ${x} copy`;",
      "css`free unlimited`; t`Tagged copy`;",
      '// Line copy',
      '/* Block copy */',
      'const freeUnlimited = 1;',
    ].join('\n');
    const ex = extractJs(src, TS, CTX);
    expect(texts(ex)).toEqual(['Value copy', 'Single copy', 'Double copy', 'Template \uFFFC copy', 'Tagged copy', 'Line copy', 'Block copy']);
    expect(ex.blocks.map((b) => [b.kind, b.host, b.quote])).toEqual([
      ['value', 'js', "'"],
      ['value', 'js', "'"],
      ['value', 'js', '"'],
      ['value', 'js', '`'],
      ['value', 'js', '`'],
      ['comment', 'text', undefined],
      ['comment', 'text', undefined],
    ]);
    expect(back(block(ex, 'Template'), src, '\uFFFC')).toBe('${x}');
    checkMaps(ex, src);
  });

  it('decodes escapes in literals with exact offsets', () => {
    const src = "const a = 'Get \\u0066ree \\u{1F600} it\\'s\\nnext \\x41 \\\\ line\\\ncont';";
    const ex = extractJs(src, JSX, CTX);
    const b = ex.blocks[0]!;
    expect(b.text).toBe("Get free 😀 it's next A \\ linecont");
    expect(back(b, src, 'free')).toBe('\\u0066ree');
    expect(back(b, src, '😀')).toBe('\\u{1F600}');
    expect(back(b, src, "'s")).toBe("\\'s");
    expect(back(b, src, ' next')).toBe('\\nnext');
    expect(back(b, src, 'A')).toBe('\\x41');
    expect(back(b, src, 'linecont')).toBe('line\\\ncont');
    checkMaps(ex, src);
  });

  it('joins consecutive line comments into one block and strips block-comment decoration', () => {
    const src = '// Get free\n// unlimited access.\n\n// Apart.\n/**\n * Doc free\n * unlimited.\n */\nx();';
    const ex = extractJs(src, JSX, CTX);
    expect(texts(ex)).toEqual(['Get free unlimited access.', 'Apart.', 'Doc free unlimited.']);
    expect(back(ex.blocks[0]!, src, 'free unlimited')).toBe('free\n// unlimited');
    expect(back(ex.blocks[2]!, src, 'free unlimited')).toBe('free\n * unlimited');
  });

  it('keeps code in comments out of prose: @example sections, fences, backtick spans; and regex replacements', () => {
    const src = [
      '/**',
      ' * Returns the price. Use `$9 per image` here.',
      ' * @example',
      " * price('$5') //=> 2",
      ' * @returns the price',
      ' */',
      '// ```js',
      '// $(x).free(); // 5',
      '// ```',
      '// After fence.',
      "s.replace(/(a)/g, '$1'); t.replace(/x/, 'Symbol($1)'); const r = [/(ss)$/i, '$1'], u = s.replace(/x/, `@$1/${p}$2`);",
      "const price = 'costs $1 now';",
    ].join('\n');
    const ex = extractJs(src, JSX, CTX);
    expect(texts(ex)).toEqual(['Returns the price. Use \uFFFC here. \uFFFC \uFFFC @returns the price', '\uFFFC \uFFFC \uFFFC After fence.', 'costs $1 now']);
    expect(back(ex.blocks[0]!, src, '\uFFFC')).toBe('`$9 per image`');
    checkMaps(ex, src);
  });

  it('reads JSX text as a flow (block elements cut it, inline ones and components among text do not)', () => {
    const src = [
      'export const P = () => (',
      '  <main className="free unlimited" data-x="free unlimited">',
      '    <h2>Plans</h2>',
      '    <p title="Title copy" aria-label="Aria copy" href="/free-unlimited">Get <b>free</b> <Link to="/x">unlimited</Link> {n} access &#x41;&amp;B.</p>',
      '    <Card>Card copy</Card>',
      '    <p>See <code>free unlimited</code>.</p>',
      '  </main>',
      ');',
    ].join('\n');
    const ex = extractJs(src, JSX, CTX);
    expect(texts(ex)).toEqual(['Plans', 'Get free unlimited \uFFFC access A&B.', 'Title copy', 'Aria copy', 'Card copy', 'See \uFFFC.']);
    expect(block(ex, 'Plans').kind).toBe('heading');
    expect(ex.sections.map((s) => s.headingText)).toEqual(['', 'Plans']);
    expect(block(ex, 'Get').host).toBe('jsx');
    expect(block(ex, 'Title copy').kind).toBe('attribute');
    expect(block(ex, 'Title copy').host).toBe('jsx');
    expect(back(block(ex, 'Get'), src, 'free unlimited')).toBe('free</b> <Link to="/x">unlimited');
    expect(back(block(ex, 'Get'), src, 'A&B')).toBe('&#x41;&amp;B');
    checkMaps(ex, src);
  });

  it("reads {' '} and {\"text\"} in JSX text as text, and joins 'a ' + 'b' literals with one quote", () => {
    const src = "const e = <p>Get <b>free</b>{' '}unlimited{\" API\"} access {`now`}.</p>;\nconst s = 'Get free ' + 'unlimited API', t = 'a ' + \"b\", u = 'c ' + x;";
    const ex = extractJs(src, JSX, CTX);
    expect(texts(ex)).toEqual(['Get free unlimited API access now.', 'Get free unlimited API', 'a', 'b', 'c']);
    expect(back(ex.blocks[0]!, src, 'free unlimited API')).toBe("free</b>{' '}unlimited{\" API");
    expect(back(ex.blocks[1]!, src, 'free unlimited')).toBe("free ' + 'unlimited");
    expect(ex.blocks[1]!.quote).toBe("'");
    checkMaps(ex, src);
  });

  it('reads a JSX root element as what it is (a heading opens a section; each top-level statement is a section), lists with their lead-in, tables with headers', () => {
    const src = 'const H = () => <h1>Title</h1>;\nconst L = () => <div><p>Never say:</p><ul><li>one</li></ul><table><tr><th>AA</th><th>BB</th></tr><tr><td>xx</td><td>yy</td></tr></table></div>;';
    const ex = extractJs(src, JSX, CTX);
    expect(ex.blocks.map((b) => [b.text, b.kind, b.section])).toEqual([
      ['Title', 'heading', 1],
      ['Never say:', 'paragraph', 2],
      ['one', 'list-item', 2],
      ['AA', 'table-cell', 2],
      ['BB', 'table-cell', 2],
      ['xx', 'table-cell', 2],
      ['yy', 'table-cell', 2],
    ]);
    expect(block(ex, 'one').leadIn).toBe('Never say:');
    expect(block(ex, 'yy').table).toEqual({ header: 'BB', row: 1, column: 1 });
    expect(block(ex, 'AA').table).toEqual({ header: '', row: 0, column: 0 });
  });

  it('keeps offsets exact with Korean, emoji and CRLF', () => {
    const src = "// 😀 무료\r\n// 무제한\r\nconst s = '😀 무료 무제한';\r\nconst e = <p>😀 무료\r\n 무제한</p>;";
    const ex = extractJs(src, TSX, CTX);
    expect(texts(ex)).toEqual(['😀 무료 무제한', '😀 무료 무제한', '😀 무료 무제한']);
    for (const b of ex.blocks) {
      const [a, z] = range(b, '무제한');
      expect(src.slice(a, z)).toBe('무제한');
      expect(src.slice(...range(b, '😀'))).toBe('😀');
    }
    expect(back(ex.blocks[0]!, src, '무료 무제한')).toBe('무료\r\n// 무제한');
    checkMaps(ex, src);
  });

  it('reads // and /* */ comments (and {/* */} in JSX) as directives, not prose', () => {
    const src = [
      '// routelint-disable-next-line unlimited-claim -- reason',
      'const a = 1; /* routelint-disable-line */',
      'const e = <p>text {/* routelint-disable-line free-official-api */}</p>;',
    ].join('\n');
    const ex = extractJs(src, JSX, CTX);
    expect(ex.directives.map((d) => [d.kind, d.ids, src.slice(d.start, d.end)])).toEqual([
      ['disable-next-line', ['unlimited-claim'], '// routelint-disable-next-line unlimited-claim -- reason'],
      ['disable-line', [], '/* routelint-disable-line */'],
      ['disable-line', ['free-official-api'], '/* routelint-disable-line free-official-api */'],
    ]);
    expect(texts(ex)).toEqual(['text']);
  });

  it('reads TypeScript without JSX, and files the parser recovers from', () => {
    const src = "const n = <number>x; const s: string = 'Cast copy';\nlet y = ;\nconst t = 'After error';";
    expect(texts(extractJs(src, TS, CTX))).toEqual(['Cast copy', 'After error']);
  });

  it('reads long chains (an else-if ladder), and nesting too deep for the parser through the lexer', () => {
    const ladder = `let x = 0;\n${Array.from({ length: 400 }, (_, i) => `${i ? 'else ' : ''}if (x === ${i}) { f('Copy ${i}'); }`).join('\n')}`;
    expect(extractJs(ladder, JSX, CTX).blocks).toHaveLength(400);
    const deep = `const a = ${'['.repeat(1100)}'Deep copy'${']'.repeat(1100)};`;
    expect(texts(extractJs(deep, JSX, CTX))).toEqual(['Deep copy']);
    expect(extractJs(deep, JSX, CTX)).toEqual(lexJs(deep));
  });

  it('falls back to a lexer where the parser gives up (an unterminated string mid-edit)', () => {
    const src = "import a from 'free unlimited';\nlet x = 'unterminated copy\nconst y = `a ${b} tail copy`; // comment copy\nconst r = /'not a string'/;";
    const ex = extractJs(src, JSX, CTX);
    expect(ex).toEqual(lexJs(src));
    expect(texts(ex)).toEqual(['unterminated copy', 'a \uFFFC tail copy', 'comment copy']);
    checkMaps(ex, src);
  });
});

describe('MDX extractor', () => {
  it('reads Markdown, JSX children and read attributes; not ESM, expressions or tags', () => {
    const src = [
      "import { Card } from './card'",
      "export const meta = { title: 'free unlimited' }",
      '',
      '# Pricing',
      '',
      'Get <Badge color="free">free</Badge> unlimited {props.n} access.',
      '',
      '<Card title="Card title copy" className="free unlimited">',
      '',
      'Inside the card.',
      '',
      '</Card>',
      '',
      '{/* routelint-disable-next-line unlimited-claim */}',
      'Last line.',
      '',
    ].join('\n');
    const ex = extractMdx(src, CTX);
    expect(texts(ex)).toEqual(['Pricing', 'Get free unlimited \uFFFC access.', 'Card title copy', 'Inside the card.', 'Last line.']);
    expect(block(ex, 'Get').kind).toBe('paragraph');
    expect(block(ex, 'Card title').host).toBe('jsx');
    expect(block(ex, 'Card title').section).toBe(1);
    expect(ex.sections[1]!.headingBlock).toBe(0);
    expect(back(block(ex, 'Get'), src, 'free unlimited')).toBe('free</Badge> unlimited');
    expect(back(block(ex, 'Get'), src, '\uFFFC')).toBe('{props.n}');
    expect(ex.directives.map((d) => [d.kind, d.ids, src.slice(d.start, d.end)])).toEqual([
      ['disable-next-line', ['unlimited-claim'], '{/* routelint-disable-next-line unlimited-claim */}'],
    ]);
    checkMaps(ex, src);
  });

  it('keeps offsets exact with Korean, emoji and CRLF', () => {
    const src = "import x from 'y'\r\n\r\n😀 무료 <B>무제한</B>\r\nAPI\r\n";
    const ex = extractMdx(src, CTX);
    expect(texts(ex)).toEqual(['😀 무료 무제한 API']);
    expect(src.slice(...range(ex.blocks[0]!, '무제한'))).toBe('무제한');
    expect(back(ex.blocks[0]!, src, '무제한 API')).toBe('무제한</B>\r\nAPI');
    checkMaps(ex, src);
  });

  it('reads text MDX cannot parse as Markdown with MDX comments, still linting it', () => {
    const src = 'a < b and {unclosed\n\nfree unlimited API\n';
    const ex = extractMdx(src, CTX);
    expect(texts(ex)).toContain('free unlimited API');
  });
});

describe('formats', () => {
  it('maps extensions to formats and extractors', () => {
    for (const [p, f, id] of [
      ['a.html', 'html', 'html'],
      ['a.HTM', 'html', 'html'],
      ['a.js', 'js', 'jsx'],
      ['a.mjs', 'js', 'jsx'],
      ['a.cjs', 'js', 'jsx'],
      ['a.jsx', 'js', 'jsx'],
      ['a.ts', 'js', 'ts'],
      ['a.mts', 'js', 'ts'],
      ['a.cts', 'js', 'ts'],
      ['a.tsx', 'js', 'tsx'],
      ['a.mdx', 'mdx', 'mdx'],
    ] as const) {
      expect(formatOf(p)).toBe(f);
      expect(extractorFor(p).id).toBe(id);
    }
  });

  it('gives the prefilter a decoded view where the source spells prose through escapes', () => {
    expect(htmlView('<p>plain text</p>')).toBeNull();
    expect(htmlView('<p>&#102;ree</p>')).toEqual({ text: '<p>&#102;ree</p>\n<p>free</p>', scan: true });
    expect(htmlView('<p>fr<b>ee</b></p>')!.scan).toBe(false);
    expect(htmlView('<p>sin l&iacutemites</p>')).toEqual({ text: '<p>sin l&iacutemites</p>\n<p>sin límites</p>', scan: false });
    expect(htmlView('<p>fr<b>ee</b></p>')!.text).toContain('\nfree');
    expect(htmlView('<p>fr<!-- x -->ee</p>')!.text).toMatch(/\nfree$/);
    expect(jsView('const e = <p>fr{/* x */}ee</p>;')!.text).toMatch(/\nconst e = free;$/);
    expect(jsView('const e = <p>free {/* x */} unlimited</p>;')).toBeNull();
    expect(jsView("const s = 'plain';")).toBeNull();
    expect(jsView("const s = '\\u0066ree\\nunlimited';")!.text).toContain("'free unlimited'");
    expect(jsView("const s = '\\u0066ree';")!.scan).toBe(false);
    expect(mdxView('plain')).toBeNull();
    expect(mdxView('&#102;ree')!.text).toContain('\nfree');
    expect(mdxView('fr<B>ee</B>')).toEqual({ text: 'fr<B>ee</B>\nfree', scan: false });
  });
});
