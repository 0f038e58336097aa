import { ScenarioCluster } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { pullSecretObject } from './pullSecret';
import { K8sObject } from './types';
import type { Add, SeedContext } from './seed';

type ExternalSecretSpec = ScenarioCluster['externalSecrets'][number];

/**
 * External Secrets Operator objects: an ExternalSecret whose `dataFrom`
 * points at an `ECRAuthorizationToken` generator, and the pull secret it
 * writes (manager `external-secrets`, owned by the ExternalSecret), last
 * written at the ExternalSecret's `status.refreshTime`.
 */
export function seedExternalSecrets(
  spec: ScenarioCluster,
  context: SeedContext,
  add: Add,
): void {
  for (const es of spec.externalSecrets) {
    const refreshed = k8sTime(resolveTime(es.lastRefresh, context.now));
    const stored = add(
      'ExternalSecret',
      {
        metadata: {
          name: es.name,
          namespace: es.namespace,
          creationTimestamp: k8sTime(resolveTime(es.createdAt, context.now)),
        },
        spec: {
          refreshInterval: es.refreshInterval,
          target: {
            name: es.secret,
            creationPolicy: 'Owner',
            template: { type: 'kubernetes.io/dockerconfigjson' },
          },
          dataFrom: [
            {
              sourceRef: {
                generatorRef: {
                  apiVersion: 'generators.external-secrets.io/v1alpha1',
                  kind: es.generator,
                  name: `${es.name}-generator`,
                },
              },
            },
          ],
        },
        status: {
          refreshTime: refreshed,
          binding: { name: es.secret },
          conditions: [readyCondition(es, refreshed)],
        },
      },
      'external-secrets',
    );
    const declared = spec.pullSecrets.some(
      s => s.namespace === es.namespace && s.name === es.secret,
    );
    if (!declared)
      add(
        'Secret',
        targetSecret(
          es,
          stored,
          resolveTime(es.lastRefresh, context.now),
          context,
        ),
      );
  }
}

function readyCondition(es: ExternalSecretSpec, at: string) {
  return es.ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'SecretSynced',
        message: 'secret synced',
        lastTransitionTime: at,
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'SecretSyncedError',
        message: 'could not get secret data from provider',
        lastTransitionTime: at,
      };
}

function targetSecret(
  es: ExternalSecretSpec,
  owner: K8sObject,
  written: Date,
  context: SeedContext,
): K8sObject {
  return pullSecretObject({
    namespace: es.namespace,
    name: es.secret,
    registries: [es.registry],
    canary: context.canary,
    created: new Date(owner.metadata.creationTimestamp!),
    written,
    manager: 'external-secrets',
    metadata: {
      labels: { 'reconcile.external-secrets.io/created-by': es.name },
      ownerReferences: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: es.name,
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  });
}
