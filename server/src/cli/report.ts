// Turning engine results into the public report shapes (PRODUCT.md "--format json") and the
// stylish text. Line/column conversion happens here, once, at the edge.
import { LineIndex } from '../engine/positions.js';
import type { FileResult, Finding, Severity, SkipReason } from '../engine/types.js';

export interface JsonEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  routes: string[];
  missing: string[];
  fixes: Array<{ title: string; route: string | null; preferred: boolean; edits: JsonEdit[] }>;
}

export interface JsonReport {
  version: 1;
  files: Array<{ path: string; findings: JsonFinding[] }>;
  skipped: Array<{ path: string; reason: SkipReason }>;
  summary: { files: number; errors: number; warnings: number; infos: number };
}

export interface LintedFile {
  path: string;
  result: FileResult;
}

export function toJsonFinding(f: Finding, lines: LineIndex): JsonFinding {
  const s = lines.position(f.start);
  const e = lines.position(f.end);
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    routes: [...f.routes],
    missing: [...f.missing],
    fixes: f.fixes.map((x) => ({
      title: x.title,
      route: x.route,
      preferred: x.preferred,
      edits: x.edits.map((ed) => {
        const a = lines.position(ed.start);
        const b = lines.position(ed.end);
        return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, newText: ed.newText };
      }),
    })),
  };
}

export function buildReport(files: readonly LintedFile[]): JsonReport {
  const report: JsonReport = { version: 1, files: [], skipped: [], summary: { files: 0, errors: 0, warnings: 0, infos: 0 } };
  for (const { path, result } of files) {
    if (result.status === 'skipped') {
      report.skipped.push({ path, reason: result.reason });
      continue;
    }
    const lines = new LineIndex(result.text);
    const findings = result.findings.map((f) => toJsonFinding(f, lines));
    report.files.push({ path, findings });
    report.summary.files++;
    for (const f of findings) {
      if (f.severity === 'error') report.summary.errors++;
      else if (f.severity === 'warning') report.summary.warnings++;
      else report.summary.infos++;
    }
  }
  return report;
}

const SKIP_TEXT: Record<SkipReason, string> = {
  binary: 'binary file',
  'not-utf8': 'not UTF-8',
  'too-large': 'larger than maxFileSize',
  'too-deep': 'nested deeper than the depth guard',
  'internal-error': 'internal error while linting',
  unreadable: 'unreadable',
  ignored: 'ignored by the config',
};

export function skipText(reason: SkipReason): string {
  return SKIP_TEXT[reason];
}

export function formatStylish(report: JsonReport, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[39m` : s);
  const dim = (s: string) => (color ? `\u001b[2m${s}\u001b[22m` : s);
  const under = (s: string) => (color ? `\u001b[4m${s}\u001b[24m` : s);
  const sev = (s: Severity) => (s === 'error' ? c('31', 'error') : s === 'warning' ? c('33', 'warning') : c('36', 'info'));
  const out: string[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    out.push(under(file.path));
    const posW = Math.max(...file.findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of file.findings) {
      const pos = `${f.line}:${f.column}`.padEnd(posW);
      out.push(`  ${dim(pos)}  ${sev(f.severity).padEnd(color ? 16 : 7)}  ${f.message}  ${dim(f.ruleId)}`);
    }
    out.push('');
  }
  const { errors, warnings, infos } = report.summary;
  const total = errors + warnings + infos;
  if (total > 0) {
    const line = `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info${infos === 1 ? '' : 's'})`;
    out.push(errors ? c('31', `✖ ${line}`) : c('33', `⚠ ${line}`));
  } else {
    out.push(`✔ ${report.summary.files} file${report.summary.files === 1 ? '' : 's'} checked, no problems`);
  }
  return `${out.join('\n')}\n`;
}
