// Config resolution for the CLI (and later the language server): the nearest .routelint.yaml
// walking up from a file, alone; its packs compiled with the shipped rules, once per config.
import picomatch from 'picomatch';
import { posix } from 'node:path';
import { CONFIG_NAMES, checkRuleIds, ConfigView, defaultConfig, parseConfig, type LoadedConfig } from '../config/config.js';
import { compileRules, type CompiledRules } from '../engine/compile.js';
import { loadPack, PackError, type LoadedPack, type PackSource } from '../engine/packs.js';
import type { CliFs } from './main.js';

export interface Resolved {
  view: ConfigView;
  rules: CompiledRules;
  /** The config's own packs as text, so a worker thread can compile the same rules. */
  userPacks: PackSource[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly resolved = new Map<string, Resolved>();
  private readonly explicit: LoadedConfig | null;

  constructor(
    private readonly fs: CliFs,
    private readonly builtinPacks: () => LoadedPack[],
    explicitPath: string | null,
  ) {
    this.explicit = explicitPath ? this.read(explicitPath) : null;
  }

  private read(abs: string): LoadedConfig {
    let text: string;
    try {
      text = decoder.decode(this.fs.readFile(abs));
    } catch (e) {
      throw new PackError(abs, 1, 1, '', `cannot read the config: ${(e as Error).message}`);
    }
    return parseConfig(abs, posix.dirname(abs), text);
  }

  /** The config that applies to a file: --config, else the nearest one above it, else defaults. */
  configFor(absFile: string): LoadedConfig {
    if (this.explicit) return this.explicit;
    return this.nearest(posix.dirname(absFile));
  }

  private nearest(dir: string): LoadedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    let found: LoadedConfig | null = null;
    for (const name of CONFIG_NAMES) {
      const p = posix.join(dir, name);
      if (this.fs.stat(p)?.isFile()) {
        found = this.read(p);
        break;
      }
    }
    if (!found) {
      const parent = posix.dirname(dir);
      found = parent === dir ? defaultConfig(dir) : this.nearest(parent);
    }
    this.byDir.set(dir, found);
    return found;
  }

  /** The config view and compiled rules for a file. Throws PackError for config or pack problems. */
  resolve(absFile: string): Resolved {
    const config = this.configFor(absFile);
    const key = config.path ?? `default:${config.dir}`;
    let r = this.resolved.get(key);
    if (r) return r;
    const userPacks: PackSource[] = [];
    const own = this.packFiles(config, userPacks);
    const packs = [...this.builtinPacks(), ...own];
    const options = { languages: config.spec.languages };
    // Compiled where first asked for (linting on worker threads, the CLI's own thread never is), unless
    // the config adds packs: their problems are reported before any file is linted.
    let rules: CompiledRules | null = own.length ? compileRules(packs, options) : null;
    checkRuleIds(config, new Set([...packs.flatMap((p) => (p.spec.rules ?? []).map((x) => x.id)), 'config-error']));
    r = {
      view: new ConfigView(config),
      get rules(): CompiledRules {
        return (rules ??= compileRules(packs, options));
      },
      userPacks,
    };
    this.resolved.set(key, r);
    return r;
  }

  private packFiles(config: LoadedConfig, sources: PackSource[]): LoadedPack[] {
    const out: LoadedPack[] = [];
    (config.spec.packs ?? []).forEach((pattern, i) => {
      const scan = picomatch.scan(pattern);
      const files: string[] = [];
      if (!scan.isGlob) {
        const abs = posix.resolve(config.dir, pattern);
        if (this.fs.stat(abs)?.isFile()) files.push(abs);
      } else {
        const base = posix.resolve(config.dir, scan.base || '.');
        const isMatch = picomatch(posix.join(config.dir, pattern), { dot: true });
        this.walk(base, (p) => isMatch(p) && files.push(p));
      }
      if (files.length === 0) {
        const pos = config.locate(['packs', i]);
        throw new PackError(config.path ?? '.routelint.yaml', pos.line, pos.column, `packs[${i}]`, `no rule pack matches "${pattern}"`);
      }
      for (const f of files.sort()) {
        let text: string;
        try {
          text = decoder.decode(this.fs.readFile(f));
        } catch (e) {
          throw new PackError(f, 1, 1, '', `cannot read the rule pack: ${(e as Error).message}`);
        }
        sources.push({ path: f, text });
        out.push(loadPack({ path: f, text }));
      }
    });
    return out;
  }

  private walk(dir: string, visit: (abs: string) => void): void {
    let names: string[];
    try {
      names = this.fs.readdir(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const abs = posix.join(dir, name);
      const st = this.fs.stat(abs);
      if (st?.isDirectory()) {
        if (name !== '.git' && name !== 'node_modules') this.walk(abs, visit);
      } else if (st?.isFile()) visit(abs);
    }
  }
}
