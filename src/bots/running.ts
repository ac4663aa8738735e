/** A started adapter: stop() ends it gracefully (no new updates, in-flight work finished). */
export interface Running {
  stop(): Promise<void>;
}
