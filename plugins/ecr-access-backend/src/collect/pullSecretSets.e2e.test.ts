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
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';
import { dumpDatabase } from '../__testUtils__/storedAudit';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';
import {
  NARROW_CLUSTER,
  pullSecretSetEntities,
  REFRESHED_PUBLIC,
  pullSecretSetsScenario,
} from './__fixtures__/pullSecretSetsScenario';

jest.setTimeout(180_000);

// review8 cases 3 and 7, end to end over HTTP: the sandbox's Kubernetes API serves the
// Deployments and their pull secrets (data holding the canary), the plugin as installed
// audits them at start-up (real collectors, store on SQLite), once with the default config
// (pull secrets read metadata-only) and once with `ecrAccess.kubernetes.readPullSecretHosts`.

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

describe('several pull secrets, and an ECR Public image with a pull secret', () => {
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
      entities: pullSecretSetEntities(),
      ecrAccess: { kubernetes: { readPullSecretHosts } },
      services: [logs.factory],
    });
    await untilAudited(get, 1);
    return { backend, get, knex, lines: logs.lines };
  }

  useSandbox({
    scenario: pullSecretSetsScenario(),
    async started(running) {
      sandbox = running;
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
  const finding = (s: EntityStatus, code: string) =>
    s.findings.find(f => f.code === code);

  describe('hosts not read (default config)', () => {
    it.each(['two-secrets', 'two-secrets-reversed'])(
      '%s: an expired and a fresh secret of unread hosts, the node role cannot pull: unknown, never "expires in 10 h"',
      async ns => {
        const s = await status('metadata', ns);
        expect(s.health).toBe('unknown');
        expect(s.codes).toContain('OBJECTS_NOT_READABLE');
        expect(s.codes).not.toContain('SECRET_EXPIRES_SOON');
        expect(s.mechanisms).not.toContain('static-secret');
        const why = finding(s, 'OBJECTS_NOT_READABLE')!;
        expect(why.subject).toBe(`Deployment ${ns}/${ns}`);
        expect(why.message).toMatch(
          /pull secrets (regcred, hubcred|hubcred, regcred) were not read/,
        );
        expect(why.message).toMatch(
          /if regcred holds it, error \(the ECR token in regcred expired 8 h ago/,
        );
        expect(why.message).toMatch(/if hubcred holds it, warning/);
        expect(why.message).toMatch(/cannot be shown to pull relabeled\/api/);
      },
    );

    it('one-secret: the expired token alone is an error, as before', async () => {
      const s = await status('metadata', 'one-secret');
      expect(s.health).toBe('error');
      expect(s.codes).toContain('SECRET_EXPIRED');
    });

    it('ecr-public: a secret of unread hosts is no evidence it is for public.ecr.aws: anonymous', async () => {
      const s = await status('metadata', 'ecr-public');
      expect(s).toMatchObject({ health: 'ok', mechanisms: ['anonymous'] });
      expect(s.codes).toEqual([]);
    });
  });

  it.each(['metadata', 'hosts'] as const)(
    '%s: an ECR Public image whose refresher writes its secret for public.ecr.aws, token expired: error either way',
    async config => {
      const s = await status(config, REFRESHED_PUBLIC);
      expect(s.health).toBe('error');
      expect(s.mechanisms).toEqual(['rotating-secret']);
      const expired = finding(s, 'SECRET_EXPIRED')!;
      expect(expired.subject).toBe(`Secret ${REFRESHED_PUBLIC}/regcred`);
      expect(expired.message).toMatch(/ECR Public refuses an expired token/);
      // Where the hosts come from: the refresher's flag, or the secret itself.
      const whence =
        config === 'metadata'
          ? /\(its hosts were not read; CronJob ecr-registry-helper writes it for public\.ecr\.aws\)/
          : /expired 8 h ago \(written 20 h ago\); ECR Public/;
      expect(expired.message).toMatch(whence);
    },
  );

  describe('hosts read (readPullSecretHosts)', () => {
    it.each(['two-secrets', 'two-secrets-reversed', 'one-secret'])(
      '%s: regcred is the secret for the ECR host, and expired: error',
      async ns => {
        const s = await status('hosts', ns);
        expect(s.health).toBe('error');
        expect(s.codes).toContain('SECRET_EXPIRED');
        expect(s.codes).not.toContain('SECRET_EXPIRES_SOON');
        expect(finding(s, 'SECRET_EXPIRED')!.subject).toBe(
          `Secret ${ns}/regcred`,
        );
      },
    );

    it('ecr-public: the expired token the kubelet sends to public.ecr.aws is refused: error, not anonymous', async () => {
      const s = await status('hosts', 'ecr-public');
      expect(s.health).toBe('error');
      expect(s.mechanisms).toEqual(['static-secret']);
      const expired = finding(s, 'SECRET_EXPIRED')!;
      expect(expired.subject).toBe('Secret ecr-public/ecr-public');
      expect(expired.message).toMatch(/expired 8 h ago/);
      expect(expired.message).toMatch(/ECR Public refuses an expired token/);
    });

    it('lists the ECR Public workload among the errors, not among the healthy', async () => {
      const get = audited.hosts!.get;
      const errors = await get('/audit?health=error&limit=100');
      const healthy = await get('/audit?health=ok&limit=100');
      responses.push(errors, healthy);
      const refs = (res: request.Response) =>
        (res.body.items as { entityRef: string }[]).map(i => i.entityRef);
      expect(refs(errors)).toContain('component:default/ecr-public');
      expect(refs(healthy)).not.toContain('component:default/ecr-public');
    });
  });

  it('an on-demand refresh of the ECR Public workload judges its secret the same way', async () => {
    const refreshed = await request(audited.hosts!.backend.server)
      .post('/api/ecr-access/entities/component/default/ecr-public/refresh')
      .set('Authorization', mockCredentials.user.header());
    responses.push(refreshed);
    expect(refreshed.status).toBe(200);
    const s = await status('hosts', 'ecr-public');
    expect(s.health).toBe('error');
    expect(s.codes).toContain('SECRET_EXPIRED');
  });

  it('never says what the pull secrets hold: responses, logs, stored rows', async () => {
    // The canary is really in the secrets' data, so its absence below means something.
    const raw = await kubernetesRequest(
      sandbox,
      NARROW_CLUSTER,
      'GET',
      '/api/v1/namespaces/ecr-public/secrets/ecr-public',
    );
    expect(() => expectNoCanary(sandbox, raw)).toThrow();
    expect(responses.length).toBeGreaterThan(10);
    for (const config of ['metadata', 'hosts'] as const) {
      const { lines, knex } = audited[config]!;
      expectNoCanary(sandbox, lines, await dumpDatabase(knex));
    }
    expectNoCanary(
      sandbox,
      responses.map(r => ({ headers: r.headers, body: r.text })),
    );
  });
});
