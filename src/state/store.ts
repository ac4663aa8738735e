/**
 * The state store: keyv on an SQLite file under DATA_DIR by default, Redis when REDIS_URL is set.
 * Errors are thrown, never swallowed: a store that cannot be read must stop start-up, not
 * silently come back empty.
 *
 * Redis outages: the client reconnects for ever (capped backoff) and, while it is away, every
 * call fails at once instead of queueing until Redis returns — callers decide what to fall back
 * to (state/fallback.ts). The outage is logged once when it starts and once when it ends.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type KeyvRedisAdapter from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import type { Logger } from 'pino';

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
  /** When set, state lives in Redis instead of the SQLite file. */
  redisUrl?: string;
  /** Key prefix in Redis, so several deployments (or tests) can share one server. */
  prefix?: string;
  /** Told once when Redis goes away and once when it is back. */
  logger?: Logger;
}

/**
 * Rows per query when listing a namespace in SQLite (@keyv/sqlite's default is 10: its pages use
 * OFFSET and recurse once per page, so listing 10,000 subscriptions took ≈ 1.9 s before the first
 * briefing of a morning could go; with pages of 1,000, 0.11 s).
 */
const ITERATION_PAGE = 1000;

/**
 * @keyv/redis lists a namespace with SCAN at Redis' default of 10 keys per call over the whole
 * keyspace (queues and delivery records included): 1,000 subscriptions among 25,000 keys took
 * 450 ms. The same listing, SCAN asking for ITERATION_PAGE keys per call, one MGET per page.
 */
function pageIterator(adapter: KeyvRedisAdapter<unknown>): KeyvRedisAdapter<unknown>['iterator'] {
  return async function* (namespace?: string) {
    const match = namespace ? `${namespace}${adapter.keyPrefixSeparator}*` : '*';
    for (const client of await adapter.getMasterNodes()) {
      let cursor = '0';
      do {
        const page = await client.scan(cursor, { MATCH: match, TYPE: 'string', COUNT: ITERATION_PAGE });
        cursor = page.cursor.toString();
        const keys = namespace || adapter.noNamespaceAffectsAll ? page.keys : page.keys.filter((k: string) => !k.includes(adapter.keyPrefixSeparator));
        if (keys.length === 0) continue;
        const values = await client.mGet(keys);
        for (const [i, key] of keys.entries()) yield [adapter.getKeyWithoutPrefix(key, namespace), values[i] ?? undefined];
      } while (cursor !== '0');
    }
  } as KeyvRedisAdapter<unknown>['iterator'];
}

/**
 * @keyv/redis connects on an adapter's first call, and a second call made meanwhile finds the client
 * open but not ready, which with no offline queue fails at once ("The client is offline"): a burst
 * of commands just after start lost all but one of its reads and writes. Calls made while the first
 * connection opens now wait for it; once connected, a dropped connection still fails calls at once.
 */
function connectOnce(adapter: KeyvRedisAdapter<unknown>): KeyvRedisAdapter<unknown>['getClient'] {
  const connect = adapter.getClient.bind(adapter);
  let first: ReturnType<typeof connect> | null = null;
  let connected = false;
  return () => {
    if (connected) return connect();
    first ??= connect().then(
      (client) => ((connected = true), client),
      (err: unknown) => {
        first = null;
        throw err;
      },
    );
    return first;
  };
}

/** Redis reconnect delays: 100 ms doubling to 2 s, then every 2 s for as long as it takes. */
export const reconnectDelay = (attempt: number): number => Math.min(100 * 2 ** Math.min(attempt, 5), 2000);

/** redis://user:secret@host:6379/0 → redis://host:6379/0, for logs and errors. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return 'redis://(unparseable url)';
  }
}

/** Opens the store and proves it can be read and written before anything relies on it. */
async function opened(adapters: KeyvStoreAdapter[], keyv: StateStore['keyv'], where: string): Promise<StateStore> {
  const closeAll = () => Promise.all(adapters.map((a) => a.disconnect?.().catch(() => undefined)));
  try {
    const probe = keyv<number>('meta');
    await probe.get('schema');
    await probe.set('schema', 1);
  } catch (err) {
    await closeAll();
    throw new StoreError(`state: cannot use ${where}: ${(err as Error).message}`);
  }
  return { keyv, describe: () => where, close: async () => void (await closeAll()) };
}

function namespaced(make: () => KeyvStoreAdapter, adapters: KeyvStoreAdapter[], o: { useKeyPrefix: boolean; prefix?: string }): StateStore['keyv'] {
  // One adapter per namespace: a shared adapter's iterator follows whichever namespace was set last.
  const open = new Map<string, Keyv<unknown>>();
  return <T>(namespace: string): Keyv<T> => {
    let k = open.get(namespace);
    if (!k) {
      const adapter = make();
      adapters.push(adapter);
      // Keyv hands its namespace to the adapter, so the deployment prefix goes here.
      k = new Keyv<unknown>({ store: adapter, namespace: o.prefix ? `${o.prefix}:${namespace}` : namespace, throwOnErrors: true, useKeyPrefix: o.useKeyPrefix });
      k.on('error', () => undefined); // thrown to the caller (throwOnErrors); the store logs outages
      open.set(namespace, k);
    }
    return k as Keyv<T>;
  };
}

export async function openStore(o: StoreOptions): Promise<StateStore> {
  const adapters: KeyvStoreAdapter[] = [];
  if (o.redisUrl) {
    const { default: KeyvRedis } = await import('@keyv/redis'); // loaded only when Redis is configured
    const url = o.redisUrl;
    const prefix = o.prefix ?? 'carrybot';
    let down = false;
    const outage = (err: unknown) => {
      if (down) return;
      down = true;
      o.logger?.warn({ err, store: safeUrl(url) }, 'state: Redis unreachable; reconnecting (commands answer from what this process knows)');
    };
    const back = () => {
      if (!down) return;
      down = false;
      o.logger?.info({ store: safeUrl(url) }, 'state: Redis is back');
    };
    const make = () => {
      // Fail fast while disconnected (no offline queue), reconnect for ever.
      const adapter = new KeyvRedis(
        { url, disableOfflineQueue: true, socket: { connectTimeout: 5000, reconnectStrategy: reconnectDelay } },
        { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 5000 },
      );
      adapter.iterator = pageIterator(adapter);
      adapter.getClient = connectOnce(adapter);
      adapter.on('error', outage);
      adapter.client.on('error', outage);
      adapter.client.on('ready', back);
      return adapter as unknown as KeyvStoreAdapter;
    };
    const keyv = namespaced(make, adapters, { useKeyPrefix: false, prefix });
    return opened(adapters, keyv, `redis ${safeUrl(url)}`);
  }
  const dir = resolve(o.dataDir);
  const file = join(dir, 'carrybot.sqlite');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StoreError(`state: cannot create DATA_DIR ${dir}: ${(err as Error).message}`);
  }
  const keyv = namespaced(() => new KeyvSqlite({ uri: `sqlite://${file}`, table: 'carrybot', busyTimeout: 10_000, iterationLimit: ITERATION_PAGE }) as unknown as KeyvStoreAdapter, adapters, { useKeyPrefix: true });
  return opened(adapters, keyv, `sqlite ${file}`);
}
