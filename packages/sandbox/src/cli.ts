import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { appConfigFor } from './appConfig';
import { stringify } from 'yaml';
import { generateCatalogEntities, generateScenario } from './generate';
import { Sandbox, startSandbox } from './startSandbox';

/**
 * `yarn sandbox --scenario <file> [--port <n>] [--app-config <out.yaml>]`
 * `yarn sandbox --generate <entities> --clusters <n> [--seed <n>] …`
 * Starts the simulators and prints where each API listens.
 */
interface CliOptions {
  scenario?: string;
  port?: number;
  appConfig?: string;
  /** With --generate: write the matching catalog Components here. */
  entitiesOut?: string;
  anonymous?: boolean;
  generate?: { entities: number; clusters: number; seed: number };
}

const USAGE = `Usage: sandbox --scenario <file.yaml> [--port <n>] [--app-config <out.yaml>] [--anonymous]
       sandbox --generate <entities> [--clusters <n>] [--seed <n>] [--entities-out <catalog.yaml>] [--port <n>]

Starts SIMULATED Kubernetes API servers (one per scenario cluster) and one
simulated AWS endpoint (IAM, STS, EKS, ECR). Not real AWS, not a real cluster.`;

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {};
  const value = (i: number, flag: string) => {
    if (argv[i + 1] === undefined)
      throw new Error(`${flag} needs a value\n\n${USAGE}`);
    return argv[i + 1];
  };
  const integer = (i: number, flag: string) => {
    const n = Number(value(i, flag));
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${flag} expects a whole number, got "${argv[i + 1]}"`);
    return n;
  };
  const generate = () =>
    (options.generate ??= { entities: 100, clusters: 3, seed: 1 });
  let i = 0;
  while (i < argv.length) {
    const flag = argv[i];
    if (flag === '--anonymous') {
      options.anonymous = true;
      i += 1;
      continue;
    }
    if (flag === '--scenario') options.scenario = value(i, flag);
    else if (flag === '--port') options.port = integer(i, flag);
    else if (flag === '--app-config') options.appConfig = value(i, flag);
    else if (flag === '--entities-out') options.entitiesOut = value(i, flag);
    else if (flag === '--generate') generate().entities = integer(i, flag);
    else if (flag === '--clusters') generate().clusters = integer(i, flag);
    else if (flag === '--seed') generate().seed = integer(i, flag);
    else throw new Error(`Unknown option "${flag}"\n\n${USAGE}`);
    i += 2;
  }
  if (!options.scenario && !options.generate) throw new Error(USAGE);
  return options;
}

function describeSandbox(sandbox: Sandbox): string {
  const lines = [
    `ecr-access sandbox: SIMULATED APIs, not real AWS or Kubernetes (scenario "${sandbox.scenario.name}")`,
    '',
    `AWS (IAM, STS, EKS, ECR)  ${sandbox.awsEndpoint}`,
    `  export AWS_ENDPOINT_URL=${sandbox.awsEndpoint} AWS_ACCESS_KEY_ID=${
      sandbox.scenario.accounts[0]?.credentials[0]?.accessKeyId ??
      'AKIASANDBOX000000001'
    } AWS_SECRET_ACCESS_KEY=sandbox`,
    `  control: GET ${sandbox.awsEndpoint}/_sandbox/counts, PUT ${sandbox.awsEndpoint}/_sandbox/faults (JSON array of rules)`,
    '',
  ];
  for (const cluster of sandbox.clusters) {
    const spec = sandbox.scenario.clusters.find(c => c.name === cluster.name)!;
    const down =
      spec &&
      sandbox.scenario.faults.some(
        f =>
          f.down &&
          (f.api === 'kubernetes' || f.api === '*') &&
          (!f.cluster || f.cluster === cluster.name),
      );
    lines.push(
      `cluster ${cluster.name}  ${cluster.url}  (${cluster.account} ${
        cluster.region
      }, ${cluster.imagePullAuth})${down ? '  DOWN (scenario fault)' : ''}`,
    );
    lines.push(
      `  curl -H 'Authorization: Bearer ${cluster.token}' ${cluster.url}/apis/apps/v1/deployments`,
    );
    // client-go sends no bearer token over plain HTTP: kubectl needs --anonymous.
    lines.push(
      sandbox.anonymous
        ? `  kubectl --server ${cluster.url} get deploy -A`
        : `  kubectl: start with --anonymous (kubectl sends no token over plain HTTP)`,
    );
  }
  return lines.join('\n');
}

/** The monorepo root: the nearest folder up from `dir` whose package.json declares workspaces. */
function repoRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (
      existsSync(manifest) &&
      readFileSync(manifest, 'utf8').includes('"workspaces"')
    ) {
      return current;
    }
    if (dirname(current) === current) return undefined;
  }
}

/**
 * A scenario path as the caller meant it: `yarn workspace … sandbox` runs in the
 * package folder, so relative paths are also tried from Yarn's INIT_CWD and
 * from the repository root (`examples/sandbox/demo.yaml` works from anywhere).
 */
function findInput(path: string): string {
  const bases = [process.env.INIT_CWD, process.cwd(), repoRoot(process.cwd())];
  for (const base of bases) {
    if (base && existsSync(resolvePath(base, path)))
      return resolvePath(base, path);
  }
  return resolvePath(path);
}

export async function main(
  argv: string[],
  log: (line: string) => void = console.log,
): Promise<Sandbox> {
  const options = parseArgs(argv);
  const fromCaller = (path: string) =>
    resolvePath(process.env.INIT_CWD ?? process.cwd(), path);
  const scenario = options.generate
    ? generateScenario(options.generate)
    : findInput(options.scenario!);
  const sandbox = await startSandbox({
    scenario,
    port: options.port,
    allowAnonymous: options.anonymous,
  });
  log(describeSandbox(sandbox));
  if (options.appConfig) {
    writeFileSync(fromCaller(options.appConfig), appConfigFor(sandbox));
    log(`\napp-config for this sandbox written to ${options.appConfig}`);
  }
  if (options.generate && options.entitiesOut) {
    const entities = generateCatalogEntities(options.generate);
    writeFileSync(
      fromCaller(options.entitiesOut),
      entities.map(e => stringify(e)).join('---\n'),
    );
    log(
      `${entities.length} catalog entities written to ${options.entitiesOut}`,
    );
  }
  return sandbox;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    sandbox => {
      const shutdown = () => sandbox.stop().then(() => process.exit(0));
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    error => {
      process.stderr.write(`${error.message ?? error}\n`);
      process.exit(1);
    },
  );
}
