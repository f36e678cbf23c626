// Rules that understand config keys (DOMAIN.md section 7, data in rules/config.yaml): a declared
// route or provider that contradicts its endpoint, key format or model (route-mismatch), model IDs
// no dated fact knows (model-label), free and unlimited flags, and secret references that are not
// keys. They read `Extraction.entries`, one object (a mapping and its sibling keys) at a time.
// Pure, like the rest of the engine: the caller says whether a file is a locale file.
import type { CompiledRule, CompiledRules } from './compile.js';
import { configFormatOf, localeLang } from './extract/config-formats.js';
import { keyWords } from './extract/config-common.js';
import { modelByName, type FactBase } from './facts.js';
import { maskKey } from './secrets.js';
import type { ConfigEntry, ContractField, Extraction, ExtractContext, Finding, Fix, RouteId, Severity, SeveritySetting } from './types.js';

export interface ConfigRuleInput {
  extraction: Extraction;
  text: string;
  path: string;
  rules: CompiledRules;
  options: { severities?: Readonly<Record<string, SeveritySetting>>; locale?: boolean };
  facts: FactBase;
}

export const ROUTE_MISMATCH = 'route-mismatch';

/** A dated snapshot of a model ID (`gpt-image-2-2026-04-21`): the model's own ID, pinned to a release. */
export const SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/** Config rules run on config formats that are not locale files, even with no claim word in them. */
export function configRulesApply(path: string, options: { locale?: boolean }): boolean {
  return !options.locale && configFormatOf(path, false) !== null;
}

/** What the extractor needs to know about a locale file. */
export function localeContext(path: string, options: { locale?: boolean }): Pick<ExtractContext, 'locale' | 'lang'> {
  if (!options.locale) return {};
  const lang = localeLang(path);
  return lang ? { locale: true, lang } : { locale: true };
}

/** Does a key (any case style) end in the words of one of these names? */
function keyIs(key: string, names: readonly string[]): string | null {
  const words = keyWords(key);
  for (const name of names) {
    const nw = keyWords(name);
    if (nw.length === 0 || nw.length > words.length) continue;
    if (nw.every((w, i) => words[words.length - nw.length + i] === w)) return name;
  }
  return null;
}

function hostOf(value: string): string | null {
  const v = value.trim().toLowerCase();
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?(\[[^\]]+\]|[^/:?#\s]+)/.exec(v);
  if (!m) return null;
  const host = m[1]!;
  if (host === 'localhost' || /^(?:\[.*\]|[\d.]+)$/.test(host)) return host;
  return host.includes('.') && /^[a-z0-9.-]+$/.test(host) ? host : null;
}

function isLocalHost(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0' || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.localhost');
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1));
  return host === p;
}

interface Declared {
  entry: ConfigEntry;
  /** How the message names the declaration: `provider: openai`, or the table `providers.openai`. */
  label: string;
  /** The route the declaration names, if it names one. */
  route: RouteId | null;
  /** The vendor the declaration names, if it names one. */
  vendor: string | null;
}

/**
 * `KEY=value` items of an environment list (docker-compose `environment: [- KEY=value]`) read as the
 * keys and values they set, siblings of one another, as in a .env file.
 */
export function withEnvListEntries(entries: ConfigEntry[]): ConfigEntry[] {
  let out: ConfigEntry[] | null = null;
  entries.forEach((e) => {
    if (typeof e.value !== 'string' || !/^\d+$/.test(e.key) || e.parent < 0) return;
    const list = entries[e.parent]!;
    if (!/^(?:environment|env)$/i.test(list.key)) return;
    const m = /^(\s*)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(e.value);
    if (!m) return;
    // (the value as the source spells it, so offsets stay exact: only unquoted list items)
    const keyStart = e.valueStart + m[1]!.length;
    const valueStart = e.valueStart + m[0].length;
    (out ??= [...entries]).push({
      path: [...list.path, m[2]!],
      key: m[2]!,
      keyStart,
      keyEnd: keyStart + m[2]!.length,
      value: e.value.slice(m[0].length),
      valueStart,
      valueEnd: Math.max(valueStart, e.valueEnd),
      parent: e.parent,
    });
  });
  return out ?? entries;
}

