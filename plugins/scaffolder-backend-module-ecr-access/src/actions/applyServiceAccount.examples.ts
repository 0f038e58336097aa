import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Annotate the ServiceAccount of a new service with the role created in an earlier step',
    example: stringify({
      steps: [
        {
          id: 'serviceaccount',
          action: 'ecr-access:serviceaccount:apply',
          name: 'Create the ServiceAccount',
          input: {
            cluster: 'prod-use1',
            namespace: 'payments',
            serviceAccountName: 'payments-api',
            roleArn: '${{ steps.role.output.roleArn }}',
            entityRef: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Patch a ServiceAccount that a Helm chart manages (its chart should carry the annotation next)',
    example: stringify({
      steps: [
        {
          id: 'serviceaccount',
          action: 'ecr-access:serviceaccount:apply',
          name: 'Annotate the ServiceAccount',
          input: {
            cluster: 'shared-usw2',
            namespace: 'catalog',
            serviceAccountName: 'catalog-web',
            roleArn:
              'arn:aws:iam::111122223333:role/backstage/irsa-catalog-catalog-web',
            kubernetesId: 'catalog-web',
            adopt: true,
          },
        },
      ],
    }),
  },
];
