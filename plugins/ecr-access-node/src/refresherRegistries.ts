/*
 * The registry a refresher writes a pull secret for. The kubelet uses a secret only for the
 * hosts of its `auths` (Kubernetes "Images", interpretation of config.json), and with the
 * default config the secret's data (and so its hosts) is never read. The refreshers people
 * write say the host where they create the secret:
 *
 *   kubectl create secret docker-registry $DOCKER_SECRET_NAME \
 *     --docker-server=https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com ...
 *
 * (seed 002; the "ecr-registry-credentials" gist; examples/kubernetes/public-cases). Only that
 * form is read: its name and its `--docker-server` sit in one command, so the host belongs to
 * that secret. `docker login <host>` followed by `--from-file=.dockerconfigjson=` is not: the
 * file holds every registry the container ever logged in to, so one host would under-claim.
 *
 * A secret's registries are known only when every `create secret docker-registry` command of
 * the workload either names another secret or names this one with a host that expands, every
 * variable known, to an ECR host (a private registry, or ECR Public). A command whose name
 * cannot be expanded may write this secret: then nothing is claimed. Only the parsed ECR host comes out (an account id and
 * a region, not secret); the values the words were expanded with stay with the caller.
 */
import { parseEcrHost } from './ecrHost';
import { credentialKeyHost } from './dockerConfig';
import { partsOf, VarValue } from './builtSecretNames';

/** One `kubectl create secret docker-registry` command: its secret and registry, when known. */
export interface DockerRegistryWrite {
  /** The secret's name, undefined when a variable of it is not known. */
  secret?: string;
  /** The ECR host (private, or ECR Public) of `--docker-server`; undefined if unknown or not ECR. */
  registry?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*$/;
const CREATE = /\bcreate\s+secret\s+docker-registry\s+(.*)$/;
/** kubectl flags whose value may follow as the next word. */
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-o',
  '--output',
  '--context',
  '--kubeconfig',
  '--docker-username',
  '--docker-password',
  '--docker-email',
  '--from-file',
  '--field-manager',
]);

/** A script's commands, line continuations joined, split at `;`, `&&`, `||`, `|` and lines. */
function statementsOf(script: string): string[] {
  return script.replace(/\\\r?\n/g, ' ').split(/\r?\n|;|&&|\|\|?/);
}

/** A word with its quotes removed and its variables expanded; undefined if one is not known. */
function expand(
  word: string,
  resolve: (name: string) => VarValue,
): string | undefined {
  let out = '';
  for (const part of partsOf(word.replace(/['"]/g, ''))) {
    if (typeof part === 'string') {
      if (/[`$()]/.test(part)) return undefined;
      out += part;
      continue;
    }
    const value = part.plain ? resolve(part.name) : 'unknown';
    if (typeof value === 'string') return undefined;
    out += value.value;
  }
  return out;
}

/** Whether a statement may set the variable (assigned, exported, `read`, `for`). */
function setsVariable(statement: string, name: string): boolean {
  return (
    new RegExp(`(^|[\\s(])${name}=`).test(statement) ||
    new RegExp(`\\b(read|for)\\b.*\\b${name}\\b`).test(statement)
  );
}

/**
 * The variables of statement `at` of a script: the environment's, unless the script sets the
 * variable. One plain assignment before `at` is its value (expanded with what is known before
 * it); set again, after `at`, or otherwise (`read`, `for`, a command's output), it is unknown.
 */
function scriptVariables(
  statements: string[],
  at: number,
  env: (name: string) => VarValue,
): (name: string) => VarValue {
  const resolve = (name: string, before: number, depth: number): VarValue => {
    if (!NAME.test(name) || depth > 4) return 'unknown';
    const setters = statements.flatMap((s, i) =>
      setsVariable(s, name) ? [i] : [],
    );
    if (setters.length === 0) return env(name);
    const assignment = ASSIGNMENT.exec(statements[setters[0]]);
    if (setters.length > 1 || setters[0] >= before || assignment?.[1] !== name)
      return 'unknown';
    const value = expand(assignment[2], n => resolve(n, setters[0], depth + 1));
    return value === undefined ? 'unknown' : { value };
  };
  return name => resolve(name, at, 0);
}

/** The name and `--docker-server` words of a `create secret docker-registry` command. */
function createArguments(words: string[]): { name?: string; server?: string } {
  const found: { name?: string; server?: string } = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.startsWith('--docker-server=')) {
      found.server = word.slice('--docker-server='.length);
    } else if (word === '--docker-server') {
      found.server = words[++i];
    } else if (word.startsWith('-')) {
      if (!word.includes('=') && VALUE_FLAGS.has(word)) i++;
    } else if (found.name === undefined) {
      found.name = word;
    }
  }
  return found;
}

/**
 * A `--docker-server` value that names an ECR registry (a private registry's, or ECR Public's,
 * whose secret the kubelet sends for its images), kept as written: kubectl writes it as the
 * secret's `auths` key verbatim, and the kubelet matches that key with its port, case and
 * path (`<host>:443` or `<host>/other-team` do not serve `<host>/shop/web`).
 */
function ecrHostOf(server: string | undefined): string | undefined {
  if (!server) return undefined;
  return parseEcrHost(credentialKeyHost(server)) ? server : undefined;
}

/**
 * The `kubectl create secret docker-registry` commands of a script (a container's command or
 * args), with what `env` knows of the container's variables.
 */
export function dockerRegistryWrites(
  script: string,
  env: (name: string) => VarValue,
): DockerRegistryWrite[] {
  const statements = statementsOf(script);
  const writes: DockerRegistryWrite[] = [];
  statements.forEach((statement, at) => {
    const create = CREATE.exec(statement);
    if (!create) return;
    const resolve = scriptVariables(statements, at, env);
    const { name, server } = createArguments(create[1].trim().split(/\s+/));
    writes.push({
      secret: name === undefined ? undefined : expand(name, resolve),
      registry: ecrHostOf(
        server === undefined ? undefined : expand(server, resolve),
      ),
    });
  });
  return writes;
}

/**
 * The ECR hosts a workload writes `secret` for, from all its `create secret docker-registry`
 * commands (see the file's header): undefined unless it writes the secret, only for known ECR
 * hosts, and no command of an unknown name may write it too.
 */
export function registriesWritten(
  writes: DockerRegistryWrite[],
  secret: string,
): string[] | undefined {
  const own = writes.filter(w => w.secret === secret);
  if (
    own.length === 0 ||
    own.some(w => w.registry === undefined) ||
    writes.some(w => w.secret === undefined)
  )
    return undefined;
  return [...new Set(own.map(w => w.registry!))].sort();
}
