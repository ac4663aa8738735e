import { IANAZone } from 'luxon';
import { presetNames } from '../../data/schema.js';
import { langs } from '../../i18n/index.js';
import { choiceArg, echo, normalizeToken, textArg, command } from '../args.js';
import { UserError } from '../errors.js';
import { inForce } from '../context.js';
import { formatter } from '../format.js';
import { themes, type ChatSettings, type CommandContext } from '../types.js';

export const settingKeys = ['lang', 'preset', 'tz', 'theme'] as const;
const example = '/settings lang zh';

/** Validates one setting's value; the error names the valid choices and an example. */
export function parseSetting(key: (typeof settingKeys)[number], raw: string, ctx: CommandContext): ChatSettings {
  const t = ctx.fmt.t;
  const value = normalizeToken(raw);
  const label = t(`commands:settings.key.${key}`);
  const choose = (values: readonly string[]) => {
    if (!values.includes(value)) throw new UserError('choice', { label, value: echo(raw), values: values.join(' | '), example: `/settings ${key} ${values[0]}` });
    return value;
  };
  switch (key) {
    case 'lang':
      return { lang: choose(langs) as ChatSettings['lang'] };
    case 'preset':
      return { preset: choose(presetNames) as ChatSettings['preset'] };
    case 'theme':
      return { theme: choose(themes) as ChatSettings['theme'] };
    case 'tz': {
      const zone = raw.trim();
      if (zone.length > 64 || !IANAZone.isValidZone(zone)) throw new UserError('zone', { value: echo(raw), example: '/settings tz Asia/Shanghai' });
      return { timezone: new IANAZone(zone).name };
    }
  }
}

export const settings = command({
  name: 'settings',
  args: [choiceArg({ name: 'key', values: settingKeys, example: 'lang' }), textArg({ name: 'value', example: 'zh' })],
  examples: ['', 'lang zh', 'preset article', 'tz Asia/Tokyo'],
  charted: false,
  admin: true,
  async run(args, ctx) {
    let fmt = ctx.fmt;
    const lines: string[] = [];
    let current = { lang: ctx.lang, preset: ctx.presetName, timezone: ctx.timezone, theme: ctx.theme };
    const key = args.key;
    if (key && args.value === undefined) {
      throw new UserError('choice', { label: fmt.t(`commands:settings.key.${key}`), value: '', values: '…', example });
    }
    if (key && typeof args.value === 'string') {
      const patch = parseSetting(key, args.value, ctx);
      const saved = await ctx.settings.set(ctx.chatId, patch);
      // One timezone per chat: a subscription follows the chat's zone.
      if (patch.timezone) await ctx.subscriptions?.setZone(ctx.chatId, patch.timezone);
      // What the next command will use: a new language also brings its default zone, unless one is set.
      const now = inForce(saved, { platform: ctx.platform, platformLocale: ctx.lang });
      current = { lang: now.lang, preset: now.preset, timezone: now.timezone, theme: now.theme };
      fmt = formatter(current.lang);
      const shown =
        key === 'lang' ? fmt.t('lang.name') : key === 'preset' ? fmt.t(`preset.${current.preset}`) : key === 'theme' ? fmt.t(`commands:settings.theme.${current.theme}`) : current.timezone;
      lines.push(fmt.t('commands:settings.saved', { key: fmt.t(`commands:settings.key.${key}`), value: shown }));
    }
    const t = fmt.t;
    lines.push(
      t('commands:settings.show', {
        lang: t('lang.name'),
        preset: t(`preset.${current.preset}`),
        tz: current.timezone,
        theme: t(`commands:settings.theme.${current.theme}`),
      }),
    );
    const sub = ctx.platform === 'console' ? undefined : await ctx.subscriptions?.get(ctx.chatId);
    if (ctx.subscriptions && ctx.platform !== 'console') {
      lines.push(sub ? t('commands:settings.briefing', { days: t(`commands:subscribe.days.${sub.days}`), time: sub.time, zone: sub.zone }) : t('commands:settings.noBriefing'));
    }
    if (!key) lines.push(t('commands:settings.hint'));
    return { lines, asOf: null, chart: null, figures: { ...current, briefing: sub ? { time: sub.time, zone: sub.zone, days: sub.days } : null }, lang: current.lang };
  },
});
