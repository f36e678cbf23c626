// Linting prose inside code and markup (issue 5) through the engine: the same rules fire in a
// Markdown sentence and in the equivalent HTML, JSX and MDX; what is not prose never fires; mentions
// stay clean; suppression comments work in each host's syntax; escapes cannot hide a claim from the
// prefilter; fixes are escaped for the host.
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseJs } from '@babel/parser';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeForHost } from '../server/src/engine/fixes.js';
import { extractorFor } from '../server/src/engine/extract/index.js';
import { disableLineComment } from '../server/src/engine/extract/comments.js';
import { LineIndex } from '../server/src/engine/positions.js';
import type { Finding } from '../server/src/engine/types.js';
import { applyEdits, lint } from './helpers.js';
import { synthKey } from './keys.js';

const SENTENCE = 'Get free unlimited GPT Image 2 API access.';

/** rule-id and the source text of each finding. */
function found(text: string, path: string, opts = {}): string[] {
  return lint(text, path, opts).map((f) => `${f.ruleId} ${text.slice(f.start, f.end)}`);
}

function ids(findings: Finding[]): string[] {
  return findings.map((f) => f.ruleId);
}

describe('the same rules fire in Markdown, HTML, JSX, TSX, JS strings and MDX', () => {
  const md = found(`# Pricing\n\n${SENTENCE}\n`, 'page.md');
  it('fires in Markdown (the reference)', () => {
    expect(md.length).toBeGreaterThan(0);
    expect(md).toContain('unlimited-claim unlimited GPT Image 2 API access');
  });
  for (const [path, text] of [
    ['page.html', `<h1>Pricing</h1>\n<p>${SENTENCE}</p>\n`],
    ['page.html', `<h1>Pricing</h1>\n<p>Get <strong>free</strong> unlimited <a href="/api">GPT Image 2 API</a> access.</p>\n`],
    ['page.jsx', `export const P = () => (\n  <>\n    <h1>Pricing</h1>\n    <p>${SENTENCE}</p>\n  </>\n);\n`],
    ['page.tsx', `export const P = (): JSX.Element => <section><h1>Pricing</h1><p>Get <b>free</b> unlimited GPT Image 2 API access.</p></section>;\n`],
    ['copy.ts', `export const copy: string = '${SENTENCE}';\n`],
    ['copy.js', `// ${SENTENCE}\nmodule.exports = {};\n`],
    ['page.mdx', `import { B } from './b'\n\n# Pricing\n\nGet <B>free</B> unlimited GPT Image 2 API access.\n`],
  ] as const) {
    it(`fires in ${path}: ${text.split('\n').find((l) => l.includes('unlimited'))!.trim().slice(0, 60)}`, () => {
      const got = found(text, path).map((s) => s.replace(/<\/?\w+[^>]*>/g, '').replace(/\s+/g, ' '));
      expect(got).toEqual(md);
    });
  }
});

describe('lists and tables are judged as in Markdown (lead-ins and column headers)', () => {
  const cases: Array<[string, string, string, string]> = [
    [
      'a list under a lead-in of claims to avoid',
      'Phrases to avoid:\n\n- free unlimited GPT Image 2 API\n- no API key required\n',
      '<p>Phrases to avoid:</p>\n<ul>\n  <li>free unlimited GPT Image 2 API</li>\n  <li>no API key required</li>\n</ul>',
      'const e = (\n  <div>\n    <p>Phrases to avoid:</p>\n    <ul>\n      <li>free unlimited GPT Image 2 API</li>\n      <li>no API key required</li>\n    </ul>\n  </div>\n);',
    ],
    [
      'a table column of claims to reject',
      '| Route | Never call it |\n|---|---|\n| official API | free unlimited GPT Image 2 API |\n',
      '<table><tr><th>Route</th><th>Never call it</th></tr><tr><td>official API</td><td>free unlimited GPT Image 2 API</td></tr></table>',
      'const e = <table><thead><tr><th>Route</th><th>Never call it</th></tr></thead><tbody><tr><td>official API</td><td>free unlimited GPT Image 2 API</td></tr></tbody></table>;',
    ],
    [
      'a table column of plans (use)',
      '| Route | Plan |\n|---|---|\n| official API | free unlimited GPT Image 2 API |\n',
      '<table><tr><th>Route</th><th>Plan</th></tr><tr><td>official API</td><td>free unlimited GPT Image 2 API</td></tr></table>',
      'const e = <table><tr><th>Route</th><th>Plan</th></tr><tr><td>official API</td><td>free unlimited GPT Image 2 API</td></tr></table>;',
    ],
  ];
  for (const [name, md, html, jsx] of cases) {
    it(name, () => {
      const key = (text: string, path: string, opts = {}) => lint(text, path, opts).map((f) => `${f.ruleId} ${f.severity} ${f.mention ?? ''} ${text.slice(f.start, f.end)}`);
      const want = key(md, 'a.md', { mentions: 'info' });
      expect(want.length).toBeGreaterThan(0);
      expect(key(html, 'a.html', { mentions: 'info' })).toEqual(want);
      expect(key(jsx, 'a.jsx', { mentions: 'info' })).toEqual(want);
    });
  }
});

