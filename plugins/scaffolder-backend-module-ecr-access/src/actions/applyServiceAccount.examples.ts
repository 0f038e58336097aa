import { ACTION_IDS } from './actionIds';
import { ExampleStep, templateExample } from './templateExample';

const step = (name: string): ExampleStep => ({
  id: 'serviceaccount',
  action: ACTION_IDS.applyServiceAccount,
  name,
});

export const examples = [
  templateExample(
    step('Create the ServiceAccount'),
    'Annotate the ServiceAccount of a new service with the role created in an earlier step',
    {
      cluster: 'prod-use1',
      namespace: 'payments',
      serviceAccountName: 'payments-api',
      roleArn: '${{ steps.role.output.roleArn }}',
      entityRef: 'component:default/payments-api',
    },
  ),
  templateExample(
    step('Annotate the ServiceAccount'),
    'Patch a ServiceAccount that a Helm chart manages (its chart should carry the annotation next)',
    {
      cluster: 'shared-usw2',
      namespace: 'catalog',
      serviceAccountName: 'catalog-web',
      roleArn:
        'arn:aws:iam::111122223333:role/backstage/irsa-catalog-catalog-web',
      kubernetesId: 'catalog-web',
      adopt: true,
    },
  ),
];
