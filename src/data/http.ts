/**
 * Polite HTTP for data sources: per-publisher request caps and pauses, retries with exponential
 * backoff on 5xx, timeouts and network errors (never on 4xx), and conditional requests
 * (If-None-Match / If-Modified-Since from the validators of the last good answer).
 */
import type { PublisherId, Publishers } from './schema.js';

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
  }
}

export class RequestCapError extends Error {}

/** URLs in errors and logs without the API key. */
export const redact = (url: string): string => url.replace(/api_key=[^&]+/, 'api_key=[redacted]');

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type Fetched = { notModified: true; validators: Validators } | { notModified: false; text: string; validators: Validators };

export interface HttpOptions {
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Overrides every publisher's pause (tests: 0). */
  pauseMs?: number;
  userAgent?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PoliteHttp {
  private readonly used = new Map<PublisherId, number>();
  private readonly lastAt = new Map<PublisherId, number>();
  /** One answer per URL per refresh: the Treasury file serves both the 10y and the 2y. */
  private readonly memo = new Map<string, Promise<Fetched>>();
  /** Publishers that could not be reached at all (refused, no DNS, no route): not asked again this refresh. */
  private readonly down = new Map<PublisherId, Error>();

  constructor(
    private readonly publishers: Publishers,
    private readonly o: HttpOptions = {},
  ) {}

  requests(publisher: PublisherId): number {
    return this.used.get(publisher) ?? 0;
  }

  get(publisher: PublisherId, url: string, validators: Validators | undefined): Promise<Fetched> {
    let hit = this.memo.get(url);
    if (!hit) {
      hit = this.fetch(publisher, url, validators);
      this.memo.set(url, hit);
    }
    return hit;
  }

  private async fetch(publisher: PublisherId, url: string, validators: Validators | undefined): Promise<Fetched> {
    const p = this.publishers[publisher];
    const unreachable = this.down.get(publisher);
    if (unreachable) throw unreachable;
    let attempts = (this.o.retries ?? 2) + 1;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const n = this.requests(publisher);
      if (p && n >= p.maxRequestsPerRun) throw new RequestCapError(`${p.name}: request cap reached (${p.maxRequestsPerRun} per refresh)`);
      const pause = this.o.pauseMs ?? p?.pauseMs ?? 0;
      const since = Date.now() - (this.lastAt.get(publisher) ?? 0);
      if (n > 0 && since < pause) await sleep(pause - since);
      this.used.set(publisher, n + 1);
      this.lastAt.set(publisher, Date.now());
      try {
        const headers: Record<string, string> = { 'user-agent': this.o.userAgent ?? 'carrybot (+data refresh)', accept: 'text/csv, application/json;q=0.9, */*;q=0.5' };
        if (validators?.etag) headers['if-none-match'] = validators.etag;
        if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
        const res = await fetch(url, { signal: AbortSignal.timeout(this.o.timeoutMs ?? 20_000), headers });
        const got: Validators = {
          ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}),
          ...(res.headers.get('last-modified') ? { lastModified: res.headers.get('last-modified')! } : {}),
        };
        if (res.status === 304) {
          await res.body?.cancel();
          return { notModified: true, validators: validators ?? got };
        }
        if (!res.ok) {
          await res.body?.cancel();
          throw new HttpStatusError(res.status, redact(url));
        }
        return { notModified: false, text: await res.text(), validators: got };
      } catch (err) {
        last = err;
        // 4xx will not get better by asking again; 5xx, timeouts and network errors might.
        if (err instanceof HttpStatusError && err.status < 500) break;
        if (err instanceof RequestCapError) break;
        // No connection at all: one more try, then the publisher counts as unreachable for this refresh.
        if (networkDown(err)) attempts = Math.min(attempts, 2);
        if (attempt < attempts) await sleep((this.o.backoffMs ?? 1000) * 2 ** (attempt - 1));
      }
    }
    const error = describe(last, url);
    if (networkDown(last)) this.down.set(publisher, error);
    throw error;
  }
}

const DOWN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
function networkDown(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  return code !== undefined && DOWN.has(code);
}

function describe(err: unknown, url: string): Error {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e instanceof HttpStatusError || e instanceof RequestCapError) return e;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new Error(`timed out fetching ${redact(url)}`);
  const cause = e?.cause?.code ?? e?.cause?.message;
  return new Error(redact(`${e?.message ?? String(e)}${cause ? ` (${cause})` : ''} fetching ${url}`));
}
