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

export function createPool(script: string): (jobs: LintJob[]) => Promise<FileResult[]> {
  return async (jobs) => {
    const bytes = jobs.reduce((n, j) => n + j.bytes.length, 0);
    const threads = Math.min(availableParallelism(), 4);
    if (threads < 2 || jobs.length < MIN_FILES || bytes < MIN_BYTES) {
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
      Array.from({ length: threads }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(script, { workerData: { routelintWorker: true } });
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
}

/** True in a worker started by createPool: the bin then serves jobs instead of running the CLI. */
export function isPoolWorker(): boolean {
  return !isMainThread && (workerData as { routelintWorker?: boolean } | null)?.routelintWorker === true;
}

export function serveWorker(): void {
  const compiled = new Map<string, CompiledRules>();
  const builtins = loadBuiltinPacks();
  parentPort!.on('message', (m: { ids: number[]; jobs: WireJob[] }) => {
    const results = m.jobs.map((j) => {
      const key = `${j.rulesKey}|${(j.languages ?? []).join(',')}`;
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
