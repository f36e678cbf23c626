import { describe, expect, it } from 'vitest';
import { compareIso, documentDate, findDates, isValidIsoDay } from '../server/src/engine/dates';

/** Expect exactly one hit in `text`, spanning `span` (first occurrence), with `iso`. */
function one(text: string, span: string, iso: string) {
  const hits = findDates(text);
  const start = text.indexOf(span);
  expect(start, `span ${span} in ${text}`).toBeGreaterThanOrEqual(0);
  expect(hits.map((h) => [h.start, h.end, h.iso])).toEqual([[start, start + span.length, iso]]);
  return hits[0]!;
}

describe('findDates: numeric', () => {
  it.each([
    ['Checked 2026-05-04 by us.', '2026-05-04', '2026-05-04'],
    ['Checked 2026/05/04 by us.', '2026/05/04', '2026-05-04'],
    ['Checked 2026.05.04 by us.', '2026.05.04', '2026-05-04'],
    ['(2026-05-04)', '2026-05-04', '2026-05-04'],
    ['2026-05-04T10:00:00Z', '2026-05-04', '2026-05-04'],
    ['2024-02-29 was a leap day', '2024-02-29', '2024-02-29'],
    ['Prices from 2026-05 onward', '2026-05', '2026-05'],
    ['1999-12-31 party', '1999-12-31', '1999-12-31'],
  ])('%s', (text, span, iso) => {
    one(text, span, iso);
  });

  it('fills year, month and day', () => {
    expect(findDates('on 2026-05-04.')).toEqual([{ start: 3, end: 13, year: 2026, month: 5, day: 4, iso: '2026-05-04' }]);
    const ym = findDates('in 2026-05,')[0]!;
    expect(ym).toMatchObject({ start: 3, end: 10, year: 2026, month: 5, iso: '2026-05' });
    expect(ym.day).toBeUndefined();
  });

  it('finds several dates in order', () => {
    const t = 'From 2026-04-22 to May 4, 2026 and 2026년 5월 5일.';
    expect(findDates(t).map((h) => h.iso)).toEqual(['2026-04-22', '2026-05-04', '2026-05-05']);
  });
});

describe('findDates: English', () => {
  it.each([
    ['Updated May 4, 2026.', 'May 4, 2026', '2026-05-04'],
    ['Updated May 4 2026.', 'May 4 2026', '2026-05-04'],
    ['Updated 4 May 2026.', '4 May 2026', '2026-05-04'],
    ['Updated May 2026.', 'May 2026', '2026-05'],
    ['Updated May, 2026.', 'May, 2026', '2026-05'],
    ['Updated Sept. 4, 2026.', 'Sept. 4, 2026', '2026-09-04'],
    ['Updated Sep 4, 2026.', 'Sep 4, 2026', '2026-09-04'],
    ['Updated 4th May 2026.', '4th May 2026', '2026-05-04'],
    ['Updated May 4th, 2026.', 'May 4th, 2026', '2026-05-04'],
    ['Updated the 1st of June, 2026.', '1st of June, 2026', '2026-06-01'],
    ['on january 15, 2026', 'january 15, 2026', '2026-01-15'],
    ['on DECEMBER 31, 2025', 'DECEMBER 31, 2025', '2025-12-31'],
    ['on Feb. 28, 2026', 'Feb. 28, 2026', '2026-02-28'],
    ['on 22 Apr 2026', '22 Apr 2026', '2026-04-22'],
    ['on Oct 2026', 'Oct 2026', '2026-10'],
    ['on Aug. 2026', 'Aug. 2026', '2026-08'],
    ['on Monday, March 2, 2026', 'March 2, 2026', '2026-03-02'],
    ['on 04-May-2026', '04-May-2026', '2026-05-04'],
    ['on May 4,\n2026 we', 'May 4,\n2026', '2026-05-04'],
    ['as of May 2026', 'May 2026', '2026-05'],
  ])('%s', (text, span, iso) => {
    one(text, span, iso);
  });
});

describe('findDates: Korean', () => {
  it.each([
    ['2026년 5월 4일 기준', '2026년 5월 4일', '2026-05-04'],
    ['2026년5월4일에', '2026년5월4일', '2026-05-04'],
    ['2026년 5월 출시', '2026년 5월', '2026-05'],
    ['작성 2026. 5. 4. 오후', '2026. 5. 4.', '2026-05-04'],
    ['작성 2026.5.4 오후', '2026.5.4', '2026-05-04'],
    ['2026-05-04부터', '2026-05-04', '2026-05-04'],
    ['2026년 기준 요금', '2026년', '2026'],
    ['2026년 현재', '2026년', '2026'],
  ])('%s', (text, span, iso) => {
    one(text, span, iso);
  });
});

