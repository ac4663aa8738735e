/** The Telegram command menu, generated from the registry in both languages. */
import type { Bot } from 'grammy';
import { formatter } from '../../commands/format.js';
import { commandNames } from '../../commands/names.js';
import { langs, localeOf } from '../../i18n/index.js';

/** The command menu in both languages: the default list in English, `zh` users see Chinese. */
export async function registerCommands(bot: Bot): Promise<void> {
  for (const lang of langs) {
    const t = formatter(lang).t;
    const commands = commandNames.map((name) => ({
      command: name,
      description: t(`commands:${name}.description` as 'commands:carry.description').slice(0, 256),
    }));
    // English is the default list; other languages register under their two-letter code (zh).
    await bot.api.setMyCommands(commands, lang === 'en' ? {} : { language_code: localeOf[lang].slice(0, 2) as 'zh' });
  }
}
