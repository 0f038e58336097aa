import { ACTION_IDS } from './actionIds';
import {
  ExampleStep,
  PAYMENTS_API_ROLE_INPUT,
  templateExample,
} from './templateExample';

const step: ExampleStep = {
  id: 'rollback',
  if: '${{ failure() }}',
  action: ACTION_IDS.rollbackIrsa,
  name: 'Undo the IAM role and ServiceAccount if a later step failed',
};

export const examples = [
  templateExample(
    step,
    'The last step of a template: runs only after a failure, and undoes what the provisioning step (id irsa) created',
    {
      ...PAYMENTS_API_ROLE_INPUT,
      outcome: '${{ steps.irsa.output.outcome }}',
      serviceAccountOutcome: '${{ steps.irsa.output.serviceAccountOutcome }}',
    },
  ),
];
