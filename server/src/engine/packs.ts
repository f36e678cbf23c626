// Loading rule packs: YAML text in, a validated PackSpec out, or a PackError that names the file,
// the line and the field. Pure: the caller reads the files.
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PackSchema, type PackSpec } from './schema.js';

export interface PackSource {
  path: string;
  text: string;
}

export type YamlPath = ReadonlyArray<string | number>;

export class PackError extends Error {
  constructor(
    public readonly file: string,
    public readonly line: number,
    public readonly column: number,
    public readonly field: string,
    public readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'PackError';
  }
}

/** A parsed pack and a way to point at any of its fields. */
export interface LoadedPack {
  path: string;
  spec: PackSpec;
  locate(path: YamlPath): { line: number; column: number };
}

export function fieldName(path: YamlPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : String(p);
  return out;
}

/** Points at any field of a parsed YAML document: the deepest node of the path that exists. */
export function locator(doc: Document, lines: LineCounter) {
  return (path: YamlPath) => {
    // Walk down as far as the path exists; point at the deepest node found.
    let node: unknown = doc.contents;
    let keyNode: unknown = null;
    for (const p of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => {
          const k = it.key as { value?: unknown } | null;
          return (k && typeof k === 'object' ? k.value : k) === p;
        });
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof p === 'number' && node.items[p] !== undefined) {
        keyNode = null;
        node = node.items[p];
      } else break;
    }
    const target = (keyNode ?? node) as { range?: [number, number, number] } | null;
    const offset = target?.range?.[0] ?? 0;
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

/** Parse and validate one pack file. Throws PackError. */
export function loadPack(src: PackSource): LoadedPack {
  const lines = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new PackError(src.path, pos.line, pos.col, '', `YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  const locate = locator(doc, lines);
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = PackSchema.safeParse(data);
  if (!parsed.success) throw zodToPackError(src.path, parsed.error, locate);
  return { path: src.path, spec: parsed.data, locate };
}

export function zodToPackError(
  file: string,
  error: z.ZodError,
  locate: (p: YamlPath) => { line: number; column: number },
): PackError {
  // Report the deepest issue first: it names the exact field.
  // An unknown key is reported first (it is usually the typo behind the other issues), then the
  // deepest issue: it names the exact field.
  const rank = (i: z.core.$ZodIssue) => (i.code === 'unrecognized_keys' ? 1000 : 0) + i.path.length;
  const issue = [...error.issues].sort((a, b) => rank(b) - rank(a))[0]!;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    problem = `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
    const pos = locate([...path, keys[0] ?? '']);
    return new PackError(file, pos.line, pos.column, fieldName([...path, keys[0] ?? '']), problem);
  }
  const pos = locate(path);
  return new PackError(file, pos.line, pos.column, fieldName(path), problem);
}