describe('findDates: Spanish', () => {
  it.each([
    ['actualizado el 4 de mayo de 2026.', '4 de mayo de 2026', '2026-05-04'],
    ['en mayo de 2026 lanzamos', 'mayo de 2026', '2026-05'],
    ['el 25 abr 2026', '25 abr 2026', '2026-04-25'],
    ['el 25 abr. 2026', '25 abr. 2026', '2026-04-25'],
    ['el 4 de mayo del 2026', '4 de mayo del 2026', '2026-05-04'],
    ['el 1.º de mayo de 2026', '1.º de mayo de 2026', '2026-05-01'],
    ['el 1º de mayo de 2026', '1º de mayo de 2026', '2026-05-01'],
    ['el 4 de Setiembre de 2026', '4 de Setiembre de 2026', '2026-09-04'],
    ['el 4 de septiembre de 2026', '4 de septiembre de 2026', '2026-09-04'],
    ['el 3 DE ENERO DE 2026', '3 DE ENERO DE 2026', '2026-01-03'],
    ['el 10 dic 2025', '10 dic 2025', '2025-12-10'],
    ['el 10 ago. 2026', '10 ago. 2026', '2026-08-10'],
    ['el 25-abr-2026', '25-abr-2026', '2026-04-25'],
    ['desde ago. 2026', 'ago. 2026', '2026-08'],
    ['desde agosto de 2026', 'agosto de 2026', '2026-08'],
    ['a fecha de 2026, no hay', '2026', '2026'],
    ['As of 2026, no free tier', '2026', '2026'],
  ])('%s', (text, span, iso) => {
    one(text, span, iso);
  });
});

describe('findDates: negatives', () => {
  it.each([
    '2026 credits per month',
    'costs $2026 a year',
    'costs ₩2026',
    'version 1.2.2026',
    'v2026.05',
    '12026-05-04',
    'call 2026-05-0412',
    '2026-05-04-12',
    'ratio 2026-2027',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-13',
    '2026-00',
    '2026/05-04',
    '30 Feb 2026',
    'Feb 30, 2026',
    'May 32, 2026',
    'Q2 2026',
    'in 2026 we',
    '2026년 13월',
    '2026년 2월 30일',
    '31 de abril de 2026',
    'May 4, 1989',
    '2100-01-01',
    'May 4',
    'page 2026.5',
    'we set 2026 as the goal',
    'id abc2026-05-04',
    'a year ago 2025 was cheaper',
  ])('%s', (text) => {
    expect(findDates(text)).toEqual([]);
  });

  it('an impossible date does not fall back to a shorter one', () => {
    expect(findDates('on 30 Feb 2026')).toEqual([]);
    expect(findDates('2026년 5월 40일')).toEqual([]);
  });

  it('is empty for empty text', () => {
    expect(findDates('')).toEqual([]);
  });
});

describe('isValidIsoDay / compareIso', () => {
  it('validates calendar days', () => {
    expect(isValidIsoDay('2026-05-04')).toBe(true);
    expect(isValidIsoDay('2024-02-29')).toBe(true);
    expect(isValidIsoDay('2000-02-29')).toBe(true);
    expect(isValidIsoDay('1900-02-29')).toBe(false);
    expect(isValidIsoDay('2026-02-29')).toBe(false);
    expect(isValidIsoDay('2026-02-30')).toBe(false);
    expect(isValidIsoDay('2026-13-01')).toBe(false);
    expect(isValidIsoDay('2026-5-4')).toBe(false);
    expect(isValidIsoDay('2026-05')).toBe(false);
    expect(isValidIsoDay(' 2026-05-04')).toBe(false);
  });

  it('compares any precision', () => {
    expect(compareIso('2026-05-04', '2026-04-22')).toBeGreaterThan(0);
    expect(compareIso('2026-04-22', '2026-05-04')).toBeLessThan(0);
    expect(compareIso('2026-05-04', '2026-05-04')).toBe(0);
    expect(compareIso('2026-05', '2026-05-01')).toBe(0);
    expect(compareIso('2026-05', '2026-05-04')).toBeLessThan(0);
    expect(compareIso('2025-04', '2026-04-22')).toBeLessThan(0);
    expect(compareIso('2026', '2026-01-01')).toBe(0);
    expect(compareIso('2026', '2025-12-31')).toBeGreaterThan(0);
    expect(compareIso('2026-12', '2026-02')).toBeGreaterThan(0);
  });
});

