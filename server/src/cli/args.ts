// Command-line arguments (PRODUCT.md "CLI"). Unknown options and bad values are usage errors.

export type Format = 'stylish' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif', 'github'];

export interface Args {
  paths: string[];
  format: Format;
  fix: boolean;
  config: string | null;
  maxWarnings: number | null;
  quiet: boolean;
  outputFile: string | null;
  stdin: boolean;
  stdinFilename: string | null;
  help: boolean;
  version: boolean;
  /** `routelint lsp --stdio` */
  lsp: boolean;
}

export class UsageError extends Error {}

export const HELP = `routelint [PATH|GLOB ...]           lint files and folders (default: .)
  --format stylish|json|sarif|github   default stylish (coloured on a TTY unless NO_COLOR is set)
  --fix                              apply each finding's preferred fix, in place
  --config FILE                      use this config instead of the nearest .routelint.yaml
  --max-warnings N                   exit 1 when warnings exceed N
  --quiet                            report errors only
  --output-file FILE                 write the report there instead of stdout
  --stdin --stdin-filename NAME      lint standard input as if it were NAME (with --fix: print the fixed text)
  --help, --version
routelint lsp --stdio                run the language server on stdio

Exit codes: 0 clean (or only warnings within --max-warnings), 1 errors (or too many warnings),
2 usage, config or rule-pack error.
`;

export function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    paths: [],
    format: 'stylish',
    fix: false,
    config: null,
    maxWarnings: null,
    quiet: false,
    outputFile: null,
    stdin: false,
    stdinFilename: null,
    help: false,
    version: false,
    lsp: false,
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (i === 0 && arg === 'lsp') {
        a.lsp = true;
        continue;
      }
      a.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}" (expected ${FORMATS.join(', ')})`);
        a.format = v as Format;
        break;
      }
      case '--fix':
        noValue();
        a.fix = true;
        break;
      case '--config':
      case '-c':
        a.config = value();
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings takes a whole number, not "${v}"`);
        a.maxWarnings = Number(v);
        break;
      }
      case '--quiet':
        noValue();
        a.quiet = true;
        break;
      case '--output-file':
      case '-o':
        a.outputFile = value();
        break;
      case '--stdin':
        noValue();
        a.stdin = true;
        break;
      case '--stdin-filename':
        a.stdinFilename = value();
        break;
      case '--stdio':
        if (!a.lsp) throw new UsageError('--stdio goes with "routelint lsp"');
        break;
      case '--help':
      case '-h':
        a.help = true;
        break;
      case '--version':
      case '-v':
        a.version = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (a.stdinFilename !== null && !a.stdin) throw new UsageError('--stdin-filename goes with --stdin');
  if (a.stdin && a.paths.length) throw new UsageError('--stdin lints standard input: give no paths with it');
  if (a.stdin && a.fix && a.outputFile) throw new UsageError('--stdin --fix prints the fixed text on stdout: --output-file does not apply');
  return a;
}
