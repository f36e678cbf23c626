// Incremental re-linting: a memo of the pure, expensive steps of one document's lints, keyed by their
// exact inputs, so re-linting an edited document redoes only what the edit touched. Whatever is read
// from a memo is what the step computes from those inputs, so a lint with a memo equals a lint without
// one (test/incremental.test.ts checks it on random edit sequences). The language server keeps one memo
// per open document; the CLI passes none.
//
// Bounded by generations: an entry that the latest lint neither read nor wrote is dropped when the next
// lint begins, so a memo holds about what one lint of the current text uses.

/** One named cache of a memo. */
export class MemoStore<V> {
  private cur = new Map<string, V>();
  private prev = new Map<string, V>();

  get(key: string): V | undefined {
    let v = this.cur.get(key);
    if (v !== undefined) return v;
    v = this.prev.get(key);
    if (v !== undefined) this.cur.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.cur.set(key, value);
  }

  /** Entries used since the last generation. */
  get size(): number {
    return this.cur.size;
  }

  /** Start a generation: what the previous one did not use goes. */
  next(): void {
    this.prev = this.cur;
    this.cur = new Map();
  }

  clear(): void {
    this.cur = new Map();
    this.prev = new Map();
  }
}

export class LintMemo {
  private readonly stores = new Map<string, MemoStore<unknown>>();
  private inputs: { rules: object; key: string } | null = null;
  /** Lints begun with this memo (for tests and benchmarks). */
  lints = 0;

  /**
   * Called when a lint begins, with what every cached step may depend on besides its own key: the
   * compiled rules (by identity) and the options that change results. Different inputs empty the memo.
   */
  begin(rules: object, key: string): void {
    if (!this.inputs || this.inputs.rules !== rules || this.inputs.key !== key) {
      for (const s of this.stores.values()) s.clear();
      this.inputs = { rules, key };
    } else {
      for (const s of this.stores.values()) s.next();
    }
    this.lints++;
  }

  store<V>(name: string): MemoStore<V> {
    let s = this.stores.get(name);
    if (!s) this.stores.set(name, (s = new MemoStore<unknown>()));
    return s as MemoStore<V>;
  }

  /** Entries per store (kept by the latest lint). */
  sizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.stores) out[k] = s.size;
    return out;
  }

  clear(): void {
    this.stores.clear();
    this.inputs = null;
  }
}
