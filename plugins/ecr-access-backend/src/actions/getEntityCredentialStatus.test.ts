import { TestDatabases } from '@backstage/backend-test-utils';
import { findingDefinition } from '@ecr-access/plugin-ecr-access-common';
import request from 'supertest';
import { ALICE, BOB, CAROL } from '../__fixtures__/access';
import { as } from '../__testUtils__/testBackend';
import { useActionBackend } from './__testUtils__/actionBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const STATUS = 'get-entity-credential-status';

describe.each(databases.eachSupportedId())(
  'the get-entity-credential-status action (%s)',
  databaseId => {
    const { server, ask } = useActionBackend(
      () => databases.init(databaseId),
      STATUS,
    );

    /** What the REST route serves the user. */
    const served = async (path: string, user: string) =>
      request(server())
        .get(`/api/ecr-access/entities/${path}/status`)
        .set(as(user));

    it("answers with the route's status, each finding with its title", async () => {
      const shop = await ask({ entityRef: 'component:default/shop' }, ALICE);
      expect(shop.status).toBe(200);
      const route = await served('component/default/shop', ALICE);
      expect(route.status).toBe(200);
      expect(shop.body.output).toEqual({
        ...route.body,
        findings: route.body.findings.map((f: { code: 'SECRET_EXPIRED' }) => ({
          ...f,
          title: findingDefinition(f.code).title,
        })),
      });
      expect(shop.body.output).toMatchObject({
        health: 'error',
        mechanisms: ['static-secret'],
      });
      expect(shop.body.output.findings).toContainEqual({
        code: 'SECRET_EXPIRED',
        title: 'The pull secret holds an expired ECR token',
        severity: 'error',
        subject: expect.stringContaining('shop'),
        message: expect.any(String),
        remediation: findingDefinition('SECRET_EXPIRED').remediation,
      });
    });

    it('says how an IRSA entity pulls: service-account-role, healthy, in its sentence', async () => {
      const api = await ask({ entityRef: 'component:default/api' }, ALICE);
      expect(api.status).toBe(200);
      expect(api.body.output).toMatchObject({
        entityRef: 'component:default/api',
        health: 'ok',
        mechanisms: ['service-account-role'],
        summary: expect.stringMatching(/IRSA/),
        clusters: expect.arrayContaining([
          expect.objectContaining({ cluster: 'staging', reachable: true }),
        ]),
      });
    });

    it('takes the ref, its parts, or a bare name with the defaults', async () => {
      const byRef = await ask({ entityRef: 'component:default/web' }, ALICE);
      const byParts = await ask(
        { kind: 'Component', namespace: 'default', name: 'web' },
        ALICE,
      );
      const byName = await ask({ entityRef: 'web' }, ALICE);
      expect(byRef.body.output.entityRef).toBe('component:default/web');
      expect(byParts.body.output).toEqual(byRef.body.output);
      expect(byName.body.output).toEqual(byRef.body.output);
    });

    it('answers an entity the caller may not read exactly as one that does not exist', async () => {
      // bob reads only web; carol reads nothing.
      const hidden = await ask({ entityRef: 'component:default/shop' }, BOB);
      const nothing = await ask({ entityRef: 'component:default/web' }, CAROL);
      const missing = await ask({ entityRef: 'component:default/nope' }, ALICE);
      const answer = (r: request.Response, ref: string) => ({
        status: r.status,
        error: {
          name: r.body.error?.name,
          message: r.body.error?.message?.replace(ref, '<ref>'),
        },
        output: r.body.output,
      });
      const expected = {
        status: 404,
        error: {
          name: 'NotFoundError',
          message: 'No ECR access status for <ref>',
        },
        output: undefined,
      };
      expect(answer(hidden, 'component:default/shop')).toEqual(expected);
      expect(answer(nothing, 'component:default/web')).toEqual(expected);
      expect(answer(missing, 'component:default/nope')).toEqual(expected);
      expect(JSON.stringify(hidden.body)).not.toMatch(/static-secret|SECRET_/);
    });

    it('is refused without credentials', async () => {
      const anonymous = await ask({ entityRef: 'component:default/web' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.output).toBeUndefined();
    });

    it('rejects an input that names no entity, or two, naming the field', async () => {
      const none = await ask({}, ALICE);
      expect(none.status).toBe(400);
      expect(none.body.error.message).toMatch(/'entityRef'.*'name'/);

      const both = await ask(
        { entityRef: 'component:default/web', name: 'web' },
        ALICE,
      );
      expect(both.status).toBe(400);
      expect(both.body.error.message).toMatch(/either 'entityRef' or/);

      // The route validates the parts, with -common's path schema.
      const slash = await ask({ name: 'a/b' }, ALICE);
      expect(slash.status).toBe(400);
      expect(slash.body.error.message).toMatch(/parameter 'name'/);
    });
  },
);
