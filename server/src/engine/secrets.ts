// Literal keys never leave the engine in full: only their known prefix, "…" and the last 4 characters.

export function maskKey(key: string, prefix: string): string {
  const shownPrefix = prefix && key.startsWith(prefix) ? prefix : key.slice(0, Math.min(3, key.length));
  const tail = key.length - shownPrefix.length > 8 ? key.slice(-4) : '';
  return `${shownPrefix}…${tail}`;
}
