// Incremental re-linting: a memo of the pure, expensive steps of one document's lints, keyed by their
// exact inputs, so re-linting an edited document redoes only what the edit touched. Whatever is read
// from a memo is what the step computes from those inputs, so a lint with a memo equals a lint without
// one (test/incremental.test.ts checks it on random edit sequences). The language server keeps one memo
// per open document; the CLI passes none.
//
// Bounded by generations: an entry that the latest lint neither read nor wrote is dropped when the next
// lint begins, so a memo holds about what one lint of the current text uses. A lint that patches the
// previous result (engine.ts, patch.ts) reads only the part of the document an edit touched; what the
// last whole lint used stays kept beside the generations (`keep`), so a whole lint after any number of
// patches still finds the rest of the document in the memo.

/** One named cache of a memo. */
export class MemoStore<V> {
  private cur = new Map<string, V>();
  private prev = new Map<string, V>();
  /** What the last whole lint used (see keep). */
  private kept: Map<string, V> | null = null;

  get(key: string): V | undefined {
    let v = this.cur.get(key);
    if (v !== undefined) return v;
    v = this.prev.get(key) ?? this.kept?.get(key);
    if (v !== undefined) this.cur.set(key, v);
    return v;
  }

  /** Keep what this generation used until the next call, whatever generations pass meanwhile. */
  keep(): void {
    this.kept = this.cur;
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
    this.kept = null;
  }
}

export class LintMemo {
  private readonly stores = new Map<string, MemoStore<unknown>>();
  private inputs: { rules: object; key: string } | null = null;
  /** Lints begun with this memo (for tests and benchmarks). */
  lints = 0;
  /** Lints that patched the previous result instead of linting the whole document. */
  patches = 0;
  /**
   * What the engine keeps of the document's last lint to patch it after an edit (engine.ts). Emptied
   * with the rest when the inputs change.
   */
  doc: unknown = null;

  /**
   * Called when a lint begins, with what every cached step may depend on besides its own key: the
   * compiled rules (by identity) and the options that change results. Different inputs empty the memo.
   */
  begin(rules: object, key: string): void {
    if (!this.inputs || this.inputs.rules !== rules || this.inputs.key !== key) {
      for (const s of this.stores.values()) s.clear();
      this.doc = null;
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

  /** A whole lint is done: what it used is kept until the next whole lint (MemoStore.keep). */
  keepAll(): void {
    for (const s of this.stores.values()) s.keep();
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
    this.doc = null;
  }
}
