/** A mistake in how carrybot was invoked (exit code 2, with the usage text). */
export class UsageError extends Error {
  override name = 'UsageError';
}
