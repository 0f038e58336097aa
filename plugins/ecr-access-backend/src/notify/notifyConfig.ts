import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';
import { readDurationFromConfig } from '@backstage/config';

/** The severities a notification can have: those of the findings it reports. */
export const NOTIFY_SEVERITIES = ['error', 'warning'] as const;
export type NotifySeverity = (typeof NOTIFY_SEVERITIES)[number];

export interface NotifyOptions {
  /** `undefined`: not configured, on when the notifications plugin is installed here. */
  enabled: boolean | undefined;
  /** How long before a token expires its owners are told. */
  expiryWindowMs: number;
  severities: ReadonlySet<NotifySeverity>;
  frequency: HumanDuration;
}

const KEY = 'ecrAccess.notifications';
const DEFAULT_WINDOW: HumanDuration = { hours: 2 };
const DEFAULT_FREQUENCY: HumanDuration = { minutes: 1 };

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  if (!config.has(key)) return fallback;
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (error) {
    throw new InputError(
      `Invalid config at '${KEY}.${key}': ${
        (error as Error).message
      } (a duration such as { hours: 2 } or 'PT2H')`,
    );
  }
  if (durationToMilliseconds(duration) <= 0) {
    throw new InputError(
      `Invalid config at '${KEY}.${key}': the duration must be longer than zero`,
    );
  }
  return duration;
}

function readSeverities(config: Config): ReadonlySet<NotifySeverity> {
  const values = config.getOptionalStringArray('severities');
  if (!values) return new Set(NOTIFY_SEVERITIES);
  values.forEach((value, index) => {
    if (!(NOTIFY_SEVERITIES as readonly string[]).includes(value)) {
      throw new InputError(
        `Invalid config at '${KEY}.severities[${index}]': '${value}' is not one of ${NOTIFY_SEVERITIES.join(
          ', ',
        )}`,
      );
    }
  });
  return new Set(values as NotifySeverity[]);
}

/**
 * Reads `ecrAccess.notifications` at start-up, so that a mistake stops the backend with the
 * key to fix rather than silencing the notifications it was meant to configure.
 */
export function readNotifyOptions(root: Config): NotifyOptions {
  const config = root.getOptionalConfig(KEY);
  if (!config) {
    return {
      enabled: undefined,
      expiryWindowMs: durationToMilliseconds(DEFAULT_WINDOW),
      severities: new Set(NOTIFY_SEVERITIES),
      frequency: DEFAULT_FREQUENCY,
    };
  }
  return {
    enabled: config.getOptionalBoolean('enabled'),
    expiryWindowMs: durationToMilliseconds(
      readDuration(config, 'expiryWindow', DEFAULT_WINDOW),
    ),
    severities: readSeverities(config),
    frequency: readDuration(config, 'frequency', DEFAULT_FREQUENCY),
  };
}
