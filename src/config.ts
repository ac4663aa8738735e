/** Process configuration from the environment, validated once at start-up. */
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const schema = z.object({
  DATA_DIR: z.string().trim().min(1).default('./var'),
  DISCORD_TOKEN: optionalText,
  TELEGRAM_BOT_TOKEN: optionalText,
  CARRYBOT_LANG: z.enum(['en', 'zh']).optional(),
  CARRYBOT_PRESET: z.enum(['observed', 'article']).optional(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
