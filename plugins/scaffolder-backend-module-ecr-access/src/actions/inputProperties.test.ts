import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fc from 'fast-check';
import fs from 'node:fs';
import {
  badBoolean,
  badCluster,
  badDnsLabel,
  badDnsSubdomain,
  badEntityRef,
  badImage,
  badImagePullAuth,
  badRepositories,
  badReplicas,
  badRoleArn,
  badRoleName,
  outsideWorkspace,
} from '../__fixtures__/badValues';
import { fakePermissions } from '../__testUtils__/sandbox';
import { capturingAuditor } from '../__testUtils__/capturedAudit';
import { createApplyServiceAccountAction } from './applyServiceAccount';
import { createIrsaRoleAction } from './createIrsaRole';
import { createProvisionIrsaAction } from './provisionIrsa';
import { createRenderManifestsAction } from './renderManifests';

const config = new ConfigReader({
  ecrAccess: {
    clusters: [
      {
        name: 'prod-use1',
        accountId: '111122223333',
        region: 'us-east-1',
        imagePullAuth: 'service-account-token',
      },
    ],
    provisioning: { roleNamePrefix: 'irsa-', rolePath: '/backstage/' },
  },
});

/** Every AWS or Kubernetes client asked for: bad input must never get that far. */
const calls: string[] = [];
const recorded = (what: string) => async () => {
  calls.push(what);
  throw new Error(`${what} asked for with bad input`);
};
const options = {
  config,
  permissions: fakePermissions() as any,
  auditor: capturingAuditor(),
  aws: { iam: recorded('iam'), eks: recorded('eks') },
  clusters: { coreV1: recorded('kubernetes') },
};

const workspace = createMockDirectory();

const roleInput = {
  cluster: 'prod-use1',
  namespace: 'payments',
  serviceAccountName: 'payments-api',
  repositories: ['payments/api'],
  entityRef: 'component:default/payments-api',
  roleName: 'payments-api',
};
const roleFields = {
  cluster: badCluster,
  namespace: badDnsLabel,
  serviceAccountName: badDnsSubdomain,
  repositories: badRepositories,
  entityRef: badEntityRef,
  roleName: badRoleName,
};

/** Each action, a good input, and for every one of its inputs a generator of bad values. */
const actions = {
  'ecr-access:irsa:role:create': {
    action: createIrsaRoleAction(options),
    reaches: ['iam'],
    input: roleInput,
    bad: roleFields,
  },
  'ecr-access:irsa:provision': {
    action: createProvisionIrsaAction(options),
    reaches: ['iam'],
    input: { ...roleInput, kubernetesId: 'payments-api', adopt: false },
    bad: { ...roleFields, kubernetesId: badDnsLabel, adopt: badBoolean },
  },
  'ecr-access:serviceaccount:apply': {
    action: createApplyServiceAccountAction(options),
    reaches: ['kubernetes'],
    input: {
      cluster: 'prod-use1',
      namespace: 'payments',
      serviceAccountName: 'payments-api',
      roleArn: 'arn:aws:iam::111122223333:role/backstage/irsa-payments-api',
      entityRef: 'component:default/payments-api',
      kubernetesId: 'payments-api',
      adopt: false,
    },
    bad: {
      cluster: badCluster,
      namespace: badDnsLabel,
      serviceAccountName: badDnsSubdomain,
      roleArn: badRoleArn,
      entityRef: badEntityRef,
      kubernetesId: badDnsLabel,
      adopt: badBoolean,
    },
  },
  'ecr-access:manifests:render': {
    action: createRenderManifestsAction({ config }),
    reaches: [],
    input: {
      name: 'payments-api',
      namespace: 'payments',
      serviceAccountName: 'payments-api',
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.0',
      roleArn: 'arn:aws:iam::111122223333:role/backstage/irsa-payments-api',
      cluster: 'prod-use1',
      replicas: 2,
      targetPath: 'kubernetes',
      catalogInfoPath: 'catalog-info.yaml',
    },
    bad: {
      name: badDnsLabel,
      namespace: badDnsLabel,
      serviceAccountName: badDnsSubdomain,
      image: badImage,
      roleArn: badRoleArn,
      cluster: badCluster,
      imagePullAuth: badImagePullAuth,
      replicas: badReplicas,
      targetPath: outsideWorkspace,
      catalogInfoPath: fc.oneof(outsideWorkspace, fc.constant('')),
    },
  },
} as const;

// Property tests: whatever is wrong with one input, the action refuses with an InputError
// whose message begins with that input's name, before any AWS or Kubernetes client is asked
// for and before any file is written.
describe.each(Object.entries(actions))('bad input to %s', (_id, spec) => {
  const { action, input } = spec;
  const bad: Record<string, fc.Arbitrary<unknown>> = spec.bad;

  async function refusal(value: Record<string, unknown>) {
    calls.length = 0;
    workspace.clear();
    fs.writeFileSync(
      workspace.resolve('catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\n',
    );
    const before = workspace.content();
    const ctx = createMockActionContext({
      input: value as any,
      workspacePath: workspace.path,
    });
    const error = await action.handler(ctx as any).then(
      () => undefined,
      e => e,
    );
    return { error, ctx, unchanged: before };
  }

  it('accepts the good input (so each refusal below is the bad field)', async () => {
    const { error } = await refusal(input);
    // The role actions reach for their clients once the input is good (the recorded clients
    // then fail them); the render action writes its files.
    expect({ calls, refused: error?.name === 'InputError' }).toEqual({
      calls: spec.reaches,
      refused: false,
    });
  });

  it('has a generator for every input it takes', () => {
    expect(Object.keys(bad).sort()).toEqual(
      Object.keys((action.schema!.input as any).properties).sort(),
    );
  });

  it.each(Object.keys(bad))(
    'refuses any bad %s, naming it, with no call and no file written',
    async field => {
      await fc.assert(
        fc.asyncProperty(bad[field], async value => {
          const { error, ctx, unchanged } = await refusal({
            ...input,
            [field]: value,
          });
          expect(error?.name).toBe('InputError');
          expect(error.message.startsWith(field)).toBe(true);
          expect(calls).toEqual([]);
          expect(ctx.output).not.toHaveBeenCalled();
          expect(workspace.content()).toEqual(unchanged);
        }),
        { numRuns: 150 },
      );
    },
  );

  const required: string[] = (action.schema!.input as any).required ?? [];

  it.each(required)('refuses the input without %s, naming it', async field => {
    const { [field]: _omitted, ...rest } = input as Record<string, unknown>;
    const { error } = await refusal(rest);
    expect(error?.name).toBe('InputError');
    expect(error.message).toBe(`${field}: Required`);
    expect(calls).toEqual([]);
  });
});
