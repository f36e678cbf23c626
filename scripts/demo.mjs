// npm run demo: lint the bundled examples/ and print the findings. Exits 0 even with findings
// (that is the point of a demo), but not when routelint itself fails (exit 2 or a crash).
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['dist/routelint.js', 'examples'], { stdio: 'inherit' });
if (r.status === 0 || r.status === 1) process.exit(0);
console.error(`routelint exited with ${r.status ?? r.signal}`);
process.exit(r.status ?? 1);
