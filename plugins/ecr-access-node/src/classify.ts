import {
  ContainerStatus,
  createFinding,
  Finding,
  PULL_AUTHS,
  severityToHealth,
  WorkloadKind,
  WorkloadStatus,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { asArray, asRecord, asString, metaOf, podSpecOf } from './k8sJson';
import { IamFacts, normalizeIamFacts } from './iamFacts';
import { ImageRef, parseImageRef } from './imageRef';
import { ClusterSnapshot } from './snapshot';
import { FindingList, WorkloadContext } from './classifyContext';
import { classifyContainer } from './classifyContainer';
import { irsaRoleFindings } from './irsaChecks';
import { runtimeRoleBreadth } from './runtimeRoleChecks';
import { clusterNodeRoles, ClusterNodeRoles } from './nodeRoles';
import {
  ClusterPreflight,
  credentialProviderPreflight,
  preflightFor,
} from './credentialProvider';
import { credentialProviderFindings } from './fallbackPull';
import { podIdentityFindings } from './podIdentity';
import {
  entityKeys,
  resolveServiceAccount,
  runtimeIdentityOf,
  serviceAccountFindings,
  workloadLabelSets,
} from './workloadIdentity';
import { WORKLOAD_LISTS } from './workloadLists';
import { withRolloutTemplates } from './rolloutTemplates';
import { fargatePlacement, selectorsOf } from './fargatePlacement';

function podImagesOf(podSpec: Record<string, unknown> | undefined): ImageRef[] {
  return [...asArray(podSpec?.initContainers), ...asArray(podSpec?.containers)]
    .map(c => parseImageRef(asRecord(c)?.image))
    .flatMap(r => (r.ok ? [r.ref] : []));
}

/** Findings about the workload's IAM roles, and why IRSA does not pull. */
function roleFindings(
  ctx: WorkloadContext,
  pullsWithNodeRole: boolean,
): Finding[] {
  const sa = ctx.serviceAccount;
  const findings: Finding[] = [...credentialProviderFindings(ctx)];
  const tokenPulls =
    ctx.cluster.imagePullAuth === 'service-account-token' &&
    ctx.credentialProvider.state !== 'not-ready';
  if (sa.roleArn)
    findings.push(
      ...irsaRoleFindings(ctx, sa.roleArn, 'eks.amazonaws.com/role-arn'),
    );
  if (sa.ecrRoleArn && tokenPulls && sa.ecrRoleArn !== sa.roleArn) {
    findings.push(
      ...irsaRoleFindings(ctx, sa.ecrRoleArn, 'eks.amazonaws.com/ecr-role-arn'),
    );
  }
  // A declared provider that is not ready is its own finding (CREDENTIAL_PROVIDER_NOT_READY).
  const notReady = ctx.credentialProvider.state === 'not-ready';
  if (
    pullsWithNodeRole &&
    !(notReady && sa.ecrRoleArn) &&
    (sa.roleArn || sa.ecrRoleArn)
  ) {
    const subject = `ServiceAccount ${ctx.namespace}/${sa.name}`;
    if (sa.ecrRoleArn && !tokenPulls) {
      findings.push(
        createFinding(
          'IRSA_NOT_USED_FOR_PULLS',
          subject,
          `${sa.name} sets eks.amazonaws.com/ecr-role-arn, but the kubelets of ${ctx.cluster.name} pull with the node role (imagePullAuth: node-role)`,
          'warning',
        ),
      );
    } else {
      findings.push(
        createFinding(
          'IRSA_NOT_USED_FOR_PULLS',
          subject,
          `the role of ${sa.name} serves the pod's AWS calls only; the kubelets of ${ctx.cluster.name} pull with the node role`,
        ),
      );
    }
  }
  return findings;
}

/** A cluster's snapshot and IAM facts, normalized once for all its workloads. */
interface ClusterInput {
  snapshot: ClusterSnapshot;
  iam: IamFacts;
  now: Date;
  /** Problems of the cluster's config, reported on each of its workloads. */
  configProblems: Finding[];
  nodeRoles: ClusterNodeRoles;
  credentialProvider: ClusterPreflight;
}

function clusterInput(
  snapshot: ClusterSnapshot,
  iam: IamFacts,
  now: Date,
): ClusterInput {
  // A Rollout that references a Deployment pulls that Deployment's template.
  const { safe, problems } = normalizeSnapshot(withRolloutTemplates(snapshot));
  const normalized = normalizeIamFacts(iam);
  return {
    snapshot: safe,
    iam: normalized,
    now,
    configProblems: problems,
    nodeRoles: clusterNodeRoles(safe, normalized),
    credentialProvider: credentialProviderPreflight(safe),
  };
}

function contextFor(
  { snapshot, iam, now, nodeRoles, credentialProvider }: ClusterInput,
  kind: WorkloadKind,
  workload: unknown,
  index: number,
): WorkloadContext {
  const m = metaOf(workload);
  const namespace = m.namespace ?? 'default';
  const podSpec = podSpecOf(kind, workload);
  const serviceAccount = resolveServiceAccount(snapshot, namespace, podSpec);
  const fargate = fargatePlacement(snapshot, kind, workload, namespace);
  return {
    snapshot,
    cluster: snapshot.cluster,
    iam,
    now,
    namespace,
    subject: `${kind} ${namespace}/${m.name ?? `#${index + 1}`}`,
    kind,
    podSpec,
    serviceAccount,
    onFargate: fargate.on === 'fargate',
    fargate,
    podImages: podImagesOf(podSpec),
    nodeRoles,
    credentialProvider: preflightFor(
      credentialProvider,
      serviceAccount.name,
      podSpec,
    ),
  };
}

/**
 * Classify one workload: every container and init container, the
 * ServiceAccount and its roles. Never throws on malformed objects.
 *
 * @public
 */
export function classifyWorkload(
  snapshot: ClusterSnapshot,
  iam: IamFacts,
  now: Date,
  kind: WorkloadKind,
  workload: unknown,
): WorkloadStatus {
  return classifyNormalized(
    clusterInput(snapshot, iam, now),
    kind,
    workload,
    0,
  );
}

/** Findings about the workload object itself. */
function shapeFindings(
  ctx: WorkloadContext,
  name: string | undefined,
  index: number,
): Finding[] {
  const findings: Finding[] = [];
  if (!name) {
    const text = `${ctx.kind} item ${index + 1} has no metadata.name`;
    findings.push(createFinding('INPUT_MALFORMED', ctx.subject, text));
  }
  if (!asArray(ctx.podSpec?.containers).length) {
    const text = `${ctx.subject} has no pod template containers`;
    findings.push(createFinding('INPUT_MALFORMED', ctx.subject, text));
  }
  return findings;
}

function classifyNormalized(
  input: ClusterInput,
  kind: WorkloadKind,
  workload: unknown,
  index: number,
): WorkloadStatus {
  const { snapshot, now } = input;
  const ctx = contextFor(input, kind, workload, index);
  const m = metaOf(workload);
  const findings = new FindingList();
  findings.add(...input.configProblems, ...shapeFindings(ctx, m.name, index));
  // Init containers are pulled by the same kubelet rules as the others.
  const containers = [
    ...asArray(ctx.podSpec?.initContainers).map((c, i) =>
      classifyContainer(ctx, c, true, i),
    ),
    ...asArray(ctx.podSpec?.containers).map((c, i) =>
      classifyContainer(ctx, c, false, i),
    ),
  ];
  // Backstage finds a workload by its own labels or its pods' (its template's).
  const labelSets = workloadLabelSets(kind, workload);
  findings.add(...serviceAccountFindings(ctx, labelSets));
  // What pulls today: a node role covering for a broken secret pulls too.
  const pullsWith = (c: ContainerStatus) => c.effectivePullAuth ?? c.pullAuth;
  const pullsWithNodeRole = containers.some(c => pullsWith(c) === 'node-role');
  findings.add(...roleFindings(ctx, pullsWithNodeRole));
  findings.add(...runtimeRoleBreadth(ctx, containers));
  findings.add(...podIdentityFindings(ctx, containers));
  containers.forEach(c => findings.add(...c.findings));
  const primary = containers.find(c => !c.init) ?? containers[0];
  // Findable under the mechanism configured and the one that pulls in its place.
  const pullAuths = PULL_AUTHS.filter(p =>
    containers.some(c => c.pullAuth === p || c.effectivePullAuth === p),
  );
  const entityRefs = entityKeys(snapshot, ctx.namespace, labelSets);
  return {
    cluster: snapshot.cluster.name,
    namespace: ctx.namespace,
    kind,
    name: m.name ?? `#${index + 1}`,
    entityRefs: entityRefs.filter(k => !k.startsWith('kubernetes-id:')),
    serviceAccount: ctx.serviceAccount.name,
    runtimeRoleArn: ctx.serviceAccount.roleArn,
    ecrRoleArn: ctx.serviceAccount.ecrRoleArn,
    runtimeIdentity: runtimeIdentityOf(ctx),
    pullAuth: primary?.pullAuth ?? 'unknown',
    pullAuths: pullAuths.length ? pullAuths : ['unknown'],
    containers,
    findings: findings.items,
    health: worstHealth(findings.items.map(f => severityToHealth(f.severity))),
    checkedAt: now.toISOString(),
  };
}

/** Cron-created Jobs are reported through their CronJob. */
function ownedByCronJob(job: unknown): boolean {
  return asArray(metaOf(job).raw.ownerReferences).some(
    o => asRecord(o)?.kind === 'CronJob',
  );
}

/**
 * A Job that has finished (its `Complete` or `Failed` condition true) creates no pod again:
 * its pulls are over, so an image it could no longer pull says nothing about the entity now.
 * A Job that is still running, suspended or never started is judged like any workload.
 */
function finishedJob(job: unknown): boolean {
  const conditions = asArray(asRecord(asRecord(job)?.status)?.conditions);
  return conditions.some(c => {
    const condition = asRecord(c);
    return (
      (condition?.type === 'Complete' || condition?.type === 'Failed') &&
      condition.status === 'True'
    );
  });
}

/**
 * Classify every workload of one cluster snapshot: every kind listed, except Jobs a CronJob
 * created (reported through it) and Jobs that have finished. Pure: `now` is passed
 * in, nothing is read from the network or the clock.
 *
 * @public
 */
export function classifyCluster(
  snapshot: ClusterSnapshot,
  iam: IamFacts,
  now: Date,
): WorkloadStatus[] {
  const input = clusterInput(snapshot, iam, now);
  const out: WorkloadStatus[] = [];
  for (const [kind, key] of WORKLOAD_LISTS) {
    asArray(input.snapshot[key]).forEach((w, i) => {
      if (kind === 'Job' && (ownedByCronJob(w) || finishedJob(w))) return;
      out.push(classifyNormalized(input, kind, w, i));
    });
  }
  return out;
}

function fargateOf(value: unknown): ClusterSnapshot['cluster']['fargate'] {
  if (value === true) return true;
  const rec = asRecord(value);
  if (!rec) return undefined;
  const strings = (v: unknown) =>
    asArray(v).filter((x): x is string => typeof x === 'string');
  return {
    ...(rec.selectors !== undefined && {
      selectors: selectorsOf(rec.selectors),
    }),
    namespaces:
      rec.namespaces === undefined ? undefined : strings(rec.namespaces),
    podExecutionRoleArns: strings(rec.podExecutionRoleArns),
  };
}

/** Cluster config problems, reported on every workload of the cluster. */
function configFindings(
  name: string,
  cluster: Record<string, unknown>,
): Finding[] {
  const subject = `cluster ${name}`;
  const problems: string[] = [];
  if (
    cluster.imagePullAuth !== 'service-account-token' &&
    cluster.imagePullAuth !== 'node-role'
  ) {
    problems.push(
      `imagePullAuth is ${
        JSON.stringify(cluster.imagePullAuth) ?? 'missing'
      } (expected service-account-token or node-role)`,
    );
  }
  if (!asString(cluster.region)) problems.push('region is missing');
  return problems.map(p =>
    createFinding('INPUT_MALFORMED', subject, `config of ${subject}: ${p}`),
  );
}

/** Keep the snapshot's lists as arrays and its cluster config usable. */
function normalizeSnapshot(snapshot: ClusterSnapshot): {
  safe: ClusterSnapshot;
  problems: Finding[];
} {
  const rec = asRecord(snapshot) ?? {};
  const cluster = asRecord(rec.cluster) ?? {};
  const name = asString(cluster.name) ?? 'unknown-cluster';
  const lists = Object.fromEntries(
    Object.entries(rec)
      .filter(([k]) => k !== 'cluster' && k !== 'forbidden')
      .map(([k, v]) => [k, Array.isArray(v) ? Array.from(v) : undefined]),
  );
  const safe: ClusterSnapshot = {
    ...lists,
    forbidden: asRecord(rec.forbidden) as ClusterSnapshot['forbidden'],
    cluster: {
      name,
      accountId: asString(cluster.accountId) ?? '',
      region: asString(cluster.region) ?? '',
      partition: asString(cluster.partition),
      imagePullAuth:
        cluster.imagePullAuth === 'service-account-token'
          ? 'service-account-token'
          : 'node-role',
      nodeRoleArns: asArray(cluster.nodeRoleArns).filter(
        (a): a is string => typeof a === 'string',
      ),
      oidcIssuer: asString(cluster.oidcIssuer),
      fargate: fargateOf(cluster.fargate),
    },
  };
  return { safe, problems: configFindings(name, cluster) };
}
