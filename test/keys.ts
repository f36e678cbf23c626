// Synthetic API keys for tests, built at run time: no realistic key is ever written in a file of this
// repository (vsce and secret scanners refuse them), and none matches a notAKey placeholder pattern.
import { rules } from './helpers.js';

const notAKey = () => rules().config.notAKey.map((s) => new RegExp(s, 'i'));

/** A deterministic, non-repeating, non-sequential alphanumeric body that no notAKey pattern matches. */
export function synthBody(length: number, seed: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let state = seed >>> 0 || 1;
  let out = '';
  while (out.length < length) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const c = alphabet[(state >>> 8) % alphabet.length]!;
    if (c === out[out.length - 1]) continue;
    out += c;
  }
  return out;
}

export function synthKey(prefix: string, minLength: number, seed: number): string {
  for (let s = seed; s < seed + 1000; s++) {
    const key = prefix + synthBody(minLength - prefix.length + 6, s * 7919);
    if (!notAKey().some((r) => r.test(key))) return key;
  }
  throw new Error(`no synthetic key for ${prefix}`);
}


/** One synthetic key per key format of rules/config.yaml. */
export function keysPerFormat(): Array<{ provider: string; prefix: string; minLength: number; key: string }> {
  return rules().config.keyFormats.map((k, i) => ({ ...k, key: synthKey(k.prefix, k.minLength, i + 1) }));
}
