import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

const KEY = 'ecrAccess.auditConcurrency';

/**
 * `ecrAccess.auditConcurrency`: how many cluster audits one instance runs at once (undefined:
 * the scheduler's default). Read at start-up, so that a bad value stops it with the key.
 */
export function readClusterConcurrency(config: Config): number | undefined {
  const value = config.getOptionalNumber(KEY);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new InputError(
      `Invalid config at '${KEY}': must be a whole number of at least 1, got ${value}`,
    );
  }
  return value;
}
