import { ACTION_IDS } from './actionIds';
import { ExampleStep, templateExample } from './templateExample';

const step: ExampleStep = {
  id: 'manifests',
  action: ACTION_IDS.renderManifests,
  name: 'Render Kubernetes manifests',
};

export const examples = [
  templateExample(
    step,
    'Render the manifests of a service on a cluster whose kubelets pull with the node role',
    {
      name: 'payments-api',
      namespace: 'payments',
      serviceAccountName: 'payments-api',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.4.2',
      roleArn: 'arn:aws:iam::123456789012:role/backstage/irsa-payments-api',
    },
  ),
  templateExample(
    step,
    'Render them for a cluster whose kubelets pull with service-account tokens, so the role also serves image pulls',
    {
      name: 'orders-worker',
      namespace: 'orders',
      serviceAccountName: 'orders-worker',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker:2.0.0',
      roleArn: 'arn:aws:iam::123456789012:role/irsa-orders-worker',
      imagePullAuth: 'service-account-token',
      replicas: 3,
      targetPath: 'deploy',
    },
  ),
];
