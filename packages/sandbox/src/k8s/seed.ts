import { createHash } from 'node:crypto';
import { ScenarioCluster } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { SimulatedCluster } from './cluster';
import { seedExternalSecrets } from './seedExternalSecrets';
import { seedRbac } from './seedRbac';
import { nodeName, seedWorkloads } from './seedWorkloads';
import { resourceTypeOfKind } from './resources';
import { managedEntry } from './store';
import { K8sObject } from './types';

/**
 * Fills a cluster's store from its scenario: namespaces (each with its
 * `default` ServiceAccount, as the ServiceAccount controller creates it),
 * nodes, ServiceAccounts, pull secrets, workloads and their pods, refresher
 * CronJobs with their RBAC, Roles and RoleBindings.
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
  for (const ns of namespacesOf(spec)) {
    add('Namespace', {
      metadata: {
        name: ns.name,
        labels: { 'kubernetes.io/metadata.name': ns.name, ...ns.labels },
        creationTimestamp: k8sTime(resolveTime('90d ago', context.now)),
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  seedNodes(spec, context, add);
  for (const sa of spec.serviceAccounts) {
    add('ServiceAccount', serviceAccountObject(sa, context.now));
  }
  for (const ns of namespacesOf(spec)) {
    if (
      !spec.serviceAccounts.some(
        sa => sa.namespace === ns.name && sa.name === 'default',
      )
    ) {
      add('ServiceAccount', {
        metadata: {
          name: 'default',
          namespace: ns.name,
          creationTimestamp: k8sTime(resolveTime('90d ago', context.now)),
        },
      });
    }
  }
  for (const secret of spec.pullSecrets) {
    const created = resolveTime(
      secret.createdAt ?? secret.lastWritten,
      context.now,
    );
    const written = resolveTime(secret.lastWritten, context.now);
    add('Secret', pullSecretObject(secret, created, written, context));
  }
  seedWorkloads(spec, context, add);
  seedRbac(spec, add);
  seedExternalSecrets(spec, context, add);
}

export function namespacesOf(
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

/** A fake ECR token: shaped like one (base64 of a JSON envelope) and holding the canary. */
export function fakeEcrToken(canary: string, registry: string): string {
  const payload = JSON.stringify({
    payload: canary,
    datakey: registry,
    version: '2',
    type: 'DATA_KEY',
  });
  return Buffer.from(payload).toString('base64');
}

function pullSecretObject(
  secret: ScenarioCluster['pullSecrets'][number],
  created: Date,
  written: Date,
  context: SeedContext,
): K8sObject {
  const auths: Record<string, unknown> = {};
  for (const registry of secret.registries) {
    const password = fakeEcrToken(context.canary, registry);
    auths[registry] = {
      username: 'AWS',
      password,
      auth: Buffer.from(`AWS:${password}`).toString('base64'),
    };
  }
  const data = secretData(secret.type, auths, context.canary);
  const object: K8sObject = {
    metadata: {
      name: secret.name,
      namespace: secret.namespace,
      labels: Object.keys(secret.labels).length ? secret.labels : undefined,
      creationTimestamp: k8sTime(created),
    },
    type: secret.type,
    data,
  };
  // The last write is what tells a token's age: managedFields[].time of the writer.
  object.metadata.managedFields = [
    managedEntry(resourceTypeOfKind('Secret'), secret.manager, written, object),
  ];
  return object;
}

export type Add = (
  kind: string,
  object: K8sObject,
  manager?: string,
) => K8sObject;

function seedNodes(spec: ScenarioCluster, context: SeedContext, add: Add) {
  for (let i = 0; i < spec.nodes; i++) {
    const host = nodeName(spec, i);
    const instance = createHash('md5').update(host).digest('hex').slice(0, 16);
    add('Node', {
      metadata: {
        name: host,
        labels: {
          'kubernetes.io/hostname': host,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': 'm6i.large',
          'topology.kubernetes.io/region': spec.region,
          'eks.amazonaws.com/nodegroup': 'default',
          'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        },
        creationTimestamp: k8sTime(resolveTime('7d ago', context.now)),
      },
      spec: { providerID: `aws:///${spec.region}a/i-0${instance}` },
      status: {
        nodeInfo: { kubeletVersion: `v${spec.version}.0-eks-sandbox` },
      },
    });
  }
}

function secretData(
  type: string,
  auths: Record<string, unknown>,
  canary: string,
): Record<string, string> {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  if (type === 'kubernetes.io/dockerconfigjson') {
    return { '.dockerconfigjson': base64(JSON.stringify({ auths })) };
  }
  if (type === 'kubernetes.io/dockercfg') {
    return { '.dockercfg': base64(JSON.stringify(auths)) };
  }
  return { token: base64(canary) };
}
