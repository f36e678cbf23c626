// Fix templates: rendering a replacement in the sentence's language and grammar, and escaping it
// for its host. A fix never invents a fact: model IDs and dates come from the dated facts,
// anything else the writer must supply is a [[placeholder]].
import type { FactBase } from './facts.js';
import { modelByName } from './facts.js';
import type { LanguageSpec, ModelSpec } from './schema.js';
import type { Host, Lang } from './types.js';

export interface TemplateContext {
  lang: Lang;
  /** Named groups of the match, in the document's own spelling (NFC, original case). */
  groups: Record<string, string | undefined>;
  facts: FactBase;
  models: readonly ModelSpec[];
  language: LanguageSpec | undefined;
  /** The text right after the match, so a fix does not repeat an ID that follows it. */
  after?: string;
  /** The sentence's language, in which dates ("as of …") are written. */
  dateLanguage?: LanguageSpec | undefined;
}

export class TemplateError extends Error {}

// Korean particles: [after a final consonant, after a vowel]. 으로/로 also takes 로 after ㄹ.
const JOSA: Array<[string, string]> = [
  ['이라는', '라는'],
  ['이라고', '라고'],
  ['으로', '로'],
  ['이에요', '예요'],
  ['이나', '나'],
  ['이랑', '랑'],
  ['이며', '며'],
  ['을', '를'],
  ['이', '가'],
  ['은', '는'],
  ['과', '와'],
  ['아', '야'],
];

/** 0: ends in a vowel, 1: in a consonant, 8: in ㄹ (rieul). */
function finalSound(prev: string): 0 | 1 | 8 {
  let i = prev.length - 1;
  // Skip white space, closing quotes and a trailing parenthetical: the particle follows the word before it.
  for (;;) {
    while (i >= 0 && /[\s"'”’»」』*_\]]/.test(prev[i]!)) i--;
    if (prev[i] === ')') {
      let depth = 0;
      for (; i >= 0; i--) {
        if (prev[i] === ')') depth++;
        else if (prev[i] === '(' && --depth === 0) break;
      }
      i--;
      continue;
    }
    break;
  }
  const c = prev[i] ?? '';
  const code = c.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    return jong === 0 ? 0 : jong === 8 ? 8 : 1;
  }
  if (/[0-9]/.test(c)) return '178'.includes(c) ? 8 : '036'.includes(c) ? 1 : 0;
  const l = c.toLowerCase();
  if (l === 'l' || l === 'r') return 8;
  if (l === 'm' || l === 'n' || l === 'k' || l === 'p' || l === 't' || l === 'b') return 1;
  return 0;
}

export function josa(particle: string, prev: string): string {
  const pair = JOSA.find(([c, v]) => particle === c || particle === v);
  if (!pair) return particle;
  const s = finalSound(prev);
  if (pair[0] === '으로') return s === 0 || s === 8 ? '로' : '으로';
  return s === 0 ? pair[1] : pair[0];
}

/** Spanish agreement of an adjective or participle given in its masculine singular form. */
export function agree(word: string, noun: string | undefined, language: LanguageSpec | undefined): string {
  const key = (noun ?? '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').trim().split(/\s+/).pop() ?? '';
  const nouns = language?.grammar?.nouns ?? {};
  const g = nouns[key] ?? Object.entries(nouns).find(([k]) => k.normalize('NFD').replace(/\p{M}/gu, '') === key)?.[1] ?? 'm';
  if (!word.endsWith('o')) return g === 'mp' || g === 'fp' ? `${word}s` : word;
  const stem = word.slice(0, -1);
  return g === 'm' ? word : g === 'f' ? `${stem}a` : g === 'mp' ? `${stem}os` : `${stem}as`;
}

export function asOf(date: string, language: LanguageSpec | undefined): string {
  return (language?.asOf ?? 'as of {date}').replace('{date}', date);
}

/** The model phrase a label names: "GPT Image 2 (gpt-image-2)" when the facts know the ID. */
export function modelPhrase(ctx: TemplateContext): string | null {
  const raw = ctx.groups.model?.trim();
  if (!raw) return null;
  const m = modelByName(ctx.models, raw);
  if (!m) return raw;
  const known = ctx.facts.knownModelIds().has(m.id.toLowerCase());
  if (raw.toLowerCase() === m.id.toLowerCase()) return m.id;
  // "GPT Image 2 API (gpt-image-2)": the ID already follows the rewritten phrase.
  if (ctx.after && new RegExp(`^\\s*[(（]\\s*${m.id.replace(/[.]/g, '\\.')}\\s*[)）]`, 'i').test(ctx.after)) return raw;
  // Korean sets a parenthetical without a space: "GPT Image 2(gpt-image-2)".
  return known ? `${raw}${ctx.lang === 'ko' ? '' : ' '}(${m.id})` : raw;
}

export function renderTemplate(template: string, ctx: TemplateContext): string {
  let out = '';
  let last = 0;
  const re = /\{([a-zA-Z][a-zA-Z0-9]*)(?::([^}]*))?\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(template)) !== null) {
    out += template.slice(last, m.index);
    last = m.index + m[0].length;
    const [, name, arg] = m;
    switch (name) {
      case 'model': {
        const p = modelPhrase(ctx);
        if (p === null) throw new TemplateError('the template names {model} but the match has no model');
        out += p;
        break;
      }
      case 'modelId': {
        const p = ctx.groups.model ? modelByName(ctx.models, ctx.groups.model) : undefined;
        if (!p) throw new TemplateError('the template names {modelId} but the match names no known model');
        out += p.id;
        break;
      }
      case 'asOf': {
        const f = ctx.facts.get(arg ?? '');
        if (!f) throw new TemplateError(`no dated fact about "${arg}"`);
        out += asOf(f.checked, ctx.dateLanguage ?? ctx.language);
        break;
      }
      case 'asOfPrice': {
        // The newest dated fact that states this very price ("$0.009") gives the date.
        const price = (ctx.groups[arg || 'price'] ?? '').replace(/\s+/g, '').toLowerCase();
        const norm = (p: string) => p.replace(/\s+/g, '').toLowerCase();
        const f = price ? ctx.facts.all().filter((x) => x.prices?.some((p) => norm(p) === price)).sort((a, b) => (a.checked < b.checked ? 1 : -1))[0] : undefined;
        if (!f) throw new TemplateError(`no dated fact states the price "${price}"`);
        out += asOf(f.checked, ctx.dateLanguage ?? ctx.language);
        break;
      }
      case 'josa': {
        const particle = arg ?? ctx.groups.josa ?? '';
        out += particle ? josa(particle, out) : '';
        break;
      }
      case 'agree':
        out += agree(arg ?? '', ctx.groups.noun, ctx.language);
        break;
      default: {
        if (!(name! in ctx.groups)) throw new TemplateError(`the template names {${name}} but the pattern has no such group`);
        out += ctx.groups[name!] ?? '';
      }
    }
  }
  // An optional group that did not take part leaves no double space behind.
  return (out + template.slice(last)).replace(/ {2,}/g, ' ').replace(/ ([,.;:)])/g, '$1').trim();
}