describe('documentDate: front matter', () => {
  it('reads a date string', () => {
    expect(documentDate('# T\n', { date: '2026-05-04' })).toEqual({ start: 0, end: 0, year: 2026, month: 5, day: 4, iso: '2026-05-04' });
  });

  it('reads a Date object by its UTC fields', () => {
    const d = new Date(Date.UTC(2026, 4, 4));
    expect(documentDate('', { date: d })?.iso).toBe('2026-05-04');
    // 23:30 UTC on May 4 is still May 4 regardless of the local zone
    expect(documentDate('', { date: new Date('2026-05-04T23:30:00Z') })?.iso).toBe('2026-05-04');
  });

  it('prefers updated/lastmod over date, newest of them', () => {
    expect(documentDate('', { date: '2026-01-01', updated: '2026-04-22' })?.iso).toBe('2026-04-22');
    expect(documentDate('', { date: '2026-01-01', lastmod: '2026-03-01', updated: '2026-05-04' })?.iso).toBe('2026-05-04');
    expect(documentDate('', { date: '2026-01-01', last_modified: new Date(Date.UTC(2026, 4, 4)) })?.iso).toBe('2026-05-04');
    expect(documentDate('', { modified: 'May 4, 2026', date: '2025-01-01' })?.iso).toBe('2026-05-04');
  });

  it('falls back to date when updated is unusable', () => {
    expect(documentDate('', { date: '2026-01-01', updated: 'soon' })?.iso).toBe('2026-01-01');
  });

  it('front matter wins over a body date line', () => {
    const text = '---\ndate: 2026-01-01\n---\nLast updated: May 4, 2026\n';
    expect(documentDate(text, { date: '2026-01-01' }, 20)?.iso).toBe('2026-01-01');
  });

  it('reads the body when front matter has no date', () => {
    const text = '---\ntitle: X\n---\nLast updated: May 4, 2026\n';
    const bodyStart = text.indexOf('Last');
    const h = documentDate(text, { title: 'X' }, bodyStart)!;
    expect(h.iso).toBe('2026-05-04');
    expect(text.slice(h.start, h.end)).toBe('May 4, 2026');
  });

  it('sniffs a leading front matter block when no bodyStart is given', () => {
    const text = '---\ntitle: X\nupdated: "2026-05-04"\n---\n# X\n';
    expect(documentDate(text)).toMatchObject({ start: 0, end: 0, iso: '2026-05-04' });
  });

  it('ignores dates in a front matter block that is outside the body', () => {
    const text = '---\ntitle: X\nsummary: In May 2026 we launched\n---\nLast updated 2026-05-04\n';
    const h = documentDate(text, { title: 'X' }, text.indexOf('Last'))!;
    expect(text.slice(h.start, h.end)).toBe('2026-05-04');
  });
});

