import { loadScenarioFile, Scenario } from '@ecr-access/sandbox';
import { DEMO_SCENARIO } from '@ecr-access/test-utils';
import { findingCodes, useDemoPlugin } from '../__testUtils__/demoPlugin';

jest.setTimeout(120_000);

/*
 * Same-account repository policies (issue #14), through the whole plugin over the sandbox:
 * the collector reads every repository's policy, and the engine follows IAM's "Policy
 * evaluation logic": an explicit Deny in the repository policy refuses the pull even to a role
 * of the repository's own account, and an Allow naming the role grants the pull without any
 * identity-policy Allow (a resource-based policy naming the principal grants within the
 * account).
 */
const PAYMENTS_ROLE = 'arn:aws:iam::111122223333:role/irsa/irsa-payments-api';
const EMAIL_ROLE = 'arn:aws:iam::111122223333:role/irsa/irsa-email-relay';

function withRepositoryPolicies(): Scenario {
  const scenario = loadScenarioFile(DEMO_SCENARIO);
  const platform = scenario.accounts.find(a => a.id === '111122223333')!;
  const policy = (effect: 'Allow' | 'Deny', principal: string) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: `${effect}Pull`,
        Effect: effect,
        Principal: { AWS: principal },
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      },
    ],
  });
  // The token call cannot be granted by a repository policy (it is not a repository action):
  // the role asks for it itself, and nothing more.
  const email = platform.roles.find(r => r.name === 'irsa-email-relay')!;
  email.inlinePolicies['ecr-token'] = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ],
  };
  for (const repo of platform.repositories) {
    if (repo.name === 'payments/api')
      repo.policy = policy('Deny', PAYMENTS_ROLE);
    if (repo.name === 'email/relay') repo.policy = policy('Allow', EMAIL_ROLE);
  }
  return scenario;
}

describe('same-account repository policies, over HTTP', () => {
  const plugin = useDemoPlugin({ scenario: withRepositoryPolicies() });

  it("a Deny in the repository's own policy refuses its own account's IRSA role", async () => {
    const body = await plugin().status('payments-api');
    expect(body.health).toBe('error');
    expect(findingCodes(body)).toEqual(['ROLE_LACKS_ECR_PULL']);
    expect(body.findings[0].message).toContain(
      'the repository policy of arn:aws:ecr:us-east-1:111122223333:repository/payments/api denies the pull',
    );
    expect(body.summary).toMatch(
      /^Pulls with IRSA \(role irsa-payments-api\) on prod-use1 fail: the repository policy/,
    );
  });

  it('an Allow naming the role grants the pull without an identity-policy Allow', async () => {
    // irsa-email-relay's own policies grant S3 and the token call only: no pull on any
    // repository (the demo's ROLE_LACKS_ECR_PULL case without the repository policy).
    const body = await plugin().status('email-relay');
    expect(findingCodes(body)).toEqual([]);
    expect(body.health).toBe('ok');
    expect(body.summary).toBe(
      'Pulls use IRSA (role irsa-email-relay) on prod-use1',
    );
  });
});

describe('a repository policy that cannot be read', () => {
  const plugin = useDemoPlugin({
    faults: [
      {
        api: 'ecr',
        operation: 'GetRepositoryPolicy',
        error: {
          status: 400,
          code: 'AccessDeniedException',
          message: 'not authorized to perform: ecr:GetRepositoryPolicy',
        },
      },
    ],
  });

  it('leaves the pull unknown, never "no policy"', async () => {
    const body = await plugin().status('payments-api');
    expect(body.health).toBe('unknown');
    expect(findingCodes(body)).toEqual(['IAM_FACTS_MISSING']);
    expect(body.summary).toMatch(
      /^Pulls are set up to use IRSA \(role irsa-payments-api\) on prod-use1, but whether it can pull is unknown: the repository policy of .*payments\/api was not read/,
    );
  });
});
