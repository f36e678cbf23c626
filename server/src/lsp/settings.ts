// Editor settings (VS Code `routelint.*`): they steer the editor only (whether and when to lint).
// Findings come from .routelint.yaml alone, exactly as in the CLI. One zod schema is the source of
// the extension's `contributes.configuration` (generated; a test fails on drift).
import { z } from 'zod';

export const SettingsSchema = z
  .object({
    enable: z.boolean().default(true).describe('Lint documents with routelint in this editor.'),
    run: z
      .enum(['onType', 'onSave'])
      .default('onType')
      .describe('Lint as you type (debounced) or only when a document is opened or saved.'),
    debounceMs: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .default(200)
      .describe('Milliseconds to wait after the last keystroke before linting.'),
    'trace.server': z
      .enum(['off', 'messages', 'verbose'])
      .default('off')
      .describe('Log the messages between VS Code and the routelint server in the routelint output channel.'),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** Read a client's settings section leniently: a bad value falls back to its default. */
export function readSettings(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    const v = (raw as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const r = (schema as z.ZodType).safeParse(v);
    if (r.success) out[key] = r.data;
  }
  return out as Settings;
}
