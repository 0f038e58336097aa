import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AuditItem,
  findingDefinition,
} from '@ecr-access/plugin-ecr-access-common';
import fc from 'fast-check';
import request from 'supertest';
import {
  headersOf,
  startSecurityBackend,
} from './__testUtils__/securityBackend';

jest.setTimeout(300_000);

/**
 * Property-based tests of every query and path parameter of the API against the real router
 * on each database: whatever arrives, the answer is never a 500; a rejection is a 400 that
 * names the parameter; and nothing is written (no refresh, no row).
 */

/** Runs per property and database; the report's "inputs tried" is this × properties × 2. */
const RUNS = 150;

/** Every query parameter of each route, as the OpenAPI spec lists them. */
const QUERY_PARAMETERS = {
  '/audit': [
    'mechanism',
    'health',
    'owner',
    'cluster',
    'finding',
    'stale',
    'q',
    'after',
    'offset',
    'limit',
    'orderBy',
    'order',
    'format',
  ],
  '/audit/runs': ['limit', 'cluster'],
  '/entities/component/default/web/history': ['limit'],
} as const;

type QueryRoute = keyof typeof QUERY_PARAMETERS;

/** Every GET route: those above, and the status, facets and clusters, which take no parameter. */
const GET_ROUTES = [
  ...(Object.keys(QUERY_PARAMETERS) as QueryRoute[]),
  '/entities/component/default/web/status',
  '/audit/facets',
  '/audit/clusters',
];

/** Raw bytes, percent-encoded: invalid UTF-8 and lone surrogates included. */
const rawBytes = fc
  .uint8Array({ minLength: 1, maxLength: 24 })
  .map(bytes =>
    [...bytes].map(b => `%${b.toString(16).padStart(2, '0')}`).join(''),
  );

/**
 * Text with control characters, NUL among them, which PostgreSQL refuses in a text parameter
 * ("invalid byte sequence for encoding UTF8: 0x00").
 */
const asciiWithControls = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u0000', '\u0001', '\n', '\u001f', '\u007f'),
    fc.integer({ min: 0x20, max: 0x7e }).map(c => String.fromCharCode(c)),
  ),
  minLength: 1,
  maxLength: 16,
});

/** One value, already encoded for a URL. */
const encodedValue = fc.oneof(
  { arbitrary: asciiWithControls.map(encodeURIComponent), weight: 3 },
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  fc.string({ maxLength: 3000 }).map(encodeURIComponent), // huge
  fc.stringMatching(/^[%_!\\*'"; -]{1,12}$/).map(encodeURIComponent), // SQL LIKE and quoting
  fc.bigInt().map(n => encodeURIComponent(n.toString())),
  fc.double().map(n => encodeURIComponent(String(n))),
  fc.constantFrom('', '0', '500', '501', 'true', 'csv', 'json', 'node-role'),
  rawBytes,
);

/** How one parameter is sent: once, twice, as an array, as an object, bare, or empty. */
const occurrence = (name: string) =>
  fc.oneof(
    encodedValue.map(v => `${name}=${v}`),
    fc
      .tuple(encodedValue, encodedValue)
      .map(([a, b]) => `${name}=${a}&${name}=${b}`),
    encodedValue.map(v => `${name}[]=${v}`),
    fc
      .tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), encodedValue)
      .map(([key, v]) => `${name}[${key}]=${v}`),
    fc.constant(name),
    fc.constant(`${name}=`),
  );

