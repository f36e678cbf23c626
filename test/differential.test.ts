// The fast path (file prefilter, candidate scan, partial Markdown parse, block prefilter) must give
// exactly the findings of a full remark parse of every block, over the examples, the golden fixtures,
// a real corpus (the npm READMEs in node_modules, a fixed set for a given lockfile), documents crafted
// against each shortcut the partial parse takes, and seeded documents mixing rule examples with markup.
import { examplesOf } from '../server/src/engine/schema.js';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintBytes, lintText, mayHaveFindings } from '../server/src/engine/engine.js';
import { listFiles, rules, TODAY } from './helpers.js';

/** Every Markdown file in node_modules (none over 300 KB), in path order, up to 12 MB in all. */
function npmCorpus(): Array<{ path: string; size: number }> {
  const picked: Array<{ path: string; size: number }> = [];
  let bytes = 0;
  for (const path of listFiles('node_modules', (p) => /\.md$/i.test(p))) {
    const size = statSync(path).size;
    if (size > 300_000) continue;
    if (bytes + size > 12_000_000) break;
    picked.push({ path, size });
    bytes += size;
  }
  return picked;
}

/** Batches of about 1.5 MB, so that no test runs long (the full parse reads some 0.3-1 MB/s). */
function batches<T extends { size: number }>(items: T[], max = 1_500_000): T[][] {
  const out: T[][] = [[]];
  let bytes = 0;
  for (const it of items) {
    if (bytes + it.size > max && out[out.length - 1]!.length > 0) {
      out.push([]);
      bytes = 0;
    }
    out[out.length - 1]!.push(it);
    bytes += it.size;
  }
  return out;
}

function bothWays(path: string, input: Uint8Array | string) {
  const opts = { today: TODAY, mentions: 'info' as const };
  const run = (prefilter: boolean) => {
    const r = typeof input === 'string' ? lintText(path, input, rules(), { ...opts, prefilter }) : lintBytes(path, input, rules(), { ...opts, prefilter });
    return r.status === 'linted' ? r.findings : r.reason;
  };
  return { fast: run(true), full: run(false) };
}

// ---------------------------------------------------------------------------------------------
// Documents crafted against the shortcuts of the partial parse (see server/src/engine/extract/chunks.ts)

const FILLER = 'This package exports one function. Run the build, then open the page.\n\nSee the docs for details.\n\n';

