import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  test('GIVEN nothing THEN the defaults', () => {
    expect(loadConfig({})).toMatchObject({ DATA_DIR: './var', PORT: 8080, LOG_LEVEL: 'info', TELEGRAM_BROADCAST_PER_SECOND: 29, BRIEFING_GRACE_MINUTES: 120, DATA_REFRESH: 'on' });
  });

  test('GIVEN empty variables THEN they count as unset', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '', HEALTH_PORT: '', REDIS_URL: '' })).toMatchObject({ TELEGRAM_BOT_TOKEN: undefined, HEALTH_PORT: undefined, REDIS_URL: undefined });
  });

  test.each([
    [{ TELEGRAM_WEBHOOK_URL: 'https://x.example/hook' }, 'TELEGRAM_WEBHOOK_SECRET: set both TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET'],
    [{ TELEGRAM_WEBHOOK_URL: 'https://x.example/hook', TELEGRAM_WEBHOOK_SECRET: 'has spaces!' }, 'TELEGRAM_WEBHOOK_SECRET: letters, digits, _ and - only'],
    [{ TELEGRAM_BROADCAST_PER_SECOND: '45' }, 'TELEGRAM_BROADCAST_PER_SECOND'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
  ])('GIVEN %j THEN a clear start-up error naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
