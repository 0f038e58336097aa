import { stringify } from 'yaml';
import { fargateProfilesOf, roleArn } from './scenario/derived';
import { ScenarioCluster } from './scenario/schema';
import { Sandbox } from './startSandbox';

/** What {@link appConfigFor} writes besides what every user of the sandbox needs. */
interface AppConfigOptions {
  /**
   * Write each cluster's OIDC issuer into `ecrAccess.clusters` (the default: the demo needs
   * no eks:DescribeCluster). Tests of that call, and of its faults, leave it out.
   */
  oidcIssuer?: boolean;
  /** The secret key of every `aws.accounts` entry; the sandbox accepts any. */
  secretAccessKey?: string;
}

/**
 * An app-config fragment that points Backstage at a running sandbox: the
 * Kubernetes plugin's cluster locator (service-account token auth over plain
 * HTTP), `aws.accounts` credentials, and the `ecrAccess.clusters` facts the
 * Kubernetes API cannot tell. The SDK also needs `AWS_ENDPOINT_URL`. The one
 * builder of it: the CLI writes it for the demo, the test kit parses it.
 */
export function appConfigFor(
  sandbox: Sandbox,
  options: AppConfigOptions = {},
): string {
  const { oidcIssuer = true, secretAccessKey = 'sandbox' } = options;
  const specs = new Map(sandbox.scenario.clusters.map(c => [c.name, c]));
  const toArn = (account: string, role?: string) => {
    if (role === undefined) return undefined;
    return role.startsWith('arn:') ? role : roleArn(account, '/', role);
  };
  const config = {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: sandbox.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
            skipMetricsLookup: true,
          })),
        },
      ],
    },
    // Static keys per account for @backstage/integration-aws-node; the sandbox accepts any secret.
    aws: {
      accounts: sandbox.scenario.accounts
        .filter(a => a.credentials.length > 0)
        .map(a => ({
          accountId: a.id,
          accessKeyId: a.credentials[0].accessKeyId,
          secretAccessKey,
        })),
    },
    ecrAccess: {
      clusters: sandbox.clusters.map(c => {
        const spec = specs.get(c.name)!;
        const nodeRole = toArn(c.account, spec.nodeRole);
        return {
          name: c.name,
          accountId: c.account,
          region: c.region,
          ...(oidcIssuer ? { oidcIssuer: c.oidcIssuer } : {}),
          imagePullAuth: c.imagePullAuth,
          ...(nodeRole ? { nodeRoleArns: [nodeRole] } : {}),
          ...fargateConfig(spec),
        };
      }),
    },
  };
  return stringify(config);
}

/**
 * `ecrAccess.clusters[].fargate`: the selectors of the ACTIVE Fargate profiles (labels as
 * `{ key, value }`) and their roles, which the audit uses where it cannot read the profiles.
 */
function fargateConfig(spec: ScenarioCluster) {
  const profiles = fargateProfilesOf(spec).filter(p => p.status === 'ACTIVE');
  if (profiles.length === 0) return {};
  const selectors = profiles.flatMap(p =>
    p.selectors.map(s => ({
      namespace: s.namespace,
      ...(Object.keys(s.labels).length
        ? {
            labels: Object.entries(s.labels).map(([key, value]) => ({
              key,
              value,
            })),
          }
        : {}),
    })),
  );
  return {
    fargate: {
      selectors,
      podExecutionRoleArns: [
        ...new Set(profiles.map(p => p.podExecutionRoleArn)),
      ],
    },
  };
}
