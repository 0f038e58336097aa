import type { JsonObject } from '@backstage/types';
import { appConfigFor, Sandbox } from '@ecr-access/sandbox';
import { parse } from 'yaml';

/** The app-config a backend or an action needs to reach a running sandbox. */
export interface SandboxAppConfig extends JsonObject {
  kubernetes: {
    clusterLocatorMethods: Array<{ type: string; clusters: JsonObject[] }>;
  } & JsonObject;
  aws: { accounts: JsonObject[] };
  ecrAccess: { clusters: JsonObject[] } & JsonObject;
}

/**
 * The sandbox's app-config (`appConfigFor`, the one builder the demo uses too) as an object a
 * test can spread and extend. Unlike the demo's, the clusters carry no OIDC issuer unless
 * asked: the plugins then read it with eks:DescribeCluster, which tests (and their faults)
 * go through.
 */
export function sandboxAppConfig(
  sandbox: Sandbox,
  options: { oidcIssuer?: boolean; secretAccessKey?: string } = {},
): SandboxAppConfig {
  return parse(
    appConfigFor(sandbox, { oidcIssuer: false, ...options }),
  ) as SandboxAppConfig;
}
