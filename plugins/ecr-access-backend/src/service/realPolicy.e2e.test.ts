import { ecrAccessPermissions } from '@ecr-access/plugin-ecr-access-common';
import type { Sandbox } from '@ecr-access/sandbox';
import { DEMO_SCENARIO, useSandbox } from '@ecr-access/test-utils';
import request from 'supertest';
import {
  AUDITED_REFS,
  headerOf,
  startRealPolicyBackend,
} from './__testUtils__/realPolicyBackend';

jest.setTimeout(120_000);

// The permission path end to end, with no decision simulated: the real permission backend with
// an installation's policy (owners may refresh), the real catalog applying its isEntityOwner and
// isEntityKind rules, and the plugin auditing the sandbox. Only sign-in is a stand-in: the test
// backend's mock tokens, with each user's groups as ownership claims (callerServices.ts). authorizationMatrix.test.ts covers
// every route and caller against a table; this checks that the table is what Backstage does.
// SQLite alone: the decisions do not depend on the database.
describe('permissions decided by a real policy', () => {
  let sandbox: Sandbox;
  let started: Awaited<ReturnType<typeof startRealPolicyBackend>>;

  const pathOf = (ref: string) => `/entities/${ref.replace(/[:/]/g, '/')}`;
  const get = (url: string, caller: Parameters<typeof headerOf>[0]) =>
    request(started.backend.server)
      .get(`/api/ecr-access${url}`)
      .set('Authorization', headerOf(caller));
  const post = (url: string, caller: Parameters<typeof headerOf>[0]) =>
    request(started.backend.server)
      .post(`/api/ecr-access${url}`)
      .set('Authorization', headerOf(caller));

  useSandbox({
    scenario: DEMO_SCENARIO,
    async started(running) {
      sandbox = running;
      started = await startRealPolicyBackend(sandbox);
      // Every audited entity has a status: a service refreshes them (the permissions client
      // allows a service without access restrictions everything, without asking the policy).
      for (const ref of AUDITED_REFS) {
        const res = await post(`${pathOf(ref)}/refresh`, 'service');
        if (res.status !== 200) {
          throw new Error(`Refresh of ${ref}: ${res.status} ${res.text}`);
        }
      }
    },
    stopping: () => started?.stop(),
    timeout: 120_000,
  });

  it('registers its permissions with the registry, and no rules: the catalog owns their resource type', async () => {
    const res = await request(started.backend.server)
      .get('/api/ecr-access/.well-known/backstage/permissions/metadata')
      .set('Authorization', headerOf('service'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      permissions: ecrAccessPermissions,
      rules: [],
    });
  });

  it("refreshes an entity for its owner's team", async () => {
    const res = await post(
      '/entities/component/default/payments-api/refresh',
      'alice',
    );
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/payments-api');
  });

  it('refuses the refresh to a reader who does not own the entity, before any request to AWS', async () => {
    sandbox.resetRequestCounts();
    const res = await post(
      '/entities/component/default/payments-api/refresh',
      'bob',
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'You may not refresh component:default/payments-api: the permission policy does not grant ecr-access.entity.refresh on it',
    });
    expect(sandbox.requestCounts()).toEqual({});
  });

  it('lets owner and non-owner alike read the status', async () => {
    for (const caller of ['alice', 'bob'] as const) {
      const res = await get(
        '/entities/component/default/payments-api/status',
        caller,
      );
      expect([caller, res.status, res.body.entityRef]).toEqual([
        caller,
        200,
        'component:default/payments-api',
      ]);
    }
  });

  it('lists the audit by the catalog read decision: everything, or the APIs alone', async () => {
    const refs = async (caller: 'alice' | 'carol') => {
      const res = await get('/audit', caller);
      expect(res.status).toBe(200);
      return res.body.items.map((i: { entityRef: string }) => i.entityRef);
    };
    expect((await refs('alice')).sort()).toEqual([...AUDITED_REFS].sort());
    expect(await refs('carol')).toEqual(['api:default/loyalty-api']);
    const hidden = await get(
      '/entities/component/default/payments-api/status',
      'carol',
    );
    expect(hidden.status).toBe(404);
  });
});
