import { ScenarioCluster } from '../scenario/schema';
import { manifestObjectsOf } from '../scenario/manifestSchema';
import { k8sTime, resolveTime } from '../time';
import { SimulatedCluster } from './cluster';
import { seedExternalSecrets } from './seedExternalSecrets';
import {
  declaresServiceAccount,
  manifestNamespaces,
  seedManifests,
} from './seedManifests';
import { seedRbac } from './seedRbac';
import { pullSecretObject } from './pullSecret';
import { nodeName } from './seedPods';
import { instanceIdOf, selfManagedNodesOf } from '../aws/selfManagedNodes';
import { seedWorkloads } from './seedWorkloads';
import { resourceTypeOfKind } from './resources';
import { K8sObject } from './types';

/**
 * Fills a cluster's store from its scenario: namespaces (each with its
 * `default` ServiceAccount, as the ServiceAccount controller creates it),
 * nodes, ServiceAccounts, pull secrets, workloads and their pods, refresher
 * CronJobs with their RBAC, Roles and RoleBindings, then the raw objects of
 * `manifests`.
 */
export interface SeedContext {
  now: Date;
  /** Secret data and CronJob env carry it, so tests can prove they never leak. */
  canary: string;
}

export function seedCluster(
  cluster: SimulatedCluster,
  spec: ScenarioCluster,
  context: SeedContext,
): void {
  const add = (
    kind: string,
    object: K8sObject,
    manager = 'kube-controller-manager',
  ) =>
    cluster.store.insert(
      resourceTypeOfKind(kind),
      object,
      manager,
      context.now,
    );
  seedNamespaces(spec, context, add);
  seedNodes(spec, context, add);
  for (const sa of spec.serviceAccounts) {
    add('ServiceAccount', serviceAccountObject(sa, context.now), sa.manager);
  }
  for (const secret of spec.pullSecrets) {
    const labels = Object.keys(secret.labels).length
      ? secret.labels
      : undefined;
    add(
      'Secret',
      pullSecretObject({
        ...secret,
        canary: context.canary,
        created: resolveTime(
          secret.createdAt ?? secret.lastWritten,
          context.now,
        ),
        written: resolveTime(secret.lastWritten, context.now),
        metadata: { labels },
      }),
    );
  }
  seedWorkloads(spec, context, add);
  seedRbac(spec, add);
  seedExternalSecrets(spec, context, add);
  seedManifests(cluster, spec, context);
}

/** Namespaces, each with the `default` ServiceAccount its controller creates. */
function seedNamespaces(spec: ScenarioCluster, context: SeedContext, add: Add) {
  const created = k8sTime(resolveTime('90d ago', context.now));
  // Namespaces written in manifests are seeded with them, as written.
  const fromManifests = manifestNamespaces(spec);
  for (const ns of namespacesOf(spec)) {
    if (fromManifests.has(ns.name)) continue;
    add('Namespace', {
      metadata: {
        name: ns.name,
        labels: { 'kubernetes.io/metadata.name': ns.name, ...ns.labels },
        creationTimestamp: created,
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    if (!declaresServiceAccount(spec, ns.name, 'default')) {
      add('ServiceAccount', {
        metadata: {
          name: 'default',
          namespace: ns.name,
          creationTimestamp: created,
        },
      });
    }
  }
}

function namespacesOf(
  spec: ScenarioCluster,
): Array<{ name: string; labels: Record<string, string> }> {
  const byName = new Map<string, Record<string, string>>();
  for (const ns of spec.namespaces) {
    if (typeof ns === 'string') byName.set(ns, {});
    else byName.set(ns.name, ns.labels);
  }
  const referenced = [
    'default',
    'kube-system',
    ...spec.serviceAccounts.map(x => x.namespace),
    ...spec.pullSecrets.map(x => x.namespace),
    ...spec.workloads.map(x => x.namespace),
    ...spec.refreshers.map(x => x.namespace),
    ...spec.roles.map(x => x.namespace),
    ...spec.roleBindings.map(x => x.namespace),
    ...spec.externalSecrets.map(x => x.namespace),
    ...manifestObjectsOf(spec).flatMap(({ object }) =>
      object.kind === 'Namespace'
        ? [object.metadata.name]
        : object.metadata.namespace ?? [],
    ),
  ];
  for (const name of referenced) if (!byName.has(name)) byName.set(name, {});
  return [...byName].map(([name, labels]) => ({ name, labels }));
}

function serviceAccountObject(
  sa: ScenarioCluster['serviceAccounts'][number],
  now: Date,
): K8sObject {
  return {
    metadata: {
      name: sa.name,
      namespace: sa.namespace,
      labels: Object.keys(sa.labels).length ? sa.labels : undefined,
      annotations: Object.keys(sa.annotations).length
        ? sa.annotations
        : undefined,
      creationTimestamp: k8sTime(resolveTime(sa.createdAt, now)),
    },
    ...(sa.imagePullSecrets.length
      ? { imagePullSecrets: sa.imagePullSecrets.map(name => ({ name })) }
      : {}),
  };
}

export type Add = (
  kind: string,
  object: K8sObject,
  manager?: string,
) => K8sObject;

/** The default node group (`nodes`), then the scenario's `nodeGroups`, as EKS labels them. */
function seedNodes(spec: ScenarioCluster, context: SeedContext, add: Add) {
  const groups = [
    { name: 'default', nodes: spec.nodes, version: spec.version, taints: [] },
    ...spec.nodeGroups.map(g => ({
      name: g.name,
      nodes: g.nodes,
      version: g.kubeletVersion ?? spec.version,
      taints: g.taints,
    })),
  ];
  let index = 0;
  for (const group of groups) {
    for (let i = 0; i < group.nodes; i++) {
      add('Node', nodeObject(spec, context, group, nodeName(spec, index++)));
    }
  }
  // Nodes EKS does not manage: no node group label; EC2 knows their instance profile.
  for (const n of selfManagedNodesOf(spec)) {
    const group = { name: n.group, version: n.version, taints: n.taints };
    const node = nodeObject(spec, context, group, n.host);
    const labels = node.metadata.labels as Record<string, string>;
    delete labels['eks.amazonaws.com/nodegroup'];
    delete labels['eks.amazonaws.com/capacityType'];
    Object.assign(labels, n.labels);
    labels['karpenter.sh/nodepool'] = n.group;
    add('Node', node);
  }
}

function nodeObject(
  spec: ScenarioCluster,
  context: SeedContext,
  group: { name: string; version: string; taints: unknown[] },
  host: string,
): K8sObject {
  return {
    metadata: {
      name: host,
      labels: {
        'kubernetes.io/hostname': host,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'm6i.large',
        'topology.kubernetes.io/region': spec.region,
        'eks.amazonaws.com/nodegroup': group.name,
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
      creationTimestamp: k8sTime(resolveTime('7d ago', context.now)),
    },
    spec: {
      providerID: `aws:///${spec.region}a/${instanceIdOf(host)}`,
      ...(group.taints.length ? { taints: group.taints } : {}),
    },
    status: {
      nodeInfo: { kubeletVersion: `v${group.version}.0-eks-sandbox` },
    },
  };
}
