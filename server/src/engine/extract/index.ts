// Choosing an extractor by file name.

import type { Extractor } from '../types.js';
import { htmlExtractor } from './html.js';
import { jsExtractor } from './js.js';
import { markdownExtractor } from './markdown.js';
import { mdxExtractor } from './mdx.js';
import { textExtractor } from './text.js';
import { htmlView, jsView, mdxView } from './views.js';
import { configFormatOf, configExtractor, type ConfigFormat } from './config-formats.js';

export { markdownExtractor } from './markdown.js';
export { mdxExtractor } from './mdx.js';
export { textExtractor } from './text.js';

function extensionOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const MARKDOWN_EXTS = new Set(['md', 'markdown']);
const HTML_EXTS = new Set(['html', 'htm']);
/** Extension → [TypeScript, JSX]. Plain .js files often hold JSX, so they are read with it. */
const JS_EXTS: ReadonlyMap<string, [boolean, boolean]> = new Map([
  ['js', [false, true]],
  ['mjs', [false, true]],
  ['cjs', [false, true]],
  ['jsx', [false, true]],
  ['ts', [true, false]],
  ['mts', [true, false]],
  ['cts', [true, false]],
  ['tsx', [true, true]],
]);

export type Format = 'markdown' | 'mdx' | 'html' | 'js' | 'text' | ConfigFormat;

/** The document format of a path, or null when the extension is not one routelint knows. */
export function formatOf(path: string): Format | null {
  const config = configFormatOf(path, true);
  if (config) return config;
  const ext = extensionOf(path);
  if (MARKDOWN_EXTS.has(ext)) return 'markdown';
  if (ext === 'mdx') return 'mdx';
  if (HTML_EXTS.has(ext)) return 'html';
  if (JS_EXTS.has(ext)) return 'js';
  if (ext === 'txt') return 'text';
  return null;
}

const html: Extractor = { ...htmlExtractor, prefilterView: htmlView };
const mdx: Extractor = { ...mdxExtractor, prefilterView: mdxView };
const jsExtractors = new Map<string, Extractor>();
for (const [ext, [typescript, jsx]] of JS_EXTS) {
  jsExtractors.set(ext, { ...jsExtractor({ typescript, jsx }, typescript ? (jsx ? 'tsx' : 'ts') : jsx ? 'jsx' : 'js'), prefilterView: jsView });
}

/** The extractor for a path: by extension; anything routelint does not know is read as plain text. */
export function extractorFor(path: string): Extractor {
  const config = configFormatOf(path, false);
  if (config) return configExtractor(config);
  const ext = extensionOf(path);
  if (MARKDOWN_EXTS.has(ext)) return markdownExtractor;
  if (ext === 'mdx') return mdx;
  if (HTML_EXTS.has(ext)) return html;
  const js = jsExtractors.get(ext);
  if (js) return js;
  return textExtractor;
}
