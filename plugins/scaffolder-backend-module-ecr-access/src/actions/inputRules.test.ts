import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { fakePermissions } from '../__testUtils__/sandbox';
import { capturingAuditor } from '../__testUtils__/capturedAudit';
import { createApplyServiceAccountAction } from './applyServiceAccount';
import { createIrsaRoleAction } from './createIrsaRole';
import { createProvisionIrsaAction } from './provisionIrsa';

const config = new ConfigReader({
  ecrAccess: {
    clusters: [
      { name: 'prod-use1', accountId: '111122223333', region: 'us-east-1' },
    ],
    provisioning: { roleNamePrefix: 'irsa-' },
  },
});

// Any AWS or Kubernetes call fails the test: these rules must hold before any I/O.
const noCalls = () => {
  throw new Error('no AWS or Kubernetes call expected');
};
const options = (result = AuthorizeResult.ALLOW) => ({
  config,
  permissions: fakePermissions(result) as any,
  auditor: capturingAuditor(),
  aws: { iam: noCalls, eks: noCalls } as any,
  clusters: { coreV1: noCalls } as any,
});

const roleInput = {
  cluster: 'prod-use1',
  namespace: 'payments',
  serviceAccountName: 'payments-api',
  repositories: ['payments/api'],
  entityRef: 'component:default/payments-api',
};
const serviceAccountInput = {
  cluster: 'prod-use1',
  namespace: 'payments',
  serviceAccountName: 'payments-api',
  roleArn: 'arn:aws:iam::111122223333:role/irsa-payments-api',
};

const actions = [
  ['ecr-access:irsa:role:create', createIrsaRoleAction, roleInput],
  ['ecr-access:irsa:provision', createProvisionIrsaAction, roleInput],
  [
    'ecr-access:serviceaccount:apply',
    createApplyServiceAccountAction,
    serviceAccountInput,
  ],
] as const;

const badValues: Array<[string, unknown]> = [
  ['cluster', ''],
  ['namespace', 'Payments'],
  ['namespace', 'a'.repeat(64)],
  ['serviceAccountName', '-sa'],
  ['serviceAccountName', 'sa_1'],
  ['repositories', []],
  ['repositories', ['payments/*']],
  ['entityRef', 'payments-api'],
  ['roleName', 'a/b'],
  ['roleName', 'x'.repeat(65)],
  ['roleArn', 'arn:aws:iam::1234:role/x'],
  ['roleArn', 'arn:aws:iam::111122223333:role/*'],
  ['adopt', 'yes'],
  ['kubernetesId', 'Payments'],
];

describe.each(actions)('input rules of %s', (id, factory, input) => {
  const action = factory(options());
  const properties = (action.schema!.input as any).properties;

  it('has its id', () => expect(action.id).toBe(id));

  it('accepts the documented input, and every field is described', () => {
    const schema = action.schema!.input as any;
    expect(validate(input, schema).errors).toEqual([]);
    for (const [field, property] of Object.entries<any>(schema.properties)) {
      expect([field, property.description]).toEqual([
        field,
        expect.any(String),
      ]);
    }
    for (const property of Object.values<any>(
      (action.schema!.output as any).properties,
    )) {
      expect(property.description).toEqual(expect.any(String));
    }
  });

  it.each(badValues.filter(([field]) => field in properties))(
    'rejects %s = %j, naming the field',
    (field, value) => {
      const schema = action.schema!.input as any;
      const result = validate({ ...input, [field]: value }, schema);
      expect(result.valid).toBe(false);
      expect(result.errors.map(e => e.property).join()).toContain(
        `instance.${field}`,
      );
    },
  );

  async function run(extra: object, result?: AuthorizeResult) {
    const act = factory(options(result as any));
    const ctx = createMockActionContext({
      input: { ...input, ...extra } as any,
    });
    await act.handler(ctx as any);
  }

  it('refuses a cluster that is not configured', async () => {
    await expect(run({ cluster: 'staging' })).rejects.toThrow(
      "cluster: 'staging' is not configured in ecrAccess.clusters (configured: prod-use1)",
    );
  });

  it('refuses without the provisioning permission', async () => {
    await expect(run({}, AuthorizeResult.DENY)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('ecr-access.irsa.provision'),
    });
  });

  if ('repositories' in input) {
    it.each([
      [
        { roleName: 'r'.repeat(60) },
        /^roleName: .*after the prefix 'irsa-'; IAM allows 64/,
      ],
      [
        { namespace: 'n'.repeat(30), serviceAccountName: 's'.repeat(30) },
        /^namespace and serviceAccountName: /,
      ],
      [
        {
          repositories: [
            'arn:aws-cn:ecr:cn-north-1:111122223333:repository/x1',
          ],
        },
        /^repositories\[0\]: .*partition aws-cn/,
      ],
      [{ repositories: ['payments/api', 'Bad_Name'] }, /^repositories\[1\]: /],
    ])('refuses %j before any call', async (extra, message) => {
      await expect(run(extra)).rejects.toThrow(message);
    });
  }
});
