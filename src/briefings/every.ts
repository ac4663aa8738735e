/** A pass run now and then every `everyMs`, whose failures are logged once when they start and once when they end. */
import type { Logger } from 'pino';

export function every(pass: () => Promise<void>, o: { everyMs: number; logger: Logger; what: string }): { stop(): void } {
  let failing = false;
  const run = () =>
    void pass().then(
      () => {
        if (failing) o.logger.info(`${o.what}: passes work again`);
        failing = false;
      },
      (err) => {
        if (!failing) o.logger.error({ err }, `${o.what}: pass failed; retrying every tick`);
        failing = true;
      },
    );
  run();
  const timer = setInterval(run, o.everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