describe('context in a script: the values of one top-level statement, not the whole file', () => {
  const terms = 'Credits expire after 14 days; then $0.04 per image to the card on file.';
  it('terms in the same object answer a trial claim; terms in another statement do not', () => {
    const same = `export const copy = {\n  cta: 'Start with free credits today.',\n  terms: '${terms}',\n};\n`;
    const apart = `export const copy = {\n  cta: 'Start with free credits today.',\n};\nexport const legal = {\n  terms: '${terms}',\n};\n`;
    expect(ids(lint(same, 'copy.ts'))).not.toContain('trial-without-terms');
    expect(ids(lint(apart, 'copy.ts'))).toContain('trial-without-terms');
  });
});

describe('what is not prose never fires', () => {
  it('HTML: script, style, comments, class names, URLs and other attributes', () => {
    const text = [
      '<script>const s = "Get free unlimited GPT Image 2 API access.";</script>',
      '<style>/* Get free unlimited GPT Image 2 API access. */ .x{}</style>',
      '<!-- Get free unlimited GPT Image 2 API access. -->',
      '<div class="free unlimited GPT Image 2 API" id="free-unlimited" data-copy="Get free unlimited GPT Image 2 API access.">ok</div>',
      '<a href="https://x.test/get-free-unlimited-gpt-image-2-api">ok</a>',
      '<code>Get free unlimited GPT Image 2 API access.</code>',
    ].join('\n');
    expect(found(text, 'page.html')).toEqual([]);
  });

  it('JS/TS: identifiers, import and require specifiers, object keys, string types, CSS templates', () => {
    const text = [
      "import freeUnlimitedGptImage2Api from 'get free unlimited GPT Image 2 API access';",
      "export { x } from 'get free unlimited GPT Image 2 API access';",
      "const m = require('get free unlimited GPT Image 2 API access');",
      "const o = { 'get free unlimited GPT Image 2 API access': 1 };",
      "type Plan = 'get free unlimited GPT Image 2 API access';",
      'const style = css`content: "get free unlimited GPT Image 2 API access";`;',
      'const free_unlimited_gpt_image_2_api = 1;',
      'const e = <div className="get free unlimited GPT Image 2 API access" data-testid="get free unlimited GPT Image 2 API access" />;',
    ].join('\n');
    expect(found(text, 'app.tsx')).toEqual([]);
  });

  it('MDX: ESM, expressions and JSX tags', () => {
    const text = [
      "export const meta = { description: 'Get free unlimited GPT Image 2 API access.' }",
      '',
      "{'Get free unlimited GPT Image 2 API access.'}",
      '',
      '<Box className="get free unlimited GPT Image 2 API access" />',
      '',
      'Plain text.',
      '',
    ].join('\n');
    expect(found(text, 'page.mdx')).toEqual([]);
  });

  it('quoted and negated copy stays clean in every host', () => {
    const mention = 'Reject “free unlimited GPT Image 2 API access” by default.';
    expect(found(`<p>${mention}</p>`, 'page.html')).toEqual([]);
    expect(found(`const s = "${mention}";`, 'copy.ts')).toEqual([]);
    expect(found(`const e = <p>${mention}</p>;`, 'copy.jsx')).toEqual([]);
    expect(found(`${mention}\n`, 'copy.mdx')).toEqual([]);
  });
});

