import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Sandbox, ScenarioInput } from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import {
  AuditHarness,
  createAuditHarness,
} from '../__testUtils__/auditHarness';
import { readAllStatuses, verdictOf } from '../__testUtils__/storedAudit';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';

jest.setTimeout(60_000);

// Issue 9, bad input from the outside world: Kubernetes objects and IAM policies that no
// validating client would write, but that a cluster or an account can still hold (objects
// written by old tools or by hand; documents seeded raw). The audit must finish, store every
// entity, and say INPUT_MALFORMED where the input cannot be read, never crash.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ACCOUNT = '111122223333';
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.0`;
const arn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/${role}`;
const irsa = (serviceAccount: string) => ({
  irsa: [{ cluster: 'mal', namespace: 'shop', serviceAccount }],
});

// Workloads whose ServiceAccount pulls with a role whose documents are broken, one each.
const BROKEN_ROLES: Record<string, { trust: object; pull: unknown }> = {
  'trust-not-json': {
    trust: { document: '{"Version": "2012-10-17", "Statement": [' },
    pull: { ecrPull: ['shop/web'] },
  },
  'policy-not-json': { trust: irsa('policy-not-json'), pull: 'Allow all' },
  'policy-wrong-types': {
    trust: irsa('policy-wrong-types'),
    pull: { Version: '2012-10-17', Statement: 'ecr:*' },
  },
};

const scenario: ScenarioInput = {
  name: 'malformed',
  accounts: [
    {
      id: ACCOUNT,
      credentials: [
        { accessKeyId: 'AKIAECRACCESSDEMO0001', user: 'backstage' },
      ],
      repositories: [{ name: 'shop/web', region: 'us-east-1' }],
      roles: [
        {
          name: 'eks-node-mal',
          trust: { service: ['ec2.amazonaws.com'] },
          // PullOnly: ReadOnly would be NODE_ROLE_TOO_BROAD (#20), a warning on every pull.
          managedPolicies: ['AmazonEC2ContainerRegistryPullOnly'],
        },
        {
          name: 'good',
          trust: irsa('good'),
          inlinePolicies: { pull: { ecrPull: ['shop/web'] } },
        },
        {
          // A sound role; only its ServiceAccount's annotation is written with whitespace.
          name: 'padded-arn',
          trust: irsa('padded-arn'),
          inlinePolicies: { pull: { ecrPull: ['shop/web'] } },
        },
        ...Object.entries(BROKEN_ROLES).map(([name, role]) => ({
          name,
          trust: role.trust,
          inlinePolicies: { pull: role.pull },
        })),
      ] as any,
    },
  ],
  clusters: [
    {
      name: 'mal',
      account: ACCOUNT,
      region: 'us-east-1',
      imagePullAuth: 'service-account-token',
      nodeRole: 'eks-node-mal',
      serviceAccounts: [
        ...['good', ...Object.keys(BROKEN_ROLES)].map(name => ({
          namespace: 'shop',
          name,
          annotations: { 'eks.amazonaws.com/ecr-role-arn': arn(name) },
        })),
        {
          namespace: 'shop',
          name: 'arn-not-an-arn',
          annotations: { 'eks.amazonaws.com/ecr-role-arn': 'role/web-pull' },
        },
        {
          // `eks.amazonaws.com/ecr-role-arn: >` (a folded YAML scalar) keeps the newline, which
          // the credential provider passes to STS as written.
          namespace: 'shop',
          name: 'padded-arn',
          annotations: {
            'eks.amazonaws.com/ecr-role-arn': `${arn('padded-arn')}\n`,
          },
        },
      ],
      workloads: [
        'good',
        ...Object.keys(BROKEN_ROLES),
        'arn-not-an-arn',
        'padded-arn',
      ].map(name => ({
        kind: 'Deployment' as const,
        namespace: 'shop',
        name,
        kubernetesId: name,
        images: [IMAGE],
        serviceAccount: name,
      })),
    },
  ],
};

const labels = (id: string) => ({ 'backstage.io/kubernetes-id': id });
const deployment = (name: string, spec: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', labels: labels(name) },
  ...(spec === undefined ? {} : { spec }),
});
const podSpec = (spec: unknown) => ({
  selector: { matchLabels: labels('x') },
  template: { metadata: { labels: labels('x') }, spec },
});

