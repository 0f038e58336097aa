import { TestDatabases } from '@backstage/backend-test-utils';
import { auditQuerySchema } from '@ecr-access/plugin-ecr-access-common';
import request from 'supertest';
import { z as z3 } from 'zod/v3';
import { ALICE, BOB, CAROL } from '../__fixtures__/access';
import { as } from '../__testUtils__/testBackend';
import { useActionBackend } from './__testUtils__/actionBackend';
import { AUDIT_INPUT_KEYS, auditQueryInputSchema } from './auditQueryInput';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const AUDIT = 'query-credential-audit';

describe('the query-credential-audit input', () => {
  it("is the route's query but format, each field described as -common describes it", () => {
    const keys = Object.keys(auditQuerySchema.shape);
    expect(AUDIT_INPUT_KEYS).toEqual(keys.filter(k => k !== 'format'));
    const input = auditQueryInputSchema(z3);
    for (const key of AUDIT_INPUT_KEYS) {
      expect(input.shape[key].description).toBe(
        auditQuerySchema.shape[key].description,
      );
    }
  });

  it('takes counts as numbers, stale as a boolean, and the enums of -common', () => {
    const input = auditQueryInputSchema(z3);
    expect(
      input.parse({ limit: 2, offset: 1, stale: true, mechanism: 'node-role' }),
    ).toEqual({ limit: 2, offset: 1, stale: true, mechanism: 'node-role' });
    expect(input.safeParse({ mechanism: 'password' }).success).toBe(false);
    expect(input.safeParse({ finding: 'NOT_A_CODE' }).success).toBe(false);
  });
});

describe.each(databases.eachSupportedId())(
  'the query-credential-audit action (%s)',
  databaseId => {
    const { server, ask } = useActionBackend(
      () => databases.init(databaseId),
      AUDIT,
    );

    const refs = (r: request.Response) =>
      r.body.output.items.map((i: { entityRef: string }) => i.entityRef);

    it('answers what GET /audit serves for the same filters and page', async () => {
      for (const [input, query] of [
        [{}, ''],
        [{ mechanism: 'static-secret' }, '?mechanism=static-secret'],
        [{ health: 'ok', limit: 1, offset: 1 }, '?health=ok&limit=1&offset=1'],
        [
          { stale: false, orderBy: 'health', order: 'desc' },
          '?stale=false&orderBy=health&order=desc',
        ],
        [{ q: 'shop' }, '?q=shop'],
      ] as const) {
        const action = await ask(input, ALICE);
        const route = await request(server())
          .get(`/api/ecr-access/audit${query}`)
          .set(as(ALICE));
        expect({ query, status: action.status }).toEqual({
          query,
          status: 200,
        });
        expect(action.body.output).toEqual(route.body);
      }
    });

    it('filters as the audit page does', async () => {
      expect(refs(await ask({}, ALICE))).toEqual([
        'component:default/api',
        'component:default/shop',
        'component:default/web',
      ]);
      expect(refs(await ask({ mechanism: 'static-secret' }, ALICE))).toEqual([
        'component:default/shop',
      ]);
      expect(refs(await ask({ finding: 'SECRET_EXPIRED' }, ALICE))).toEqual([
        'component:default/shop',
      ]);
      expect(refs(await ask({ cluster: 'staging' }, ALICE))).toEqual([
        'component:default/api',
      ]);
    });

    it('lists only the entities the caller may read, and counts only those', async () => {
      const bob = await ask({}, BOB);
      expect(refs(bob)).toEqual(['component:default/web']);
      expect(bob.body.output.totalCount).toBe(1);
      expect(bob.body.output.summary.byMechanism).toEqual({ 'node-role': 1 });

      const carol = await ask({}, CAROL);
      expect(carol.body.output).toMatchObject({
        items: [],
        totalCount: 0,
        summary: { byMechanism: {}, byHealth: {} },
      });
    });

    it("rejects a value the route's schema rejects, naming the parameter", async () => {
      const tooMany = await ask({ limit: 501 }, ALICE);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toMatch(/parameter 'limit'/);
      const control = await ask({ q: 'a\u0000b' }, ALICE);
      expect(control.status).toBe(400);
      expect(control.body.error.message).toMatch(/parameter 'q'/);
    });
  },
);