describe('placeholders in code', () => {
  it('reports the placeholders fixes write in a string or comment, not spec notation like [[Prototype]] nor names of its own', () => {
    const text = "// Objects compare by [[Prototype]] and [[Call]].\n// Ask [[provider]] for terms.\nconst s = 'Ask [[provider]] or [[Someone]].';\n";
    const got = lint(text, 'a.js').map((f) => text.slice(f.start, f.end));
    // only the placeholders fixes write are reported; a writer's own [[Someone]] is not routelint's
    expect(got).toEqual(['[[provider]]', '[[provider]]']);
  });
});

describe('escapes cannot hide a claim', () => {
  it('decodes JS escapes (\\u0075nlimited) before the prefilter and the match', () => {
    const text = 'const s = "Get free \\u0075nlimited GPT Image 2 API access.";\n';
    const f = lint(text, 'copy.js');
    expect(ids(f)).toContain('unlimited-claim');
    const u = f.find((x) => x.ruleId === 'unlimited-claim')!;
    expect(text.slice(u.start, u.end)).toBe('\\u0075nlimited GPT Image 2 API access');
    // the same finding with the fast path off
    expect(lint(text, 'copy.js', { prefilter: false }).map((x) => [x.ruleId, x.start, x.end])).toEqual(f.map((x) => [x.ruleId, x.start, x.end]));
  });

  it('reads a word after \\n as a word (the source holds "nunlimited")', () => {
    const text = 'const s = "Pricing:\\nunlimited GPT Image 2 API access.";\n';
    expect(ids(lint(text, 'copy.ts'))).toContain('unlimited-claim');
  });

  it('decodes HTML references (&#117;nlimited) and words cut by tags (unlim<b>ited</b>)', () => {
    const a = '<p>Get free &#117;nlimited GPT Image 2 API access.</p>';
    const fa = lint(a, 'page.html').find((x) => x.ruleId === 'unlimited-claim')!;
    expect(a.slice(fa.start, fa.end)).toBe('&#117;nlimited GPT Image 2 API access');
    const legacy = '<p>Get free&nbspunlimited GPT Image 2 API access.</p>';
    expect(ids(lint(legacy, 'page.html'))).toContain('unlimited-claim');
    const b = '<p>Get free unlim<b>ited</b> GPT Image 2 API access.</p>';
    expect(ids(lint(b, 'page.html'))).toContain('unlimited-claim');
    const c = 'const e = <p>Get free &#117;nlimited GPT Image 2 API access.</p>;';
    expect(ids(lint(c, 'page.jsx'))).toContain('unlimited-claim');
    const d = 'Get free unlim<B>ited</B> GPT Image 2 API access.\n';
    expect(ids(lint(d, 'page.mdx'))).toContain('unlimited-claim');
  });
});

describe('suppression comments per host', () => {
  const cases: Array<[string, string]> = [
    ['page.html', `<!-- routelint-disable-next-line unlimited-claim -->\n<p>${SENTENCE}</p>`],
    ['page.html', `<p>${SENTENCE}</p> <!-- routelint-disable-line unlimited-claim -->`],
    ['copy.ts', `// routelint-disable-next-line unlimited-claim\nconst s = '${SENTENCE}';`],
    ['copy.ts', `const s = '${SENTENCE}'; // routelint-disable-line unlimited-claim`],
    ['copy.ts', `/* routelint-disable unlimited-claim */\nconst s = '${SENTENCE}';\n/* routelint-enable unlimited-claim */`],
    ['page.jsx', `const e = <p>${SENTENCE} {/* routelint-disable-line unlimited-claim */}</p>;`],
    ['page.mdx', `{/* routelint-disable-next-line unlimited-claim */}\n${SENTENCE}\n`],
    ['page.mdx', `${SENTENCE} {/* routelint-disable-line unlimited-claim */}\n`],
  ];
  for (const [path, text] of cases) {
    it(`${path}: ${text.match(/routelint-[a-z-]+/)![0]}`, () => {
      const unsuppressed = text.replace(/routelint-(disable|enable)/g, 'note');
      expect(ids(lint(unsuppressed, path))).toContain('unlimited-claim');
      const f = ids(lint(text, path));
      expect(f).not.toContain('unlimited-claim');
      expect(f.length).toBeGreaterThan(0); // other rules still fire
    });
  }

  it('reports an unknown id in a host comment as a config-error at the id', () => {
    const text = `// routelint-disable-next-line no-such-rule\nconst s = '${SENTENCE}';`;
    const e = lint(text, 'copy.js').find((f) => f.ruleId === 'config-error')!;
    expect(text.slice(e.start, e.end)).toBe('no-such-rule');
  });
});