const CRAFTED: Array<[string, string]> = [
  // an ambiguity the scan cannot resolve (a list item's fence at column 0, HTML of type 7 before a
  // fence): the chunks before it stay cut, the rest is parsed whole (chunks.ts tailWhole)
  ['ambiguity in the middle, claims and references on both sides', `# A\n\nWe offer [unlimited generations][u].\n\n${FILLER}## B\n\nIntro: free API keys.\n\n- item\n  \`\`\`\ncode at column 0 with unlimited generations\n\`\`\`\n\n# C\n\nNo API key needed, ever.\n\n[u]: https://example.com\n\n## D\n\nIs it free? No.\n`],
  ['a directive with an unknown id after an ambiguity, and no claim', `# A\n\ntext\n<custom-tag>\n\`\`\`\ncode\n\`\`\`\n\n<!-- routelint-disable-next-line no-such-rule -->\nPlain words.\n`],
  ['type 7 HTML before a fence, after a dated section', `# Prices\n\nAs of 2026-05-01, unlimited generations cost $9.\n\n## Widget\n\ntext\n<custom-tag>\n\`\`\`\ncode\n\`\`\`\n\nFree unlimited GPT Image 2 API access.\n\n## More\n\nNo API key required.\n`],
  // references and footnotes defined in other chunks, before and after, and only some used
  ['reference defined later', `# A\n\nWe offer [unlimited generations][u] and [free credits].\n\n${FILLER}## B\n\n${FILLER}[u]: https://example.com\n[free credits]: https://example.com/c "Title"\n[unused]: /x\n`],
  ['reference defined earlier, blank lines between definitions', `[U]: /u\n\n[other]: /o\n\n# A\n\n${FILLER}## B\n\nGet [unlimited   generations][u] now.\n`],
  ['a definition title on the next line', `# A\n\nTry [it] free.\n\n## B\n\n[it]: /x\n"Unlimited generations"\n\n${FILLER}`],
  ['a definition-like line inside a paragraph', `# A\n\nUse [our plan] for unlimited generations.\n\n## B\n\nText before\n[our plan]: /x\n`],
  ['footnotes', `# A\n\nUnlimited generations.[^1]\n\n${FILLER}## B\n\n[^1]: Operated by Example Inc., billed monthly.\n`],
  // lead-in lists and avoid-list headings
  ['lead-in with a comment between', `# Copy\n\nClaims to avoid:\n\n<!-- keep -->\n\n- unlimited generations\n- free API keys\n\n${FILLER}`],
  ['list right after a heading, split into items', `## Avoid\n\n- Run the build.\n- unlimited generations\n- Open the page.\n  continued line\n\n  second paragraph\n- free trial\n\n## Next\n\nYes.\n`],
  ['list after a heading: a later item needs less than an earlier one', `## Commits\n\n- We offer unlimited generations.\n- tools: fix missing \\[\\[fallthrough]] in js2c\n- It is now available for free.\n- done\n\n## Next\n\n${FILLER}`],
  ['a lead-in paragraph, then a list cut into its items', `# Copy\n\n${FILLER}Claims to avoid:\n\n- unlimited generations\n- Run the build.\n- free API keys\n\n${FILLER}What we offer:\n- unlimited generations\n- No API key needed.\n\nSee the docs.\n`],
  ['a lead-in, then items with pipes and a table inside an item', `# A\n\n${FILLER}Our plans:\n\n- unlimited generations | fast\n- a|b\n\n  | Plan | Note |\n  | --- | --- |\n  | Pro | free trial |\n- done\n\nend\n`],
  ['lead-ins that cannot be cut from their list', `# A\n\n${FILLER}Text\n> quoted: unlimited generations\n\n- free trial\n\nIntro\n| a | b |\n\n- unlimited generations\n\nIntro\n  indented line\n\n- No API key needed.\n\n1. one\n\n- free API keys\n`],
  ['list after a heading with code in items', `## Steps\n\n- Install it.\n\n  \`\`\`sh\n  # not a heading\n  \`\`\`\n- We offer unlimited generations.\n- Done.\n`],
  // questions answered in the next block, across chunks and past headings without prose
  ['question answered by the next chunk', `# FAQ\n\nIs it unlimited?\n\n## ![logo](x.png)\n\nNo.\n`],
  ['question answered past a heading without prose', `# FAQ\n\nDo you offer unlimited generations?\n\n## \`code\`\n\nYes, we do.\n`],
  ['question before a fenced block', `# FAQ\n\nIs the API free forever?\n\n\`\`\`\ncode\n\`\`\`\n\nNo.\n`],
  ['table caption before the table, heading without prose', `# Plans\n\nPricing as of 2026-01-05:\n\n## \`x\`\n| Plan | Price |\n| --- | --- |\n| Pro | $5 per month |\n`],
  ['table with a mention column', `# Copy\n\n| Claim to avoid | Use instead |\n| --- | --- |\n| unlimited generations | generations within limits |\n`],
  // section structure: setext and nested headings, evidence in subsections
  ['setext heading before the claim', `Pricing\n=======\n\n${FILLER}Claims to avoid\n---------------\n\n${FILLER}## Sub\n\n- unlimited generations\n`],
  ['headings nested in containers', `> ## Claims to avoid\n\n- # Avoid\n\n## C\n\n- unlimited generations\n`],
  ['evidence in a subsection', `## Pricing\n\nWe guarantee 100% uptime.\n\n### Support\n\nContact support for the SLA, operated by Example Inc.\n\n## Other\n\n${FILLER}`],
  ['no evidence from subsections of a top-level section', `# Pricing\n\nWe guarantee 100% uptime.\n\n## Support\n\nContact support for the SLA.\n`],
  ['a dated heading above', `## Prices 2026-01-05\n\n${FILLER}### Plans\n\nNow available for free to everyone.\n`],
  // fences, HTML blocks and what they hide
  ['a heading line inside fences', `# A\n\n\`\`\`\`\n# not a heading\n\`\`\`\nstill code\n\`\`\`\`\n\nunlimited generations\n\n~~~\n## no\n~~~\n`],
  ['an unclosed fence', `# A\n\nunlimited generations\n\n\`\`\`\n# not a heading\n\nfree trial\n`],
  ['indented fences', `# A\n\n- item\n\n   \`\`\`\n   # code\n   \`\`\`\n\nunlimited generations\n\n  ~~~\n  free trial\n  ~~~\n`],
  ['indented fence the list item may end', `# A\n\n- item\n  \`\`\`\nfree trial\n\`\`\`\n# B\n\nunlimited generations\n`],
  ['HTML blocks across blank lines', `# A\n\n<!--\n\n# hidden\nunlimited generations\n\n-->\n\n<script>\n\n# x\n</script>\n\n<div>\n\nfree trial\n\n</div>\n\n<div align="center">\n# Not a heading free trial\n</div>\n`],
  // where no paragraph is open, a line alone decides HTML of type 7 (chunks.ts completeTagLine)
  ['HTML of type 7 after a blank line hides a fence and headings', `# A\n\nintro\n\n</script>\n\`\`\`\n### not a heading, unlimited generations\n\n## B\n\nfree trial\n\n<custom-tag a=b=c d='e'>\n# hidden\nunlimited generations\n\n<x-y/>\n~~~\n\nfree API keys\n`],
  ['HTML of type 7 right after a heading, and tag-like paragraphs', `# A\n<custom-tag>\n\`\`\`\n## hidden free trial\n\n## B\n<span>unlimited generations</span>\n\`\`\`\n# in code\n\`\`\`\n\n<a:b>\n\`\`\`\n## C free trial\n\`\`\`\n\n<img src="x.png"> unlimited\n# D\n\nNo API key required.\n`],
  ['HTML of type 7 after a paragraph', `# A\n\nSome text\n<custom-tag>\n# Heading after\n\nunlimited generations\n\n<img src="x.png">\nfree trial\n`],
  ['comments that end at once', `# A\n\n<!-->\n# B\n\n<!--->\n\nunlimited generations\n`],
  ['directives', `# A\n\n<!-- routelint-disable-next-line unlimited-claim -->\nunlimited generations\n\n## B\n\n<!-- routelint-disable nosuch -->\n\nfree trial\n\n<!-- routelint-enable -->\n\n${FILLER}`],
  // front matter
  ['front matter with escapes', `---\ntitle: "Unli\\x6dited generations"\ndate: 2026-02-01\n---\n\n# A\n\n${FILLER}`],
  ['toml front matter', `+++\ntitle = "Free trial"\n+++\n\n${FILLER}## B\n\nunlimited generations\n`],
  ['front matter that is no front matter', `---\n# A\n\nunlimited generations\n`],
  // characters the source spells differently
  ['markup inside words', `# A\n\nWe offer **un**limited generations, [unli](x)mited images and fr_ee_ trials.\n\n## B\n\n${FILLER}`],
  ['character references', `# A\n\nGet unli&#109;ited generations for &dollar;5 per month, &lsqb;[provider]].\n\n## B\n\n${FILLER}`],
  ['decomposed accents and jamo', `# A\n\nPrueba gratuita\u0301 ilimitadas.\n\n## B\n\n\u1106\u116e\u1105\u116d \ud06c\ub808\ub527 (\u1106\u116e\u110c\u1166\u1112\u1161\u11ab)\n`],
  ['placeholders and model IDs', `# A\n\nFill in [[provider]] and try gpt-image-7 or dall-e-9.\n\n## B\n\n${FILLER}`],
  ['Korean and Spanish claims', `# 가격\n\n무제한으로 이미지를 생성하세요.\n\n## Precios\n\nGeneraciones ilimitadas sin tarjeta.\n`],
  // line endings and layout
  ['CRLF', `# A\r\n\r\nunlimited generations\r\n\r\n## B\r\n\r\n${FILLER.replace(/\n/g, '\r\n')}`],
  ['lone CR', `# A\runlimited generations\r\r## B\rfree trial\r`],
  ['tabs and block quotes', `# A\n\n>\tunlimited generations\n>\n> free trial\n\n\t# code\n`],
  ['deep inline nesting', `# A\n\n${'['.repeat(200)}x${']'.repeat(200)}\n\n## B\n\nunlimited generations\n`],
  ['a thematic break and setext look-alikes', `# A\n\nText\n---\n\n* * *\n- - -\n\nunlimited generations\n`],
];

