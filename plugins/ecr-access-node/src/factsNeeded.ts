import { parseEcrHost } from './ecrHost';
import { accountOfArn } from './iamFacts';
import { parseImageRef } from './imageRef';
import { asArray, asRecord, asString, metaOf } from './k8sJson';
import { ClusterSnapshot } from './snapshot';

/**
 * The AWS facts a snapshot's classification will ask for, so that the
 * backend reads each distinct role, account and repository once per audit.
 *
 * @public
 */
export interface AwsFactsNeeded {
  /** Role ARNs named by ServiceAccounts, node roles and Fargate roles. */
  roleArns: string[];
  /** Accounts whose OIDC providers must be listed (accounts of IRSA roles). */
  oidcProviderAccounts: string[];
  /** ECR repositories of the images, plus the cluster's region for each (region checks). */
  repositories: Array<{ accountId: string; region: string; name: string }>;
}

function podSpecs(snapshot: ClusterSnapshot): Record<string, unknown>[] {
  const template = (w: unknown) =>
    asRecord(asRecord(asRecord(w)?.spec)?.template);
  const fromControllers = [
    ...asArray(snapshot.deployments),
    ...asArray(snapshot.statefulSets),
    ...asArray(snapshot.daemonSets),
    ...asArray(snapshot.jobs),
  ].map(w => asRecord(template(w)?.spec));
  const fromCronJobs = asArray(snapshot.cronJobs).map(cj =>
    asRecord(template(asRecord(asRecord(cj)?.spec)?.jobTemplate)?.spec),
  );
  return [...fromControllers, ...fromCronJobs].filter(
    (s): s is Record<string, unknown> => s !== undefined,
  );
}

function imageRepositories(snapshot: ClusterSnapshot, clusterRegion: string) {
  const repos = new Map<
    string,
    { accountId: string; region: string; name: string }
  >();
  const add = (accountId: string, region: string, name: string) =>
    repos.set(`${accountId}/${region}/${name}`, { accountId, region, name });
  for (const spec of podSpecs(snapshot)) {
    for (const c of [
      ...asArray(spec.initContainers),
      ...asArray(spec.containers),
    ]) {
      const ref = parseImageRef(asRecord(c)?.image);
      const ecr = ref.ok ? parseEcrHost(ref.ref.registry) : undefined;
      if (!ref.ok || ecr?.kind !== 'private') continue;
      add(ecr.accountId, ecr.region, ref.ref.repository);
      if (clusterRegion && clusterRegion !== ecr.region) {
        add(ecr.accountId, clusterRegion, ref.ref.repository);
      }
    }
  }
  return [...repos.values()];
}

/**
 * List the AWS facts that {@link classifyCluster} may need for a snapshot:
 * pass the answers as `IamFacts`; anything left out is reported as
 * IAM_FACTS_MISSING rather than guessed.
 *
 * @public
 */
export function awsFactsNeeded(snapshot: ClusterSnapshot): AwsFactsNeeded {
  const cluster = asRecord(asRecord(snapshot)?.cluster) ?? {};
  const irsaRoles = new Set<string>();
  for (const sa of asArray(asRecord(snapshot)?.serviceAccounts)) {
    const { annotations } = metaOf(sa);
    for (const key of [
      'eks.amazonaws.com/role-arn',
      'eks.amazonaws.com/ecr-role-arn',
    ]) {
      const arn = asString(annotations[key]?.trim());
      if (arn && accountOfArn(arn)) irsaRoles.add(arn);
    }
  }
  const fargate = asRecord(cluster.fargate);
  const infraRoles = [
    ...asArray(cluster.nodeRoleArns),
    ...asArray(fargate?.podExecutionRoleArns),
  ].filter((a): a is string => typeof a === 'string');
  const roleArns = [...new Set([...irsaRoles, ...infraRoles])].sort();
  const oidcProviderAccounts = [
    ...new Set([...irsaRoles].map(arn => accountOfArn(arn)!)),
  ].sort();
  const region = asString(cluster.region) ?? '';
  return {
    roleArns,
    oidcProviderAccounts,
    repositories: imageRepositories(
      asRecord(snapshot) ? snapshot : ({} as ClusterSnapshot),
      region,
    ),
  };
}
