// Choosing an extractor by file name.

import type { Extractor } from '../types.js';
import { markdownExtractor, mdxExtractor } from './markdown.js';
import { textExtractor } from './text.js';
import { configFormatOf, configExtractor, type ConfigFormat } from './config-formats.js';

export { markdownExtractor, mdxExtractor } from './markdown.js';
export { textExtractor } from './text.js';

function extensionOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const MARKDOWN_EXTS = new Set(['md', 'markdown']);

/** The document format of a path, or null when the extension is not one routelint knows. */
export function formatOf(path: string): 'markdown' | 'text' | ConfigFormat | null {
  const config = configFormatOf(path, true);
  if (config) return config;
  const ext = extensionOf(path);
  if (MARKDOWN_EXTS.has(ext) || ext === 'mdx') return 'markdown';
  if (ext === 'txt') return 'text';
  return null;
}

/** `.md`, `.markdown`, `.mdx` → Markdown (MDX read as Markdown); `.txt` and anything else → plain text. */
export function extractorFor(path: string): Extractor {
  const config = configFormatOf(path, false);
  if (config) return configExtractor(config);
  const ext = extensionOf(path);
  if (MARKDOWN_EXTS.has(ext)) return markdownExtractor;
  if (ext === 'mdx') return mdxExtractor;
  return textExtractor;
}
