// Linting on worker threads: the CLI reads the files, workers run the same engine on the bytes and
// send results back; the report is assembled in path order whatever finishes first.
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { LintJob } from '../cli/main.js';
import { compileRules, type CompiledRules } from '../engine/compile.js';
import { lintBytes, type LintOptions } from '../engine/engine.js';
import { loadPack, type PackSource } from '../engine/packs.js';
import type { FileResult, Lang } from '../engine/types.js';
import { loadBuiltinPacks } from './rules.js';

interface WireJob {
  path: string;
  bytes: Uint8Array;
  options: LintOptions;
  rulesKey: string;
  userPacks: PackSource[];
  languages?: Lang[] | undefined;
}

/** Below these, starting threads costs more than it saves. */
const MIN_FILES = 16;
const MIN_BYTES = 1024 * 1024;
const BATCH_BYTES = 256 * 1024;

export interface Pool {
  /** Lint the jobs, on worker threads where there are enough of them (or the threads were started). */
  run(jobs: LintJob[]): Promise<FileResult[]>;
  /**
   * Start the threads now, for a run of this many files and bytes, so that they compile the shipped
   * rules while the caller still reads the files; nothing where the files are too few or too small. A
   * thread started and never given work does not keep the process alive.
   */
  prestart(files: number, bytes: number): void;
}

export function createPool(script: string): Pool {
  const threads = Math.min(availableParallelism(), 4);
  let started: Worker[] | null = null;
  // (a thread that failed before it was given work: the run fails with its error)
  const failed = new Map<Worker, Error>();
  const start = (precompile: boolean) => new Worker(script, { workerData: { routelintWorker: true, precompile } });
  const prestart = (files: number, bytes: number): void => {
    if (started || threads < 2 || files < MIN_FILES || bytes < MIN_BYTES) return;
    started = Array.from({ length: threads }, () => {
      const w = start(true);
      w.once('error', (e) => failed.set(w, e));
      w.once('exit', (code) => failed.has(w) || failed.set(w, new Error(`a lint thread exited with code ${code}`)));
      w.unref();
      return w;
    });
  };
  const run = async (jobs: LintJob[]): Promise<FileResult[]> => {
    const bytes = jobs.reduce((n, j) => n + j.bytes.length, 0);
    const ready: Worker[] | null = started;
    started = null;
    if (!ready && (threads < 2 || jobs.length < MIN_FILES || bytes < MIN_BYTES)) {
      return jobs.map((j) => lintBytes(j.path, j.bytes, j.rules, j.options));
    }
    const results: FileResult[] = new Array(jobs.length);
    // Largest files first, in batches of about BATCH_BYTES handed out as workers finish: neither
    // worker is left alone with a run of big files at the end.
    const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.bytes.length - jobs[a]!.bytes.length);
    const batches: number[][] = [];
    let current: number[] = [];
    let size = 0;
    for (const i of order) {
      current.push(i);
      size += jobs[i]!.bytes.length;
      if (size >= BATCH_BYTES || current.length >= 64) {
        batches.push(current);
        current = [];
        size = 0;
      }
    }
    if (current.length) batches.push(current);
    let next = 0;
    await Promise.all(
      Array.from({ length: threads }, (_, k) =>
        new Promise<void>((resolve, reject) => {
          const w = ready?.[k] ?? start(false);
          const early = failed.get(w);
          if (early) {
            reject(early);
            return;
          }
          w.removeAllListeners('exit');
          // (after its last batch the thread is terminated: then this is too late to matter)
          w.once('exit', (code) => reject(new Error(`a lint thread exited with code ${code}`)));
          w.ref();
          const send = () => {
            if (next >= batches.length) {
              void w.terminate();
              resolve();
              return;
            }
            const ids = batches[next++]!;
            const wire: WireJob[] = ids.map((i) => jobs[i]!).map((j) => ({
              path: j.path,
              bytes: j.bytes,
              options: j.options,
              rulesKey: j.rulesKey,
              userPacks: j.userPacks,
              languages: j.languages,
            }));
            w.postMessage({ ids, jobs: wire });
          };
          w.on('message', (m: { ids: number[]; results: FileResult[] }) => {
            m.results.forEach((r, k) => (results[m.ids[k]!] = r));
            send();
          });
          w.on('error', reject);
          send();
        }),
      ),
    );
    return results;
  };
  return { run, prestart };
}

/** True in a worker started by createPool: the bin then serves jobs instead of running the CLI. */
export function isPoolWorker(): boolean {
  return !isMainThread && (workerData as { routelintWorker?: boolean } | null)?.routelintWorker === true;
}

export function serveWorker(): void {
  const compiled = new Map<string, CompiledRules>();
  const builtins = loadBuiltinPacks();
  // (rules depend on the config's own packs and languages only: configs without packs share them)
  const keyOf = (j: Pick<WireJob, 'rulesKey' | 'userPacks' | 'languages'>) => `${j.userPacks.length ? j.rulesKey : ''}|${(j.languages ?? []).join(',')}`;
  // started ahead of its work: the shipped rules compiled while the CLI still reads the files
  if ((workerData as { precompile?: boolean }).precompile) compiled.set(keyOf({ rulesKey: '', userPacks: [] }), compileRules(builtins, {}));
  parentPort!.on('message', (m: { ids: number[]; jobs: WireJob[] }) => {
    const results = m.jobs.map((j) => {
      const key = keyOf(j);
      let rules = compiled.get(key);
      if (!rules) {
        rules = compileRules([...builtins, ...j.userPacks.map((p) => loadPack(p))], { languages: j.languages });
        compiled.set(key, rules);
      }
      return lintBytes(j.path, j.bytes, rules, j.options);
    });
    parentPort!.postMessage({ ids: m.ids, results });
  });
}