describe('documentDate: date lines', () => {
  function line(text: string, span: string, iso: string) {
    const h = documentDate(text);
    expect(h, text).not.toBeNull();
    const start = text.lastIndexOf(span);
    expect([h!.start, h!.end, h!.iso]).toEqual([start, start + span.length, iso]);
  }

  it.each([
    ['# Pricing\n\nLast updated: May 4, 2026\n\nBody.', 'May 4, 2026', '2026-05-04'],
    ['Updated 2026-05-04\n\nBody.', '2026-05-04', '2026-05-04'],
    ['# T\n\n_Last reviewed: 4 May 2026_\n', '4 May 2026', '2026-05-04'],
    ['# T\n\n**Last updated:** May 4, 2026\n', 'May 4, 2026', '2026-05-04'],
    ['# T\n\n*Last updated on May 4th, 2026.*\n', 'May 4th, 2026', '2026-05-04'],
    ['# T\n\n> Updated: 2026-05-04\n', '2026-05-04', '2026-05-04'],
    ['# T\n\nPublished May 4, 2026\n', 'May 4, 2026', '2026-05-04'],
    ['# T\n\nThis page was last updated on May 4, 2026.\n', 'May 4, 2026', '2026-05-04'],
    ['# T\n\nAs of 2026\n', '2026', '2026'],
    ['# T\n\nBy Jane Doe · May 4, 2026\n', 'May 4, 2026', '2026-05-04'],
    ['# T\n\nJane Doe — 4 May 2026\n', '4 May 2026', '2026-05-04'],
    ['# T\n\nBy [Jane Doe](https://example.com) | May 4, 2026 · 5 min read\n', 'May 4, 2026', '2026-05-04'],
    ['# T\n\n*May 4, 2026*\n\nBody.', 'May 4, 2026', '2026-05-04'],
    ['# T\n\nMay 2026\n', 'May 2026', '2026-05'],
    ['# T\n\nLast updated: <time datetime="2026-05-03">May 4, 2026</time>\n', 'May 4, 2026', '2026-05-04'],
    ['Posted by Jane Doe on May 4, 2026\n', 'May 4, 2026', '2026-05-04'],
    // Korean
    ['# 가격\n\n2026년 5월 4일 기준\n\n본문.', '2026년 5월 4일', '2026-05-04'],
    ['# 가격\n\n*2026년 5월 4일 기준으로 작성*\n', '2026년 5월 4일', '2026-05-04'],
    ['# 가격\n\n최종 수정: 2026-05-04\n', '2026-05-04', '2026-05-04'],
    ['# 가격\n\n업데이트: 2026. 5. 4.\n', '2026. 5. 4.', '2026-05-04'],
    ['# 가격\n\n작성일 2026.05.04\n', '2026.05.04', '2026-05-04'],
    ['# 가격\n\n홍길동 기자 · 2026년 5월 4일\n', '2026년 5월 4일', '2026-05-04'],
    ['# 가격\n\n2026-05-04 기준\n', '2026-05-04', '2026-05-04'],
    ['# 가격\n\n2026년 기준\n', '2026년', '2026'],
    // Spanish
    ['# Precios\n\nactualizado el 4 de mayo de 2026\n', '4 de mayo de 2026', '2026-05-04'],
    ['# Precios\n\nActualizado: 25 abr. 2026\n', '25 abr. 2026', '2026-04-25'],
    ['# Precios\n\nÚltima actualización: 4 de mayo de 2026\n', '4 de mayo de 2026', '2026-05-04'],
    ['# Precios\n\nUltima actualizacion: 4 de mayo de 2026\n', '4 de mayo de 2026', '2026-05-04'],
    ['# Precios\n\nFecha: 2026-05-04\n', '2026-05-04', '2026-05-04'],
    ['# Precios\n\n**Actualizado el 1.º de mayo de 2026**\n', '1.º de mayo de 2026', '2026-05-01'],
    ['# Precios\n\nPor Ana Ruiz — 4 de mayo de 2026\n', '4 de mayo de 2026', '2026-05-04'],
  ])('%s', (text, span, iso) => {
    line(text, span, iso);
  });

  it('picks the newest of several date lines', () => {
    const text = '# T\n\nPublished May 1, 2026 · Updated May 4, 2026\n';
    line(text, 'May 4, 2026', '2026-05-04');
  });

  it('handles CRLF text with exact offsets', () => {
    const text = '# T\r\n\r\nIntro line.\r\n\r\nLast updated: May 4, 2026\r\n\r\nBody 2026-01-01.\r\n';
    line(text, 'May 4, 2026', '2026-05-04');
    const ko = '# 가격\r\n\r\n2026년 5월 4일 기준\r\n';
    line(ko, '2026년 5월 4일', '2026-05-04');
  });

  it('handles a lone CR line ending', () => {
    line('# T\r\rUpdated 2026-05-04\r', '2026-05-04', '2026-05-04');
  });

  it('offsets are into the whole text when bodyStart is given', () => {
    const text = '---\ntitle: X\n---\n\n# T\n\nUpdated 2026-05-04\n';
    const h = documentDate(text, { title: 'X' }, text.indexOf('\n#'))!;
    expect(text.slice(h.start, h.end)).toBe('2026-05-04');
  });
});

describe('documentDate: not date lines', () => {
  it.each([
    '# Launch\n\nIn May 2026 we launched the new API.\n',
    '# Launch\n\nOn May 4, 2026, we cut prices by half.\n',
    '# 출시\n\n2026년 5월에 새 API를 출시했습니다.\n',
    '# Lanzamiento\n\nEn mayo de 2026 lanzamos la nueva API.\n',
    '# Launch\n\nMay 4, 2026 — we launched the new API and it was great.\n',
    '# Launch\n\nWe updated the docs in May 2026 and again later.\n',
    '# Launch\n\nIn May 2026 we launched; updated May 4, 2026\n',
    'Pricing: 2026 credits for $20.\n',
    '# T\n\n```\nUpdated 2026-05-04\n```\n',
    '',
  ])('%s', (text) => {
    expect(documentDate(text)).toBeNull();
  });

  it('only looks at the first 15 non-empty lines', () => {
    const filler = Array.from({ length: 15 }, (_, i) => `Line ${i + 1}.`).join('\n\n');
    expect(documentDate(`${filler}\n\nLast updated: May 4, 2026\n`)).toBeNull();
    const fourteen = Array.from({ length: 14 }, (_, i) => `Line ${i + 1}.`).join('\n\n');
    expect(documentDate(`${fourteen}\n\nLast updated: May 4, 2026\n`)?.iso).toBe('2026-05-04');
  });

  it('returns null for front matter without usable dates and no body date', () => {
    expect(documentDate('# T\n\nBody.\n', { title: 'x', date: 'tbd' })).toBeNull();
  });
});

describe('performance', () => {
  it('scans a large document quickly', () => {
    const para = 'Access gpt-image-2 via the provider route for $0.04 per image, 2026 credits, May 4, 2026. ';
    const text = para.repeat(5000);
    const t0 = performance.now();
    const hits = findDates(text);
    const ms = performance.now() - t0;
    expect(hits.length).toBe(5000);
    expect(ms).toBeLessThan(2000);
  });
});
