/**
 * Briefing fan-out across processes, on BullMQ over the shared Redis. One queue per platform; a
 * job id per (chat, local date), so however many schedulers enqueue, a day's briefing is one job.
 * Workers in any number of processes share sliding windows in Redis (pacing.ts): one platform-wide
 * limit, one per chat and per group, checked just before each send. Failed attempts retry with
 * backoff; a crashed worker's jobs stall and are taken over by another worker. Each job runs the
 * same BriefingDelivery as the single-process broadcaster.
 *
 * Redis going away: ioredis reconnects by itself (every connection here retries for ever with a
 * capped backoff), BullMQ resumes fetching jobs, and the connection errors are logged once per
 * outage, not once per retry.
 */
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Fanout } from './broadcaster.js';
import type { BriefingDelivery, Job } from './delivery.js';
import { Pacer, RedisWindows, rulesFor } from './pacing.js';
import { platformOf, targetOf, type PlatformName } from './store.js';

export interface QueueOptions {
  redisUrl: string;
  /** Key prefix in Redis (one per deployment; tests use their own). */
  prefix?: string;
}

const queueName = (platform: PlatformName) => `briefings-${platform}`;
/** BullMQ keeps ':' for its own keys. */
const jobIdOf = (key: string) => key.replaceAll(':', '_');
const ATTEMPTS = 5;

const retryStrategy = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000);

/** Logs a connection's outage once when it starts and once when it ends. */
export function watchOutage(redis: Redis, logger: Logger, what: string): void {
  let down = false;
  redis.on('error', (err) => {
    if (down) return;
    down = true;
    logger.warn({ err, what }, 'redis: connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ what }, 'redis: reconnected');
  });
}

function connection(url: string, logger: Logger, what: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, retryStrategy });
  watchOutage(redis, logger, what);
  return redis;
}

/** A connection whose commands fail at once while Redis is away (pacing falls back to local windows). */
function failFast(url: string, logger: Logger, what: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: false, retryStrategy });
  watchOutage(redis, logger, what);
  return redis;
}

/** Where the shared pacing windows live in Redis, for every process with this prefix. */
export const paceKeys = (prefix: string | undefined): string => `${prefix ?? 'carrybot'}:pace`;

/** A pacer whose windows are shared through Redis by every process with this prefix; `keys` is their key prefix. */
export function sharedPacer(o: QueueOptions & { logger: Logger }): { pacer: Pacer; keys: string; close(): void } {
  const redis = failFast(o.redisUrl, o.logger, 'pacing');
  const pacer = new Pacer(new RedisWindows(redis, o.logger));
  return {
    pacer,
    keys: paceKeys(o.prefix),
    close: () => {
      pacer.close();
      redis.disconnect();
    },
  };
}

export class QueuedFanout implements Fanout {
  private readonly queues = new Map<PlatformName, Queue>();
  private readonly redis: Redis;

  constructor(o: QueueOptions & { platforms: readonly PlatformName[]; logger: Logger }) {
    this.redis = connection(o.redisUrl, o.logger, 'queue');
    for (const p of o.platforms) this.queues.set(p, new Queue(queueName(p), { connection: this.redis, prefix: o.prefix ?? 'carrybot' }));
  }

  /** Nothing is held in this process; the job id makes re-adding harmless. */
  has(): boolean {
    return false;
  }

  async enqueue(job: Job): Promise<void> {
    const platform = platformOf(job.sub.chatId);
    const queue = platform ? this.queues.get(platform) : undefined;
    if (!queue) return;
    await queue.add('brief', job, {
      jobId: jobIdOf(job.key),
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 3 * 86_400 },
      removeOnFail: { age: 7 * 86_400 },
    });
  }

  /** Jobs not yet finished, per platform (for tests and the health report). */
  async outstanding(): Promise<number> {
    let n = 0;
    for (const q of this.queues.values()) n += Object.values(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')).reduce((a, b) => a + b, 0);
    return n;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.redis.disconnect();
  }
}

export interface WorkerOptions extends QueueOptions {
  delivery: BriefingDelivery;
  /** Messages per second for each platform, shared by every worker of the queue. */
  perSecond: Partial<Record<PlatformName, number>>;
  /** The pacer (default: windows in this Redis under `prefix`, shared by every worker). */
  pacer?: Pacer;
  concurrency?: number;
  /** How long a job stays locked to a worker that stops renewing it (a crash), before another takes it. */
  lockMs?: number;
  logger: Logger;
}

export function startWorkers(o: WorkerOptions): { close(): Promise<void>; workers: Worker[] } {
  const redis = connection(o.redisUrl, o.logger, 'workers');
  const shared = o.pacer ? null : sharedPacer({ redisUrl: o.redisUrl, prefix: o.prefix, logger: o.logger });
  const pacer = o.pacer ?? shared!.pacer;
  const prefix = paceKeys(o.prefix);
  const workers = (Object.entries(o.perSecond) as Array<[PlatformName, number]>).map(([platform, perSecond]) => {
    const worker = new Worker<Job>(
      queueName(platform),
      // The pace is taken just before the send (after the claim and the chart), so what the
      // platform sees is what the shared windows allowed — not when a job happened to start.
      async (job: BullJob<Job>) => (await o.delivery.attempt(job.data, () => pacer.take(rulesFor(platform, targetOf(job.data.sub.chatId), perSecond, prefix)))).result,
      {
        connection: redis,
        prefix: o.prefix ?? 'carrybot',
        concurrency: o.concurrency ?? 8,
        ...(o.lockMs ? { lockDuration: o.lockMs, stalledInterval: o.lockMs } : {}),
      },
    );
    worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void o.delivery.giveUp(job.data, err);
      else o.logger.warn({ err, chat: job?.data.sub.chatId, attempt: job?.attemptsMade }, 'briefing: send failed, will retry');
    });
    // Connection errors are logged by watchOutage, once per outage.
    worker.on('error', (err) => {
      if (!isConnectionError(err)) o.logger.error({ err }, 'briefing worker error');
    });
    return worker;
  });
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      shared?.close();
      redis.disconnect();
    },
  };
}

function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH/.test(e?.code ?? '') || /Connection is closed|connect ECONNREFUSED|Stream isn't writeable|ECONNRESET/i.test(e?.message ?? '');
}
