import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ALICE, BOB, CAROL } from '../__fixtures__/access';
import { as, startEcrAccessBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('router (%s)', databaseId => {
  let server: Awaited<ReturnType<typeof startEcrAccessBackend>>['server'];
  let stop: () => Promise<void>;
  let auditor: Awaited<ReturnType<typeof startEcrAccessBackend>>['auditor'];
  let auditEvent: { success: jest.Mock; fail: jest.Mock };

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    const started = await startEcrAccessBackend(knex);
    ({ server, auditor, auditEvent } = started);
    stop = () => started.backend.stop();
    await started.store.recordRun({
      cluster: 'prod',
      startedAt: new Date('2026-11-23T10:00:00.000Z'),
      finishedAt: new Date('2026-11-23T10:01:00.000Z'),
      status: 'succeeded',
      entityCount: 2,
      workloadCount: 2,
      counts: { byMechanism: { 'node-role': 1 }, byHealth: { ok: 1 } },
      errors: [],
      kubernetesRequests: 8,
      awsRequests: 3,
    });
  });

  afterAll(() => stop());

  const api = (path: string) => `/api/ecr-access${path}`;

  it.each([
    ['get', '/entities/component/default/web/status'],
    ['get', '/entities/component/default/web/history'],
    ['post', '/entities/component/default/web/refresh'],
    ['get', '/audit'],
    ['get', '/audit?format=csv'],
    ['get', '/audit/runs'],
  ] as const)(
    'answers 401 to %s %s without credentials',
    async (method, path) => {
      const res = await request(server)[method](api(path));
      expect(res.status).toBe(401);
    },
  );

  describe('GET /entities/:kind/:namespace/:name/status', () => {
    it('returns the stored status and its sentence', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/shop/status'))
        .set(as(ALICE));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/shop',
        health: 'error',
        mechanisms: ['static-secret'],
        stale: false,
        checkedAt: '2026-11-23T10:00:00.000Z',
        summary: expect.stringMatching(/^Pulls use a static secret/),
      });
      expect(res.body.findings[0].code).toBe('SECRET_EXPIRED');
    });

    it('answers 404 alike for an entity the caller may not read and one the audit does not cover', async () => {
      const hidden = await request(server)
        .get(api('/entities/component/default/shop/status'))
        .set(as(BOB));
      // docs has no Kubernetes annotation: no audit will ever cover it.
      const notCovered = await request(server)
        .get(api('/entities/component/default/docs/status'))
        .set(as(ALICE));
      expect(hidden.status).toBe(404);
      expect(notCovered.status).toBe(404);
      expect(hidden.body.error).toEqual({
        name: 'NotFoundError',
        message: 'No ECR access status for component:default/shop',
      });
      expect(notCovered.body.error.message).toBe(
        'No ECR access status for component:default/docs',
      );
    });

    it('answers "not yet checked" for an entity the audit covers but has not written yet', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/ghost/status'))
        .set(as(ALICE));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/ghost',
        health: 'unknown',
        checked: false,
        stale: false,
        workloads: [],
        clusters: [],
        summary: expect.stringMatching(/^Not yet checked/),
      });
    });

    it('serves a visible entity to a caller with a conditional decision', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/web/status'))
        .set(as(BOB));
      expect(res.status).toBe(200);
      expect(res.body.summary).toBe('Pulls use the node role');
    });
  });

  describe('GET /entities/:kind/:namespace/:name/history', () => {
    it('returns the changes, newest first', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/web/history?limit=5'))
        .set(as(ALICE));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ health: 'ok', mechanisms: ['node-role'] }),
      ]);
    });

    it('answers 404 when the caller may not read the entity', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/web/history'))
        .set(as(CAROL));
      expect(res.status).toBe(404);
    });

    it('rejects a limit over 500, naming the parameter', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/web/history?limit=501'))
        .set(as(ALICE));
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/'limit'/);
      expect(res.body.error.stack).toBeUndefined();
    });
  });

  describe('POST /entities/:kind/:namespace/:name/refresh', () => {
    beforeEach(() => {
      auditEvent.success.mockClear();
      auditEvent.fail.mockClear();
    });

    it('answers 503 when no refresher is installed, and audits the attempt', async () => {
      const res = await request(server)
        .post(api('/entities/component/default/web/refresh'))
        .set(as(ALICE));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/no refresher is installed/);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'entity-refresh',
          meta: { entityRef: 'component:default/web' },
        }),
      );
      expect(auditEvent.fail).toHaveBeenCalledTimes(1);
    });

    it('answers 403 without the refresh permission', async () => {
      const res = await request(server)
        .post(api('/entities/component/default/web/refresh'))
        .set(as(BOB));
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(auditEvent.fail).toHaveBeenCalledTimes(1);
    });

    it('answers 404 for an entity the caller may not read', async () => {
      const res = await request(server)
        .post(api('/entities/component/default/shop/refresh'))
        .set(as(BOB));
      expect(res.status).toBe(404);
    });
  });

  describe('GET /audit/runs', () => {
    // Runs have a permission of their own (ecr-access.audit.runs.read), which only alice
    // holds; the full matrix is in authorizationMatrix.test.ts, error redaction in
    // servedErrors.test.ts.
    it('answers the recorded runs to a user who may read them', async () => {
      const res = await request(server)
        .get(api('/audit/runs?limit=10'))
        .set(as(ALICE));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          cluster: 'prod',
          status: 'succeeded',
          entityCount: 2,
          kubernetesRequests: 8,
          errors: [],
        }),
      ]);
    });

    it('answers 403 to a user who may export the audit but not read its runs', async () => {
      const res = await request(server)
        .get(api('/audit/runs?limit=10'))
        .set(as(BOB));
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({
        name: 'NotAllowedError',
        message: 'You may not read the audit runs',
      });
    });
  });
});
