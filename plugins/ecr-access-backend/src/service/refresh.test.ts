import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { ALICE, CHECKED_AT, seedStatuses } from '../__fixtures__/access';
import { entityResult, workload } from '../__fixtures__/workloads';
import { as } from '../__testUtils__/testBackend';
import { DatabaseEcrAccessStore } from '../database';
import { EntityRefresher } from './EntityRefresher';
import { accessRouterApp } from './__testUtils__/accessRouterApp';
import { aggregateStatus } from '../audit/pipeline';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'POST /entities/:kind/:namespace/:name/refresh with a refresher (%s)',
  databaseId => {
    let app: express.Express;
    let auditEvent: { success: jest.Mock; fail: jest.Mock };
    const refreshEntity = jest.fn<
      ReturnType<EntityRefresher['refreshEntity']>,
      [string]
    >();

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEcrAccessStore.create({
        database: mockServices.database({ knex }),
        aggregate: aggregateStatus,
      });
      await seedStatuses(store);
      // Like the audit's refresher: re-read the entity and write its results partially.
      refreshEntity.mockImplementation(async entityRef => {
        await store.writeClusterResults({
          cluster: 'prod',
          checkedAt: new Date(CHECKED_AT.getTime() + 60_000),
          partial: true,
          entities: [
            entityResult('web', [
              workload({ cluster: 'prod', name: 'web', entityRef }),
              workload({
                cluster: 'prod',
                name: 'web-2',
                pullAuth: 'anonymous',
              }),
            ]),
          ],
        });
        return { unreachable: [] };
      });
      ({ app, auditEvent } = await accessRouterApp(store, { refreshEntity }));
    });

    it('re-checks the entity and answers its new status', async () => {
      const res = await request(app)
        .post('/entities/Component/default/web/refresh')
        .set(as(ALICE));
      expect(res.status).toBe(200);
      expect(refreshEntity).toHaveBeenCalledWith('component:default/web');
      expect(res.body.mechanisms).toEqual(['node-role', 'anonymous']);
      expect(res.body.summary).toBe(
        'Pulls use the node role; pulls are anonymous (public images)',
      );
      expect(auditEvent.success).toHaveBeenCalledTimes(1);
    });

    it('reports a failed refresh as a failed audit event', async () => {
      auditEvent.fail.mockClear();
      refreshEntity.mockRejectedValueOnce(new Error('cluster prod timed out'));
      const res = await request(app)
        .post('/entities/component/default/web/refresh')
        .set(as(ALICE));
      expect(res.status).toBe(500);
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ message: 'cluster prod timed out' }),
      });
    });
  },
);
