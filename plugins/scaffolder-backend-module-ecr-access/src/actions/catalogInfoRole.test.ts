import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { ROLE_ARN_ENTITY_ANNOTATION } from './catalogInfoRole';
import { createRenderManifestsAction } from './renderManifests';

const roleArn = 'arn:aws:iam::111122223333:role/backstage/irsa-payments-api';
const input = {
  name: 'payments-api',
  namespace: 'payments',
  serviceAccountName: 'payments-api',
  image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.0',
  roleArn,
  catalogInfoPath: 'catalog-info.yaml',
};

// As the new-service skeleton renders it: a comment and the Kubernetes plugin's annotations.
const skeletonEntity = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    # The Kubernetes plugin's annotations, by which ecr-access finds the workloads.
    backstage.io/kubernetes-id: payments-api
    backstage.io/kubernetes-namespace: payments
spec:
  type: service
  owner: group:default/team-payments
`;

describe('ecr-access:manifests:render records the role on the new entity', () => {
  const workspace = createMockDirectory();
  const action = createRenderManifestsAction();

  async function render(files: Record<string, string>, extra = {}) {
    workspace.setContent(files);
    const ctx = createMockActionContext({
      input: { ...input, ...extra } as any,
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    return ctx;
  }
  const read = (file: string) => readFileSync(workspace.resolve(file), 'utf8');

  it(`adds ${ROLE_ARN_ENTITY_ANNOTATION}, keeping the rest of the file as written`, async () => {
    const ctx = await render({ 'catalog-info.yaml': skeletonEntity });
    const text = read('catalog-info.yaml');
    expect(parse(text).metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'payments-api',
      'backstage.io/kubernetes-namespace': 'payments',
      'ecr-access.io/role-arn': roleArn,
    });
    expect(text).toContain(
      "# The Kubernetes plugin's annotations, by which ecr-access finds the workloads.",
    );
    expect(parse(text).spec).toEqual(parse(skeletonEntity).spec);
    // files lists the Kubernetes manifests only: a later step may apply them to a cluster
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'kubernetes/serviceaccount.yaml',
      'kubernetes/deployment.yaml',
    ]);
  });

  it('gives an entity without annotations its first one', async () => {
    await render(
      {
        'service/catalog-info.yaml':
          'kind: Component\nmetadata:\n  name: payments-api\n',
      },
      { catalogInfoPath: 'service/catalog-info.yaml' },
    );
    expect(
      parse(read('service/catalog-info.yaml')).metadata.annotations,
    ).toEqual({ 'ecr-access.io/role-arn': roleArn });
  });

  it('in a file of several entities, annotates the service only', async () => {
    const api = 'kind: API\nmetadata:\n  name: payments-openapi\n';
    const byId =
      'kind: Component\nmetadata:\n  name: payments\n  annotations:\n    backstage.io/kubernetes-id: payments-api\n';
    await render({
      'catalog-info.yaml': `${api}---\n${byId}---\n${api.replace(
        'payments-openapi',
        'other',
      )}`,
    });
    const docs = parseAllDocuments(read('catalog-info.yaml')).map(d =>
      d.toJS(),
    );
    expect(
      docs.map(d => d.metadata.annotations?.['ecr-access.io/role-arn']),
    ).toEqual([undefined, roleArn, undefined]);
  });

  it.each([
    [{}, /^catalogInfoPath: no such file in the workspace/],
    [
      {
        'catalog-info.yaml':
          'kind: API\nmetadata:\n  name: a\n---\nkind: API\nmetadata:\n  name: b\n',
      },
      /^catalogInfoPath: the file has no entity named payments-api/,
    ],
    [{ 'catalog-info.yaml': 'just a string\n' }, /^catalogInfoPath: /],
    [
      { 'catalog-info.yaml': 'metadata:\n  annotations: [a]\n' },
      /^catalogInfoPath: /,
    ],
    [
      { 'catalog-info.yaml': 'metadata: {\n' },
      /^catalogInfoPath: the file is not valid YAML/,
    ],
  ])(
    'refuses %j, naming catalogInfoPath, and writes nothing',
    async (files, message) => {
      await expect(render(files)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(workspace.content()).toEqual(files);
    },
  );

  it('leaves catalog-info.yaml alone when catalogInfoPath is not given', async () => {
    await render(
      { 'catalog-info.yaml': skeletonEntity },
      { catalogInfoPath: undefined },
    );
    expect(read('catalog-info.yaml')).toBe(skeletonEntity);
  });
});
