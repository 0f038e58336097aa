import {
  mockCredentials,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  capturingRootLogger,
  expectNoCanary,
  LogLine,
  useSandbox,
} from '@ecr-access/test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { ago, HOUR, REGISTRY } from '../__fixtures__/prodCluster';
import { cronJobRun } from '../__fixtures__/manifests';
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';
import { dumpDatabase } from '../__testUtils__/storedAudit';
import { kubernetesRequest, postObject } from '../__testUtils__/sandboxWrites';
import {
  CENTRAL_ACCOUNT,
  SEED_002_VARIANTS,
  seed002RegistriesScenario,
  seed002VariantEntities,
  seed002VariantObjects,
} from './__fixtures__/seed002RegistriesScenario';

jest.setTimeout(180_000);

// review7 case 3, end to end over HTTP: seed 002 verbatim, POSTed to the sandbox's Kubernetes
// API, audited at start-up by the plugin as installed (real collectors, store on SQLite), once
// with the default config (pull secrets read metadata-only) and once with
// `ecrAccess.kubernetes.readPullSecretHosts`. regcred is written for 111122223333 in
// us-east-1 (its CronJob's --docker-server, from its ConfigMap); an image in a central ECR
// account or in us-west-2 is not served by it and the node role cannot pull it: an error
// either way, never "Pulls use a rotating secret".

interface Audited {
  backend: TestBackend;
  get: (path: string) => request.Test;
  knex: Knex;
  lines: LogLine[];
}

interface EntityStatus {
  health: string;
  summary: string;
  mechanisms: string[];
  findings: Finding[];
}

