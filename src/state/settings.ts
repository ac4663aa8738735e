/** Per-chat settings in the state store. */
import type { ChatSettings, SettingsStore } from '../commands/types.js';
import type { StateStore } from './store.js';

export class KeyvSettings implements SettingsStore {
  private readonly kv;
  constructor(store: StateStore) {
    this.kv = store.keyv<ChatSettings>('settings');
  }
  async get(chatId: string): Promise<ChatSettings> {
    return { ...((await this.kv.get(chatId)) ?? {}) };
  }
  async set(chatId: string, patch: ChatSettings): Promise<ChatSettings> {
    const next = { ...(await this.get(chatId)), ...patch };
    await this.kv.set(chatId, next);
    return next;
  }
}
