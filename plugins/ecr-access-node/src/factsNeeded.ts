import { parseEcrHost } from './ecrHost';
import { accountOfArn } from './iamFacts';
import { parseImageRef } from './imageRef';
import {
  ECR_ROLE_ARN_ANNOTATION,
  ROLE_ARN_ANNOTATION,
} from './classifyContext';
import { asArray, asRecord, asString, metaOf, podSpecOf } from './k8sJson';
import { ClusterSnapshot, EntitySelector } from './snapshot';
import { entityKeys, workloadLabelSets } from './workloadIdentity';
import { WORKLOAD_LISTS } from './workloadLists';
import { withRolloutTemplates } from './rolloutTemplates';

/**
 * The AWS facts a snapshot's classification will ask for, so that the
 * backend reads each distinct role, account and repository once per audit.
 *
 * @public
 */
export interface AwsFactsNeeded {
  /**
   * Role ARNs named by ServiceAccounts, node roles (config and node groups), Fargate roles and
   * the Pod Identity associations of the ServiceAccounts pods run as.
   */
  roleArns: string[];
  /** Accounts whose OIDC providers must be listed (accounts of IRSA roles). */
  oidcProviderAccounts: string[];
  /** ECR repositories of the images, plus the cluster's region for each (region checks). */
  repositories: Array<{ accountId: string; region: string; name: string }>;
}

/** A workload's namespace and pod spec, as the engine reads them. */
interface PodTemplate {
  namespace: string;
  spec: Record<string, unknown>;
}

/**
 * The pod templates of the snapshot's workloads; with `entities`, only of the workloads those
 * entities' selectors match (as the engine maps workloads to entities).
 */
function podTemplates(
  snapshot: ClusterSnapshot,
  entities?: EntitySelector[],
): PodTemplate[] {
  const matcher = entities && { ...snapshot, entities };
  const templates: PodTemplate[] = [];
  for (const [kind, key] of WORKLOAD_LISTS) {
    for (const workload of asArray(snapshot[key])) {
      const meta = metaOf(workload);
      const namespace = meta.namespace ?? 'default';
      const labels = workloadLabelSets(kind, workload);
      if (matcher && !entityKeys(matcher, namespace, labels).length) {
        continue;
      }
      const spec = podSpecOf(kind, workload);
      if (spec) templates.push({ namespace, spec });
    }
  }
  return templates;
}

/**
 * Role ARNs of the ServiceAccounts the pods run as (`default` when unnamed): a role that no
 * pod assumes is never asked about, so it is not read.
 */
function serviceAccountsUsed(templates: PodTemplate[]): Set<string> {
  return new Set(
    templates.map(({ namespace, spec }) => {
      const name =
        asString(spec.serviceAccountName) ??
        asString(spec.serviceAccount) ??
        'default';
      return `${namespace}/${name}`;
    }),
  );
}

/** Roles of the Pod Identity associations of the ServiceAccounts pods run as. */
function associationRoles(
  snapshot: ClusterSnapshot,
  templates: PodTemplate[],
): string[] {
  const used = serviceAccountsUsed(templates);
  return asArray(snapshot.podIdentityAssociations).flatMap(a => {
    const rec = asRecord(a);
    const arn = asString(rec?.roleArn);
    const key = `${asString(rec?.namespace)}/${asString(rec?.serviceAccount)}`;
    return arn && accountOfArn(arn) && used.has(key) ? [arn] : [];
  });
}

function serviceAccountRoles(
  snapshot: ClusterSnapshot,
  templates: PodTemplate[],
): Set<string> {
  const used = serviceAccountsUsed(templates);
  const roles = new Set<string>();
  for (const sa of asArray(snapshot.serviceAccounts)) {
    const { namespace = 'default', name, annotations } = metaOf(sa);
    if (!used.has(`${namespace}/${name}`)) continue;
    for (const key of [ROLE_ARN_ANNOTATION, ECR_ROLE_ARN_ANNOTATION]) {
      const arn = asString(annotations[key]?.trim());
      if (arn && accountOfArn(arn)) roles.add(arn);
    }
  }
  return roles;
}

function imageRepositories(templates: PodTemplate[], clusterRegion: string) {
  const repos = new Map<
    string,
    { accountId: string; region: string; name: string }
  >();
  const add = (accountId: string, region: string, name: string) =>
    repos.set(`${accountId}/${region}/${name}`, { accountId, region, name });
  for (const { spec } of templates) {
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
 * IAM_FACTS_MISSING rather than guessed. With `options.entities` (a refresh of
 * one entity), only what those entities' workloads use: the snapshot also holds
 * the namespace's other workloads, read as possible refreshers of its pull
 * secrets, whose roles and repositories the refresh must not read.
 *
 * @public
 */
export function awsFactsNeeded(
  snapshot: ClusterSnapshot,
  options: { entities?: EntitySelector[] } = {},
): AwsFactsNeeded {
  // Never throws: the snapshot is what the cluster sent.
  const input = asRecord(snapshot) ? snapshot : ({} as ClusterSnapshot);
  const cluster = asRecord(input.cluster) ?? {};
  const templates = podTemplates(withRolloutTemplates(input), options.entities);
  const irsaRoles = serviceAccountRoles(input, templates);
  const fargate = asRecord(cluster.fargate);
  const infraRoles = [
    ...asArray(cluster.nodeRoleArns),
    ...asArray(input.nodeGroups).map(g => asRecord(g)?.nodeRoleArn),
    ...asArray(input.nodeInstanceProfiles).flatMap(p =>
      asArray(asRecord(p)?.roleArns),
    ),
    ...asArray(fargate?.podExecutionRoleArns),
    ...asArray(input.fargateProfiles).map(
      p => asRecord(p)?.podExecutionRoleArn,
    ),
    ...associationRoles(input, templates),
  ].filter((a): a is string => typeof a === 'string');
  const roleArns = [...new Set([...irsaRoles, ...infraRoles])].sort();
  const oidcProviderAccounts = [
    ...new Set([...irsaRoles].map(arn => accountOfArn(arn)!)),
  ].sort();
  const region = asString(cluster.region) ?? '';
  return {
    roleArns,
    oidcProviderAccounts,
    repositories: imageRepositories(templates, region),
  };
}
