// Engine behaviour across rules: positions, markup, guards, dates and facts, mentions, suppression.
import { describe, expect, it } from 'vitest';
import { lintBytes, lintText } from '../server/src/engine/engine.js';
import { LineIndex } from '../server/src/engine/positions.js';
import { markdownExtractor } from '../server/src/engine/extract/markdown.js';
import { buildReport } from '../server/src/cli/report.js';
import { applyEdits, lint, rules, TODAY } from './helpers.js';

function positions(text: string, path = 'doc.md') {
  const r = lintText(path, text, rules(), { today: TODAY });
  return buildReport([{ path, result: r }]).files[0]!.findings.map((f) => ({ rule: f.ruleId, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn }));
}

describe('positions', () => {
  it('counts UTF-16 columns after Korean and emoji, 1-based lines', () => {
    const text = '# 요금\n\n🚀🚀 한국어 — unlimited generations 지금!\n';
    const [f] = positions(text);
    expect(f).toMatchObject({ rule: 'unlimited-claim', line: 3 });
    // "🚀🚀 한국어 — " is 2+2+1+3+1+1+1 = 11 UTF-16 units, so the claim starts at column 12.
    expect(f!.column).toBe(12);
    expect(f!.endColumn).toBe(12 + 'unlimited generations'.length);
  });

  it('does not count a BOM and handles CRLF line ends', () => {
    const text = '\uFEFF# Title\r\n\r\nWe offer unlimited generations.\r\n';
    const [f] = positions(text);
    expect(f).toMatchObject({ rule: 'unlimited-claim', line: 3, column: 10, endLine: 3, endColumn: 31 });
  });

  it('maps a Korean claim with an attached particle exactly', () => {
    const text = '무료 체험 안내\n\nGPT Image 2 무제한 생성을 지금 시작하세요.\n';
    const f = positions(text, 'doc.txt').find((x) => x.rule === 'unlimited-claim')!;
    const line = text.split('\n')[2]!;
    expect(line.slice(f.column - 1, f.endColumn - 1)).toBe('무제한 생성을');
  });

  it('LineIndex round-trips offsets on mixed line ends', () => {
    const text = 'a\r\nbb\rccc\nd';
    const idx = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = idx.position(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between \r and \n is not a position
      expect(idx.offset(p.line, p.column)).toBe(o);
    }
  });
});

describe('prose spans that survive markup', () => {
  it('finds a claim split by inline markup and a soft line break', () => {
    const text = 'Try our **unlimited**\ngenerations today.\n';
    const [f] = lint(text);
    expect(f?.ruleId).toBe('unlimited-claim');
    expect(text.slice(f!.start, f!.end)).toBe('unlimited**\ngenerations');
  });

  it('widens a fix so it never unbalances markup', () => {
    const text = 'Try **unlimited generations** now and *unlimited* requests.\n';
    const found = lint(text).filter((x) => x.ruleId === 'unlimited-claim');
    expect(found).toHaveLength(2);
    for (const f of found) {
      const fix = f.fixes.find((x) => x.preferred)!;
      const out = applyEdits(text, fix.edits);
      // Unbalanced emphasis markers would survive as literal asterisks in the prose.
      const prose = markdownExtractor.extract(out, { maxDepth: 64 }).blocks.map((b) => b.text).join('\n');
      expect(prose).not.toContain('*');
      expect(prose).toContain('within the limits its owner sets');
    }
  });

  it('maps through escapes and entities', () => {
    const text = 'We &amp; you: unlimited\\* generations? No &mdash; not here. Unlimited&#32;generations for all.\n';
    const f = lint(text).find((x) => x.ruleId === 'unlimited-claim')!;
    expect(text.slice(f.start, f.end)).toBe('Unlimited&#32;generations');
  });

  it('does not read code, inline code, URLs or raw HTML as prose', () => {
    const text = [
      '```',
      'unlimited generations',
      '```',
      '',
      'Run `unlimited generations` or see <https://example.com/unlimited-generations>.',
      '',
      '<div>unlimited generations</div>',
      '',
    ].join('\n');
    expect(lint(text)).toEqual([]);
  });

  it('reads front matter title and description, not other values', () => {
    const text = '---\ntitle: Unlimited generations for all\nslug: unlimited-generations\n---\n\nBody.\n';
    const found = lint(text);
    expect(found.map((f) => f.ruleId)).toEqual(['unlimited-claim']);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('Unlimited generations');
  });
});

describe('NFC matching', () => {
  it('matches decomposed text and maps the finding back to the decomposed source', () => {
    const text = 'Crea imágenes sin li\u0301mites desde hoy.\n';
    const f = lint(text).find((x) => x.ruleId === 'unlimited-claim')!;
    expect(text.slice(f.start, f.end)).toBe('Crea imágenes sin li\u0301mites');
  });
});

describe('placeholders', () => {
  it('reports an unfilled [[placeholder]] that a fix left behind', () => {
    const text = 'Try GPT Image 2 through [[provider]]’s trial credits (provider-owned, limits apply).\n';
    const found = lint(text).filter((f) => /placeholder/i.test(f.message));
    expect(found).toHaveLength(1);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('[[provider]]');
    expect(found[0]!.severity).toBe('warning');
  });

  it('does not report [[…]] inside code', () => {
    expect(lint('```toml\n[[bin]]\nname = "x"\n```\n').filter((f) => /placeholder/i.test(f.message))).toEqual([]);
  });
});

