import { createHash } from 'node:crypto';
import type { ScenarioCluster } from './schema';

/** Values the scenario leaves implicit, derived the way EKS and IAM form them. */

/** EKS issuers look like https://oidc.eks.<region>.amazonaws.com/id/<32 upper-case hex>. */
export function clusterIssuer(
  cluster: Pick<ScenarioCluster, 'name' | 'region' | 'oidcIssuer'>,
): string {
  if (cluster.oidcIssuer) return cluster.oidcIssuer;
  const id = createHash('md5').update(cluster.name).digest('hex').toUpperCase();
  return `https://oidc.eks.${cluster.region}.amazonaws.com/id/${id}`;
}

/** IAM names an OIDC provider by its issuer without the scheme. */
export function oidcProviderArn(account: string, issuer: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${issuer.replace(
    /^https:\/\//,
    '',
  )}`;
}

export function roleArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export function ecrHost(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com`;
}

export function repositoryArn(
  account: string,
  region: string,
  name: string,
): string {
  return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}

/** The IAM unique-id shape: a four-letter prefix (AROA roles, ANPA policies) and 17 characters. */
export function iamUniqueId(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}

interface FargateProfile {
  name: string;
  podExecutionRoleArn: string;
  selectors: Array<{ namespace: string; labels: Record<string, string> }>;
  status: ScenarioCluster['fargateProfiles'][number]['status'];
}

function roleRefToArn(account: string, role: string): string {
  return role.startsWith('arn:') ? role : roleArn(account, '/', role);
}

/**
 * The cluster's Fargate profiles: the declared ones, or with the
 * `fargatePodExecutionRole` shortcut a profile `fp-default` selecting the
 * namespaces of its `fargate: true` workloads.
 */
export function fargateProfilesOf(cluster: ScenarioCluster): FargateProfile[] {
  const declared = cluster.fargateProfiles.map(p => ({
    name: p.name,
    podExecutionRoleArn: roleRefToArn(cluster.account, p.podExecutionRole),
    selectors: p.selectors,
    status: p.status,
  }));
  const namespaces = [
    ...new Set(cluster.workloads.filter(w => w.fargate).map(w => w.namespace)),
  ];
  if (
    declared.length > 0 ||
    !cluster.fargatePodExecutionRole ||
    !namespaces.length
  ) {
    return declared;
  }
  return [
    {
      name: 'fp-default',
      podExecutionRoleArn: roleRefToArn(
        cluster.account,
        cluster.fargatePodExecutionRole,
      ),
      selectors: namespaces.map(namespace => ({ namespace, labels: {} })),
      status: 'ACTIVE',
    },
  ];
}

/** EKS's selector wildcards: `*` any run of characters, `?` exactly one. */
function selectorGlob(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * The profile that schedules a pod: of the ACTIVE ones whose selector matches its namespace
 * and every selector label (wildcards included), the first by name, as EKS picks it.
 */
export function fargateProfileFor(
  cluster: ScenarioCluster,
  namespace: string,
  labels: Record<string, string>,
): string {
  const pod = Object.entries(labels);
  const profile = fargateProfilesOf(cluster)
    .filter(p => p.status === 'ACTIVE')
    .sort((a, b) => (a.name < b.name ? -1 : Number(a.name > b.name)))
    .find(p =>
      p.selectors.some(
        s =>
          selectorGlob(s.namespace, namespace) &&
          Object.entries(s.labels).every(([key, value]) =>
            pod.some(
              ([k, v]) => selectorGlob(key, k) && selectorGlob(value, v),
            ),
          ),
      ),
    );
  return profile?.name ?? 'fp-default';
}