describe('the registry seed 002 writes regcred for, with and without reading its hosts', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const audited: Partial<Record<'metadata' | 'hosts', Audited>> = {};
  const responses: request.Response[] = [];
  let sandbox: Sandbox;

  async function start(readPullSecretHosts: boolean): Promise<Audited> {
    const knex = await databases.init('SQLITE_3');
    const logs = capturingRootLogger();
    const { backend, get } = await startAuditingBackend({
      sandbox,
      knex,
      entities: seed002VariantEntities(),
      ecrAccess: { kubernetes: { readPullSecretHosts } },
      services: [logs.factory],
    });
    await untilAudited(get, 1);
    return { backend, get, knex, lines: logs.lines };
  }

  useSandbox({
    scenario: seed002RegistriesScenario(),
    async started(running) {
      sandbox = running;
      for (const [ns, variant] of Object.entries(SEED_002_VARIANTS)) {
        const { objects, secret } = seed002VariantObjects(
          ns,
          variant,
          running.canary,
        );
        const created: Record<string, any> = {};
        for (const object of objects)
          created[object.kind] = await postObject(running, 'prod', object);
        await postObject(running, 'prod', secret, 'kubectl-create');
        await postObject(
          running,
          'prod',
          cronJobRun(created.CronJob, 'succeeded', ago(HOUR)),
        );
      }
      audited.metadata = await start(false);
      audited.hosts = await start(true);
    },
    async stopping() {
      await audited.metadata?.backend.stop();
      await audited.hosts?.backend.stop();
    },
    timeout: 120_000,
  });

  async function status(
    config: 'metadata' | 'hosts',
    ns: string,
  ): Promise<EntityStatus & { codes: string[] }> {
    const res = await audited[config]!.get(
      `/entities/component/default/${ns}/status`,
    );
    responses.push(res);
    expect(res.status).toBe(200);
    const body = res.body as EntityStatus;
    return { ...body, codes: body.findings.map(f => f.code).sort() };
  }
  const message = (s: EntityStatus, code: string) =>
    s.findings.find(f => f.code === code)?.message;

  describe.each(['metadata', 'hosts'] as const)(
    'pull secrets read: %s',
    config => {
      it('seed 002 as written (image in the registry regcred is for): a rotating secret, ok', async () => {
        const s = await status(config, 'seed-same');
        expect(s).toMatchObject({
          health: 'ok',
          mechanisms: ['rotating-secret'],
        });
        expect(s.codes).toEqual([]);
        expect(s.summary).toMatch(/^Pulls use a rotating secret/);
      });

      it('image in a central ECR account: SECRET_REGISTRY_MISMATCH and the node role cannot pull', async () => {
        const s = await status(config, 'seed-central');
        expect(s.health).toBe('error');
        expect(s.codes).toEqual(
          expect.arrayContaining([
            'ROLE_LACKS_ECR_PULL',
            'SECRET_REGISTRY_MISMATCH',
          ]),
        );
        expect(s.mechanisms).not.toContain('rotating-secret');
        const mismatch = message(s, 'SECRET_REGISTRY_MISMATCH');
        expect(mismatch).toContain(
          `none for ${CENTRAL_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/seed-central`,
        );
        // Where the hosts come from, said: the refresher's flag, or the secret itself.
        expect(mismatch).toContain(
          config === 'metadata'
            ? `CronJob ecr-registry-helper writes pull secret regcred for https://${REGISTRY} (its --docker-server; the secret's own hosts were not read)`
            : `pull secret regcred has entries for https://${REGISTRY}`,
        );
      });

      it('image in another region: SECRET_REGISTRY_MISMATCH beside ECR_REGION_MISMATCH', async () => {
        const s = await status(config, 'seed-west');
        expect(s.health).toBe('error');
        expect(s.codes).toEqual(
          expect.arrayContaining([
            'ECR_REGION_MISMATCH',
            'ROLE_LACKS_ECR_PULL',
            'SECRET_REGISTRY_MISMATCH',
          ]),
        );
        expect(s.mechanisms).not.toContain('rotating-secret');
      });

      it('--docker-server with :443: SECRET_REGISTRY_MISMATCH, never a rotating secret that works', async () => {
        const s = await status(config, 'seed-port');
        expect(s.health).toBe('error');
        expect(s.codes).toEqual(
          expect.arrayContaining([
            'ROLE_LACKS_ECR_PULL',
            'SECRET_REGISTRY_MISMATCH',
          ]),
        );
        expect(s.mechanisms).not.toContain('rotating-secret');
        expect(message(s, 'SECRET_REGISTRY_MISMATCH')).toContain(
          `https://${REGISTRY}:443`,
        );
      });

      it('the account in a value that is no account: nothing kept of it, the pull as before', async () => {
        const s = await status(config, 'seed-canary-account');
        expect(s).toMatchObject({
          health: 'ok',
          mechanisms: ['rotating-secret'],
        });
      });
    },
  );

  it('AWS_ACCOUNT only in the unread Secret, image in a central account: unknown by default, saying why', async () => {
    const s = await status('metadata', 'seed-unknown-central');
    expect(s.health).toBe('unknown');
    expect(s.codes).toEqual(['OBJECTS_NOT_READABLE']);
    expect(message(s, 'OBJECTS_NOT_READABLE')).toContain(
      `no refresher of regcred declares the registry it writes, and seed-unknown-central is in account ${CENTRAL_ACCOUNT}, not the cluster's 111122223333`,
    );
    // With the hosts read, the secret's own entries decide.
    const read = await status('hosts', 'seed-unknown-central');
    expect(read.health).toBe('error');
    expect(read.codes).toContain('SECRET_REGISTRY_MISMATCH');
  });

  it('the audit page counts as healthy only the pulls that work', async () => {
    for (const config of ['metadata', 'hosts'] as const) {
      const res = await audited[config]!.get('/audit?health=ok');
      responses.push(res);
      expect(res.status).toBe(200);
      const refs = (res.body.items as Array<{ entityRef: string }>)
        .map(i => i.entityRef)
        .sort();
      expect(refs).toEqual([
        'component:default/seed-canary-account',
        'component:default/seed-same',
      ]);
    }
  });

  it('no env value, ConfigMap value or secret data in any response, log line or database row', async () => {
    // The canary is really there to leak: the ConfigMap's AWS_ACCOUNT and AWS_NOTE, the
    // Secret the CronJob loads, and regcred's token.
    const raws = await Promise.all(
      [
        '/api/v1/namespaces/seed-canary-account/configmaps/ecr-registry-helper-cm',
        '/api/v1/namespaces/seed-same/secrets/ecr-registry-helper-secrets',
        '/api/v1/namespaces/seed-same/secrets/regcred',
      ].map(path => kubernetesRequest(sandbox, 'prod', 'GET', path)),
    );
    const running = sandbox;
    raws.forEach(raw => expect(() => expectNoCanary(running, raw)).toThrow());
    for (const config of ['metadata', 'hosts'] as const) {
      const { get, knex, lines } = audited[config]!;
      for (const path of [
        '/audit?limit=50',
        '/audit?format=csv',
        '/audit/runs',
        '/entities/component/default/seed-canary-account/history',
      ])
        responses.push(await get(path));
      // An on-demand refresh reads the entity's namespace again, the ConfigMap included.
      const refreshed = await request(audited[config]!.backend.server)
        .post('/api/ecr-access/entities/component/default/seed-central/refresh')
        .set('Authorization', mockCredentials.user.header());
      expect(refreshed.status).toBe(200);
      responses.push(refreshed);
      expect((await status(config, 'seed-central')).codes).toContain(
        'SECRET_REGISTRY_MISMATCH',
      );
      expect(
        lines.some(l => l.message.startsWith('ecr-access audit of prod')),
      ).toBe(true);
      expectNoCanary(sandbox, lines, await dumpDatabase(knex));
    }
    expect(responses.length).toBeGreaterThan(20);
    expectNoCanary(
      sandbox,
      ...responses.map(r => ({ headers: r.headers, body: r.text })),
    );
  });
});
