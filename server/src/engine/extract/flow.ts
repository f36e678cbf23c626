// Shared by the markup-like extractors (HTML, JSX in JS/TS and MDX): a flow of text that block-level
// elements cut into prose blocks, headings that open sections the way Markdown headings do, white
// space collapsed the way a browser shows it, and HTML character references decoded with exact
// source offsets.

import { DecodingMode, EntityDecoder, htmlDecodeTree } from 'entities/decode';
import { ProseBuilder } from '../prose.js';
import type { BlockKind, Host, ProseBlock, Section } from '../types.js';

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}

/**
 * The character reference at src[i] (which is '&'), read no further than `limit`: its decoded text
 * and the offset after it, or null when it is no reference (a lone '&' is text).
 * `attribute`: the attribute-value rules (a legacy name without ';' followed by '=' or a letter is text).
 */
export function decodeCharRef(src: string, i: number, limit: number, attribute: boolean): { text: string; end: number } | null {
  const cps: number[] = [];
  let consumed = 0;
  const decoder = new EntityDecoder(htmlDecodeTree, (cp, n) => {
    cps.push(cp);
    if (n > consumed) consumed = n;
  });
  decoder.startEntity(attribute ? DecodingMode.Attribute : DecodingMode.Legacy);
  const chunk = limit < src.length ? src.slice(0, limit) : src;
  const r = decoder.write(chunk, i + 1);
  if (r < 0) decoder.end();
  if (cps.length === 0 || consumed === 0) return null;
  return { text: String.fromCodePoint(...cps), end: i + consumed };
}

interface Open {
  builder: ProseBuilder;
  kind: BlockKind;
  host: Host;
  depth?: number;
  extra?: Partial<ProseBlock>;
  /** A space is owed before the next content: its source range. */
  space: [number, number] | null;
  /** The block holds some prose (not only barriers). */
  prose: boolean;
}

/** Blocks and sections of a markup document, built in document order. */
export class Flow {
  readonly blocks: ProseBlock[] = [];
  readonly sections: Section[] = [{ headingText: '', headingBlock: null, parent: null }];
  private readonly sectionStack: Array<{ index: number; depth: number }> = [];
  private section = 0;
  private cur: Open | null = null;
  /** Blocks met inside the open block (attributes): they follow it. */
  private queued: ProseBlock[] = [];
  /** The last paragraph's text, while nothing but a list may follow it (a lead-in "Never say:"). */
  private lastParagraph: string | null = null;
  /** Open lists: the lead-in of their items. */
  private readonly lists: string[] = [];
  /** Open tables: column headers (from the first row), the row and the column of the next cell. */
  private readonly tables: Array<{ headers: string[]; row: number; column: number }> = [];

  constructor(private readonly defaultHost: Host) {}

  /** Start a new block (the open one ends). A heading opens a section the way a Markdown heading does. */
  open(kind: BlockKind, host: Host = this.defaultHost, depth?: number): void {
    this.close();
    this.cur = { builder: new ProseBuilder(64), kind, host, space: null, prose: false };
    if (depth !== undefined) this.cur.depth = depth;
    if (kind === 'list-item' && this.lists.length > 0) this.cur.extra = { leadIn: this.lists[this.lists.length - 1]! };
    const table = this.tables[this.tables.length - 1];
    if (kind === 'table-cell' && table) {
      const column = table.column++;
      this.cur.extra = { table: { header: table.row > 0 ? (table.headers[column] ?? '') : '', row: Math.max(0, table.row), column } };
    }
  }

  /**
   * A new top-level section with no heading (the next statement of a script: its literals and
   * comments are each other's context, not the whole file's). Nothing happens while the current
   * section holds no block.
   */
  newSection(): void {
    this.close();
    const last = this.blocks[this.blocks.length - 1];
    if (!last || last.section !== this.section) return;
    this.section = this.sections.length;
    this.sections.push({ headingText: '', headingBlock: null, parent: null });
    this.sectionStack.length = 0;
  }

  /** A list starts: its items take the paragraph before it as their lead-in when it ends with ':'. */
  beginList(): void {
    this.close();
    const own = this.lastParagraph !== null && /[:：]\s*$/.test(this.lastParagraph) ? this.lastParagraph.trim() : '';
    this.lists.push(own !== '' ? own : (this.lists[this.lists.length - 1] ?? ''));
  }

  endList(): void {
    this.close();
    this.lists.pop();
    this.lastParagraph = null;
  }

  beginTable(): void {
    this.close();
    this.tables.push({ headers: [], row: -1, column: 0 });
  }

  beginRow(): void {
    this.close();
    const t = this.tables[this.tables.length - 1];
    if (t) {
      t.row++;
      t.column = 0;
    }
  }

  endTable(): void {
    this.close();
    this.tables.pop();
    this.lastParagraph = null;
  }