// Objects of the wrong shape, written straight to the API server (which checks names and
// labels, not the pod template: an apps/v1 conversion bug or a hand-edited etcd can leave them).
const MALFORMED_OBJECTS: Array<[path: string, object: object]> = [
  [
    '/apis/apps/v1/namespaces/shop/deployments',
    deployment('no-spec', undefined),
  ],
  [
    '/apis/apps/v1/namespaces/shop/deployments',
    deployment('no-containers', podSpec({})),
  ],
  [
    '/apis/apps/v1/namespaces/shop/deployments',
    deployment('containers-not-a-list', podSpec({ containers: 'web' })),
  ],
  [
    '/apis/apps/v1/namespaces/shop/deployments',
    deployment(
      'image-a-number',
      podSpec({ containers: [{ name: 'web', image: 42 }] }),
    ),
  ],
  [
    '/apis/apps/v1/namespaces/shop/deployments',
    deployment(
      'image-not-a-reference',
      podSpec({ containers: [{ name: 'web', image: 'Not An Image!' }] }),
    ),
  ],
  [
    '/apis/batch/v1/namespaces/shop/cronjobs',
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {
        name: 'schedule-not-cron',
        namespace: 'shop',
        labels: labels('schedule-not-cron'),
      },
      spec: {
        schedule: 'every other tuesday',
        jobTemplate: {
          spec: {
            template: { spec: { containers: [{ name: 'job', image: IMAGE }] } },
          },
        },
      },
    },
  ],
];

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
  };
}

const nameOf = (object: object) =>
  (object as { metadata: { name: string } }).metadata.name;
// Whose pulls cannot be judged from what was read. A workload CronJob's schedule is not one
// of them: only a refresher's schedule matters to a pull, so that one is judged as usual.
const MALFORMED_WORKLOADS = [
  ...Object.keys(BROKEN_ROLES),
  'arn-not-an-arn',
  'padded-arn',
  ...MALFORMED_OBJECTS.map(([, o]) => nameOf(o)).filter(
    name => name !== 'schedule-not-cron',
  ),
];

describe.each(databases.eachSupportedId())(
  'malformed input never crashes an audit (%s)',
  databaseId => {
    let sandbox: Sandbox;
    let harness: AuditHarness;
    const entities = [
      component('good', labels('good')),
      ...MALFORMED_WORKLOADS.map(name => component(name, labels(name))),
      component('schedule-not-cron', labels('schedule-not-cron')),
      // A selector the Kubernetes plugin's annotation allows to be written, but not parsed.
      component('selector-not-parsable', {
        'backstage.io/kubernetes-label-selector': 'app in (web',
      }),
    ];

    useSandbox({
      scenario,
      started: running => {
        sandbox = running;
      },
    });

    beforeAll(async () => {
      for (const [path, object] of MALFORMED_OBJECTS) {
        await kubernetesRequest(sandbox, 'mal', 'POST', path, object);
      }
      harness = await createAuditHarness({
        knex: await databases.init(databaseId),
        sandbox,
        entities,
      });
    });

    it('audits the cluster, stores every entity, and names what it could not read', async () => {
      const [run] = await harness.auditAll();
      expect(run.status).not.toBe('failed');
      const statuses = await readAllStatuses(harness.store);
      expect([...statuses.keys()].sort()).toEqual(
        entities.map(e => `component:default/${e.metadata.name}`).sort(),
      );
      // The well-formed workload beside them is audited as usual.
      expect(verdictOf(statuses.get('component:default/good')!)).toMatchObject({
        health: 'ok',
        mechanisms: ['service-account-role'],
      });
      const verdicts = MALFORMED_WORKLOADS.map(name => {
        const verdict = verdictOf(statuses.get(`component:default/${name}`)!);
        return [
          name,
          verdict.findingCodes.includes('INPUT_MALFORMED'),
          verdict.health,
        ];
      });
      expect(verdicts).toEqual(
        MALFORMED_WORKLOADS.map(name => [
          name,
          true,
          expect.stringMatching(/unknown|error/),
        ]),
      );
      expect(
        verdictOf(statuses.get('component:default/schedule-not-cron')!),
      ).toMatchObject({
        health: 'ok',
        workloads: ['mal/shop/CronJob/schedule-not-cron'],
      });
      // An unparsable selector matches nothing: stored as "no workloads", not a crash.
      expect(
        verdictOf(statuses.get('component:default/selector-not-parsable')!)
          .workloads,
      ).toEqual([]);
    });

    it('refreshes each of them on demand without throwing, with the same verdicts', async () => {
      const results = new Map<
        string,
        { workloads: number; errors: unknown[] }
      >();
      for (const entity of entities) {
        const ref = `component:default/${entity.metadata.name}`;
        results.set(ref, await harness.audit.refreshEntity(ref));
      }
      // The selector is refused before any request: no error, an INPUT_MALFORMED finding.
      expect(
        results.get('component:default/selector-not-parsable')!.errors,
      ).toEqual([]);
      // Stored as before: the entity's own workload, still named malformed. (The refresh's
      // `workloads` count is not compared: it also counts the namespace's CronJobs, which the
      // refresh reads as possible refreshers.)
      const statuses = await readAllStatuses(harness.store);
      expect(
        MALFORMED_WORKLOADS.map(name => {
          const verdict = verdictOf(statuses.get(`component:default/${name}`)!);
          return [
            name,
            verdict.workloads,
            verdict.findingCodes.includes('INPUT_MALFORMED'),
          ];
        }),
      ).toEqual(
        MALFORMED_WORKLOADS.map(name => [
          name,
          [`mal/shop/Deployment/${name}`],
          true,
        ]),
      );
    });
  },
);
