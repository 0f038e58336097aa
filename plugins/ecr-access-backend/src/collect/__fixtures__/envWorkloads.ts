import { seed002File } from '../../__fixtures__/seed002';

/** Workloads with literal env values, as listed from a cluster. */

/**
 * Seed 002's refresher (examples/kubernetes/seed-002-ecr-registry-helper) as some of its
 * copies write it: the AWS keys as literal env values rather than from its Secret, and the
 * secret's name from its ConfigMap by key.
 */
function refresherWithLiteralKeys() {
  const [cronJob] = seed002File('manifest-ecr-helper.yaml').filter(
    o => o.kind === 'CronJob',
  );
  cronJob.spec.jobTemplate.spec.template.spec.containers[0].env = [
    { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
    {
      name: 'AWS_SECRET_ACCESS_KEY',
      value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    {
      name: 'DOCKER_SECRET_NAME',
      valueFrom: {
        configMapKeyRef: {
          name: 'ecr-registry-helper-cm',
          key: 'DOCKER_SECRET_NAME',
        },
      },
    },
  ];
  return cronJob;
}

export const refresherCronJob = refresherWithLiteralKeys();

export const deploymentWithEnv = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels: { env: 'prod' } },
  spec: {
    template: {
      metadata: { labels: { app: 'web', env: 'prod' } },
      spec: {
        initContainers: [
          {
            name: 'migrate',
            image: 'migrate:1',
            env: [{ name: 'A', value: 'x' }],
          },
        ],
        containers: [
          { name: 'web', image: 'web:1', env: [{ name: 'B', value: 'y' }] },
        ],
      },
    },
  },
};
