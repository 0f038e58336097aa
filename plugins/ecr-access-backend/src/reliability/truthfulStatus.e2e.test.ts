import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  findingCodes as codes,
  useDemoPlugin,
} from '../__testUtils__/demoPlugin';

jest.setTimeout(120_000);

/*
 * Issue #14, "Never mask a finding" and "A sentence that never contradicts health", through
 * the whole plugin: the scheduled audit over real HTTP to the sandbox's clusters and AWS, the
 * store, and the authenticated API. Every cluster of the demo is up here (the down cluster is
 * the subject of other suites), so each entity's status is its workloads' alone.
 */
describe('statuses that tell the truth, over HTTP', () => {
  const plugin = useDemoPlugin();

  const status = (name: string) => plugin().status(name);
  const get = (path: string) => plugin().get(path);

  it('keeps an expired secret findable when the node role pulls in its place', async () => {
    const body = await status('ledger-sync');
    expect(codes(body)).toEqual(
      expect.arrayContaining(['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE']),
    );
    expect(body.mechanisms).toEqual(['node-role', 'static-secret']);
    expect(body.health).toBe('warning');
    expect(body.summary).toMatch(
      /^Pulls use a static secret that expired \d+ (h|days) ago; the node role pulls in its place$/,
    );
    const container = body.workloads[0].containers[0];
    expect(container).toMatchObject({
      pullAuth: 'static-secret',
      effectivePullAuth: 'node-role',
    });

    for (const query of ['finding=SECRET_EXPIRED', 'mechanism=static-secret']) {
      const audit = await get(`/audit?${query}`);
      expect(audit.status).toBe(200);
      expect(
        audit.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toContain('component:default/ledger-sync');
    }
  });

  it.each([
    ['shipping-api', 'irsa-shipping-api', 'TRUST_POLICY_MISMATCH'],
    ['ml-feature-store', 'irsa-ml-feature-store', 'OIDC_PROVIDER_MISSING'],
    ['risk-models', 'irsa-risk-models', 'CROSS_ACCOUNT_NOT_ALLOWED'],
    ['email-relay', 'irsa-email-relay', 'ROLE_LACKS_ECR_PULL'],
  ])(
    'never says "Pulls use IRSA" for %s, whose role %s cannot pull (%s)',
    async (name, role, code) => {
      const body = await status(name);
      expect(body.health).toBe('error');
      expect(codes(body)).toContain(code);
      expect(body.summary).not.toMatch(/^Pulls use IRSA/);
      expect(body.summary).toMatch(
        new RegExp(`^Pulls with IRSA \\(role ${role}\\) on prod-use1 fail: `),
      );
      const message = body.findings.find(
        (f: { code: string }) => f.code === code,
      ).message;
      expect(body.summary).toContain(message);
    },
  );

  it('still says "Pulls use IRSA" where the role can pull', async () => {
    const body = await status('payments-api');
    expect(body.health).toBe('ok');
    expect(body.summary).toBe(
      'Pulls use IRSA (role irsa-payments-api) on prod-use1',
    );
  });

  it("checks the pod's own role for breadth after it is granted ECR writes", async () => {
    const before = await status('catalog-web');
    expect(codes(before)).not.toContain('POLICY_TOO_BROAD');
    const iam = new IAMClient({
      endpoint: plugin().sandbox.awsEndpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIAECRACCESSDEMO0001',
        secretAccessKey: 'sandbox',
      },
    });
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'catalog-web-runtime',
        PolicyName: 'push-anything',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }],
        }),
      }),
    );
    const refreshed = await plugin().post(
      '/entities/component/default/catalog-web/refresh',
    );
    expect(refreshed.status).toBeLessThan(300);
    const after = await status('catalog-web');
    const broad = after.findings.find(
      (f: { code: string }) => f.code === 'POLICY_TOO_BROAD',
    );
    expect(broad?.subject).toMatch(/catalog-web-runtime$/);
    expect(broad?.message).toContain('runtime role');
    expect(after.health).toBe('warning');
  });
});