// ---------------------------------------------------------------------------------------------
// Seeded documents: rule examples with markup put in and around them, in random structure

function generated(n: number, seed: number): Array<[string, string]> {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const claims: string[] = [];
  for (const rule of rules().rules) for (const e of [...examplesOf(rule.spec, 'invalid'), ...examplesOf(rule.spec, 'valid')].map((x) => x.example)) claims.push(typeof e === 'string' ? e : e.text);
  claims.push('Is it unlimited?', 'Yes.', 'No.', 'Avoid these claims:', 'Pricing as of 2026-01-05:', 'Fill in [[provider]].', 'Try gpt-image-9.', 'Billed monthly, limits apply.');
  const neutral = ['Run the build, then open the page.', 'This package exports one function.', 'See the docs for details.', 'Options are passed as an object.'];
  const mangle = (t: string): string => {
    const w = t.split(' ');
    const i = Math.floor(rnd() * w.length);
    const word = w[i]!;
    if (word.length < 4) return t;
    const cut = 1 + Math.floor(rnd() * (word.length - 2));
    w[i] = pick([
      `${word.slice(0, cut)}**${word.slice(cut)}**`,
      `[${word.slice(0, cut)}](x)${word.slice(cut)}`,
      `${word.slice(0, cut)}&#${word.charCodeAt(cut)};${word.slice(cut + 1)}`,
      `\`${word}\``,
      `[${word}][r${Math.floor(rnd() * 2)}]`,
      `<b>${word}</b>`,
      `"${word}"`,
      `${word}\n`,
    ]);
    return w.join(' ');
  };
  const sentence = (sparse: boolean) => {
    if (sparse && rnd() < 0.8) return pick(neutral);
    let c = pick(claims);
    while (rnd() < 0.4) c = mangle(c);
    return c;
  };
  const block = (sparse: boolean): string => {
    const k = rnd();
    if (k < 0.35) return sentence(sparse);
    if (k < 0.45) return Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => `${pick(['-', '*'])} ${sentence(sparse)}`).join(pick(['\n', '\n\n']));
    if (k < 0.5) return `${pick(['Avoid:', 'Claims to avoid:', 'Examples:'])}\n\n- ${sentence(sparse)}\n- ${sentence(sparse)}`;
    if (k < 0.55) return `> ${sentence(sparse)}\n>\n> ${sentence(sparse)}`;
    if (k < 0.6) return `| Claim | Note |\n| --- | --- |\n| ${sentence(sparse).replace(/\|/g, '')} | x |`;
    if (k < 0.65) return `\`\`\`\n${sentence(sparse)}\n# not a heading\n\`\`\``;
    if (k < 0.7) return `<!-- routelint-disable-next-line ${pick(['unlimited-claim', 'nosuch', ''])} -->\n${sentence(sparse)}`;
    if (k < 0.74) return `<div>\n\n${sentence(sparse)}\n\n</div>`;
    if (k < 0.78) return `${sentence(sparse)}\n${pick(['===', '---'])}`;
    if (k < 0.82) return `[r${Math.floor(rnd() * 2)}]: https://example.com/${Math.floor(rnd() * 9)}`;
    if (k < 0.86) return `[^1]: ${sentence(sparse)}`;
    if (k < 0.88) return `   \`\`\`\n${sentence(sparse)}\n   \`\`\``;
    // a line that is (or looks like) an HTML block of type 7, then a fence or a heading it may hide
    if (k < 0.9) return `${pick(['</script>', '<custom-tag a=b>', '<x-y/>', '<span>x</span>', '<a:b>', "<img src='x.png'> "])}\n${pick(['```', '# hidden', sentence(sparse)])}\n${sentence(sparse)}${pick(['\n```', ''])}`;
    return `${sentence(sparse)} ${sentence(sparse)}`;
  };
  const docs: Array<[string, string]> = [];
  for (let d = 0; d < n; d++) {
    const sparse = rnd() < 0.6;
    const parts: string[] = [];
    if (rnd() < 0.1) parts.push(`---\ntitle: ${sentence(sparse).replace(/[:#"]/g, '')}\n---`);
    for (let i = 0, k = 2 + Math.floor(rnd() * 14); i < k; i++) {
      if (rnd() < 0.35) parts.push(`${'#'.repeat(1 + Math.floor(rnd() * 4))} ${rnd() < 0.2 ? sentence(sparse) : pick(['Pricing', 'FAQ', 'Claims to avoid', 'Notes 2026-01-01', 'Install', '![logo](x.png)'])}`);
      parts.push(block(sparse));
    }
    docs.push([`generated ${seed}-${d}${rnd() < 0.1 ? '.mdx' : '.md'}`, parts.join(pick(['\n\n', '\n\n', '\n']))]);
  }
  return docs;
}

