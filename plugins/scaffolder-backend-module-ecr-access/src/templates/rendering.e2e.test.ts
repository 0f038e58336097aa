import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { parse, parseAllDocuments } from 'yaml';
import { writes } from '../__testUtils__/sandbox';
import {
  ORDERS_WORKER,
  dryRun,
  expectNoInternals,
  readTemplate,
  withoutFormChecks,
} from '../__testUtils__/scaffolderBackend';
import { useTemplateSuite } from '../__testUtils__/templateSuite';
import { ORDERS_WORKER_MIGRATION } from '../__testUtils__/templateValues';

/** The skeleton step alone, its values handed over whole: the rendering path, nothing else. */
function skeletonOnly(values: string[]) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'skeleton-only' },
    spec: {
      owner: 'group:default/team-platform',
      type: 'service',
      parameters: [
        {
          properties: Object.fromEntries(
            values.map(name => [name, { type: ['string', 'object'] }]),
          ),
        },
      ],
      steps: [
        {
          id: 'skeleton',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: Object.fromEntries(
              values.map(name => [name, `\${{ parameters.${name} }}`]),
            ),
          },
        },
      ],
    },
  };
}

// Characters YAML reads as structure, with any others: a value must stay one scalar.
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '\n',
      '\r',
      '\t',
      ' ',
      ':',
      '-',
      '#',
      '"',
      "'",
      '\\',
      '{',
      '}',
      '[',
      ']',
      ',',
      '&',
      '*',
      '!',
      '|',
      '>',
      '%',
      '@',
      '`',
      '?',
      '\u0085',
      '\u2028',
      '\u00e9',
    ),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
  ),
  minLength: 1,
  maxLength: 30,
});

/**
 * An annotation key. The scaffolder's template engine (nunjitsu, Backstage 1.57) refuses a record
 * key named `constructor`, `prototype` or `__proto__` before any action runs (a 500 from the
 * dry-run, CI seed -432787403). The annotations rendered here are the validate action's output,
 * whose keys are EKS's own (`eks.amazonaws.com/role-arn`, …), never those.
 */
const annotationKey = text.filter(
  key => !['constructor', 'prototype', '__proto__'].includes(key),
);

