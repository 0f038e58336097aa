import { ACTION_IDS } from './actionIds';
import { ExampleStep, templateExample } from './templateExample';

const step: ExampleStep = {
  id: 'removal',
  action: ACTION_IDS.renderRemoval,
  name: 'Render what goes away',
};

export const examples = [
  templateExample(
    step,
    'List the pull secret and its refresher for removal, and the kubectl line that deletes them',
    {
      namespace: 'orders',
      deployment: 'orders-worker',
      pullSecret: 'regcred',
      refresherCronJob: 'ecr-cred-refresher',
    },
  ),
];
