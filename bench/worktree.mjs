// A git worktree of another commit for before-and-after benchmarks (run.mjs --baseline, ab.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The worktree of commit `sha` under outDir (`baseline-<sha10>`), made if missing, with the
 * repository's node_modules linked in; with `build`, also built with its own scripts/build.mjs.
 */
export function baselineWorktree(repo, outDir, sha, { build = false } = {}) {
  const dir = join(outDir, `baseline-${sha.slice(0, 10)}`);
  if (!existsSync(join(dir, 'server/src/engine/engine.ts'))) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'prune'], { cwd: repo });
    execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: repo, stdio: 'ignore' });
    execFileSync('ln', ['-s', join(repo, 'node_modules'), join(dir, 'node_modules')]);
  }
  if (build && !existsSync(join(dir, 'dist/routelint.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: 'ignore' });
  return dir;
}
