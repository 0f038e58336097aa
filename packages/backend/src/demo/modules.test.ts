import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  catalogModuleEcrAccessDemo,
  scaffolderModuleEcrAccessDemo,
} from './modules';

const DEMO_ACTIONS = [
  'ecr-access-demo:catalog:register-local',
  'ecr-access-demo:kubernetes:apply',
  'ecr-access-demo:status:refresh',
];

async function startBackend(ecrAccessDemo?: object) {
  return startTestBackend({
    features: [
      catalogBackend,
      scaffolderBackend,
      catalogModuleEcrAccessDemo,
      scaffolderModuleEcrAccessDemo,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          catalog: { processingInterval: false },
          ...(ecrAccessDemo && { ecrAccessDemo }),
        },
      }),
    ],
  });
}

describe('the demo modules', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-access-demo-'));
  const catalogInfo = path.join(folder, 'catalog-info.yaml');
  fs.writeFileSync(
    catalogInfo,
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: web }\nspec: { type: service, lifecycle: experimental, owner: team-platform }\n',
  );
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function actionsAndFileLocation(ecrAccessDemo?: object) {
    const backend = await startBackend(ecrAccessDemo);
    try {
      const actions = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      const location = await request(backend.server)
        .post('/api/catalog/locations')
        .set('Authorization', mockCredentials.user.header())
        .send({ type: 'file', target: catalogInfo });
      return {
        demoActions: (actions.body as Array<{ id: string }>)
          .map(a => a.id)
          .filter(id => id.startsWith('ecr-access-demo:'))
          .sort(),
        locationStatus: location.status,
      };
    } finally {
      await backend.stop();
    }
  }

  it('install nothing and leave the catalog on url locations unless enabled', async () => {
    expect(await actionsAndFileLocation()).toEqual({
      demoActions: [],
      locationStatus: 400,
    });
    expect(
      await actionsAndFileLocation({ sandbox: { enabled: false } }),
    ).toEqual({ demoActions: [], locationStatus: 400 });
  });

  it('when enabled, add the demo actions and let the catalog register file locations', async () => {
    expect(
      await actionsAndFileLocation({ sandbox: { enabled: true } }),
    ).toEqual({ demoActions: DEMO_ACTIONS, locationStatus: 201 });
  });
});
