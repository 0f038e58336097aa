import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { kubeConfigFor } from '../__testUtils__/kubeClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { Sandbox, startSandbox } from '../startSandbox';

describe('Kubernetes writes through @kubernetes/client-node', () => {
  let sandbox: Sandbox;
  let core: CoreV1Api;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: smallScenario });
    core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
  });
  afterAll(() => sandbox.stop());

  it('creates a ServiceAccount with server-owned metadata', async () => {
    const created = await core.createNamespacedServiceAccount({
      namespace: 'payments',
      body: {
        metadata: {
          name: 'checkout',
          annotations: {
            'eks.amazonaws.com/role-arn':
              'arn:aws:iam::111122223333:role/checkout',
          },
        },
      },
      fieldManager: 'ecr-access',
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(1000);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'ecr-access',
      operation: 'Update',
    });

    const duplicate = await core
      .createNamespacedServiceAccount({
        namespace: 'payments',
        body: { metadata: { name: 'checkout' } },
      })
      .catch(e => e);
    expect(duplicate.code).toBe(409);
    expect(JSON.parse(duplicate.body)).toMatchObject({
      reason: 'AlreadyExists',
      message: 'serviceaccounts "checkout" already exists',
    });

    const invalid = await core
      .createNamespacedServiceAccount({
        namespace: 'payments',
        body: { metadata: { name: 'Bad_Name' } },
      })
      .catch(e => e);
    expect(invalid.code).toBe(422);
    expect(JSON.parse(invalid.body)).toMatchObject({
      reason: 'Invalid',
      details: { causes: [{ field: 'metadata.name' }] },
    });

    const noNamespace = await core
      .createNamespacedServiceAccount({
        namespace: 'nowhere',
        body: { metadata: { name: 'x' } },
      })
      .catch(e => e);
    expect(noNamespace.code).toBe(404);
  });

  it('patches annotations with merge, strategic merge and JSON patches', async () => {
    const before = await core.readNamespacedServiceAccount({
      namespace: 'payments',
      name: 'payments-api',
    });
    const merged = await core.patchNamespacedServiceAccount(
      {
        namespace: 'payments',
        name: 'payments-api',
        body: {
          metadata: {
            annotations: {
              'eks.amazonaws.com/role-arn':
                'arn:aws:iam::111122223333:role/runtime',
            },
          },
        },
        fieldManager: 'ecr-access',
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.annotations).toEqual({
      'eks.amazonaws.com/ecr-role-arn':
        'arn:aws:iam::111122223333:role/irsa/payments-api-pull',
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/runtime',
    });
    expect(Number(merged.metadata?.resourceVersion)).toBeGreaterThan(
      Number(before.metadata?.resourceVersion),
    );
    expect(merged.metadata?.uid).toBe(before.metadata?.uid);
    const entry = merged.metadata?.managedFields?.find(
      f => f.manager === 'ecr-access',
    );
    expect(entry?.time!.getTime()).toBeGreaterThan(Date.now() - 5000);

    const strategic = await core.patchNamespacedServiceAccount(
      {
        namespace: 'payments',
        name: 'payments-api',
        body: { imagePullSecrets: [{ name: 'a' }] },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const again = await core.patchNamespacedServiceAccount(
      {
        namespace: 'payments',
        name: 'payments-api',
        body: {
          metadata: { annotations: { 'eks.amazonaws.com/role-arn': null } },
          imagePullSecrets: [{ name: 'b' }],
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.imagePullSecrets).toEqual([{ name: 'a' }]);
    expect(again.imagePullSecrets).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(
      again.metadata?.annotations?.['eks.amazonaws.com/role-arn'],
    ).toBeUndefined();

    // client-node's default patch type is JSON patch.
    const jsonPatched = await core.patchNamespacedServiceAccount({
      namespace: 'payments',
      name: 'payments-api',
      body: [
        { op: 'add', path: '/metadata/labels', value: { team: 'payments' } },
      ],
    });
    expect(jsonPatched.metadata?.labels).toEqual({ team: 'payments' });

    const stale = await core
      .patchNamespacedServiceAccount(
        {
          namespace: 'payments',
          name: 'payments-api',
          body: {
            metadata: {
              resourceVersion: before.metadata?.resourceVersion,
              labels: { x: 'y' },
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch(e => e);
    expect(stale.code).toBe(409);
    expect(JSON.parse(stale.body).reason).toBe('Conflict');
  });

  it('applies server-side: creates, merges, and reports conflicts unless forced', async () => {
    const apply = (body: object, fieldManager?: string, force?: boolean) =>
      core.patchNamespacedServiceAccount(
        { namespace: 'payments', name: 'ssa-demo', body, fieldManager, force },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
    const config = (annotations: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'ssa-demo', annotations },
    });
    const created = await apply(
      config({
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/a',
      }),
      'ecr-access',
    );
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'ecr-access',
      operation: 'Apply',
    });

    // Another manager takes over the annotation with a merge patch…
    await core.patchNamespacedServiceAccount(
      {
        namespace: 'payments',
        name: 'ssa-demo',
        body: {
          metadata: {
            annotations: {
              'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/b',
            },
          },
        },
        fieldManager: 'kubectl-edit',
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // …so applying another value conflicts with it, unless forced.
    const conflict = await apply(
      config({
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/c',
      }),
      'ecr-access',
    ).catch(e => e);
    expect(conflict.code).toBe(409);
    expect(JSON.parse(conflict.body).message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .metadata.annotations.eks.amazonaws.com/role-arn',
    );
    const forced = await apply(
      config({
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/c',
      }),
      'ecr-access',
      true,
    );
    expect(forced.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toBe(
      'arn:aws:iam::111122223333:role/c',
    );

    const noManager = await apply(config({}), undefined).catch(e => e);
    expect(noManager.code).toBe(422);
  });

  it('deletes and then answers 404', async () => {
    await core.createNamespacedServiceAccount({
      namespace: 'payments',
      body: { metadata: { name: 'short-lived' } },
    });
    const deleted = await core.deleteNamespacedServiceAccount({
      namespace: 'payments',
      name: 'short-lived',
    });
    expect(deleted.metadata?.name).toBe('short-lived');
    const missing = await core
      .readNamespacedServiceAccount({
        namespace: 'payments',
        name: 'short-lived',
      })
      .catch(e => e);
    expect(missing.code).toBe(404);
  });
});
