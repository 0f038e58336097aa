import { asArray, asRecord } from './k8sJson';

/**
 * A controller that writes ECR pull secrets under names its manifests never
 * write: its binary's defaults. A workload running its image is the
 * refresher of such a secret when, like any refresher, its ServiceAccount
 * may write it (`refreshers.ts`).
 */
interface KnownController {
  /** The controller, for messages. */
  name: string;
  /** Where its defaults are read. */
  source: string;
  /** Matches the image's repository without registry host, tag or digest. */
  image: RegExp;
  /** The ECR pull secret it writes by default, and the flag that renames it. */
  secret: { defaultName: string; flag: string };
  /** Flags that limit the namespaces it writes in (comma lists), and their defaults. */
  namespaces?: {
    include: string;
    exclude: string;
    /** A boolean flag that, true by default, keeps it out of kube-system. */
    skipKubeSystem: string;
  };
}

/**
 * upmc-enterprises/registry-creds, main.go (github.com/upmc-enterprises/registry-creds):
 * `flags.String("aws-secret-name", "awsecr-cred", ...)`, `--include-namespaces`,
 * `--exclude-namespaces`, `flags.Bool("skip-kube-system", true, ...)` (spf13/pflag: `--flag=v` or
 * `--flag v`); its k8s/deployment.yaml passes no flag. Images: upmcenterprises/registry-creds and
 * its forks, which keep the flags.
 */
const KNOWN_CONTROLLERS: KnownController[] = [
  {
    name: 'registry-creds',
    source: 'upmc-enterprises/registry-creds main.go',
    image: /(^|\/)registry-creds$/,
    secret: { defaultName: 'awsecr-cred', flag: 'aws-secret-name' },
    namespaces: {
      include: 'include-namespaces',
      exclude: 'exclude-namespaces',
      skipKubeSystem: 'skip-kube-system',
    },
  },
];

/** `registry.example.com:5000/org/registry-creds:1.10@sha256:…` → `org/registry-creds`. */
function repositoryOf(image: string): string {
  const path = image.split('@')[0];
  const slash = path.lastIndexOf('/');
  const colon = path.lastIndexOf(':');
  const untagged = colon > slash ? path.slice(0, colon) : path;
  const [first, ...rest] = untagged.split('/');
  const host = rest.length > 0 && /[.:]|^localhost$/.test(first);
  return host ? rest.join('/') : untagged;
}

/** The value of a `--flag=value` or `--flag value` (pflag; the last one wins), else undefined. */
function flagValue(words: string[], flag: string): string | undefined {
  let value: string | undefined;
  words.forEach((word, i) => {
    if (word === `--${flag}`) value = words[i + 1] ?? '';
    else if (word.startsWith(`--${flag}=`)) value = word.slice(flag.length + 3);
  });
  return value;
}

const list = (value: string | undefined) =>
  (value ?? '').split(',').filter(Boolean);

/** Whether the controller's namespace flags let it write in this namespace (its `handler`). */
function writesIn(
  c: KnownController,
  words: string[],
  namespace: string,
): boolean {
  if (!c.namespaces) return true;
  const include = list(flagValue(words, c.namespaces.include));
  if (include.length > 0) return include.includes(namespace);
  const skip = flagValue(words, c.namespaces.skipKubeSystem);
  if (namespace === 'kube-system' && skip !== 'false') return false;
  return !list(flagValue(words, c.namespaces.exclude)).includes(namespace);
}

/** A known controller writes this secret under its default name. */
interface ControllerDefault {
  /** The controller, e.g. registry-creds. */
  controller: string;
  /** Its flag that would rename the secret. */
  flag: string;
}

/** The pod's containers that run a known controller, with their command and args as words. */
function knownContainers(
  podSpec: unknown,
): Array<{ c: KnownController; words: string[] }> {
  return asArray(asRecord(podSpec)?.containers).flatMap(item => {
    const container = asRecord(item);
    const image = container?.image;
    if (typeof image !== 'string') return [];
    const c = KNOWN_CONTROLLERS.find(k => k.image.test(repositoryOf(image)));
    if (!c) return [];
    const words = [...asArray(container!.command), ...asArray(container!.args)]
      .filter((w): w is string => typeof w === 'string')
      .flatMap(w => w.trim().split(/\s+/));
    return [{ c, words }];
  });
}

/**
 * Whether a container of the pod runs a known controller that writes the
 * secret under its default name: the image matches, the renaming flag is
 * absent, and its namespace flags let it write in the secret's namespace.
 * RBAC is the caller's check.
 */
export function controllerDefaultFor(
  podSpec: unknown,
  secret: { namespace: string; name: string },
): ControllerDefault | undefined {
  const known = knownContainers(podSpec).find(
    ({ c, words }) =>
      c.secret.defaultName === secret.name &&
      flagValue(words, c.secret.flag) === undefined &&
      writesIn(c, words, secret.namespace),
  );
  return (
    known && { controller: known.c.name, flag: `--${known.c.secret.flag}` }
  );
}

/**
 * Whether a known controller's namespace flags keep it out of the secret's
 * namespace, whatever name it writes there.
 */
export function controllerSkips(podSpec: unknown, namespace: string): boolean {
  return knownContainers(podSpec).some(
    ({ c, words }) => !writesIn(c, words, namespace),
  );
}