/** A path segment, encoded: anything, including `/`, `:`, NUL, `..` and invalid UTF-8. */
const encodedSegment = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ minLength: 254, maxLength: 600 }),
    fc.constantFrom('..', '.', 'a:b', 'a/b', 'a\\b', '%', '_', '\u0000', ' '),
  )
  .map(encodeURIComponent);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'bad input to the API (%s)',
  databaseId => {
    let started: Awaited<ReturnType<typeof startSecurityBackend>>;
    /** What the store holds, to show that no input wrote anything. */
    let stored: () => Promise<string>;

    beforeAll(async () => {
      started = await startSecurityBackend(await databases.init(databaseId));
      const { store } = started;
      stored = async () =>
        JSON.stringify([
          await store.listAudit({ limit: 500 }),
          await store.listRuns({ limit: 500 }),
          await store.getHistory('component:default/web', { limit: 500 }),
        ]);
    });

    afterAll(() => started.backend.stop());

    const get = (path: string) =>
      request(started.server)
        .get(`/api/ecr-access${path}`)
        .set(headersOf('allowed'));

    /** A 400 from the router: an InputError that names `parameter`, without a stack. */
    function expectRejection(
      res: request.Response,
      parameter: string | RegExp,
    ) {
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.stack).toBeUndefined();
      if (typeof parameter === 'string') {
        expect(res.body.error.message).toContain(`'${parameter}'`);
      } else {
        expect(res.body.error.message).toMatch(parameter);
      }
    }

    it.each(Object.keys(QUERY_PARAMETERS) as QueryRoute[])(
      'GET %s: any value of any of its parameters is a 200 or a 400 naming it',
      async route => {
        const names = QUERY_PARAMETERS[route];
        const before = await stored();
        await fc.assert(
          fc.asyncProperty(
            fc
              .constantFrom(...names)
              .chain(name => occurrence(name).map(query => ({ name, query }))),
            async ({ name, query }) => {
              const res = await get(`${route}?${query}`);
              if (res.status === 200) return;
              expectRejection(res, name);
            },
          ),
          { numRuns: RUNS },
        );
        expect(await stored()).toBe(before);
      },
    );

    it('GET /audit?format=csv: any value of any other parameter is a CSV or a 400 naming it', async () => {
      const names = QUERY_PARAMETERS['/audit'].filter(n => n !== 'format');
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...names)
            .chain(name => occurrence(name).map(query => ({ name, query }))),
          async ({ name, query }) => {
            const res = await get(`/audit?format=csv&${query}`);
            const outcome =
              res.status === 200
                ? { status: 200, csv: res.text.startsWith('entityRef,') }
                : { status: res.status, name: res.body.error?.name };
            expect([
              { status: 200, csv: true },
              { status: 400, name: 'InputError' },
            ]).toContainEqual(outcome);
            if (res.status === 400) expectRejection(res, name);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it.each(GET_ROUTES)(
      'GET %s: an unknown parameter is a 400 naming it',
      async route => {
        const known = new Set<string>(
          QUERY_PARAMETERS[route as QueryRoute] ?? [],
        );
        await fc.assert(
          fc.asyncProperty(
            fc
              .oneof(
                fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,30}$/),
                // qs drops these (allowPrototypes: false); the router refuses them first.
                fc.constantFrom('__proto__', 'constructor', 'toString'),
              )
              .filter(n => !known.has(n)),
            encodedValue,
            async (name, value) => {
              const res = await get(`${route}?${name}=${value}`);
              expect(res.status).toBe(400);
              expectRejection(
                res,
                new RegExp(`Unknown query parameter.*${name}`),
              );
            },
          ),
          { numRuns: RUNS },
        );
      },
    );

    it('GET /audit: q with LIKE wildcards matches them literally', async () => {
      // No seeded ref, title or sentence holds %, _ or !: any match would be a wildcard,
      // but for q's match of finding codes, which hold `_` (SECRET_EXPIRED): each entity
      // answered must hold q literally in its ref, title, sentence or a finding's code or
      // title.
      await fc.assert(
        fc.asyncProperty(fc.stringMatching(/^[%_!]{1,20}$/), async q => {
          const res = await get(`/audit?q=${encodeURIComponent(q)}&limit=500`);
          expect(res.status).toBe(200);
          for (const item of res.body.items as AuditItem[]) {
            const texts = [
              item.entityRef,
              item.title ?? '',
              item.summary,
              ...item.findingCodes,
              ...item.findingCodes.map(c => findingDefinition(c).title),
            ];
            expect(texts.some(t => t.toLowerCase().includes(q))).toBe(true);
          }
          // Only `_` alone, in a code, can be literally in a seeded text.
          expect(res.body.totalCount === 0 || /^_+$/.test(q)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it.each([
      ['get', 'status'],
      ['get', 'history'],
      ['post', 'refresh'],
    ] as const)(
      '%s /entities/…/%s: any kind, namespace or name is a 404 or a 400 naming it, and refreshes nothing',
      async (method, route) => {
        started.refreshEntity.mockClear();
        const before = await stored();
        let answered = 0;
        const parts = ['kind', 'namespace', 'name'] as const;
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(0, 1, 2),
            encodedSegment,
            async (position, segment) => {
              const path = ['component', 'default', 'web'];
              path[position] = segment;
              const res = await request(started.server)
                [method](`/api/ecr-access/entities/${path.join('/')}/${route}`)
                .set(headersOf('allowed'));
              if (res.status === 200) answered += 1;
              const error = res.body?.error;
              const outcome =
                res.status === 400
                  ? {
                      status: 400,
                      name: error?.name,
                      namesIt: `${error?.message}`.includes(
                        `'${parts[position]}'`,
                      ),
                    }
                  : { status: res.status };
              // 404: an unknown entity, or a path the router does not serve (`..`, an empty
              // part); 200 only if the fuzzer happened to spell a real entity.
              expect([
                { status: 400, name: 'InputError', namesIt: true },
                { status: 404 },
                { status: 200 },
              ]).toContainEqual(outcome);
            },
          ),
          { numRuns: RUNS },
        );
        // A refresh ran only for the requests that answered one.
        expect(started.refreshEntity).toHaveBeenCalledTimes(
          method === 'post' ? answered : 0,
        );
        expect(await stored()).toBe(before);
      },
    );

    it('echoes at most 100 characters of an unknown parameter name', async () => {
      const name = `x${'y'.repeat(5000)}`;
      const res = await get(`/audit?${name}=1`);
      expectRejection(res, /^Unknown query parameter\(s\): xy+$/);
      expect(res.body.error.message).toHaveLength(
        'Unknown query parameter(s): '.length + 100,
      );
    });

    it('POST refresh with an unknown query parameter refreshes nothing', async () => {
      started.refreshEntity.mockClear();
      const res = await request(started.server)
        .post('/api/ecr-access/entities/component/default/web/refresh?force=1')
        .set(headersOf('allowed'));
      expectRejection(res, /Unknown query parameter.*force/);
      expect(started.refreshEntity).not.toHaveBeenCalled();
    });

    it('names the path parameter that is not valid UTF-8', async () => {
      const res = await get('/entities/component/%E0%A4%A/web/status');
      expect(res.body.error.message).toBe(
        "Invalid path parameter 'namespace': not valid percent-encoded UTF-8",
      );
      expectRejection(res, 'namespace');
    });
  },
);
