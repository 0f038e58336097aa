import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  auditResponseSchema,
  auditRunsResponseSchema,
  entityStatusResponseSchema,
  historyResponseSchema,
  refreshResponseSchema,
} from '@ecr-access/plugin-ecr-access-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { z } from 'zod/v4';
import { ALICE, CHECKED_AT, seedStatuses } from '../__fixtures__/access';
import { as } from '../__testUtils__/testBackend';
import { aggregateStatus } from '../audit/pipeline';
import { DatabaseEcrAccessStore } from '../database';
import { accessRouterApp } from './__testUtils__/accessRouterApp';

// The response schemas of -common are the contract the frontend client and openapi.yaml
// rely on; the router's answers are only typed with them (`satisfies`), and a type says
// nothing about what a spread of a stored row adds at run time. This suite parses the body
// of each of the five routes with its schema, so that what is served and the contract
// cannot drift apart.

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * `parse` fails on a missing or mistyped field; the equality fails on a field the contract
 * does not name, at any depth: zod drops unknown keys rather than reject them, so a body
 * with one field more parses to less than it is (a deep `.strict()`).
 */
function expectServedAs(schema: z.ZodType, body: unknown) {
  expect(schema.parse(body)).toEqual(body);
}

/** Seeds the statuses of `__fixtures__/access`, a cluster that is down, and a run with an error. */
async function seededStore(knex: Knex) {
  const store = await DatabaseEcrAccessStore.create({
    database: mockServices.database({ knex }),
    aggregate: aggregateStatus,
  });
  await seedStatuses(store);
  await store.markClusterUnreachable({
    cluster: 'edge',
    checkedAt: CHECKED_AT,
    error: 'connect ECONNREFUSED 10.0.0.1:443',
  });
  await store.recordRun({
    cluster: 'prod',
    startedAt: CHECKED_AT,
    finishedAt: new Date(CHECKED_AT.getTime() + 60_000),
    status: 'partial',
    entityCount: 3,
    workloadCount: 2,
    counts: {
      byMechanism: { 'node-role': 1, 'static-secret': 1 },
      byHealth: { ok: 1, error: 1 },
    },
    errors: [
      { cluster: 'prod', message: 'ECR: connect ETIMEDOUT 10.0.0.2:443' },
    ],
    kubernetesRequests: 8,
    awsRequests: 3,
  });
  return store;
}

describe.each(databases.eachSupportedId())(
  'the served bodies parse with -common response schemas (%s)',
  databaseId => {
    let app: express.Express;

    beforeAll(async () => {
      const store = await seededStore(await databases.init(databaseId));
      // A refresh that reads nothing new and could not reach one cluster.
      ({ app } = await accessRouterApp(store, {
        refreshEntity: async () => ({
          unreachable: [
            { cluster: 'edge', message: 'connect ECONNREFUSED 10.0.0.1:443' },
          ],
        }),
      }));
    });

    async function served(method: 'get' | 'post', path: string) {
      const res = await request(app)[method](path).set(as(ALICE));
      expect(res.status).toBe(200);
      return res.body;
    }

    it('GET /entities/{kind}/{namespace}/{name}/status', async () => {
      const body = await served(
        'get',
        '/entities/component/default/shop/status',
      );
      expect(body.workloads).not.toHaveLength(0);
      expectServedAs(entityStatusResponseSchema, body);
    });

    it('GET /entities/{kind}/{namespace}/{name}/history', async () => {
      const body = await served(
        'get',
        '/entities/component/default/shop/history',
      );
      expect(body.items).not.toHaveLength(0);
      expectServedAs(historyResponseSchema, body);
    });

    it('POST /entities/{kind}/{namespace}/{name}/refresh', async () => {
      const body = await served(
        'post',
        '/entities/component/default/web/refresh',
      );
      expect(body.unreachableClusters).toHaveLength(1);
      expectServedAs(refreshResponseSchema, body);
    });

    it('GET /audit', async () => {
      const body = await served('get', '/audit');
      expect(body.items).not.toHaveLength(0);
      expectServedAs(auditResponseSchema, body);
    });

    it('GET /audit/runs', async () => {
      const body = await served('get', '/audit/runs');
      expect(body.items[0].errors).toHaveLength(1);
      expectServedAs(auditRunsResponseSchema, body);
    });

    it('fails on a field the contract does not name, however deep', async () => {
      const body = await served(
        'get',
        '/entities/component/default/shop/status',
      );
      const [first, ...rest] = body.workloads;
      const withExtra = {
        ...body,
        workloads: [
          { ...first, containers: [{ ...first.containers[0], token: 'x' }] },
          ...rest,
        ],
      };
      expect(() =>
        expectServedAs(entityStatusResponseSchema, withExtra),
      ).toThrow();
    });
  },
);
