// `--format github`: GitHub Actions workflow commands, one annotation per finding, a notice per
// skipped file, then one summary line (PRODUCT.md "CLI"). GitHub shows only the first annotations
// of a step, so the summary points to the full (SARIF) report.
import { skipText, type JsonReport } from '../report.js';
import type { Severity } from '../../engine/types.js';

export interface GithubOptions {
  /** Where the full report is, e.g. "run routelint --format sarif --output-file routelint.sarif and upload it to code scanning". */
  sarifHint: string;
}

/** PRODUCT.md's level table. */
export function githubCommand(s: Severity): 'error' | 'warning' | 'notice' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice';
}

/** Escaping of a command's message (GitHub's escapeData). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command property value (GitHub's escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, props: Array<[string, string | number]>, message: string): string {
  const p = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatGithub(report: JsonReport, opts: GithubOptions): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      lines.push(
        command(
          githubCommand(f.severity),
          [
            ['file', file.path],
            ['line', f.line],
            ['col', f.column],
            ['endLine', f.endLine],
            ['endColumn', f.endColumn],
            ['title', `routelint/${f.ruleId}`],
          ],
          f.message,
        ),
      );
    }
  }
  for (const s of report.skipped) {
    lines.push(command('notice', [['file', s.path], ['title', 'routelint/skipped']], `skipped: ${skipText(s.reason)}`));
  }
  const { errors, warnings, infos, files } = report.summary;
  const skipped = report.skipped.length ? ` (${report.skipped.length} skipped)` : '';
  lines.push(
    command(
      'notice',
      [['title', 'routelint summary']],
      `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')} in ${plural(files, 'file')}${skipped}. ` +
        `GitHub shows only the first annotations of a step; the full report: ${opts.sarifHint}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
