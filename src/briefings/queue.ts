/**
 * Briefing fan-out across processes, on BullMQ over the shared Redis. One queue per platform; a
 * job id per (chat, local date), so however many schedulers enqueue, a day's briefing is one job.
 * Workers in any number of processes share the queue's limiter — one rate limit per platform. Failed
 * attempts retry with backoff; a crashed worker's jobs stall and are taken over by another worker.
 * Each job runs the same BriefingDelivery as the single-process broadcaster.
 */
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Fanout } from './broadcaster.js';
import type { BriefingDelivery, Job } from './delivery.js';
import { platformOf, type PlatformName } from './store.js';

export interface QueueOptions {
  redisUrl: string;
  /** Key prefix in Redis (one per deployment; tests use their own). */
  prefix?: string;
}

const queueName = (platform: PlatformName) => `briefings-${platform}`;
/** BullMQ keeps ':' for its own keys. */
const jobIdOf = (key: string) => key.replaceAll(':', '_');
const ATTEMPTS = 5;

function connection(url: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export class QueuedFanout implements Fanout {
  private readonly queues = new Map<PlatformName, Queue>();
  private readonly redis: Redis;

  constructor(o: QueueOptions & { platforms: readonly PlatformName[]; logger: Logger }) {
    this.redis = connection(o.redisUrl);
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
  concurrency?: number;
  /** How long a job stays locked to a worker that stops renewing it (a crash), before another takes it. */
  lockMs?: number;
  logger: Logger;
}

export function startWorkers(o: WorkerOptions): { close(): Promise<void>; workers: Worker[] } {
  const redis = connection(o.redisUrl);
  const workers = (Object.entries(o.perSecond) as Array<[PlatformName, number]>).map(([platform, perSecond]) => {
    const worker = new Worker<Job>(
      queueName(platform),
      async (job: BullJob<Job>) => (await o.delivery.attempt(job.data)).result,
      {
        connection: redis,
        prefix: o.prefix ?? 'carrybot',
        concurrency: o.concurrency ?? 8,
        // One job per 1000/rate ms: a fixed window of `rate` per second lets two windows' worth
        // through around a boundary, which a platform counting a sliding second answers with 429s.
        limiter: { max: 1, duration: Math.ceil(1000 / perSecond) },
        ...(o.lockMs ? { lockDuration: o.lockMs, stalledInterval: o.lockMs } : {}),
      },
    );
    worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void o.delivery.giveUp(job.data, err);
      else o.logger.warn({ err, chat: job?.data.sub.chatId, attempt: job?.attemptsMade }, 'briefing: send failed, will retry');
    });
    worker.on('error', (err) => o.logger.error({ err }, 'briefing worker error'));
    return worker;
  });
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      redis.disconnect();
    },
  };
}
