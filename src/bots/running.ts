/** A started adapter: stop() ends it gracefully (no new updates, in-flight work finished). */
export interface Running {
  /** running | starting | stopped | disconnected, for the health endpoint. */
  state(): string;
  stop(): Promise<void>;
}
