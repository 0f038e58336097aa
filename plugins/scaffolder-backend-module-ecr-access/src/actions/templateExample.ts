import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** The step of a template that calls the action; the same in every example of one action. */
export interface ExampleStep {
  id: string;
  /** A condition, e.g. `${{ failure() }}` for a step that runs only after a failure. */
  if?: string;
  action: string;
  name: string;
}

/** An example as the scaffolder shows it: a template of one step, the action with `input`. */
export function templateExample(
  step: ExampleStep,
  description: string,
  input: Record<string, unknown>,
): TemplateExample {
  return {
    description,
    example: stringify({ steps: [{ ...step, input }] }),
  };
}

/**
 * The service the first example of each role action provisions: the demo's `payments-api`
 * on `prod-use1`, pulling from its own repository only.
 */
export const PAYMENTS_API_ROLE_INPUT = {
  cluster: 'prod-use1',
  namespace: 'payments',
  serviceAccountName: 'payments-api',
  repositories: ['payments/api'],
  entityRef: 'component:default/payments-api',
};
