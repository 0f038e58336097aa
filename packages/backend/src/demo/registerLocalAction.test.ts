import { createMockDirectory } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { createRegisterLocalAction } from './registerLocalAction';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: web
  annotations:
    backstage.io/kubernetes-id: web
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-platform
`;

const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', namespace: 'default' },
  spec: {},
};

describe('ecr-access-demo:catalog:register-local', () => {
  const workspace = createMockDirectory();
  const published = createMockDirectory();

  beforeEach(() => {
    workspace.setContent({
      'catalog-info.yaml': CATALOG_INFO,
      'kubernetes/deployment.yaml': 'kind: Deployment\n',
    });
    published.clear();
  });

  async function run(
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    isDryRun = false,
  ) {
    const action = createRegisterLocalAction({
      catalog,
      publishDirectory: published.path,
      waitForEntity: { timeoutMs: 500, intervalMs: 10 },
    });
    // The mock context drops isDryRun: set it on the context it returns.
    const ctx = {
      ...createMockActionContext({
        input: { name: 'web' },
        workspacePath: workspace.path,
      }),
      isDryRun,
    };
    await action.handler(ctx as any);
    return ctx;
  }

  const target = () => path.join(published.path, 'web', 'catalog-info.yaml');
  const location = () => ({
    id: '1',
    type: 'file',
    target: target(),
    entityRef: 'location:default/generated-1',
  });

  it('publishes the workspace, registers its catalog-info.yaml as a file location and waits for the entity', async () => {
    const catalog = catalogServiceMock.mock({
      getLocationByRef: jest.fn(async () => undefined),
      addLocation: jest.fn(async () => ({
        location: location(),
        entities: [],
      })),
      // The catalog processes the location in the background: not there on the first reads.
      getEntityByRef: jest
        .fn()
        .mockResolvedValueOnce(undefined)
        .mockResolvedValueOnce(undefined)
        .mockResolvedValue(ENTITY),
    });
    const ctx = await run(catalog);

    expect(fs.readFileSync(target(), 'utf8')).toBe(CATALOG_INFO);
    expect(
      fs.readFileSync(
        path.join(published.path, 'web/kubernetes/deployment.yaml'),
        'utf8',
      ),
    ).toBe('kind: Deployment\n');
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: target() },
      expect.objectContaining({ credentials: expect.anything() }),
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/web',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `file:${target()}`,
    );
    expect(ctx.output).toHaveBeenCalledWith('locationOutcome', 'created');
  });

  it('reuses the location of an earlier run and has the catalog read the file again', async () => {
    const catalog = catalogServiceMock.mock({
      getLocationByRef: jest.fn(async () => location()),
      addLocation: jest.fn(),
      refreshEntity: jest.fn(async () => undefined),
      getEntityByRef: jest.fn(async () => ENTITY),
    });
    const ctx = await run(catalog);
    expect(catalog.getLocationByRef).toHaveBeenCalledWith(
      `file:${target()}`,
      expect.anything(),
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/web',
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith('locationOutcome', 'existing');
  });

  it('fails, naming the entity, when the catalog never shows it', async () => {
    const catalog = catalogServiceMock.mock({
      getLocationByRef: jest.fn(async () => undefined),
      addLocation: jest.fn(async () => ({
        location: location(),
        entities: [],
      })),
      getEntityByRef: jest.fn(async () => undefined),
    });
    await expect(run(catalog)).rejects.toThrow(
      `component:default/web did not appear in the catalog within 0.5 s of registering file:${target()}`,
    );
  });

  it('dry run publishes nothing and does not touch the catalog', async () => {
    const catalog = catalogServiceMock.mock();
    const ctx = await run(catalog, true);
    expect(fs.existsSync(path.join(published.path, 'web'))).toBe(false);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.getLocationByRef).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/web',
    );
  });
});
