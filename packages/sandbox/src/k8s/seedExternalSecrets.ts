import { ScenarioCluster } from '../scenario/schema';
import { k8sTime, resolveTime } from '../time';
import { resourceTypeOfKind } from './resources';
import { managedEntry } from './store';
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
  const password = Buffer.from(
    JSON.stringify({ payload: context.canary, version: '2' }),
  ).toString('base64');
  const auths = {
    [es.registry]: {
      username: 'AWS',
      password,
      auth: Buffer.from(`AWS:${password}`).toString('base64'),
    },
  };
  const object: K8sObject = {
    metadata: {
      name: es.secret,
      namespace: es.namespace,
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
      creationTimestamp: owner.metadata.creationTimestamp,
    },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString(
        'base64',
      ),
    },
  };
  object.metadata.managedFields = [
    managedEntry(
      resourceTypeOfKind('Secret'),
      'external-secrets',
      written,
      object,
    ),
  ];
  return object;
}
