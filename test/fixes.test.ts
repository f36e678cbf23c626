// Fix rendering: Korean particles, Spanish agreement, host escaping, case.
import { describe, expect, it } from 'vitest';
import { agree, escapeForHost, josa, matchCase } from '../server/src/engine/fixes.js';
import { rules } from './helpers.js';

describe('Korean particles', () => {
  it('choose by the final sound of what precedes them', () => {
    expect(josa('를', '생성')).toBe('을'); // ㅇ final consonant
    expect(josa('을', '사용량')).toBe('을');
    expect(josa('을', 'API 호출')).toBe('을');
    expect(josa('을', '크레딧 사용 경로')).toBe('를'); // 로 ends in a vowel
    expect(josa('으로', '과금')).toBe('으로');
    expect(josa('로', '한도 안의 생성')).toBe('으로');
    expect(josa('으로', '요금제 경로')).toBe('로');
    expect(josa('으로', '서울')).toBe('로'); // ㄹ takes 로
    expect(josa('가', '모델')).toBe('이');
    expect(josa('은', 'API')).toBe('는');
  });

  it('skip a trailing parenthetical and read digits and Latin letters', () => {
    expect(josa('을', 'GPT Image 2(gpt-image-2)')).toBe('를'); // 2 = 이
    expect(josa('를', 'DALL-E 3')).toBe('을'); // 3 = 삼
    expect(josa('으로', 'Model 1')).toBe('로'); // 1 = 일 (ㄹ)
  });
});

describe('Spanish agreement', () => {
  const es = rules().languages.get('es')!.spec;
  it('inflects a masculine singular form for the noun', () => {
    expect(agree('incluido', 'API', es)).toBe('incluida');
    expect(agree('incluido', 'generaciones', es)).toBe('incluidas');
    expect(agree('incluido', 'créditos', es)).toBe('incluidos');
    expect(agree('incluido', 'acceso', es)).toBe('incluido');
    expect(agree('incluido', 'nuestra API', es)).toBe('incluida');
  });
});

describe('host escaping', () => {
  it('escapes Markdown and table pipes, HTML and JSON, and keeps placeholders readable', () => {
    expect(escapeForHost('a *b* [[provider]]', 'markdown')).toBe('a \\*b\\* [[provider]]');
    expect(escapeForHost('a | b', 'markdown-table')).toBe('a \\| b');
    expect(escapeForHost('<a> & b', 'html')).toBe('&lt;a&gt; &amp; b');
    expect(escapeForHost('{x}', 'jsx')).toBe('&#123;x&#125;');
    expect(escapeForHost('say "hi"\n', 'json')).toBe('say \\"hi\\"\\n');
  });

  it('keeps a sentence-initial capital', () => {
    expect(matchCase('generations within', 'Unlimited generations')).toBe('Generations within');
    expect(matchCase('generations within', 'unlimited generations')).toBe('generations within');
  });
});