describe('fast path versus full parse', () => {
  const npm = npmCorpus();
  const own = [...listFiles('examples', () => true), ...listFiles('test/golden', () => true)];

  it('covers a real corpus', () => {
    expect(npm.length).toBeGreaterThan(100);
  });

  it('gives identical findings on the examples and golden fixtures', () => {
    let withFindings = 0;
    for (const p of own) {
      const { fast, full } = bothWays(p, readFileSync(p));
      expect(fast, p).toEqual(full);
      if (Array.isArray(full) && full.length) withFindings++;
    }
    // The comparison means something only if findings were produced on both paths.
    expect(withFindings).toBeGreaterThan(0);
  });

  it.each(batches(npm).map((b, i) => [i + 1, b] as const))('gives identical findings on the npm corpus, part %i', (_i, part) => {
    for (const { path } of part) {
      const { fast, full } = bothWays(path, readFileSync(path));
      expect(fast, path).toEqual(full);
    }
  });

  it('gives identical findings on documents crafted against the partial parse', () => {
    let withFindings = 0;
    for (const [name, text] of CRAFTED) {
      for (const path of ['doc.md', 'doc.mdx']) {
        const { fast, full } = bothWays(path, text);
        expect(fast, `${name} (${path})`).toEqual(full);
        if (Array.isArray(full) && full.length) withFindings++;
      }
    }
    expect(withFindings).toBeGreaterThan(CRAFTED.length);
  });

  it('gives identical findings on seeded documents of rule examples, markup and structure', () => {
    let withFindings = 0;
    const docs = generated(160, 20261123);
    for (const [name, text] of docs) {
      const { fast, full } = bothWays(name.replace(/^.* /, 'doc-'), text);
      expect(fast, `${name}:\n${text}`).toEqual(full);
      if (Array.isArray(full) && full.length) withFindings++;
    }
    expect(withFindings).toBeGreaterThan(docs.length / 2);
  });

  it('skips a file with no candidate before parsing it, and keeps one with a candidate', () => {
    expect(mayHaveFindings('# Install\n\nRun the build, then open the page.\n', rules())).toBe(false);
    expect(mayHaveFindings('# Pricing\n\nUnlimited generations.\n', rules())).toBe(true);
    expect(mayHaveFindings('Fill in [[provider]].\n', rules())).toBe(true);
    expect(mayHaveFindings('<!-- routelint-disable-line nosuch -->\n', rules())).toBe(true);
  });
});
