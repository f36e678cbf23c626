// The real file system behind the CliFs interface (the CLI's bin and the language server share it).
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { CliFs } from '../cli/main.js';

export const nodeFs: CliFs = {
  readFile: (p) => readFileSync(p),
  stat: (p) => {
    try {
      return statSync(p);
    } catch {
      return null;
    }
  },
  readdir: (p) => readdirSync(p),
  writeFile: (p, data) => writeFileSync(p, data),
  rename: (a, b) => renameSync(a, b),
  unlink: (p) => unlinkSync(p),
};
