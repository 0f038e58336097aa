import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the IRSA role of a new service, allowed to pull from its own ECR repository only',
    example: stringify({
      steps: [
        {
          id: 'role',
          action: 'ecr-access:irsa:role:create',
          name: 'Create the IAM role',
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
      'Name the role explicitly and allow pulls from a shared repository of another account',
    example: stringify({
      steps: [
        {
          id: 'role',
          action: 'ecr-access:irsa:role:create',
          name: 'Create the IAM role',
          input: {
            cluster: 'prod-use1',
            namespace: 'orders',
            serviceAccountName: 'orders-worker',
            roleName: 'orders-worker',
            repositories: [
              'orders/worker',
              'arn:aws:ecr:us-east-1:444455556666:repository/shared/base',
            ],
            entityRef: 'component:default/orders-worker',
          },
        },
      ],
    }),
  },
];
