// Required literals of a pattern: every match must contain one, or the prefilter would lose findings.
import { examplesOf } from '../server/src/engine/schema.js';
import { describe, expect, it } from 'vitest';
import { anchorsOf, minimizeAnchors } from '../server/src/engine/anchors.js';
import { foldForMatch } from '../server/src/engine/prose.js';
import { rules } from './helpers.js';

describe('anchors', () => {
  it('derives literals from sequences, alternations and groups', () => {
    expect(anchorsOf('unlimited (?:images|generations)')).toEqual(new Set(['unlimited']));
    expect(anchorsOf('(?:free|gratis) api')).toEqual(new Set(['free', 'gratis']));
    expect(anchorsOf('(?<![\\p{L}])(?:sin l[ií]mites)')).toEqual(new Set(['mites']));
    expect(anchorsOf('[$€]\\s?\\d+')).toEqual(new Set(['$', '€']));
    expect(anchorsOf('(?:a|b)?c')).toBeNull();
    expect(anchorsOf('x*')).toBeNull();
  });

  it('minimizes a set: an anchor containing another adds nothing', () => {
    expect(minimizeAnchors(['unlimited', 'limit', 'limits', 'free'])).toEqual(['free', 'limit']);
  });

  it('holds for every match of every shipped pattern on its own examples', () => {
    // Property check: whatever a pattern matches in the rule examples contains one of its anchors.
    for (const rule of rules().rules) {
      const texts = [...examplesOf(rule.spec, 'invalid'), ...examplesOf(rule.spec, 'valid')].map((x) => x.example).map((e) => foldForMatch(typeof e === 'string' ? e : e.text));
      let matched = 0;
      for (const p of rule.patterns) {
        if (!p.anchors) continue;
        for (const t of texts) {
          p.re.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = p.re.exec(t)) !== null) {
            if (!m[0].length) break;
            matched++;
            expect(p.anchors.some((a) => m![0].includes(a)), `${rule.spec.id}: ${p.source} on ${m[0]}`).toBe(true);
          }
        }
      }
      // A config rule (route-mismatch) has no phrase patterns to hold anchors.
      if (rule.patterns.length) expect(matched, rule.spec.id).toBeGreaterThan(0);
    }
  });
});
