import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createRenderManifestsAction } from './renderManifests';

const input = {
  name: 'payments-api',
  namespace: 'payments',
  serviceAccountName: 'payments-api',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.4.2',
  roleArn: 'arn:aws:iam::123456789012:role/backstage/irsa-payments-api',
};

describe('ecr-access:manifests:render', () => {
  const workspace = createMockDirectory();
  const action = createRenderManifestsAction();

  beforeEach(() => workspace.clear());

  const readManifest = (file: string) =>
    readFileSync(join(workspace.path, file), 'utf8');

  async function run(extra: Record<string, unknown> = {}) {
    const ctx = createMockActionContext({
      input: { ...input, ...extra } as any,
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    return ctx;
  }

  it('writes a ServiceAccount with the IRSA role and a Deployment without pull secrets', async () => {
    const ctx = await run();
    const serviceAccount = parse(
      readManifest('kubernetes/serviceaccount.yaml'),
    );
    const deployment = parse(readManifest('kubernetes/deployment.yaml'));

    expect(serviceAccount).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'payments-api',
        namespace: 'payments',
        labels: {
          'backstage.io/kubernetes-id': 'payments-api',
          'app.kubernetes.io/name': 'payments-api',
        },
        annotations: { 'eks.amazonaws.com/role-arn': input.roleArn },
      },
    });
    expect(deployment.spec.template.spec).toEqual({
      serviceAccountName: 'payments-api',
      containers: [{ name: 'payments-api', image: input.image }],
    });
    expect(deployment.spec.template.spec.imagePullSecrets).toBeUndefined();
    expect(deployment.metadata.labels['backstage.io/kubernetes-id']).toBe(
      'payments-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'kubernetes/serviceaccount.yaml',
      'kubernetes/deployment.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'serviceAccount',
      'payments/payments-api',
    );
  });

  it('adds ecr-role-arn only where kubelets pull with service-account tokens', async () => {
    await run({ imagePullAuth: 'service-account-token', targetPath: 'deploy' });
    const serviceAccount = parse(readManifest('deploy/serviceaccount.yaml'));
    expect(serviceAccount.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': input.roleArn,
      'eks.amazonaws.com/ecr-role-arn': input.roleArn,
    });
  });

  it('takes imagePullAuth from the named cluster', async () => {
    const configured = createRenderManifestsAction({
      config: new ConfigReader({
        ecrAccess: {
          clusters: [
            {
              name: 'prod-use1',
              accountId: '111122223333',
              region: 'us-east-1',
              imagePullAuth: 'service-account-token',
            },
          ],
        },
      }),
    });
    const ctx = createMockActionContext({
      input: { ...input, cluster: 'prod-use1' } as any,
      workspacePath: workspace.path,
    });
    await configured.handler(ctx as any);
    const serviceAccount = parse(
      readManifest('kubernetes/serviceaccount.yaml'),
    );
    expect(
      serviceAccount.metadata.annotations['eks.amazonaws.com/ecr-role-arn'],
    ).toBe(input.roleArn);
    const unknown = createMockActionContext({
      input: { ...input, cluster: 'staging' } as any,
      workspacePath: workspace.path,
    });
    await expect(configured.handler(unknown as any)).rejects.toThrow(
      "cluster: 'staging' is not configured",
    );
  });

  it('refuses a target path outside the workspace', async () => {
    await expect(run({ targetPath: '../outside' })).rejects.toThrow(/outside/i);
  });

  it.each([
    ['name', 'Payments_API'],
    ['namespace', 'a'.repeat(64)],
    ['serviceAccountName', '-sa'],
    ['image', '123456789012.dkr.ecr.us-east-1.amazonaws.com/*'],
    ['image', '/payments/api:'],
    ['roleArn', 'arn:aws:iam::1234:role/x'],
    ['imagePullAuth', 'irsa'],
    ['replicas', 1.5],
  ])(
    'rejects a bad %s as the scaffolder validates it, naming the field',
    (field, value) => {
      const result = validate(
        { ...input, [field]: value },
        action.schema!.input as any,
      );
      expect(result.valid).toBe(false);
      expect(result.errors.map(e => e.property)).toContain(`instance.${field}`);
    },
  );

  it('accepts the documented input', () => {
    expect(validate(input, action.schema!.input as any).errors).toEqual([]);
  });
});