describe('a key inside an HTML <script> or <style> is found, and suppressed by their own comments', () => {
  const key = synthKey('sk-proj-', 40, 5);
  const page = (inner: string) => `<p>Docs</p>\n<script>\n  const k = "${key}";${inner}\n</script>\n<style>\n  .x { content: "${key}"; }${inner.includes('//') ? inner.replace(/\/\/ (.*)/, '/* $1 */') : inner}\n</style>\n`;
  it('reads the directives and writes the right comment', () => {
    expect(ids(lint(page(''), 'a.html'))).toEqual(['shared-key', 'shared-key']);
    expect(ids(lint(page(' // routelint-disable-line shared-key'), 'a.html'))).toEqual([]);
    const text = page('');
    const lines = text.split('\n');
    let fixed = text;
    for (const n of [2, 5]) {
      const at = lines.slice(0, n + 1).join('\n').length + (fixed.length - text.length);
      const comment = disableLineComment('a.html', fixed, at)!;
      expect(comment('shared-key')).toBe(n === 2 ? ' // routelint-disable-line shared-key' : ' /* routelint-disable-line shared-key */');
      fixed = fixed.slice(0, at) + comment('shared-key') + fixed.slice(at);
    }
    expect(ids(lint(fixed, 'a.html'))).toEqual([]);
  });
});

describe('fixes are escaped for their host', () => {
  it('escapes the literal quote in a JS string and references in HTML and JSX', () => {
    for (const [path, text] of [
      ['copy.js', `const s = '${SENTENCE}';`],
      ['copy.js', `const s = \`${SENTENCE}\`;`],
      ['page.html', `<p>${SENTENCE}</p>`],
      ['page.jsx', `const e = <p>${SENTENCE}</p>;`],
    ] as const) {
      const f = lint(text, path).find((x) => x.ruleId === 'unlimited-claim')!;
      for (const fix of f.fixes) {
        const fixed = applyEdits(text, fix.edits);
        if (path === 'copy.js') expect(() => new Function(fixed.replace(/^const s = /, 'return '))).not.toThrow();
        else expect(fixed).not.toMatch(/<(?![/]?(p|b)>)/);
      }
    }
  });
});

describe('fixes never cut an inline element in two', () => {
  const sources: Array<[string, string, (fixed: string) => void]> = [
    ['a.html', '<p>Get <strong>free</strong> unlimited <a href="/x">GPT Image 2 API</a> access.</p>', (fixed) => {
      expect((fixed.match(/<strong>/g) ?? []).length).toBe((fixed.match(/<\/strong>/g) ?? []).length);
      expect((fixed.match(/<a /g) ?? []).length).toBe((fixed.match(/<\/a>/g) ?? []).length);
    }],
    ['a.jsx', 'const e = <p>Get <strong>free</strong> unlimited <Link to="/x">GPT Image 2 API</Link> access.</p>;', (fixed) => {
      expect(() => parseJs(fixed, { sourceType: 'module', plugins: ['jsx'] })).not.toThrow();
    }],
    ['a.mdx', 'Get <Strong>free</Strong> unlimited GPT Image 2 API access.\n', (fixed) => {
      expect(() => unified().use(remarkParse).use(remarkMdx).parse(fixed)).not.toThrow();
    }],
  ];
  for (const [path, text, check] of sources) {
    it(path, () => {
      const findings = lint(text, path);
      expect(findings.length).toBeGreaterThan(0);
      let fixes = 0;
      for (const f of findings) for (const fix of f.fixes) {
        check(applyEdits(text, fix.edits));
        fixes++;
      }
      expect(fixes).toBeGreaterThan(0);
    });
  }
});

