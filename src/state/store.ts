/**
 * The state store: keyv on an SQLite file under DATA_DIR by default, Redis when REDIS_URL is set.
 * Errors are thrown, never swallowed: a store that cannot be read must stop start-up, not
 * silently come back empty.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface StateStore {
  /** A keyv for one kind of record (settings, subscriptions, deliveries …). */
  keyv<T>(namespace: string): Keyv<T>;
  /** Where the data lives, for logs (never contains credentials). */
  describe(): string;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
}

export async function openStore(o: StoreOptions): Promise<StateStore> {
  const dir = resolve(o.dataDir);
  const file = join(dir, 'carrybot.sqlite');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StoreError(`state: cannot create DATA_DIR ${dir}: ${(err as Error).message}`);
  }
  // One adapter per namespace: a shared adapter's iterator follows whichever namespace was set last.
  const adapters: KeyvSqlite[] = [];
  const opened = new Map<string, Keyv<unknown>>();
  const keyv = <T>(namespace: string): Keyv<T> => {
    let k = opened.get(namespace);
    if (!k) {
      const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: 'carrybot', busyTimeout: 10_000 });
      adapters.push(adapter);
      k = new Keyv<unknown>({ store: adapter, namespace, throwOnErrors: true, useKeyPrefix: true });
      opened.set(namespace, k);
    }
    return k as Keyv<T>;
  };
  const closeAll = () => Promise.all(adapters.map((a) => a.disconnect().catch(() => undefined)));
  // Probe: read and write once, so a corrupt or unreadable file fails here, at start-up.
  try {
    const probe = keyv<number>('meta');
    await probe.get('schema');
    await probe.set('schema', 1);
  } catch (err) {
    await closeAll();
    throw new StoreError(`state: cannot use ${file}: ${(err as Error).message}`);
  }
  return {
    keyv,
    describe: () => `sqlite ${file}`,
    close: async () => {
      await closeAll();
    },
  };
}
