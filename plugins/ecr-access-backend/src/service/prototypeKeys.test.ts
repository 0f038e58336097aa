import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { ALICE, seedStatuses } from '../__fixtures__/access';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from '../database';
import { as } from '../__testUtils__/testBackend';
import { accessRouterApp } from './__testUtils__/accessRouterApp';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('query names of Object.prototype', () => {
  let app: express.Express;
  const refreshEntity = jest.fn(async () => ({ unreachable: [] }));

  beforeAll(async () => {
    const store = await DatabaseEcrAccessStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
      aggregate: aggregateStatus,
    });
    await seedStatuses(store);
    ({ app } = await accessRouterApp(store, { refreshEntity }));
  });

  it.each([
    ['/audit?__proto__=x', '__proto__'],
    ['/audit?__proto__[polluted]=1', '__proto__'],
    ['/audit?owner[__proto__]=x', '__proto__'],
    ['/audit?constructor=1&health=ok', 'constructor'],
    ['/audit?%5F%5Fproto%5F%5F=1', '__proto__'],
    ['/audit/runs?toString=1', 'toString'],
    [
      '/entities/component/default/web/status?hasOwnProperty=1',
      'hasOwnProperty',
    ],
    ['/entities/component/default/web/history?__proto__=x', '__proto__'],
  ])('GET %s is a 400 naming %s', async (path, name) => {
    const res = await request(app).get(path).set(as(ALICE));
    expect([res.status, res.body.error?.message]).toEqual([
      400,
      `Unknown query parameter(s): ${name}`,
    ]);
  });

  it('refuses them on a refresh before anything is checked', async () => {
    const res = await request(app)
      .post('/entities/component/default/web/refresh?__proto__=x')
      .set(as(ALICE));
    expect(res.status).toBe(400);
    expect(refreshEntity).not.toHaveBeenCalled();
  });

  it('serves ordinary queries as before', async () => {
    const res = await request(app)
      .get('/audit?health=ok&q=proto')
      .set(as(ALICE));
    expect(res.status).toBe(200);
  });
});
