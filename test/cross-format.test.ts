// The same rules fire in a Markdown sentence and in the equivalent HTML text, JSX text, JSX attribute,
// JS string and locale string (issue 5): same rule ids, on the same words, with the same fixes (fix
// titles: the edit text itself is escaped for its host).
import { describe, expect, it } from 'vitest';
import type { Finding } from '../server/src/engine/types.js';
import { lint } from './helpers.js';

const SENTENCES = [
  'Get free unlimited GPT Image 2 API access.',
  'No API key needed: start generating in seconds.',
  'Your ChatGPT Plus plan includes API credits.',
  'PixelRelay is the official GPT Image 2 API.',
  'Failed generations are never charged.',
  '무제한 GPT Image 2 API를 지금 사용하세요.',
  'API 키 없이 바로 사용하세요.',
  'Crea imágenes sin límites desde hoy.',
  'API oficial gratis, sin tarjeta.',
];

/** What a finding says, independent of where the sentence sits in its host. */
function gist(text: string, findings: Finding[]): string[] {
  return findings
    .map((f) => `${f.ruleId} "${text.slice(f.start, f.end)}" ${f.severity} [${f.fixes.map((x) => x.title).join("; ")}]`)
    .sort();
}

const HOSTS: Array<{ name: string; path: string; wrap: (s: string) => string; options?: Record<string, unknown> }> = [
  { name: 'HTML text', path: 'page.html', wrap: (s) => `<!doctype html>\n<body>\n  <p>${s}</p>\n</body>\n` },
  { name: 'HTML alt', path: 'page.html', wrap: (s) => `<img src="a.png" alt="${s}">\n` },
  { name: 'JSX text', path: 'Hero.jsx', wrap: (s) => `export const Hero = () => (\n  <p>${s}</p>\n);\n` },
  { name: 'TSX attribute', path: 'Hero.tsx', wrap: (s) => `export const Hero = () => <section aria-label="${s}" />;\n` },
  { name: 'TS string', path: 'copy.ts', wrap: (s) => `export const headline = '${s}';\n` },
  { name: 'locale JSON', path: 'locales/en.json', wrap: (s) => `{\n  "hero": { "title": "${s}" }\n}\n`, options: { locale: true } },
  { name: 'locale YAML', path: 'i18n/messages.yaml', wrap: (s) => `hero:\n  title: "${s}"\n`, options: { locale: true } },
];

describe('the same rules fire in Markdown and in the equivalent copy of other formats', () => {
  for (const s of SENTENCES) {
    const md = `${s}\n`;
    const want = gist(md, lint(md, 'page.md'));
    it(`"${s}" is flagged in Markdown`, () => {
      expect(want.length).toBeGreaterThan(0);
    });
    for (const h of HOSTS) {
      it(`${h.name}: "${s}"`, () => {
        const text = h.wrap(s);
        expect(gist(text, lint(text, h.path, h.options ?? {}))).toEqual(want);
      });
    }
  }
});
