// `--format sarif`: the JSON report as SARIF 2.1.0 for code scanning (PRODUCT.md "CLI").
// Built from JsonReport alone, so it carries exactly what the JSON report carries: masked keys,
// never source snippets (a snippet could hold the raw key the engine masked).
// Positions: the report's 1-based, UTF-16, end-exclusive line/columns map one to one onto SARIF
// regions (run.columnKind "utf16CodeUnits"; SARIF's endColumn is exclusive too, and a BOM is not
// part of the first line in either).
import { skipText, type JsonEdit, type JsonFinding, type JsonReport } from '../report.js';
import type { Severity } from '../../engine/types.js';

export interface RuleMeta {
  id: string;
  /** One line: what the rule flags (SARIF shortDescription). */
  title: string;
  /** Default severity (SARIF defaultConfiguration.level). */
  severity: Severity;
  /** Absolute URL of the rule's page, `<repository>/blob/main/docs/rules/<id>.md`; '' for none. */
  helpUri: string;
  /** Plain text, a paragraph or more (SARIF fullDescription and help). */
  description: string;
}

export interface SarifOptions {
  toolVersion: string;
  informationUri: string;
  /** The directory paths are relative to, as an absolute URI ending in '/' (e.g. `file:///work/repo/`). */
  srcRoot?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

/** PRODUCT.md's level table. */
export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** `unlimited-claim` → `UnlimitedClaim`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Ids the engine reports that are not rules of a pack; used when the caller passes no RuleMeta for them. */
const NON_PACK_RULES: Record<string, { title: string; description: string; severity: Severity }> = {
  'config-error': {
    title: "A problem in routelint's own config, a rule pack or a suppression comment",
    description:
      'routelint could not apply its configuration as written: an unknown key, a bad value or pattern, or a suppression comment naming an unknown rule id. The message names the exact problem.',
    severity: 'error',
  },
  'too-many-findings': {
    title: 'More findings in one file than the per-file cap',
    description: 'The file has more findings than routelint reports per file; the rest are summarised in one finding at the end of the last one shown.',
    severity: 'warning',
  },
};

function isAbsoluteUri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s);
}

/**
 * A report path (relative to the working directory, forward slashes) as a SARIF artifactLocation:
 * a percent-encoded relative reference against %SRCROOT%, or an absolute file URI for an absolute path.
 */
export function artifactLocationOf(path: string): { uri: string; uriBaseId?: string } {
  let p = path.split('\\').join('/');
  const enc = (s: string) =>
    s
      .split('/')
      .map((seg) => encodeURIComponent(seg))
      .join('/');
  if (/^[A-Za-z]:\//.test(p)) return { uri: `file:///${p.slice(0, 2)}${enc(p.slice(2))}` };
  if (p.startsWith('/')) return { uri: `file://${enc(p)}` };
  while (p.startsWith('./')) p = p.slice(2);
  return { uri: enc(p), uriBaseId: SRCROOT };
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/^(\s*)([#+-]|\d+\.)(?=\s)/gm, (_m, sp: string, mark: string) => `${sp}\\${mark}`);
}

function region(e: { line: number; column: number; endLine: number; endColumn: number }) {
  return { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn };
}

export function formatSarif(report: JsonReport, rules: RuleMeta[], opts: SarifOptions): string {
  if (!isAbsoluteUri(opts.informationUri)) throw new TypeError(`SARIF informationUri must be an absolute URI: "${opts.informationUri}"`);
  let srcRoot: string | undefined;
  if (opts.srcRoot !== undefined) {
    if (!isAbsoluteUri(opts.srcRoot)) throw new TypeError(`SARIF srcRoot must be an absolute URI (file:///…/): "${opts.srcRoot}"`);
    srcRoot = opts.srcRoot.endsWith('/') ? opts.srcRoot : `${opts.srcRoot}/`;
  }

  // Rules: the caller's, in its order (first of a duplicated id wins), then any id the report uses
  // that the caller did not describe, so every result's ruleIndex points at a descriptor.
  const descriptors: object[] = [];
  const index = new Map<string, number>();
  const addRule = (m: RuleMeta) => {
    if (index.has(m.id)) return;
    if (m.helpUri && !isAbsoluteUri(m.helpUri)) throw new TypeError(`helpUri of rule ${m.id} must be an absolute URI: "${m.helpUri}"`);
    index.set(m.id, descriptors.length);
    const help = m.helpUri
      ? { text: `${m.description}\n\nDocumentation: ${m.helpUri}`, markdown: `${escapeMarkdown(m.description)}\n\n[Documentation for ${m.id}](${m.helpUri})` }
      : { text: m.description, markdown: escapeMarkdown(m.description) };
    descriptors.push({
      id: m.id,
      name: pascalCase(m.id),
      shortDescription: { text: m.title },
      fullDescription: { text: m.description },
      ...(m.helpUri ? { helpUri: m.helpUri } : {}),
      help,
      defaultConfiguration: { level: sarifLevel(m.severity) },
    });
  };
  for (const m of rules) addRule(m);
  for (const file of report.files) {
    for (const f of file.findings) {
      if (index.has(f.ruleId)) continue;
      const known = NON_PACK_RULES[f.ruleId];
      addRule({
        id: f.ruleId,
        title: known?.title ?? f.ruleId,
        description: known?.description ?? `Findings of the rule ${f.ruleId}.`,
        severity: known?.severity ?? f.severity,
        helpUri: '',
      });
    }
  }

  const artifacts = report.files.map((file) => ({ location: artifactLocationOf(file.path), roles: ['analysisTarget'] }));
  const results: object[] = [];
  report.files.forEach((file, artifactIndex) => {
    const artifactLocation = { ...artifactLocationOf(file.path), index: artifactIndex };
    for (const f of file.findings) results.push(result(f, artifactLocation, index.get(f.ruleId)!));
  });

  const notifications = report.skipped.map((s) => ({
    level: 'note',
    message: { text: `skipped ${s.path}: ${skipText(s.reason)}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocationOf(s.path) } }],
    properties: { reason: s.reason },
  }));

  const run = {
    tool: {
      driver: {
        name: 'routelint',
        version: opts.toolVersion,
        semanticVersion: opts.toolVersion,
        informationUri: opts.informationUri,
        rules: descriptors,
      },
    },
    invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
    ...(srcRoot ? { originalUriBaseIds: { [SRCROOT]: { uri: srcRoot } } } : {}),
    artifacts,
    results,
    columnKind: 'utf16CodeUnits',
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

function result(f: JsonFinding, artifactLocation: { uri: string; uriBaseId?: string; index: number }, ruleIndex: number): object {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation, region: region(f) } }],
    properties: { routes: [...f.routes], missing: [...f.missing] },
  };
  // A fix must change something: SARIF needs at least one replacement per artifactChange.
  const fixes = f.fixes.filter((fix) => fix.edits.length > 0);
  if (fixes.length) {
    out.fixes = fixes.map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation,
          replacements: fix.edits.map((e: JsonEdit) => ({ deletedRegion: region(e), insertedContent: { text: e.newText } })),
        },
      ],
      properties: { route: fix.route, preferred: fix.preferred },
    }));
  }
  return out;
}
