import { ACTION_IDS } from './actionIds';
import {
  ExampleStep,
  PAYMENTS_API_ROLE_INPUT,
  templateExample,
} from './templateExample';

const step: ExampleStep = {
  id: 'validate',
  action: ACTION_IDS.validatePlan,
  name: 'Check the plan before anything is created',
};

export const examples = [
  templateExample(
    step,
    'Check a new service’s IRSA plan and its image before the role, the ServiceAccount or any file is made',
    {
      ...PAYMENTS_API_ROLE_INPUT,
      image: { repository: 'payments/api', tag: '1.4.2' },
      owner: 'group:default/team-payments',
      description: 'Payments API',
    },
  ),
  templateExample(
    step,
    'Check a migration off a pull secret: the existing ServiceAccount, and the names of what goes away',
    {
      cluster: 'prod-use1',
      namespace: 'orders',
      serviceAccountName: 'orders-worker',
      repositories: ['orders/worker'],
      entityRef: 'component:default/orders-worker',
      names: {
        deployment: 'orders-worker',
        pullSecret: 'regcred',
        refresherCronJob: 'ecr-cred-refresher',
      },
    },
  ),
];
