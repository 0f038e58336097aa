/* Classifier fixtures: Argo Rollouts (argoproj.io/v1alpha1), whose spec.template is a PodTemplateSpec. */
import {
  deployment,
  iam,
  NODE_ROLE,
  pullPolicy,
  role,
  snapshot,
} from './classify.builders';
import { ClassifyFixture, ok } from './classify.shared';

/**
 * A Rollout as its docs write one: a Deployment's fields under `argoproj.io/v1alpha1`, with a
 * canary strategy (https://argo-rollouts.readthedocs.io/en/stable/features/specification/).
 */
export function rollout(opts: { name?: string; image?: string } = {}) {
  const { metadata, spec } = deployment(opts);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata,
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: metadata.name } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
      ...spec,
    },
  };
}

export const rolloutCases: ClassifyFixture[] = [
  {
    name: 'Argo Rollout: the node role pulls its template image',
    snapshot: snapshot({ deployments: [], rollouts: [rollout()] }),
    iam: iam(),
    expected: ok('node-role'),
    nearMissOf: ['ROLE_LACKS_ECR_PULL'],
  },
  {
    name: 'Argo Rollout: the node role may not pull its template image',
    snapshot: snapshot({ deployments: [], rollouts: [rollout()] }),
    iam: iam(
      role(NODE_ROLE, {
        managedPolicies: [
          pullPolicy(['arn:aws:ecr:us-east-1:111122223333:repository/other']),
        ],
      }),
    ),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['ROLE_LACKS_ECR_PULL'],
    },
  },
];
