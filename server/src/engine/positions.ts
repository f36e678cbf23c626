// Offset <-> line/column conversion, done once at the edges (CLI formatters, LSP adapter).
// Lines and columns are 1-based; columns count UTF-16 code units; offsets are into the text
// without its BOM, so a BOM is never counted. "\r\n", "\n" and "\r" each end a line.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  /** Offset of a 1-based line and column (clamped to the line's end). */
  offset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const start = this.lineStarts[l - 1]!;
    const next = l < this.lineStarts.length ? this.lineStarts[l]! : this.text.length;
    let lineEnd = next;
    if (l < this.lineStarts.length) {
      lineEnd--;
      if (this.text.charCodeAt(lineEnd) === 10 && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    }
    return Math.min(start + Math.max(0, column - 1), lineEnd);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }
}