  /** End the open block, if any. */
  close(): void {
    const cur = this.cur;
    this.cur = null;
    if (cur && cur.prose) {
      const built = cur.builder.finish();
      if (cur.kind === 'heading') {
        const d = cur.depth ?? 1;
        while (this.sectionStack.length > 0 && this.sectionStack[this.sectionStack.length - 1]!.depth >= d) this.sectionStack.pop();
        const parent = this.sectionStack.length > 0 ? this.sectionStack[this.sectionStack.length - 1]!.index : null;
        this.section = this.sections.length;
        this.sections.push({ headingText: built.text.trim(), headingBlock: this.blocks.length, parent });
        this.sectionStack.push({ index: this.section, depth: d });
      }
      const block: ProseBlock = { text: built.text, starts: built.starts, ends: built.ends, kind: cur.kind, section: this.section, host: cur.host, ...cur.extra };
      if (cur.depth !== undefined && cur.kind === 'heading') block.depth = cur.depth;
      this.blocks.push(block);
      this.lastParagraph = cur.kind === 'paragraph' ? block.text : null;
      const table = this.tables[this.tables.length - 1];
      if (block.table && table && table.row === 0) table.headers[block.table.column] = block.text.trim();
    } else if (cur && cur.kind === 'table-cell') {
      // an empty header cell still holds its column
      const table = this.tables[this.tables.length - 1];
      if (table && table.row === 0 && cur.extra?.table) table.headers[cur.extra.table.column] = '';
    }
    for (const q of this.queued) {
      q.section = this.section;
      this.blocks.push(q);
    }
    this.queued = [];
  }

  private ensure(): Open {
    if (!this.cur) this.open('paragraph');
    return this.cur!;
  }

  private owe(): void {
    const cur = this.cur!;
    if (cur.space) {
      if (cur.builder.length > 0) cur.builder.pushSpace(cur.space[0], cur.space[1]);
      cur.space = null;
    }
  }

  /**
   * Inline markup around prose in the open block (an inline element from its start tag to its end
   * tag): a fix that reaches into it takes the whole element, so no tag is left unbalanced.
   */
  inline(start: number, end: number): void {
    const cur = this.cur;
    if (!cur || end <= start) return;
    const extra = (cur.extra ??= {});
    (extra.inline ??= []).push([start, end]);
  }

  /** White space in the source (collapses; never leads or trails a block). */
  space(start: number, end: number): void {
    const cur = this.ensure();
    if (cur.space) {
      cur.space[0] = Math.min(cur.space[0], start);
      cur.space[1] = Math.max(cur.space[1], end);
    } else cur.space = [start, end];
  }

  /** Non-prose content inside the flow (code, an expression): no phrase matches across it. */
  barrier(start: number, end: number): void {
    const cur = this.ensure();
    this.owe();
    cur.builder.pushBarrier(start, end);
  }

  /** Text that maps 1:1 to the source from `start` (no references, no escapes). */
  raw(text: string, start: number): void {
    if (text.length === 0) return;
    const cur = this.ensure();
    this.owe();
    cur.builder.push(text, start);
    cur.prose = true;
  }

  /** Decoded text standing for source [start, end). */
  mapped(text: string, start: number, end: number): void {
    if (text.length === 0) return;
    const cur = this.ensure();
    this.owe();
    cur.builder.pushMapped(text, start, end);
    cur.prose = true;
  }

  /**
   * Source text src[start, end) as markup shows it: white space collapsed, character references
   * decoded (when `refs`) with their exact source ranges.
   */
  text(src: string, start: number, end: number, refs: boolean, attribute = false): void {
    let i = start;
    while (i < end) {
      const c = src.charCodeAt(i);
      if (isWs(c)) {
        let j = i + 1;
        while (j < end && isWs(src.charCodeAt(j))) j++;
        this.space(i, j);
        i = j;
        continue;
      }
      if (c === 0x26 && refs) {
        const ref = decodeCharRef(src, i, end, attribute);
        if (ref) {
          this.mapped(ref.text, i, ref.end);
          i = ref.end;
          continue;
        }
      }
      let j = i + 1;
      while (j < end) {
        const d = src.charCodeAt(j);
        if (isWs(d) || (d === 0x26 && refs)) break;
        j++;
      }
      this.raw(src.slice(i, j), i);
      i = j;
    }
  }

  /** A block of its own (an attribute value) that does not interrupt the open block: it follows it. */
  standalone(kind: BlockKind, host: Host, fill: (f: Flow) => void, extra?: Partial<ProseBlock>): void {
    const sub = new Flow(host);
    sub.open(kind, host);
    fill(sub);
    sub.close();
    for (const b of sub.blocks) {
      const block: ProseBlock = { ...b, ...extra, section: this.section };
      if (this.cur) this.queued.push(block);
      else this.blocks.push(block);
    }
  }

  finish(): { blocks: ProseBlock[]; sections: Section[] } {
    this.close();
    return { blocks: this.blocks, sections: this.sections };
  }
}
