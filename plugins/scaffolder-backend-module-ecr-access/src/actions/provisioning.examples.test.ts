import { ConfigReader } from '@backstage/config';
import { Sandbox, startSandbox } from '@ecr-access/sandbox';
import { validate } from 'jsonschema';
import path from 'node:path';
import { parse } from 'yaml';
import { mockContext, sandboxOptions, writes } from '../__testUtils__/sandbox';
import { createApplyServiceAccountAction } from './applyServiceAccount';
import { createIrsaRoleAction } from './createIrsaRole';
import { createProvisionIrsaAction } from './provisionIrsa';

const DEMO = path.resolve(__dirname, '../../../../examples/sandbox/demo.yaml');

// Each example's input is valid for the action's schema and runs, as a dry run, against the
// demo scenario whose cluster and repository names the examples use.
describe('examples of the provisioning actions', () => {
  let sandbox: Sandbox;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: DEMO });
    process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
    process.env.AWS_REGION = 'us-east-1';
  });
  afterAll(async () => {
    process.env = savedEnv;
    await sandbox?.stop();
  });

  const factories = [
    createIrsaRoleAction,
    createApplyServiceAccountAction,
    createProvisionIrsaAction,
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
    const action = factory(sandboxOptions(sandbox));
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
    sandbox.resetRequestCounts();
    await action.handler(mockContext(input, true) as any);
    expect(writes(sandbox)).toEqual({});
  });
});
