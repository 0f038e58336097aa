import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { KubernetesClientOptions } from './kubernetesClient';

/**
 * Default bound on one Kubernetes request. A LIST of a few thousand objects answers in well
 * under a second on a healthy API server; ten seconds leaves room for a busy one while an
 * unreachable cluster still costs one bounded wait, not the OS's minutes-long TCP timeout.
 */
export const DEFAULT_KUBERNETES_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_KUBERNETES_REQUESTS_PER_SECOND = 20;

/**
 * Reads `ecrAccess.kubernetes` (request timeout and rate, and whether pull secrets are read for
 * their hosts) over the defaults.
 */
export function readKubernetesClientOptions(
  config: Config,
): Required<KubernetesClientOptions> {
  const timeoutKey = 'ecrAccess.kubernetes.requestTimeout';
  const rateKey = 'ecrAccess.kubernetes.requestsPerSecond';
  const hostsKey = 'ecrAccess.kubernetes.readPullSecretHosts';
  const timeoutMs = config.has(timeoutKey)
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: timeoutKey }),
      )
    : DEFAULT_KUBERNETES_REQUEST_TIMEOUT_MS;
  const requestsPerSecond =
    config.getOptionalNumber(rateKey) ?? DEFAULT_KUBERNETES_REQUESTS_PER_SECOND;
  if (!(timeoutMs > 0)) {
    throw new Error(
      `Invalid config at '${timeoutKey}': must be a positive duration`,
    );
  }
  if (!(requestsPerSecond > 0)) {
    throw new Error(
      `Invalid config at '${rateKey}': must be a positive number`,
    );
  }
  // getOptionalBoolean throws with the key's name on a value that is not a boolean.
  const readPullSecretHosts = config.getOptionalBoolean(hostsKey) ?? false;
  return { timeoutMs, requestsPerSecond, readPullSecretHosts };
}
