import type { Sandbox } from '@ecr-access/sandbox';
import {
  AWS_SECRET_ACCESS_KEY,
  expectNoSecrets,
  expectNothingSecretSaid,
  recordSaid,
} from './secretsSaid';

// The secrets check is itself a test of every e2e test: it must catch each way a secret could
// come out, or its silence proves nothing.
describe('the secrets check', () => {
  const sandbox = {
    canary: 'ECR_ACCESS_CANARY_0123456789abcdef',
    clusters: [{ token: 'sandbox-prod-use1-0a1b2c3d4e5f' }],
  } as unknown as Sandbox;
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  // A pull secret's data as the kubelet reads it, holding the canary as the sandbox does.
  const password = b64(JSON.stringify({ payload: sandbox.canary }));
  const dockerconfigjson = b64(
    JSON.stringify({
      auths: {
        'r.example': { password, auth: b64(`AWS:${password}`) },
      },
    }),
  );

  it.each([
    ['the canary as is', { message: `token ${sandbox.canary}` }],
    ['the canary in base64', [b64(sandbox.canary)]],
    ['.dockerconfigjson content', { data: dockerconfigjson }],
    ['a cluster token', 'Bearer sandbox-prod-use1-0a1b2c3d4e5f'],
    ['the AWS secret key', { secretAccessKey: AWS_SECRET_ACCESS_KEY }],
    ['an error message', [new Error(`denied for ${sandbox.canary}`)]],
  ])('finds %s', (_what, value) => {
    expect(() => expectNoSecrets(sandbox, { output: value })).toThrow(
      /output holds/,
    );
  });

  it('lets ordinary output through', () => {
    expect(() =>
      expectNoSecrets(sandbox, {
        output: {
          roleArn: 'arn:aws:iam::111122223333:role/backstage/irsa-payments-api',
          encoded: b64('nothing secret in here at all'),
        },
      }),
    ).not.toThrow();
  });

  it('checks everything recorded since the last check, once', () => {
    recordSaid('log lines', [['info', `leaked ${sandbox.canary}`]]);
    expect(() => expectNothingSecretSaid(sandbox)).toThrow(/log lines#0/);
    expect(expectNothingSecretSaid(sandbox)).toBe(0);
  });
});