export function runConfigRules(input: ConfigRuleInput, findings: Finding[]): void {
  const { extraction, rules } = input;
  if (!extraction.entries || extraction.entries.length === 0) return;
  const entries = withEnvListEntries(extraction.entries);
  const cfg = rules.config;
  const refs = (cfg.secretReferences ?? []).map((s) => new RegExp(s, 'i'));
  const isReference = (e: ConfigEntry): boolean => {
    for (let p: ConfigEntry | undefined = e; p; p = p.parent >= 0 ? entries[p.parent] : undefined) {
      if (refs.some((r) => r.test(p!.key))) return true;
    }
    return typeof e.value === 'string' && refs.some((r) => r.test(e.value as string));
  };

  // Secret references and placeholders are not keys: drop raw-scan key findings inside them.
  const secretRule = rules.rules.find((r) => r.spec.matcher === 'secret');
  if (secretRule) {
    for (let k = findings.length - 1; k >= 0; k--) {
      const f = findings[k]!;
      if (f.ruleId !== secretRule.spec.id || f.fixes[0]?.edits[0]?.start !== f.start) continue;
      const e = entries.find((x) => x.value !== null && x.valueStart <= f.start && f.end <= x.valueEnd);
      if (e && isReference(e)) findings.splice(k, 1);
    }
  }
  if (input.options.locale || !configFormatOf(input.path, false)) return;

  const severityOf = (rule: CompiledRule): SeveritySetting => input.options.severities?.[rule.spec.id] ?? rule.spec.severity;
  const ruleById = (id: string): CompiledRule | null => {
    const r = rules.byId.get(id);
    return r && severityOf(r) !== 'off' ? r : null;
  };
  const routeName = (r: RouteId | 'verified-provider') => (r === 'verified-provider' ? 'a verified provider' : (rules.routes.get(r)?.name ?? r));
  const fieldNames: Record<string, string> = { 'payment-trigger': 'payment trigger', 'data-terms': 'data terms', 'output-rights': 'output rights', 'model-label': 'exact model ID', 'checked-date': 'checked date' };
  const render = (rule: CompiledRule, claim: string, routes: string[], missing: readonly string[], facts: string): string =>
    rule.spec.message
      .replace(/\{claim\}/g, claim)
      .replace(/\{routes\}/g, routes.join(', ') || 'unknown')
      .replace(/\{missing\}/g, missing.length ? missing.map((f) => fieldNames[f] ?? f).join(', ') : 'nothing')
      .replace(/\{facts\}/g, facts || 'no dated fact');
  const out: Finding[] = [];
  const emit = (rule: CompiledRule, e: ConfigEntry, message: string, routes: RouteId[], missing: ContractField[], fixes: Fix[] = []): void => {
    const start = e.valueStart;
    const end = Math.max(e.valueEnd, e.valueStart);
    // A prose finding of the same rule on this value says less than the config one: replace it.
    for (let k = findings.length - 1; k >= 0; k--) {
      const f = findings[k]!;
      if (f.ruleId === rule.spec.id && f.start < end && f.end > start) findings.splice(k, 1);
    }
    out.push({ ruleId: rule.spec.id, severity: severityOf(rule) as Severity, message, start, end, routes, missing, fixes, lang: 'en' });
  };
  const strValue = (e: ConfigEntry): string | null => (typeof e.value === 'string' ? e.value.trim() : null);
  const lowerValue = (e: ConfigEntry): string => String(e.value ?? '').trim().toLowerCase();

  const factsOf = (rule: CompiledRule): string =>
    (rule.spec.facts ?? [])
      .map((s) => input.facts.get(s))
      .filter((f) => f !== undefined)
      .map((f) => `${f!.text} (checked ${f!.checked})`)
      .join('; ');

  const known = input.facts.knownModelIds();
  const familyRe = rules.modelFamilyRe ? new RegExp(`^(?:${rules.modelFamilyRe.source})$`, 'i') : null;
  const modelVendorRes = Object.entries(cfg.modelVendors ?? {}).map(([p, v]) => [new RegExp(`^(?:${p})`, 'i'), v] as const);
  const vendorOfModel = (id: string): string | null => modelVendorRes.find(([re]) => re.test(id))?.[1] ?? null;
  const vendorOfHost = (host: string): string | null => Object.entries(cfg.hostVendors ?? {}).find(([p]) => hostMatches(p, host))?.[1] ?? null;
  const routeOfHost = (host: string): RouteId | 'verified-provider' | null =>
    (Object.entries(cfg.officialHosts).find(([p]) => hostMatches(p, host))?.[1] as RouteId | 'verified-provider' | undefined) ?? null;
  const keyFormats = [...cfg.keyFormats].sort((a, b) => b.prefix.length - a.prefix.length);

  // One object at a time: the entries with one parent are siblings.
  const objects = new Map<number, ConfigEntry[]>();
  for (const e of entries) {
    let list = objects.get(e.parent);
    if (!list) objects.set(e.parent, (list = []));
    list.push(e);
  }
  const mismatch = ruleById(ROUTE_MISMATCH);
  const modelRule = rules.rules.find((r) => r.spec.matcher === 'model-id');
  const freeRule = ruleById('free-official-api');
  const unlimitedRule = ruleById('unlimited-claim');

  for (const [parent, siblings] of objects) {
    // What the object declares: `route`/`provider`/`name` keys, or its own key under `providers:`.
    const declared: Declared[] = [];
    const declare = (e: ConfigEntry, v: string, label = `${e.key}: ${v}`): void => {
      const s = v.trim().toLowerCase();
      const route = (cfg.routeSpellings[s] as RouteId | undefined) ?? null;
      const vendor = cfg.vendors?.[s] ?? null;
      if (route || vendor) declared.push({ entry: e, label, route, vendor });
    };
    for (const e of siblings) {
      const v = strValue(e);
      if (v !== null && keyIs(e.key, cfg.routeKeys ?? [])) declare(e, v);
    }
    const own = parent >= 0 ? entries[parent] : undefined;
    const grand = own && own.parent >= 0 ? entries[own.parent] : undefined;
    if (own && grand && /^(?:providers?|routes?|backends?|endpoints?|clients?)$/i.test(grand.key) && declared.length === 0) {
      declare(own, own.key, `the ${own.path.join('.')} entry`);
    }
    const official = declared.find((d) => d.route === 'official-api' || d.vendor === 'OpenAI');
    let officialByHost = false;

    for (const e of siblings) {
      const v = strValue(e);
      // Endpoint host against the declared route and vendor.
      if (v !== null && keyIs(e.key, cfg.hostKeys ?? [])) {
        const host = hostOf(v);
        if (host && !isLocalHost(host)) {
          const hostRoute = routeOfHost(host);
          const hostVendor = vendorOfHost(host);
          if (hostRoute === 'official-api') officialByHost = true;
          for (const d of declared) {
            if (!mismatch) break;
            const declaredName = d.label;
            const wantsOfficial = d.route === 'official-api' || (d.route === null && d.vendor === 'OpenAI');
            let why: string | null = null;
            let actual: RouteId | null = null;
            if (wantsOfficial && hostRoute !== 'official-api') {
              why =
                hostRoute === 'verified-provider'
                  ? `the endpoint ${host} is ${hostVendor ?? 'a verified provider'}'s contract, not the official API`
                  : `the endpoint ${host} is ${hostVendor ? `${hostVendor}'s` : 'a third-party'} endpoint, not the official API (api.openai.com)`;
              actual = 'provider-trial';
            } else if (d.route && d.route !== 'official-api' && d.route !== 'paid-alternative' && hostRoute === 'official-api') {
              why = `the endpoint ${host} is the official API, not ${routeName(d.route)}`;
              actual = 'official-api';
            } else if (!wantsOfficial && d.vendor && hostVendor && d.vendor !== hostVendor && !(d.vendor === 'Microsoft' && hostVendor === 'Microsoft')) {
              why = `the endpoint ${host} is run by ${hostVendor}, not ${d.vendor}`;
            }
            if (why) {
              const routes = [d.route ?? 'official-api', ...(actual && actual !== d.route ? [actual] : [])] as RouteId[];
              emit(mismatch, e, render(mismatch, `${declaredName} declares ${d.route ? routeName(d.route) : d.vendor}, but ${why}`, routes.map(routeName), mismatch.spec.requires, ''), routes, [...mismatch.spec.requires] as ContractField[]);
            }
          }
        }
      }
      // A key's format against the declared vendor (the key is masked; raw keys never leave).
      if (v !== null && mismatch && keyIs(e.key, cfg.secretKeys ?? []) && !isReference(e)) {
        const fmt = keyFormats.find((k) => v.startsWith(k.prefix));
        if (fmt) {
          for (const d of declared) {
            const want = d.vendor ?? (d.route === 'official-api' ? 'OpenAI' : null);
            if (!want || want === fmt.provider || (want === 'Microsoft' && fmt.provider === 'OpenAI')) continue;
            const masked = maskKey(v, fmt.prefix);
            const routes = [d.route ?? 'official-api'] as RouteId[];
            emit(mismatch, e, render(mismatch, `${d.label} declares ${want}, but ${e.key} holds ${/^[AEIOU]/.test(fmt.provider) ? 'an' : 'a'} ${fmt.provider} key (${masked})`, routes.map(routeName), mismatch.spec.requires, ''), routes, [...mismatch.spec.requires] as ContractField[]);
          }
        }
      }
      // A model against the declared first-party vendor; a known family's ID no dated fact knows.
      if (v !== null && keyIs(e.key, cfg.modelKeys ?? [])) {
        const id = v.trim();
        const mv = vendorOfModel(id);
        if (mv && mismatch) {
          for (const d of declared) {
            const want = d.vendor ?? (d.route === 'official-api' ? 'OpenAI' : null);
            if (!want || !(cfg.firstPartyVendors ?? []).includes(want) || want === mv) continue;
            const routes = [d.route ?? 'official-api'] as RouteId[];
            emit(mismatch, e, render(mismatch, `${d.label} declares ${want}, but the model ${id} is ${mv}'s`, routes.map(routeName), mismatch.spec.requires, ''), routes, [...mismatch.spec.requires] as ContractField[]);
          }
        }
        if (modelRule && severityOf(modelRule) !== 'off' && familyRe?.test(id) && !known.has(id.toLowerCase()) && !known.has(id.toLowerCase().replace(SNAPSHOT, ''))) {
          // (a dated snapshot is a known ID, and never offered in place of another)
          const ids = [...known].filter((k) => !SNAPSHOT.test(k)).sort();
          const family = id.toLowerCase().replace(/-\d.*$/, '');
          const fixes: Fix[] = ids
            .filter((k) => k.startsWith(family))
            .map((k) => ({ title: `Use the known model ID "${k}"`, route: null, preferred: false, edits: [{ start: e.valueStart, end: e.valueEnd, newText: k }] }));
          const message =
            `${e.key}: ${id} is not a model ID the dated facts know (known public IDs: ${ids.join(', ')}). A route calls one exact model ID; ` +
            `an unknown one is a provider alias or a guess, and whose model it runs is unstated (implied route: ${routeName('official-api')}). ` +
            `Use an ID the facts know, or name the provider whose alias it is.`;
          emit(modelRule, e, message, ['official-api'], ['model-label'], fixes);
        } else if (modelRule && severityOf(modelRule) !== 'off' && !familyRe?.test(id)) {
          // A model's display name as the value ("GPT Image 2"): the request wants its exact ID.
          const m = modelByName(rules.models, id);
          if (m && m.id.toLowerCase() !== id.toLowerCase()) {
            const message =
              `${e.key}: "${id}" is the model's name, not its ID; a request names one exact model ID (here ${m.id}), and the ` +
              `name alone does not say which model, or whose, the route calls (implied route: ${routeName('official-api')}). Write the ID.`;
            emit(modelRule, e, message, ['official-api'], ['model-label'], [
              { title: `Use the model ID "${m.id}"`, route: null, preferred: true, edits: [{ start: e.valueStart, end: e.valueEnd, newText: m.id }] },
            ]);
          }
        }
      }
    }

    const isOfficial = !!official || officialByHost;
    for (const e of siblings) {
      // Free flags on an official route.
      const flag = keyIs(e.key, cfg.freeFlags ?? []);
      if (freeRule && flag && isOfficial) {
        const words = keyWords(flag);
        const isPlanKey = words.length === 1 && (words[0] === 'plan' || words[0] === 'tier');
        const truthy = e.value === true || ['true', 'yes', 'on', '1'].includes(lowerValue(e));
        const fires = isPlanKey ? lowerValue(e) === 'free' : truthy;
        if (fires) {
          const fixes: Fix[] =
            e.value === true || lowerValue(e) === 'true'
              ? [{ title: `Set ${e.key} to false: the official API has no free tier (dated fact)`, route: null, preferred: true, edits: [{ start: e.valueStart, end: e.valueEnd, newText: 'false' }] }]
              : [];
          const claim = `${e.key}: ${String(e.value)} on the official API route`;
          emit(freeRule, e, render(freeRule, claim, freeRule.spec.routes.map(routeName), freeRule.spec.requires, factsOf(freeRule)), [...freeRule.spec.routes], [...freeRule.spec.requires] as ContractField[], fixes);
        }
      }
      // A limit key that says "no limit".
      if (unlimitedRule) {
        const limit = keyIs(e.key, cfg.limitKeys);
        const lv = lowerValue(e);
        const noLimit =
          (limit && (e.value === 0 || e.value === -1 || lv === '0' || lv === '-1' || (cfg.unlimitedValues ?? []).includes(lv))) ||
          (keyWords(e.key).at(-1) === 'unlimited' && (e.value === true || lv === 'true' || lv === 'yes'));
        if (noLimit && e.value !== null) {
          const claim = `${e.key}: ${String(e.value)} (no limit)`;
          const missing = unlimitedRule.spec.requires as ContractField[];
          emit(unlimitedRule, e, render(unlimitedRule, claim, unlimitedRule.spec.routes.map(routeName), missing, ''), [...unlimitedRule.spec.routes], [...missing]);
        }
      }
    }
  }
  findings.push(...out);
}
