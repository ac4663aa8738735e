/**
 * An expected, user-caused failure. The code *is* the translation key in locales/<lng>/errors.json
 * and params are its interpolation values, so every user-facing failure is localizable by construction.
 */
import type en from '../../locales/en/errors.json';

export type ErrorCode = keyof typeof en;

export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}
