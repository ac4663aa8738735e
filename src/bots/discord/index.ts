/** Logs the Discord client in, registers the slash commands, and hands back a way to stop. */
import { Events, type Client } from 'discord.js';
import type { Running } from '../running.js';
import { createDiscordClient, type DiscordDeps } from './bot.js';
import { registerCommands } from './commands.js';
import { DiscordSender } from './sender.js';

export async function startDiscord(deps: DiscordDeps): Promise<Running & { client: Client; sender: DiscordSender }> {
  const client = createDiscordClient(deps);
  const log = deps.logger.child({ platform: 'discord' });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(deps.token);
  const c = await ready;
  try {
    await registerCommands(c, deps.guildId, log);
  } catch (err) {
    log.error({ err }, 'discord: command registration failed; existing commands keep working');
  }
  log.info({ user: c.user.tag }, 'discord: connected');
  return { client, sender: new DiscordSender(client, deps.renderer, log), state: () => (client.isReady() ? 'running' : 'disconnected'), stop: () => client.destroy() };
}
