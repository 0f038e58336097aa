import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const FOLDER = path.resolve(
  __dirname,
  '../../../../examples/templates/new-service-with-irsa',
);

function read(file: string) {
  return parse(fs.readFileSync(path.join(FOLDER, file), 'utf8'));
}

const withoutDefaults = (parameters: any[]) =>
  parameters.map(page => ({
    ...page,
    properties: Object.fromEntries(
      Object.entries(page.properties).map(([key, field]: [string, any]) => {
        const { default: _default, description: _description, ...rest } = field;
        return [key, rest];
      }),
    ),
  }));

// The demo variant must stay template 1 plus the demo's stand-ins for a Git host, or the browser
// test would prove something about a template nobody uses.
describe('the demo variant of "New service with IRSA"', () => {
  const template = read('template.yaml');
  const demo = read('demo.template.yaml');

  it('runs the same steps as template 1 before the demo-only ones, and the same rollback last', () => {
    const steps = template.spec.steps as Array<{ id: string; action: string }>;
    const shared = steps.filter(
      step => step.id !== 'publish' && step.id !== 'rollback',
    );
    expect(demo.spec.steps.slice(0, shared.length)).toEqual(shared);
    expect(
      demo.spec.steps.slice(shared.length).map((s: any) => s.action),
    ).toEqual([
      'ecr-access-demo:kubernetes:apply',
      'ecr-access-demo:catalog:register-local',
      'ecr-access-demo:status:refresh',
      'ecr-access:irsa:rollback',
    ]);
    expect(demo.spec.steps.at(-1)).toEqual(template.spec.steps.at(-1));
  });

  it('validates every value first, and renders before it provisions', () => {
    for (const t of [template, demo]) {
      const ids = t.spec.steps.map((s: { id: string }) => s.id);
      expect(t.spec.steps[0].action).toBe('ecr-access:plan:validate');
      expect(ids.indexOf('manifests')).toBeLessThan(ids.indexOf('irsa'));
    }
  });

  it('asks the same questions, only with defaults that exist in the sandbox', () => {
    expect(withoutDefaults(demo.spec.parameters)).toEqual(
      withoutDefaults(template.spec.parameters),
    );
  });

  it('ends with a link to the new entity', () => {
    expect(demo.spec.output.links).toEqual([
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: '${{ steps.publish.output.entityRef }}',
      },
    ]);
  });
});
