// The template the task-recovery test runs: one step, `ecr-access:irsa:provision`, for a new
// ServiceAccount of the scenario's `payments` namespace named by the `name` parameter.

export const RECOVERY_TEMPLATE_REF = 'template:default/provision-irsa';

export const recoveryTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'provision-irsa', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    parameters: [
      {
        required: ['name'],
        properties: { name: { type: 'string' } },
      },
    ],
    steps: [
      {
        id: 'provision',
        name: 'Provision the IAM role and the ServiceAccount',
        action: 'ecr-access:irsa:provision',
        input: {
          cluster: 'prod-use1',
          namespace: 'payments',
          serviceAccountName: '${{ parameters.name }}',
          repositories: ['payments/api'],
          entityRef: 'component:default/${{ parameters.name }}',
        },
      },
    ],
    output: {
      roleArn: '${{ steps.provision.output.roleArn }}',
      outcome: '${{ steps.provision.output.outcome }}',
      serviceAccountOutcome:
        '${{ steps.provision.output.serviceAccountOutcome }}',
    },
  },
};
