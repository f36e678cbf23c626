// Plain text → one prose block per paragraph (paragraphs are separated by blank lines).
// In plain text the context of a claim is its paragraph, so each paragraph is its own section.

import { ProseBuilder } from '../prose.js';
import type { ExtractContext, Extraction, Extractor, ProseBlock, Section } from '../types.js';

function isLineWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c;
}

export function extractText(text: string): Extraction {
  const blocks: ProseBlock[] = [];
  const sections: Section[] = [];
  const n = text.length;
  let b: ProseBuilder | null = null;
  let pendingBreak = -1; // source offset where the previous line's trailing whitespace began
  const flush = (): void => {
    if (b === null) return;
    const built = b.finish();
    const section = sections.length;
    sections.push({ headingText: '', headingBlock: null, parent: null });
    blocks.push({ text: built.text, starts: built.starts, ends: built.ends, kind: 'text', section, host: 'text' });
    b = null;
  };
  let i = 0;
  while (i < n) {
    // one line: [i, eol), the line ending [eol, next)
    let eol = i;
    while (eol < n) {
      const c = text.charCodeAt(eol);
      if (c === 0x0a || c === 0x0d) break;
      eol++;
    }
    let next = eol;
    if (next < n) next += text.charCodeAt(next) === 0x0d && text.charCodeAt(next + 1) === 0x0a ? 2 : 1;
    let a = i;
    while (a < eol && isLineWs(text.charCodeAt(a))) a++;
    let z = eol;
    while (z > a && isLineWs(text.charCodeAt(z - 1))) z--;
    if (a === z) {
      flush(); // blank line ends the paragraph
      pendingBreak = -1;
    } else {
      if (b === null) b = new ProseBuilder(64);
      else if (pendingBreak >= 0) b.pushSpace(pendingBreak, a);
      b.push(text.slice(a, z), a);
      pendingBreak = z;
    }
    i = next;
  }
  flush();
  return { blocks, sections, directives: [] };
}

export const textExtractor: Extractor = {
  id: 'text',
  extract(text: string, _ctx: ExtractContext): Extraction {
    return extractText(text);
  },
};
