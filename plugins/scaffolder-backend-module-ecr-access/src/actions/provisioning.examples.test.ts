import { ConfigReader } from '@backstage/config';
import { DEMO_SCENARIO, useSandbox } from '@ecr-access/test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { mockContext, sandboxOptions, writes } from '../__testUtils__/sandbox';
import { createApplyServiceAccountAction } from './applyServiceAccount';
import { createIrsaRoleAction } from './createIrsaRole';
import { createProvisionIrsaAction } from './provisionIrsa';
import { createRollbackIrsaAction } from './rollbackIrsa';
import { createValidatePlanAction } from './validatePlan';

// Each example's input is valid for the action's schema and runs, as a dry run, against the
// demo scenario whose cluster and repository names the examples use.
describe('examples of the provisioning actions', () => {
  const sandbox = useSandbox({ scenario: DEMO_SCENARIO, region: 'us-east-1' });

  const factories = [
    createValidatePlanAction,
    createIrsaRoleAction,
    createApplyServiceAccountAction,
    createProvisionIrsaAction,
    createRollbackIrsaAction,
  ];
  const cases = factories.flatMap(factory => {
    const probe = factory({
      config: new ConfigReader({}),
      aws: {},
      clusters: {},
    } as any);
    return probe.examples!.map(
      e => [`${probe.id}: ${e.description}`, factory, e.example] as const,
    );
  });

  it.each(cases)('%s', async (_name, factory, example) => {
    const action = factory(sandboxOptions(sandbox()));
    const step = parse(example).steps[0];
    expect(step.action).toBe(action.id);
    const input = {
      ...step.input,
      // a template expression is filled in by the scaffolder before the action runs
      ...(typeof step.input.roleArn === 'string' &&
        step.input.roleArn.startsWith('${{') && {
          roleArn: 'arn:aws:iam::111122223333:role/irsa-payments-api',
        }),
    };
    expect(validate(input, action.schema!.input as any).errors).toEqual([]);
    sandbox().resetRequestCounts();
    await action.handler(mockContext(input, true) as any);
    expect(writes(sandbox())).toEqual({});
  });
});
