import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Provision IRSA for a new service: its IAM role and its ServiceAccount, all or nothing',
    example: stringify({
      steps: [
        {
          id: 'irsa',
          action: 'ecr-access:irsa:provision',
          name: 'Provision IRSA',
          input: {
            cluster: 'prod-use1',
            namespace: 'payments',
            serviceAccountName: 'payments-api',
            repositories: ['payments/api'],
            entityRef: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Move an existing service off its pull secret: its existing ServiceAccount is patched, not replaced',
    example: stringify({
      steps: [
        {
          id: 'irsa',
          action: 'ecr-access:irsa:provision',
          name: 'Provision IRSA',
          input: {
            cluster: 'prod-use1',
            namespace: 'orders',
            serviceAccountName: 'orders-worker',
            repositories: ['orders/worker'],
            entityRef: 'component:default/orders-worker',
            kubernetesId: 'orders-worker',
          },
        },
      ],
    }),
  },
];