describe('guards', () => {
  it('skips files over maxFileSize, binary files and invalid UTF-8 with a reason', () => {
    const big = new TextEncoder().encode('a'.repeat(100));
    expect(lintBytes('a.md', big, rules(), { today: TODAY, maxFileSize: 10 })).toMatchObject({ status: 'skipped', reason: 'too-large' });
    expect(lintBytes('a.md', new Uint8Array([65, 0, 66]), rules(), { today: TODAY })).toMatchObject({ status: 'skipped', reason: 'binary' });
    expect(lintBytes('a.md', new Uint8Array([0xc3, 0x28]), rules(), { today: TODAY })).toMatchObject({ status: 'skipped', reason: 'not-utf8' });
  });

  it('keeps track of a BOM in raw bytes (so a fix can write it back)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('We offer unlimited generations.\n')]);
    const r = lintBytes('a.md', bytes, rules(), { today: TODAY });
    expect(r).toMatchObject({ status: 'linted', bom: true });
    if (r.status === 'linted') expect(r.findings[0]!.start).toBe(9);
  });

  it('skips documents nested past the depth guard, fast', () => {
    const r = lintText('a.md', `${'>'.repeat(10_000)} unlimited generations\n`, rules(), { today: TODAY });
    expect(r).toMatchObject({ status: 'skipped', reason: 'too-deep' });
  });

  it('caps findings per file with one summary finding', () => {
    const text = Array.from({ length: 30 }, () => 'We offer unlimited generations.').join('\n\n');
    const found = lint(text, 'a.md', { maxFindings: 10 });
    expect(found).toHaveLength(11);
    expect(found[10]!.ruleId).toBe('too-many-findings');
    expect(found[10]!.message).toMatch(/20 more findings/);
  });

  it('reports a failure inside one file as that file skipped', () => {
    const broken = { ...rules(), rules: null as unknown as [] };
    const r = lintText('a.md', 'unlimited generations', broken, { today: TODAY });
    expect(r).toMatchObject({ status: 'skipped', reason: 'internal-error' });
  });
});

describe('mentions', () => {
  it('drops mentions by default and reports them as info with mentions: info', () => {
    const text = 'Some sites claim unlimited generations.\n';
    expect(lint(text)).toEqual([]);
    const found = lint(text, 'a.md', { mentions: 'info' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'unlimited-claim', severity: 'info', mention: 'reported' });
    expect(found[0]!.fixes).toEqual([]);
  });
});

describe('severities', () => {
  it('applies per-rule overrides and turns rules off', () => {
    const text = 'We offer unlimited generations.\n';
    expect(lint(text, 'a.md', { severities: { 'unlimited-claim': 'warning' } })[0]!.severity).toBe('warning');
    expect(lint(text, 'a.md', { severities: { 'unlimited-claim': 'off' } })).toEqual([]);
  });
});

describe('suppression comments', () => {
  it('honours disable-line at the end of a line, with a reason', () => {
    expect(lint('We offer unlimited generations. <!-- routelint-disable-line unlimited-claim -- quoting the old page -->\n')).toEqual([]);
  });

  it('honours disable-next-line and disable/enable ranges', () => {
    const text = [
      '<!-- routelint-disable-next-line -->',
      'We offer unlimited generations.',
      '',
      '<!-- routelint-disable unlimited-claim -->',
      '',
      'We offer unlimited generations.',
      '',
      '<!-- routelint-enable unlimited-claim -->',
      '',
      'We offer unlimited generations.',
      '',
    ].join('\n');
    const found = lint(text);
    expect(found).toHaveLength(1);
    expect(new LineIndex(text).position(found[0]!.start).line).toBe(10);
  });

  it('reports unknown ids as config-error at the comment', () => {
    const text = 'We offer unlimited generations. <!-- routelint-disable-line unlimted-claim -->\n';
    const found = lint(text);
    expect(found.map((f) => f.ruleId).sort()).toEqual(['config-error', 'unlimited-claim']);
    const err = found.find((f) => f.ruleId === 'config-error')!;
    expect(text.slice(err.start, err.end)).toContain('unlimted-claim');
    expect(err.severity).toBe('error');
  });
});

describe('dated facts', () => {
  it('uses the newest fact as of the today it is given, never the clock', () => {
    // gpt-image-2 became a documented ID on 2026-05-04; before that no public row existed.
    const text = 'Set the model to gpt-image-2 for posters.\n';
    expect(lint(text, 'a.md', { today: '2026-04-23' }).map((f) => f.ruleId)).toEqual(['model-label']);
    expect(lint(text, 'a.md', { today: '2026-05-04' })).toEqual([]);
  });

  it('offers the known IDs of the family for an unknown one', () => {
    const f = lint('Our relay serves gpt-image-2-pro at half the price.\n').find((x) => x.ruleId === 'model-label')!;
    expect(f.fixes.map((x) => x.edits[0]!.newText)).toContain('gpt-image-2');
    expect(f.message).toContain('gpt-image-2-pro');
  });
});
