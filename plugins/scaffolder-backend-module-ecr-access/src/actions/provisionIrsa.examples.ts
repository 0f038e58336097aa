import { ACTION_IDS } from './actionIds';
import {
  ExampleStep,
  PAYMENTS_API_ROLE_INPUT,
  templateExample,
} from './templateExample';

const step: ExampleStep = {
  id: 'irsa',
  action: ACTION_IDS.provisionIrsa,
  name: 'Provision IRSA',
};

export const examples = [
  templateExample(
    step,
    'Provision IRSA for a new service: its IAM role and its ServiceAccount, all or nothing',
    PAYMENTS_API_ROLE_INPUT,
  ),
  templateExample(
    step,
    'Move an existing service off its pull secret: its existing ServiceAccount is patched, not replaced',
    {
      cluster: 'prod-use1',
      namespace: 'orders',
      serviceAccountName: 'orders-worker',
      repositories: ['orders/worker'],
      entityRef: 'component:default/orders-worker',
      kubernetesId: 'orders-worker',
    },
  ),
];