/** The argv a POSIX shell makes of `line`. */
function shellWords(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

const INJECTED =
  'regcred\n      namespace: kube-system\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: payments';

describe('what the templates render, read back', () => {
  const { sandbox, baseUrl } = useTemplateSuite([ORDERS_WORKER]);

  it('the new service’s catalog-info.yaml holds exactly the values given, whatever they hold', async () => {
    const names = ['name', 'description', 'owner', 'namespace', 'cluster'];
    await fc.assert(
      fc.asyncProperty(
        fc.record(Object.fromEntries(names.map(n => [n, text]))),
        async values => {
          const { status, files } = await dryRun(
            baseUrl(),
            'new-service-with-irsa',
            skeletonOnly(names),
            values,
          );
          expect(status).toBe(200);
          const documents = parseAllDocuments(files['catalog-info.yaml']);
          expect(documents).toHaveLength(1);
          expect(documents[0].toJS()).toEqual({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: values.name,
              description: values.description,
              annotations: {
                'backstage.io/kubernetes-id': values.name,
                'backstage.io/kubernetes-namespace': values.namespace,
              },
            },
            spec: {
              type: 'service',
              lifecycle: 'experimental',
              owner: values.owner,
            },
          });
        },
      ),
      { numRuns: 25 },
    );
    // 25 real renderings each: seconds of work on a loaded CI machine, beyond jest's 5 s.
  }, 30_000);

  it('the migration’s ServiceAccount and Deployment patch hold exactly the values given', async () => {
    const names = [
      'deployment',
      'namespace',
      'serviceAccountName',
      'kubernetesId',
      'annotations',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          deployment: text,
          namespace: text,
          serviceAccountName: text,
          kubernetesId: text,
          annotations: fc.dictionary(annotationKey, text, {
            minKeys: 1,
            maxKeys: 2,
          }),
        }),
        async values => {
          const { status, files } = await dryRun(
            baseUrl(),
            'migrate-off-pull-secret',
            skeletonOnly(names),
            values,
          );
          expect(status).toBe(200);
          for (const file of [
            'kubernetes/deployment-patch.yaml',
            'kubernetes/serviceaccount.yaml',
          ]) {
            expect(parseAllDocuments(files[file])).toHaveLength(1);
          }
          expect(parse(files['kubernetes/deployment-patch.yaml'])).toEqual({
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: values.deployment, namespace: values.namespace },
            spec: {
              template: {
                spec: {
                  serviceAccountName: values.serviceAccountName,
                  imagePullSecrets: null,
                },
              },
            },
          });
          expect(parse(files['kubernetes/serviceaccount.yaml'])).toEqual({
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: {
              name: values.serviceAccountName,
              namespace: values.namespace,
              labels: { 'backstage.io/kubernetes-id': values.kubernetesId },
              annotations: values.annotations,
            },
          });
        },
      ),
      { numRuns: 25 },
    );
    // 25 real renderings each: seconds of work on a loaded CI machine, beyond jest's 5 s.
  }, 30_000);

  describe('a pull-secret name that holds YAML (issue 15, item 2)', () => {
    it('the form refuses it', async () => {
      const { status, body } = await dryRun(
        baseUrl(),
        'migrate-off-pull-secret',
        readTemplate('migrate-off-pull-secret'),
        { ...ORDERS_WORKER_MIGRATION, pullSecret: INJECTED },
      );
      expect(status).toBe(400);
      expect(JSON.stringify(body.errors)).toContain('pullSecret');
    });

    it('without the form, the first step refuses it and nothing is rendered or written', async () => {
      sandbox().resetRequestCounts();
      const { status, body, files } = await dryRun(
        baseUrl(),
        'migrate-off-pull-secret',
        withoutFormChecks(readTemplate('migrate-off-pull-secret')),
        { ...ORDERS_WORKER_MIGRATION, pullSecret: INJECTED },
      );
      expect(status).toBe(400);
      expect(body.error.name).toBe('InputError');
      expect(body.error.message).toMatch(
        /^names\.pullSecret: must be a DNS-1123 subdomain/,
      );
      expect(files).toEqual({});
      expect(writes(sandbox())).toEqual({});
      expectNoInternals(body);
    });

    it('ecr-access:migration:render alone refuses it too (400), naming the field', async () => {
      const template = readTemplate('migrate-off-pull-secret');
      template.spec.steps = template.spec.steps.filter(
        (s: any) => s.id === 'removal',
      );
      delete template.spec.parameters;
      const { status, body } = await dryRun(
        baseUrl(),
        'migrate-off-pull-secret',
        template,
        {
          ...ORDERS_WORKER_MIGRATION,
          pullSecret: INJECTED,
        },
      );
      // The scaffolder checks the step's input against the action's JSON schema first.
      expect(status).toBe(400);
      expect(body.error.name).toBe('InputError');
      expect(body.error.message).toContain('pullSecret');
    });
  });

  it("the migration's removed.yaml and kubectl line name exactly the five objects", async () => {
    const { status, files } = await dryRun(
      baseUrl(),
      'migrate-off-pull-secret',
      readTemplate('migrate-off-pull-secret'),
      ORDERS_WORKER_MIGRATION,
    );
    expect(status).toBe(200);
    const removed = parseAllDocuments(files['kubernetes/removed.yaml']);
    expect(removed).toHaveLength(1);
    expect(
      removed[0]
        .toJS()
        .items.map(
          (i: any) => `${i.kind}/${i.metadata.namespace}/${i.metadata.name}`,
        ),
    ).toEqual([
      'CronJob/payments/ecr-cred-refresher',
      'RoleBinding/payments/ecr-cred-refresher',
      'Role/payments/ecr-cred-refresher',
      'ServiceAccount/payments/ecr-cred-refresher',
      'Secret/payments/regcred',
    ]);
    const fence = /```sh\n\s*(.*)\n\s*```/.exec(files['MIGRATION.md']);
    expect(shellWords(fence![1])).toEqual([
      'kubectl',
      '-n',
      'payments',
      'delete',
      'cronjob/ecr-cred-refresher',
      'rolebinding/ecr-cred-refresher',
      'role/ecr-cred-refresher',
      'serviceaccount/ecr-cred-refresher',
      'secret/regcred',
    ]);
  });
});
