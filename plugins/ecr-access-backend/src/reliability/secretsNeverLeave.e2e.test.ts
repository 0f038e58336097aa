import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  capturingRootLogger,
  DEMO_SCENARIO,
  demoEntities,
  expectNoCanary,
  LogLine,
  useSandbox,
} from '@ecr-access/test-utils';
import request from 'supertest';
import { startAuditingBackend } from '../__testUtils__/auditingBackend';
import { dumpDatabase } from '../__testUtils__/storedAudit';
import { kubernetesRequest, postObject } from '../__testUtils__/sandboxWrites';
import { dockerConfigSecret } from '../__fixtures__/manifests';
import { seed002Entity, seed002Objects } from '../__fixtures__/seed002';

jest.setTimeout(60_000);

// Issue 9, secrets never leave (backend): the sandbox writes a canary into every Secret's data
// and every refresher CronJob's env. Issue 14 adds seed 002 (its CronJob loads a ConfigMap,
// which the collector reads for the secret's name; the canary is in that ConfigMap's data too)
// and turns on `ecrAccess.kubernetes.readPullSecretHosts`, so pull secrets are read whole and
// reduced to their hosts. After the scheduled audit of every cluster and on-demand refreshes,
// the canary (as is, or inside the fake ECR token and .dockerconfigjson around it) is in no
// response of any route, no log line at any level, and no row of any table.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SEED_COPY = 'health-check-copy';

describe.each(databases.eachSupportedId())(
  'secrets never leave the backend (%s)',
  databaseId => {
    let sandbox: Sandbox;
    let backend: TestBackend;
    let get: (path: string) => request.Test;
    let lines: LogLine[];
    let knex: Awaited<ReturnType<typeof databases.init>>;
    const user = mockCredentials.user.header();

    // The demo as shipped: edge-euw1 down, so failure paths log too.
    useSandbox({
      scenario: DEMO_SCENARIO,
      async started(started) {
        sandbox = started;
        // A second copy of seed 002 (the demo has one in health-check), with the canary in its
        // ConfigMap's data and the pull secret's token, written through the Kubernetes API.
        for (const object of seed002Objects(SEED_COPY, sandbox.canary)) {
          await postObject(sandbox, 'prod-use1', object);
        }
        await postObject(
          sandbox,
          'prod-use1',
          dockerConfigSecret(
            SEED_COPY,
            'regcred',
            sandbox.canary,
            '111122223333.dkr.ecr.us-east-1.amazonaws.com',
          ),
          'kubectl-create',
        );
        knex = await databases.init(databaseId);
        const logs = capturingRootLogger();
        lines = logs.lines;
        ({ backend, get } = await startAuditingBackend({
          sandbox,
          knex,
          entities: [...demoEntities(), seed002Entity(SEED_COPY)],
          // Pull secrets read whole, reduced to their hosts: the token passes through.
          ecrAccess: { kubernetes: { readPullSecretHosts: true } },
          services: [logs.factory],
        }));
      },
      stopping: () => backend?.stop(),
    });

    it('the canary is really there to leak: in Secret data, CronJob env and ConfigMap data', async () => {
      const secrets = await kubernetesRequest(
        sandbox,
        'prod-use1',
        'GET',
        '/api/v1/secrets',
      );
      const cronJobs = await kubernetesRequest(
        sandbox,
        'prod-use1',
        'GET',
        '/apis/batch/v1/cronjobs',
      );
      const configMap = await kubernetesRequest(
        sandbox,
        'prod-use1',
        'GET',
        '/api/v1/namespaces/health-check/configmaps/ecr-registry-helper-cm',
      );
      expect(() => expectNoCanary(sandbox, secrets)).toThrow();
      expect(() => expectNoCanary(sandbox, cronJobs)).toThrow();
      expect(() => expectNoCanary(sandbox, configMap)).toThrow();
    });

    it('appears in no response, log line or database row', async () => {
      // The start-up audit of every cluster, recorded.
      for (let i = 0; i < 200; i++) {
        const runs = await get('/audit/runs');
        if (runs.body.items?.length >= sandbox.clusters.length) break;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      const responses: request.Response[] = [];
      const entities = [...demoEntities(), seed002Entity(SEED_COPY)].map(
        e => `component/default/${e.metadata.name}`,
      );
      for (const entity of entities) {
        responses.push(await get(`/entities/${entity}/status`));
        responses.push(await get(`/entities/${entity}/history`));
      }
      // Refresh the entities whose pulls involve a Secret (its metadata is read again, with
      // label-selected and namespace-scoped calls), and one that does not.
      const withSecrets = responses
        .filter(
          r =>
            r.status === 200 &&
            (r.body.mechanisms ?? []).some((m: string) =>
              m.endsWith('-secret'),
            ),
        )
        .map(r => `component/default/${r.body.entityRef.split('/')[1]}`);
      expect(withSecrets.length).toBeGreaterThan(2);
      // The paths that held the canary ran: seed 002's refresher was recognised through the
      // ConfigMap it loads, and pull-secret hosts were read.
      const seed = responses.find(
        r => r.body?.entityRef === 'component:default/health-check',
      );
      expect(seed?.text).toContain('"ecr-registry-helper-cm"');
      expect(seed?.body.mechanisms).toEqual(['rotating-secret']);
      expect(responses.some(r => r.text.includes('"hosts":['))).toBe(true);
      for (const entity of [...withSecrets, 'component/default/payments-api']) {
        const refreshed = await request(backend.server)
          .post(`/api/ecr-access/entities/${entity}/refresh`)
          .set('Authorization', user);
        expect(refreshed.status).toBe(200);
        responses.push(refreshed);
      }
      responses.push(await get('/audit?limit=200'));
      responses.push(await get('/audit?format=csv'));
      responses.push(await get('/audit?mechanism=static-secret'));
      responses.push(await get('/audit/runs'));
      responses.push(await get('/audit/clusters'));
      // Error answers too.
      responses.push(await get('/entities/component/default/nobody/status'));
      responses.push(await get('/audit?limit=nope'));
      expect(responses.filter(r => r.status >= 500)).toEqual([]);
      expect(responses.length).toBeGreaterThan(2 * entities.length);

      // The capture works: the audit's own lines are there.
      expect(
        lines.some(l => l.message.startsWith('ecr-access audit of prod-use1')),
      ).toBe(true);
      const database = await dumpDatabase(knex);
      expect(Object.keys(database).length).toBeGreaterThanOrEqual(5);

      expectNoCanary(
        sandbox,
        ...responses.map(r => ({ headers: r.headers, body: r.text })),
        ...lines,
        database,
      );
    });
  },
);
