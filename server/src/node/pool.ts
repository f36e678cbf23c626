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

export function createPool(script: string): (jobs: LintJob[]) => Promise<FileResult[]> {
  return async (jobs) => {
    const bytes = jobs.reduce((n, j) => n + j.bytes.length, 0);
    const threads = Math.min(availableParallelism(), 4);
    if (threads < 2 || jobs.length < MIN_FILES || bytes < MIN_BYTES) {
      return jobs.map((j) => lintBytes(j.path, j.bytes, j.rules, j.options));
    }
    const results: FileResult[] = new Array(jobs.length);
    // Small batches, handed out as workers finish, keep both cores busy on uneven files.
    let next = 0;
    const batch = Math.max(4, Math.ceil(jobs.length / (threads * 16)));
    await Promise.all(
      Array.from({ length: threads }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(script, { workerData: { routelintWorker: true } });
          const send = () => {
            if (next >= jobs.length) {
              void w.terminate();
              resolve();
              return;
            }
            const start = next;
            next = Math.min(jobs.length, next + batch);
            const wire: WireJob[] = jobs.slice(start, next).map((j) => ({
              path: j.path,
              bytes: j.bytes,
              options: j.options,
              rulesKey: j.rulesKey,
              userPacks: j.userPacks,
              languages: j.languages,
            }));
            w.postMessage({ start, jobs: wire });
          };
          w.on('message', (m: { start: number; results: FileResult[] }) => {
            m.results.forEach((r, k) => (results[m.start + k] = r));
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
  parentPort!.on('message', (m: { start: number; jobs: WireJob[] }) => {
    const results = m.jobs.map((j) => {
      const key = `${j.rulesKey}|${(j.languages ?? []).join(',')}`;
      let rules = compiled.get(key);
      if (!rules) {
        rules = compileRules([...builtins, ...j.userPacks.map((p) => loadPack(p))], { languages: j.languages });
        compiled.set(key, rules);
      }
      return lintBytes(j.path, j.bytes, rules, j.options);
    });
    parentPort!.postMessage({ start: m.start, results });
  });
}
