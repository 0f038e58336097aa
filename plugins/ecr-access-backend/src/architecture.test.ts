import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The README's "Architecture" as rules the code must keep: the audit flows one way, from the
// scheduler through the pipeline's stages to the store, and the API only reads the store.
// A change that makes a stage call back into an earlier one, or the store decide a status,
// fails here rather than in review.

const SRC = __dirname;

/** Production files below `dir` (tests, test utilities and fixtures aside). */
function productionFiles(dir: string): string[] {
  return readdirSync(join(SRC, dir)).flatMap(name => {
    const path = join(dir, name);
    if (statSync(join(SRC, path)).isDirectory()) {
      return name.startsWith('__') ? [] : productionFiles(path);
    }
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The modules a file imports at run time (`import type` aside), relative ones resolved. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)]
    .map(m => m[1])
    .map(spec =>
      spec.startsWith('.')
        ? relative(SRC, join(SRC, file, '..', spec)).replace(/\\/g, '/')
        : spec,
    );
}

const ENGINE = '@ecr-access/plugin-ecr-access-node';
const STAGES = ['scope', 'collect', 'awsFacts', 'classify', 'write'];

describe('the architecture the README draws', () => {
  it('finds the files it checks', () => {
    expect(productionFiles('database').length).toBeGreaterThan(5);
    expect(productionFiles('service').length).toBeGreaterThan(5);
    for (const stage of STAGES) {
      expect(productionFiles('audit/pipeline')).toContain(
        `audit/pipeline/${stage}.ts`,
      );
    }
  });

  it('the store imports no engine code and nothing of the audit', () => {
    for (const file of productionFiles('database')) {
      const wrong = runtimeImports(file).filter(
        m =>
          m === ENGINE || m.startsWith(`${ENGINE}/`) || m.startsWith('audit'),
      );
      expect({ file, wrong }).toEqual({ file, wrong: [] });
    }
  });

  it('the API reads the store: no route collects or classifies', () => {
    for (const file of productionFiles('service')) {
      const wrong = runtimeImports(file).filter(
        m =>
          m.startsWith('audit/pipeline') ||
          m.startsWith('collect') ||
          m === ENGINE,
      );
      expect({ file, wrong }).toEqual({ file, wrong: [] });
    }
  });

  it('no pipeline stage imports a later one', () => {
    STAGES.forEach((stage, index) => {
      const later = STAGES.slice(index + 1).map(s => `audit/pipeline/${s}`);
      const wrong = runtimeImports(`audit/pipeline/${stage}.ts`).filter(m =>
        later.includes(m),
      );
      expect({ stage, wrong }).toEqual({ stage, wrong: [] });
    });
  });

  it('collection reads and never classifies or writes', () => {
    for (const file of productionFiles('collect')) {
      const wrong = runtimeImports(file).filter(
        m => m.startsWith('audit') || m.startsWith('database'),
      );
      expect({ file, wrong }).toEqual({ file, wrong: [] });
    }
  });
});