describe('fixes inside attribute values keep the attribute whole', () => {
  it('escapes the attribute quote', () => {
    expect(escapeForHost('say "hi" & <go>', 'html', '"')).toBe('say &quot;hi&quot; &amp; &lt;go&gt;');
    expect(escapeForHost("it's {x}", 'jsx', "'")).toBe('it&#39;s &#123;x&#125;');
    expect(escapeForHost('say "hi"', 'html')).toBe('say "hi"');
  });

  it('every fix of a claim in an alt or title attribute leaves one attribute holding the rewritten text', () => {
    for (const [path, text] of [
      ['page.html', `<img src="x.png" alt="${SENTENCE}">`],
      ['page.html', `<img src='x.png' alt='${SENTENCE}'>`],
      ['page.jsx', `const e = <p title="${SENTENCE}">x</p>;`],
      ['page.mdx', `<Card title="${SENTENCE}" />\n`],
    ] as const) {
      const findings = lint(text, path);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) {
        for (const fix of f.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const blocks = extractorFor(path).extract(fixed, { maxDepth: 64 }).blocks.filter((b) => b.kind === 'alt' || b.kind === 'attribute');
          expect(blocks).toHaveLength(1);
        }
      }
    }
  });
});

describe('the fast path finds what a full read finds', () => {
  const root = join(__dirname, 'fixtures/formats');
  for (const folder of ['html', 'js', 'jsx', 'mdx', 'ts', 'tsx']) {
    for (const file of readdirSync(join(root, folder)).filter((f) => f !== 'expected.txt')) {
      it(`${folder}/${file}`, () => {
        const text = readFileSync(join(root, folder, file), 'utf8');
        const key = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.start}-${f.end} ${f.severity}`).sort();
        expect(key(lint(text, file))).toEqual(key(lint(text, file, { prefilter: false })));
      });
    }
  }
});

describe('disable-for-this-line comment per host', () => {
  const at = (text: string, needle: string): number => {
    const next = text.indexOf('\n', text.indexOf(needle));
    return next < 0 ? text.length : text[next - 1] === '\r' ? next - 1 : next;
  };
  it('uses <!-- --> in HTML and Markdown, {/* */} in MDX and JSX text, // in JS code', () => {
    const c = (path: string, text: string, needle: string) => disableLineComment(path, text, at(text, needle))?.('unlimited-claim') ?? null;
    expect(c('a.html', '<p>free unlimited</p>\n', 'free')).toBe(' <!-- routelint-disable-line unlimited-claim -->');
    expect(c('a.md', 'free unlimited\n', 'free')).toBe(' <!-- routelint-disable-line unlimited-claim -->');
    expect(c('a.mdx', 'free unlimited\n', 'free')).toBe(' {/* routelint-disable-line unlimited-claim */}');
    expect(c('a.ts', "const s = 'free unlimited';\n", 'free')).toBe(' // routelint-disable-line unlimited-claim');
    const jsx = 'const e = (\n  <p>\n    free unlimited\n  </p>\n);\n';
    expect(c('a.jsx', jsx, 'free')).toBe(' {/* routelint-disable-line unlimited-claim */}');
    const attr = 'const e = (\n  <p\n    title="free unlimited"\n  >x</p>\n);\n';
    expect(c('a.tsx', attr, 'title')).toBe(' // routelint-disable-line unlimited-claim');
    expect(c('a.js', 'const s = `free unlimited\nmore`;\n', 'free')).toBeNull();
    expect(c('a.html', '<img\n  alt="free unlimited"\n  src="x">\n', 'alt')).toBeNull();
    expect(c('a.txt', 'free unlimited\n', 'free')).toBeNull();
    expect(c('a.yaml', 'tagline: free unlimited\n', 'free')).toBe(' # routelint-disable-line unlimited-claim');
    expect(c('a.toml', 'tagline = "free unlimited"\n', 'free')).toBe(' # routelint-disable-line unlimited-claim');
    expect(c('.env', 'TAGLINE="free unlimited"\n', 'free')).toBe(' # routelint-disable-line unlimited-claim');
    expect(c('a.jsonc', '{\n  "tagline": "free unlimited"\n}\n', 'free')).toBe(' // routelint-disable-line unlimited-claim');
    expect(c('a.json', '{\n  "tagline": "free unlimited"\n}\n', 'free')).toBeNull();
    // where a comment would be text or break the file: a multi-line JSX tag in MDX, RCDATA in HTML,
    // front matter in Markdown and MDX
    expect(c('a.mdx', '<Card\n  title="free unlimited"\n/>\n', 'title')).toBeNull();
    expect(c('a.html', '<textarea>\nfree unlimited\n</textarea>\n', 'free')).toBeNull();
    expect(c('a.html', '<title>\nfree unlimited\n</title>\n', 'free')).toBeNull();
    expect(c('a.md', '---\ntitle: free unlimited\n---\n\nHello.\n', 'title')).toBeNull();
    expect(c('a.mdx', '---\r\ntitle: free unlimited\r\n---\r\n\r\nHello.\r\n', 'title')).toBeNull();
    expect(c('a.md', '---\ntitle: x\n---\n\nfree unlimited\n', 'free unlimited')).toBe(' <!-- routelint-disable-line unlimited-claim -->');
    // an opening fence with no closing one is a thematic break, not front matter
    expect(c('a.md', '---\nfree unlimited\n', 'free')).toBe(' <!-- routelint-disable-line unlimited-claim -->');
    expect(c('a.mdx', '<Card title="x" />\nfree unlimited\n', 'free')).toBe(' {/* routelint-disable-line unlimited-claim */}');
    // inside a multi-line string a comment would be text: no action
    expect(c('a.yaml', 'note: >\n  free unlimited\n  and more.\n', 'free')).toBeNull();
    expect(c('a.toml', 'note = """\nfree unlimited\nand more."""\n', 'free')).toBeNull();
  });

  it('the comments it writes suppress the finding on that line', () => {
    for (const [path, text, needle] of [
      ['a.html', `<p>${SENTENCE}</p>\n`, 'free'],
      ['a.jsx', `const e = (\n  <p>\n    ${SENTENCE}\n  </p>\n);\n`, 'free'],
      ['a.ts', `const s = '${SENTENCE}';\n`, 'free'],
      ['a.mdx', `${SENTENCE}\n`, 'free'],
      ['a.yaml', `tagline: ${SENTENCE}\n`, 'free'],
      ['a.toml', `tagline = "${SENTENCE}"\n`, 'free'],
      ['.env', `TAGLINE="${SENTENCE}"\n`, 'free'],
      ['a.jsonc', `{\n  "tagline": "${SENTENCE}"\n}\n`, 'free'],
    ] as const) {
      expect(ids(lint(text, path))).toContain('unlimited-claim');
      const pos = at(text, needle);
      const fixed = text.slice(0, pos) + disableLineComment(path, text, pos)!('unlimited-claim') + text.slice(pos);
      expect(ids(lint(fixed, path))).not.toContain('unlimited-claim');
    }
  });
});

describe('positions with BOM, CRLF, Korean and emoji', () => {
  it('reports the same columns as the Markdown reading of the same line', () => {
    const line = '😀 무료 무제한 GPT Image 2 API 제공';
    const md = lint(`\uFEFF# 가격\r\n\r\n${line}\r\n`, 'a.md');
    const html = lint(`\uFEFF<h1>가격</h1>\r\n\r\n<p>${line}</p>\r\n`, 'a.html');
    expect(md.length).toBeGreaterThan(0);
    const col = (text: string, f: Finding) => {
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      const li = new LineIndex(body);
      const p = li.position(f.start);
      return [p.line, p.column, body.slice(f.start, f.end)];
    };
    const mdText = `\uFEFF# 가격\r\n\r\n${line}\r\n`;
    const htmlText = `\uFEFF<h1>가격</h1>\r\n\r\n<p>${line}</p>\r\n`;
    expect(html.map((f) => [f.ruleId, ...col(htmlText, f)])).toEqual(md.map((f) => [f.ruleId, col(mdText, f)[0], (col(mdText, f)[1] as number) + 3, col(mdText, f)[2]]));
  });
});
