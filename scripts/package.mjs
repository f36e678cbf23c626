// npm run package (after npm run build): routelint.vsix at the repository root, holding exactly the
// files .vscodeignore allows. vsce refuses a package.json `files` list (npm's, kept for the CLI
// package) beside a .vscodeignore, so the allowed files are staged in a temporary folder whose
// package.json has no `files`, and vsce packages that folder.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVSIX, listFiles, PackageManager } from '@vscode/vsce';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'routelint.vsix');
const MAX_BYTES = 3 * 1024 * 1024;

const files = await listFiles({ cwd: root, packageManager: PackageManager.None });
const stage = mkdtempSync(join(tmpdir(), 'routelint-vsix-'));
try {
  for (const f of [...files, '.vscodeignore']) {
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    copyFileSync(join(root, f), join(stage, f));
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete pkg.files;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await createVSIX({ cwd: stage, packagePath: out, dependencies: false });
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const size = statSync(out).size;
console.log(`routelint.vsix: ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
if (size > MAX_BYTES) {
  console.error(`routelint.vsix is larger than ${MAX_BYTES / 1024 / 1024} MiB: check .vscodeignore`);
  process.exit(1);
}
