import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ALICE, BOB, CAROL } from '../__fixtures__/access';
import { as, startEcrAccessBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const refs = (body: { items: Array<{ entityRef: string }> }) =>
  body.items.map(i => i.entityRef);

describe.each(databases.eachSupportedId())('GET /audit (%s)', databaseId => {
  let server: Awaited<ReturnType<typeof startEcrAccessBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startEcrAccessBackend(
      await databases.init(databaseId),
    );
    server = started.server;
    stop = () => started.backend.stop();
  });

  afterAll(() => stop());

  const audit = (query: string, user: string) =>
    request(server).get(`/api/ecr-access/audit${query}`).set(as(user));

  it('lists every entity with summary counts for a caller who may read all', async () => {
    const res = await audit('', ALICE);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(3);
    expect(res.body.items[0]).toEqual({
      entityRef: 'component:default/api',
      owner: 'group:default/team-a',
      health: 'ok',
      mechanisms: ['service-account-role'],
      findingCodes: [],
      clusters: ['staging'],
      stale: false,
      checkedAt: '2026-11-23T10:00:00.000Z',
      summary: 'Pulls use IRSA (role api-pull) on staging',
      // In parts, for the page to word its ages by its clock (none here).
      summaryParts: ['Pulls use IRSA (role api-pull) on staging'],
    });
    expect(res.body.summary).toEqual({
      byMechanism: {
        'node-role': 1,
        'static-secret': 1,
        'service-account-role': 1,
      },
      byHealth: { ok: 2, error: 1 },
    });
  });

  it('shows a caller with a conditional decision only what the catalog lets it read', async () => {
    const res = await audit('', BOB);
    expect(res.status).toBe(200);
    expect(refs(res.body)).toEqual(['component:default/web']);
    expect(res.body.totalCount).toBe(1);
    expect(res.body.summary).toEqual({
      byMechanism: { 'node-role': 1 },
      byHealth: { ok: 1 },
    });
  });

  it('shows nothing to a caller denied catalog reads', async () => {
    const res = await audit('', CAROL);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [],
      totalCount: 0,
      summary: { byMechanism: {}, byHealth: {} },
      auditCompleted: false,
      lastCompletedAt: null,
    });
  });

  it.each([
    ['?mechanism=static-secret', ['component:default/shop']],
    ['?health=error', ['component:default/shop']],
    ['?finding=SECRET_EXPIRED', ['component:default/shop']],
    ['?cluster=staging', ['component:default/api']],
    [
      '?owner=group:default/team-a&stale=false&q=web',
      ['component:default/web'],
    ],
    ['?stale=true', []],
    ['?orderBy=health&order=desc&limit=1', ['component:default/shop']],
    ['?limit=1&offset=1', ['component:default/shop']],
  ])('filters and pages with %s', async (query, expected) => {
    const res = await audit(query, ALICE);
    expect(res.status).toBe(200);
    expect(refs(res.body)).toEqual(expected);
  });

  it('counts the whole filtered set, not the page', async () => {
    const res = await audit('?limit=1', ALICE);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.totalCount).toBe(3);
    expect(res.body.summary.byHealth).toEqual({ ok: 2, error: 1 });
  });

  it.each([
    ['?limit=501', 'limit'],
    ['?limit=0', 'limit'],
    ['?offset=-1', 'offset'],
    ['?mechanism=magic', 'mechanism'],
    ['?health=fine', 'health'],
    ['?finding=NOPE', 'finding'],
    ['?stale=yes', 'stale'],
    ['?orderBy=title', 'orderBy'],
    ['?mechanism=node-role&mechanism=static-secret', 'mechanism'],
    ['?color=red', 'color'],
  ])('rejects %s naming the parameter', async (query, parameter) => {
    const res = await audit(query, ALICE);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(parameter);
    expect(res.body.error.stack).toBeUndefined();
  });

  describe('GET /audit/facets', () => {
    const facets = (user?: string) => {
      const req = request(server).get('/api/ecr-access/audit/facets');
      return user ? req.set(as(user)) : req;
    };

    it('offers the values of every entity to a caller who may read all', async () => {
      const res = await facets(ALICE);
      expect(res.status).toBe(200);
      // The test catalog shows the plugin's own credentials no group: refs without titles.
      expect(res.body).toEqual({
        owners: [{ ref: 'group:default/team-a' }],
        clusters: ['prod', 'staging'],
        mechanisms: ['service-account-role', 'node-role', 'static-secret'],
        findings: ['SECRET_EXPIRED'],
      });
    });

    it('offers only the values of what a conditional caller may read', async () => {
      const res = await facets(BOB);
      expect(res.body).toEqual({
        owners: [{ ref: 'group:default/team-a' }],
        clusters: ['prod'],
        mechanisms: ['node-role'],
        findings: [],
      });
    });

    it('offers nothing to a caller denied catalog reads, and needs credentials', async () => {
      expect((await facets(CAROL)).body).toEqual({
        owners: [],
        clusters: [],
        mechanisms: [],
        findings: [],
      });
      expect((await facets()).status).toBe(401);
    });
  });

  describe('format=csv', () => {
    it('exports every matching entity, quoted per RFC 4180', async () => {
      const res = await audit('?format=csv&mechanism=static-secret', ALICE);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /attachment; filename="ecr-access-audit.csv"/,
      );
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        'entityRef,title,owner,health,mechanisms,findingCodes,clusters,stale,checkedAt,summary',
      );
      expect(lines[1]).toMatch(
        /^component:default\/shop,"Shop, ""the"" front",group:default\/team-a,error,static-secret,SECRET_EXPIRED,prod,false,2026-11-23T10:00:00.000Z,Pulls use a static secret/,
      );
      expect(lines).toHaveLength(3); // header, one row, and the final CRLF
    });

    it('exports only what the caller may read', async () => {
      const res = await audit('?format=csv', BOB);
      expect(res.status).toBe(200);
      expect(res.text.split('\r\n').filter(Boolean)).toHaveLength(2);
      expect(res.text).toContain('component:default/web');
    });

    it('answers 403 without the export permission', async () => {
      const res = await audit('?format=csv', CAROL);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });
  });
});
