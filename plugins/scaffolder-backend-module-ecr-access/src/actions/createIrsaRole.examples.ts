import { ACTION_IDS } from './actionIds';
import {
  ExampleStep,
  PAYMENTS_API_ROLE_INPUT,
  templateExample,
} from './templateExample';

const step: ExampleStep = {
  id: 'role',
  action: ACTION_IDS.createIrsaRole,
  name: 'Create the IAM role',
};

export const examples = [
  templateExample(
    step,
    'Create the IRSA role of a new service, allowed to pull from its own ECR repository only',
    PAYMENTS_API_ROLE_INPUT,
  ),
  templateExample(
    step,
    'Name the role explicitly and allow pulls from a shared repository of another account',
    {
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
  ),
];