/** Escape replacement text for the host it is written into. Placeholders stay readable. */
export function escapeForHost(text: string, host: Host, quote?: '"' | "'" | '`'): string {
  switch (host) {
    case 'markdown':
    case 'markdown-table': {
      let s = text.replace(/[\\`*_<]/g, (c) => `\\${c}`);
      if (host === 'markdown-table') s = s.replace(/\|/g, '\\|');
      return s;
    }
    case 'html':
    case 'jsx': {
      const s = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(host === 'jsx' ? /[{}]/g : /$^/g, (c) => (c === '{' ? '&#123;' : '&#125;'));
      // Inside an attribute value: its own quote too.
      return quote === '"' ? s.replace(/"/g, '&quot;') : quote === "'" ? s.replace(/'/g, '&#39;') : s;
    }
    case 'json':
      return JSON.stringify(text).slice(1, -1);
    case 'js':
      // Inside a JS/TS literal: backslashes and the literal's own quote (and `${` in a template).
      if (quote === '`') return text.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
      return text.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, (c) => `\\${c}`);
    case 'toml':
    case 'env':
      // A double-quoted value takes JSON-style escapes; a single-quoted (literal) one cannot hold its quote.
      if (quote === '"') return JSON.stringify(text).slice(1, -1);
      if (quote === "'") return text.replace(/'/g, '’');
      return text;
    case 'yaml':
      if (quote === '"') return JSON.stringify(text).slice(1, -1);
      if (quote === "'") return text.replace(/'/g, "''");
      return text;
    case 'text':
      return text;
  }
}

/** Match the case of the text being replaced: a sentence-initial capital stays a capital. */
export function matchCase(replacement: string, original: string): string {
  const o = original.trimStart()[0] ?? '';
  const r = replacement[0] ?? '';
  if (o && o !== o.toLowerCase() && r !== r.toUpperCase()) return r.toUpperCase() + replacement.slice(1);
  return replacement;
}
