/** Workloads with literal env values, as listed from a cluster. */

// A CronJob as the ecr-credential refreshers are written (kubectl create secret from an
// `aws ecr get-login-password` run), its AWS keys as literal env values.
export const refresherCronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'ecr-registry-helper', namespace: 'apps' },
  spec: {
    schedule: '0 */10 * * *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            serviceAccountName: 'sa-health-check',
            containers: [
              {
                name: 'ecr-registry-helper',
                image: 'omarxs2/kubectl-aws:latest',
                envFrom: [
                  { secretRef: { name: 'ecr-registry-helper-secrets' } },
                ],
                env: [
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
                ],
                command: ['/bin/sh', '-c', 'kubectl create secret ...'],
              },
            ],
            restartPolicy: 'Never',
          },
        },
      },
    },
  },
};

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
