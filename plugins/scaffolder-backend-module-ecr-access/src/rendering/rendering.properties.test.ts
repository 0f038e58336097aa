import { createMockDirectory } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { catalogInfoWithRole } from '../actions/catalogInfoRole';
import { irsaManifests } from '../actions/irsaManifests';
import {
  deleteArgv,
  deleteCommand,
  removedObjects,
  removedYaml,
} from './removedObjects';
import { manifestYaml } from './manifestYaml';
import { shellCommand } from './shellWords';

/**
 * Every rendering path of the module, fed arbitrary strings (shell and YAML metacharacters,
 * line breaks, quotes, unicode) without the validation that normally comes first, and read
 * back: the YAML parses to exactly the intended objects, the shell line tokenizes (by a real
 * POSIX shell) to exactly the intended argv. Validation keeps bad names out; this is what
 * holds if one ever got through.
 */

// Single characters a shell or a YAML reader treats specially, mixed with any others.
const special = fc.constantFrom(
  "'",
  '"',
  '\\',
  '$',
  '`',
  '\n',
  '\r',
  '\t',
  ' ',
  '*',
  ';',
  '|',
  '&',
  '#',
  '~',
  '!',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  ':',
  '-',
  '?',
  '%',
  '@',
  ',',
  '[',
  ']',
  '\u0085',
  '\u2028',
  '\u00e9',
  '\u202e',
);
const text = fc.string({
  unit: fc.oneof(special, fc.string({ unit: 'grapheme', maxLength: 1 })),
  maxLength: 40,
});
// An argument of a process cannot hold NUL; everything else can.
const argument = text.filter(s => !s.includes('\0'));

/** The argv a POSIX shell makes of `line` (`printf` prints each word NUL-terminated). */
function shellWords(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

const removal = fc.record({
  namespace: argument,
  deployment: argument,
  pullSecret: argument,
  refresherCronJob: argument,
});

describe('rendering, read back', () => {
  it('shellCommand: the shell reads back exactly the argv', () => {
    fc.assert(
      fc.property(fc.array(argument, { minLength: 1, maxLength: 5 }), argv => {
        expect(shellWords(shellCommand(argv))).toEqual(argv);
      }),
      { numRuns: 150 },
    );
  });

  it("deleteCommand: MIGRATION.md's kubectl line is exactly kubectl -n <namespace> delete <the five objects>", () => {
    fc.assert(
      fc.property(removal, r => {
        const argv = shellWords(deleteCommand(r));
        expect(argv).toEqual(deleteArgv(r));
        expect(argv.slice(0, 4)).toEqual([
          'kubectl',
          '-n',
          r.namespace,
          'delete',
        ]);
        expect(argv).toHaveLength(9);
      }),
      { numRuns: 100 },
    );
  });

  it('removedYaml: one document, exactly the List of the five objects', () => {
    fc.assert(
      fc.property(removal, r => {
        const documents = parseAllDocuments(removedYaml(r));
        expect(documents).toHaveLength(1);
        expect(documents[0].errors).toEqual([]);
        expect(documents[0].toJS()).toEqual({
          apiVersion: 'v1',
          kind: 'List',
          items: removedObjects(r),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the manifests of manifests:render: exactly the ServiceAccount and the Deployment', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: text,
          namespace: text,
          serviceAccountName: text,
          image: text,
          roleArn: text,
          imagePullAuth: fc.constantFrom(
            'node-role' as const,
            'service-account-token' as const,
          ),
          replicas: fc.nat(),
        }),
        service => {
          const manifests = irsaManifests(service);
          for (const manifest of [
            manifests.serviceAccount,
            manifests.deployment,
          ]) {
            // As the action writes them (a blank and a line break once read back as a
            // line break alone with the yaml library's defaults).
            expect(parse(manifestYaml(manifest))).toEqual(manifest);
          }
        },
      ),
      {
        numRuns: 300,
        // The value CI's seed 488494854 found: a blank and a line break.
        examples: [
          [
            {
              name: '',
              namespace: '',
              serviceAccountName: '',
              image: '',
              roleArn: ' \n',
              imagePullAuth: 'node-role' as const,
              replicas: 0,
            },
          ],
        ],
      },
    );
  });

  it("catalogInfoWithRole: the entity's role annotation is exactly the ARN, and nothing else changes", async () => {
    const workspace = createMockDirectory();
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ledger-api',
        annotations: { 'backstage.io/kubernetes-id': 'ledger-api' },
      },
      spec: { type: 'service', owner: 'team-payments' },
    };
    const file = path.join(workspace.path, 'catalog-info.yaml');
    fs.writeFileSync(file, stringify(entity));
    await fc.assert(
      fc.asyncProperty(text, async roleArn => {
        const written = await catalogInfoWithRole({
          file,
          field: 'catalogInfoPath',
          name: 'ledger-api',
          roleArn,
        });
        expect(parseAllDocuments(written)).toHaveLength(1);
        expect(parse(written)).toEqual({
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              'ecr-access.io/role-arn': roleArn,
            },
          },
        });
      }),
      { numRuns: 200 },
    );
  });
});
