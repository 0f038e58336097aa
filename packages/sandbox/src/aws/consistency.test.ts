import {
  CreateRoleCommand,
  GetRoleCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { awsClients } from '../__testUtils__/awsClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { Sandbox, startSandbox } from '../startSandbox';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
    },
  ],
});

describe('IAM eventual consistency', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: { ...smallScenario, iamPropagation: '300ms' },
    });
  });
  afterAll(() => sandbox.stop());

  it('hides a new role from reads and STS until it has propagated', async () => {
    const { iam, sts } = awsClients(sandbox, { maxAttempts: 1 });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'fresh',
        AssumeRolePolicyDocument: TRUST,
      }),
    );
    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'fresh' })),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    const denied = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111122223333:role/fresh',
          RoleSessionName: 's',
        }),
      )
      .catch(e => e);
    expect(denied.name).toBe('AccessDenied');
    await new Promise(r => setTimeout(r, 350));
    expect(
      (await iam.send(new GetRoleCommand({ RoleName: 'fresh' }))).Role
        ?.RoleName,
    ).toBe('fresh');
    expect(
      (
        await sts.send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::111122223333:role/fresh',
            RoleSessionName: 's',
          }),
        )
      ).Credentials,
    ).toBeDefined();
  });

  it('can be switched off at run time', async () => {
    sandbox.setIamPropagation(0);
    const { iam } = awsClients(sandbox);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'instant',
        AssumeRolePolicyDocument: TRUST,
      }),
    );
    expect(
      (await iam.send(new GetRoleCommand({ RoleName: 'instant' }))).Role
        ?.RoleName,
    ).toBe('instant');
  });
});
