import type { JsonObject } from '@backstage/types';
import { appConfigFor, Sandbox, SandboxCluster } from '@ecr-access/sandbox';
import { parse } from 'yaml';

/** The app-config a backend or an action needs to reach a running sandbox. */
export interface SandboxAppConfig extends JsonObject {
  kubernetes: {
    clusterLocatorMethods: Array<{ type: string; clusters: JsonObject[] }>;
  } & JsonObject;
  aws: { accounts: JsonObject[] };
  ecrAccess: { clusters: JsonObject[] } & JsonObject;
}

/** What a test changes in {@link sandboxAppConfig}'s answer, instead of building its own. */
export interface SandboxAppConfigOptions {
  /** Write each cluster's OIDC issuer (off by default: see {@link sandboxAppConfig}). */
  oidcIssuer?: boolean;
  /** The secret key of every `aws.accounts` entry; the sandbox accepts any. */
  secretAccessKey?: string;
  /** Merged into `ecrAccess` (its `clusters` aside): a schedule, `kubernetes` options. */
  ecrAccess?: JsonObject;
  /**
   * Merged into each cluster's `ecrAccess.clusters` entry: facts a test states differently
   * from the scenario (a Fargate profile the scenario does not declare, no node role).
   */
  clusterFacts?: (cluster: SandboxCluster) => JsonObject;
  /** Each cluster's API server URL, when a test puts a front (a paging proxy) before one. */
  clusterUrl?: (cluster: SandboxCluster) => string;
}

/**
 * The sandbox's app-config (`appConfigFor`, the one builder the demo uses too) as an object a
 * test can spread and extend. Unlike the demo's, the clusters carry no OIDC issuer unless
 * asked: the plugins then read it with eks:DescribeCluster, which tests (and their faults)
 * go through.
 */
export function sandboxAppConfig(
  sandbox: Sandbox,
  options: SandboxAppConfigOptions = {},
): SandboxAppConfig {
  const { ecrAccess, clusterFacts, clusterUrl, ...written } = options;
  const config = parse(
    appConfigFor(sandbox, { oidcIssuer: false, ...written }),
  ) as SandboxAppConfig;
  const clusterNamed = (entry: JsonObject) =>
    sandbox.clusters.find(c => c.name === entry.name)!;
  if (clusterUrl) {
    for (const locator of config.kubernetes.clusterLocatorMethods) {
      locator.clusters = locator.clusters.map(entry => ({
        ...entry,
        url: clusterUrl(clusterNamed(entry)),
      }));
    }
  }
  return {
    ...config,
    ecrAccess: {
      ...config.ecrAccess,
      ...ecrAccess,
      clusters: config.ecrAccess.clusters.map(entry => ({
        ...entry,
        ...clusterFacts?.(clusterNamed(entry)),
      })),
    },
  };
}
