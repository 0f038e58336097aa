import type { JsonObject } from '@backstage/types';
import { appConfigFor, Sandbox } from '@ecr-access/sandbox';
import { parse } from 'yaml';
import type { SideJob } from './types';

/**
 * The sandbox's app-config (Kubernetes cluster locator, `aws.accounts`, `ecrAccess.clusters`),
 * with the clusters as the benchmark has always configured them: no OIDC issuer (the audit asks
 * eks:DescribeCluster, once per cluster) and no node roles.
 */
export function sandboxConfig(sandbox: Sandbox): JsonObject {
  const config = parse(appConfigFor(sandbox, { oidcIssuer: false }));
  config.ecrAccess.clusters = config.ecrAccess.clusters.map(
    (c: JsonObject) => ({
      name: c.name,
      accountId: c.accountId,
      region: c.region,
      imagePullAuth: c.imagePullAuth,
    }),
  );
  return config;
}

/** A schedule whose tasks run once, at start-up, and not again within the benchmark. */
const ONCE_AT_START = {
  frequency: { hours: 24 },
  timeout: { hours: 2 },
  initialDelay: { seconds: 0 },
};

/** A schedule whose tasks do not run within the benchmark. */
const NEVER_WITHIN = { ...ONCE_AT_START, initialDelay: { hours: 24 } };

/**
 * The plugin's configuration over the sandbox's: whether the scheduled audit runs at start-up,
 * whether the Kubernetes client paces itself (the default: 20 requests/s per cluster), and
 * which of the clusters it audits (all by default).
 */
export function pluginConfig(
  config: JsonObject,
  options: { audit: 'at-start' | 'never'; unpaced?: boolean; only?: string[] },
): JsonObject {
  const ecrAccess = config.ecrAccess as JsonObject;
  const clusters = ecrAccess.clusters as JsonObject[];
  return {
    ...config,
    ecrAccess: {
      ...ecrAccess,
      clusters: options.only
        ? clusters.filter(c => options.only!.includes(c.name as string))
        : clusters,
      schedule: options.audit === 'at-start' ? ONCE_AT_START : NEVER_WITHIN,
      ...(options.unpaced
        ? {
            kubernetes: { requestsPerSecond: 1_000_000 },
            // The baseline presses refresh for every entity: the route's rate limits (made
            // for people and scripts, 10 a minute per caller) would turn it into 429s.
            refresh: { perCallerPerMinute: 1_000_000, perMinute: 1_000_000 },
          }
        : {}),
    },
  };
}

/**
 * What each side's plugin runs with. Ours: the scheduled audit of every cluster at start-up,
 * the Kubernetes client at its defaults. The baseline: no scheduled audit (it refreshes entity
 * by entity) and no client-side pacing, as the stock Kubernetes backend does not pace its
 * requests (the API servers' rate limits still apply).
 */
export function sideAppConfig(job: SideJob): JsonObject {
  return job.side === 'ours'
    ? pluginConfig(job.config, { audit: 'at-start' })
    : pluginConfig(job.config, { audit: 'never', unpaced: true });
}
