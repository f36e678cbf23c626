// "Today" for the callers that own the clock (the bin, the language server); the engine takes it as a
// parameter and never reads the clock itself.
export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

declare const ROUTELINT_VERSION: string;
declare const ROUTELINT_REPOSITORY: string;

/** Build-time constants (esbuild `define`), with fallbacks when running from source. */
export const VERSION = typeof ROUTELINT_VERSION === 'string' ? ROUTELINT_VERSION : 'dev';
export const REPOSITORY_URL = typeof ROUTELINT_REPOSITORY === 'string' ? ROUTELINT_REPOSITORY : 'https://github.com/routelint/routelint';
