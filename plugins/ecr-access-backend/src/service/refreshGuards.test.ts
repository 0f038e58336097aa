import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ALICE, BOB, seedStatuses } from '../__fixtures__/access';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore, EcrAccessStore } from '../database';
import { as } from '../__testUtils__/testBackend';
import { accessRouterApp } from './__testUtils__/accessRouterApp';

// What stands before a refresh, over HTTP: a body is refused (a refresh is named by its
// path), and callers that ask too often are told when to come back; neither reaches the
// refresher, which here only counts.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const REFRESH = '/entities/component/default/web/refresh';

describe('POST …/refresh: body and rate limits', () => {
  let store: EcrAccessStore;
  const refreshEntity = jest.fn(async () => ({ unreachable: [] }));

  beforeAll(async () => {
    store = await DatabaseEcrAccessStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
      aggregate: aggregateStatus,
    });
    await seedStatuses(store);
  });
  beforeEach(() => refreshEntity.mockClear());

  const appWith = async (refresh?: object) =>
    (
      await accessRouterApp(
        store,
        { refreshEntity },
        { config: refresh ? { ecrAccess: { refresh } } : undefined },
      )
    ).app;

  it('refuses a body over 1 KB with 413 before reading it whole, and refreshes nothing', async () => {
    const app = await appWith();
    const res = await request(app)
      .post(REFRESH)
      .set(as(ALICE))
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(10 * 1024 * 1024, 'a'));
    expect(res.status).toBe(413);
    expect(refreshEntity).not.toHaveBeenCalled();
  });

  it('refuses any body but {} with a 400 that says the refresh takes none', async () => {
    const app = await appWith();
    for (const body of [
      '{"entityRef":"component:default/shop"}',
      'refresh',
      '[]',
    ]) {
      const res = await request(app)
        .post(REFRESH)
        .set(as(ALICE))
        .set('content-type', 'application/json')
        .send(body);
      expect([body, res.status, res.body.error?.message]).toEqual([
        body,
        400,
        expect.stringContaining('Refresh takes no request body'),
      ]);
    }
    expect(refreshEntity).not.toHaveBeenCalled();
    for (const body of ['', '{}']) {
      const res = await request(app)
        .post(REFRESH)
        .set(as(ALICE))
        .set('content-type', 'application/json')
        .send(body);
      expect([body, res.status]).toEqual([body, 200]);
    }
  });

  it('answers 429 with Retry-After once a caller is over its limit; other callers go on', async () => {
    const app = await appWith({ perCallerPerMinute: 3, perMinute: 100 });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await request(app).post(REFRESH).set(as(ALICE))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await request(app).post(REFRESH).set(as(ALICE));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error).toEqual({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('at most 3 a minute per caller'),
    });
    expect(refreshEntity).toHaveBeenCalledTimes(3);
    // Bob may not refresh web (403), but he is not rate-limited by Alice's presses.
    expect((await request(app).post(REFRESH).set(as(BOB))).status).not.toBe(
      429,
    );
  });

  it('counts only refreshes that reached the refresher: a 404 or 403 costs no allowance', async () => {
    const app = await appWith({ perCallerPerMinute: 2, perMinute: 100 });
    for (let i = 0; i < 5; i++) {
      const missing = await request(app)
        .post('/entities/component/default/no-such-service/refresh')
        .set(as(ALICE));
      expect(missing.status).toBe(404);
    }
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await request(app).post(REFRESH).set(as(ALICE))).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('bounds all callers together', async () => {
    const app = await appWith({ perCallerPerMinute: 10, perMinute: 2 });
    const alice = await request(app).post(REFRESH).set(as(ALICE));
    const alice2 = await request(app).post(REFRESH).set(as(ALICE));
    const bob = await request(app).post(REFRESH).set(as(BOB));
    expect([alice.status, alice2.status, bob.status]).toEqual([200, 200, 429]);
    expect(bob.body.error.message).toContain('at most 2 a minute');
  });

  it('answers 401 to a caller without credentials, not 429 or 500', async () => {
    const app = await appWith({ perCallerPerMinute: 1, perMinute: 1 });
    const res = await request(app).post(REFRESH);
    expect(res.status).toBe(401);
    expect(refreshEntity).not.toHaveBeenCalled();
  });
});
