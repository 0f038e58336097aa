import {
  createFinding,
  Finding,
  PullSecretStatus,
} from '@ecr-access/plugin-ecr-access-common';
import {
  credentialKeyHost,
  ecrTokenTimes,
  parseDockerConfigHosts,
  secretHostMatchesImage,
} from './dockerConfig';
import { parseEcrHost } from './ecrHost';
import { ImageRef } from './imageRef';
import { asArray, asRecord, asString, findNamed } from './k8sJson';
import { WorkloadContext } from './classifyContext';
import { findRefresher } from './refreshers';

/**
 * The registries a recognised refresher writes a secret for (its `--docker-server`,
 * `refresherRegistries.ts`), standing for the secret's hosts when those were not read.
 */
interface DeclaredHosts {
  hosts: string[];
  /** The refresher, e.g. `CronJob ecr-registry-helper`. */
  by: string;
}

/**
 * Why whether a secret of unread hosts serves an ECR image is unknown: the pod also pulls
 * from registries that may need it, or the image is in an account or region other than the
 * cluster's, whose registry a secret made for the cluster's own would not serve.
 */
export type UnreadHostsDoubt =
  | { otherRegistries: string[] }
  | { account?: string; region?: string };

/** A named pull secret as found in the snapshot. @internal */
export interface ResolvedSecret {
  name: string;
  object?: unknown;
  /** undefined when the hosts were not read. */
  hosts?: string[];
  /** When the hosts were not read: those its refresher declares it writes. */
  declared?: DeclaredHosts;
  /** When the hosts are unknown: why that matters for this image. */
  doubt?: UnreadHostsDoubt;
  malformed?: string;
  /** Set when the secret's type is not one the kubelet reads for pulls. */
  wrongType?: string;
  matches?: boolean;
}

/** The pull secrets the kubelet tries, in its order. @internal */
interface SecretSelection {
  /** Named but absent, or present without an entry for the registry. */
  missing: string[];
  mismatched: ResolvedSecret[];
  /** Secrets that match or whose hosts are unknown, best first. */
  candidates: ResolvedSecret[];
  /**
   * Secrets whose hosts are unknown where that matters (`unreadHostsDoubt`): whether they
   * serve this image is unknown.
   */
  ambiguous: ResolvedSecret[];
  findings: Finding[];
}

/**
 * The names the kubelet uses: the pod's own imagePullSecrets are
 * authoritative; the ServiceAccount's are copied in only when the pod names
 * none (ServiceAccount admission controller).
 *
 * @internal
 */
export function pullSecretNames(ctx: WorkloadContext): string[] {
  const own = asArray(ctx.podSpec?.imagePullSecrets)
    .map(r => asString(asRecord(r)?.name))
    .filter((n): n is string => n !== undefined);
  return own.length ? own : ctx.serviceAccount.imagePullSecrets;
}

const DOCKER_SECRET_TYPES = [
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/dockercfg',
];

function resolveSecret(
  ctx: WorkloadContext,
  name: string,
  image: ImageRef,
): ResolvedSecret {
  const object = findNamed(ctx.snapshot.secrets, ctx.namespace, name);
  if (!object) return { name };
  const rec = asRecord(object);
  // The kubelet reads only dockerconfigjson and dockercfg secrets (credentialprovider/secrets).
  const type = asString(rec?.type);
  if (type && !DOCKER_SECRET_TYPES.includes(type)) {
    return { name, object, hosts: [], matches: false, wrongType: type };
  }
  let hosts: string[] | undefined;
  if (Array.isArray(rec?.hosts))
    hosts = rec.hosts.filter((h): h is string => typeof h === 'string');
  else if (rec?.dockerConfigJson !== undefined) {
    const parsed = parseDockerConfigHosts(rec.dockerConfigJson);
    if (!parsed.ok) return { name, object, malformed: parsed.error };
    hosts = parsed.hosts;
  }
  const declared = hosts ? undefined : declaredHosts(ctx, object);
  const known = hosts ?? declared?.hosts;
  const matches = known
    ? known.some(h => secretHostMatchesImage(h, image))
    : undefined;
  return { name, object, hosts, matches, ...(declared && { declared }) };
}

/**
 * The ECR hosts the secret's recognised refresher writes it for, as the collector found them
 * (the mentions are the engine's input, so only parsed ECR hosts are taken: a private
 * registry's, or ECR Public's, whose images the kubelet sends such a secret for).
 */
function declaredHosts(
  ctx: WorkloadContext,
  object: unknown,
): DeclaredHosts | undefined {
  const job = findRefresher(object, ctx.snapshot);
  if (!job || !('mentions' in job)) return undefined;
  const hosts = (job.mentions ?? [])
    .flatMap(m => asArray(asRecord(m)?.registries))
    .filter(
      h => typeof h === 'string' && parseEcrHost(credentialKeyHost(h)),
    ) as string[];
  if (hosts.length === 0) return undefined;
  return { hosts: [...new Set(hosts)], by: `${job.kind} ${job.name}` };
}

/** The hosts the engine judges a secret by: read, else declared by its refresher. */
const knownHosts = (s: ResolvedSecret) => s.hosts ?? s.declared?.hosts;

function lastWrite(s: ResolvedSecret, now: Date): number {
  return ecrTokenTimes(s.object, now).lastWriteAt ?? -Infinity;
}

/** Whether a secret's known hosts serve another image of the same pod. */
function servesOtherImage(ctx: WorkloadContext, s: ResolvedSecret): boolean {
  const hosts = knownHosts(s);
  if (s.wrongType || !hosts) return false;
  return ctx.podImages.some(other =>
    hosts.some(h => secretHostMatchesImage(h, other)),
  );
}

function mismatchFinding(
  ctx: WorkloadContext,
  s: ResolvedSecret,
  image: ImageRef,
): Finding {
  const none = `none for ${image.registry}/${image.repository} or another image of ${ctx.subject}`;
  let text = `pull secret ${s.name} has entries for ${
    s.hosts?.join(', ') || 'no registry'
  }, ${none}`;
  if (s.wrongType)
    text = `pull secret ${s.name} is of type ${s.wrongType}, which the kubelet does not use for pulls`;
  else if (!s.hosts && s.declared)
    text = `${s.declared.by} writes pull secret ${
      s.name
    } for ${s.declared.hosts.join(
      ', ',
    )} (its --docker-server; the secret's own hosts were not read), ${none}`;
  return createFinding(
    'SECRET_REGISTRY_MISMATCH',
    `Secret ${ctx.namespace}/${s.name}`,
    text,
  );
}

/** A registry that may need credentials: not ECR (which the credential provider serves), not Docker Hub's official images. */
function mayNeedOtherCredentials(ref: ImageRef): boolean {
  if (parseEcrHost(ref.registry)) return false;
  return !(
    ref.registry === 'docker.io' && ref.repository.startsWith('library/')
  );
}

/**
 * Why a secret whose hosts are unknown (not read, and no refresher declares them) may not
 * serve this private ECR image. The kubelet uses a secret only for the registries it has
 * entries for (Kubernetes "Images": "Specifying imagePullSecrets on a Pod"); beside an image
 * of another registry that may need credentials, or for an image in an account or region
 * other than the cluster's (a central ECR account), taking it for this image's token would be
 * a guess. Undefined: the cluster's own registry, taken to be what the secret is for.
 */
function unreadHostsDoubt(
  ctx: WorkloadContext,
  s: ResolvedSecret,
  image: ImageRef,
): UnreadHostsDoubt | undefined {
  if (s.matches !== undefined || s.malformed) return undefined;
  const ecr = parseEcrHost(image.registry);
  if (ecr?.kind !== 'private') return undefined;
  const others = ctx.podImages.filter(mayNeedOtherCredentials);
  if (others.length)
    return { otherRegistries: [...new Set(others.map(i => i.registry))] };
  const { accountId, region } = ctx.cluster;
  if (ecr.accountId === accountId && ecr.region === region) return undefined;
  return {
    ...(ecr.accountId !== accountId && { account: ecr.accountId }),
    ...(ecr.region !== region && { region: ecr.region }),
  };
}

/**
 * Resolve the pull secrets for one image: which are missing, which have no
 * entry for it, and which the kubelet would use. Secrets with unknown hosts
 * stay candidates (the engine does not claim a mismatch it could not see);
 * a secret for another image of the same pod is not a mistake.
 *
 * @internal
 */
export function selectPullSecrets(
  ctx: WorkloadContext,
  names: string[],
  image: ImageRef,
): SecretSelection {
  const selection: SecretSelection = {
    missing: [],
    mismatched: [],
    candidates: [],
    ambiguous: [],
    findings: [],
  };
  for (const name of names) {
    const s = resolveSecret(ctx, name, image);
    const doubt = s.object ? unreadHostsDoubt(ctx, s, image) : undefined;
    if (!s.object) {
      selection.missing.push(name);
      const text = `${ctx.subject} names pull secret ${name}, which does not exist in ${ctx.namespace}`;
      selection.findings.push(
        createFinding(
          'SECRET_MISSING',
          `Secret ${ctx.namespace}/${name}`,
          text,
        ),
      );
    } else if (doubt) {
      selection.ambiguous.push({ ...s, doubt });
    } else if (s.matches !== false) {
      selection.candidates.push(s);
    } else if (!servesOtherImage(ctx, s)) {
      selection.mismatched.push(s);
    }
  }
  // Known matches first, then the freshest: the kubelet tries them all.
  selection.candidates.sort(
    (a, b) =>
      Number(b.matches === true) - Number(a.matches === true) ||
      lastWrite(b, ctx.now) - lastWrite(a, ctx.now),
  );
  if (selection.candidates.length === 0) {
    selection.findings.push(
      ...selection.mismatched.map(s => mismatchFinding(ctx, s, image)),
    );
  }
  return selection;
}

/** The status record of a pull secret. @internal */
export function secretStatus(
  ctx: WorkloadContext,
  s: ResolvedSecret,
  isEcr: boolean,
): PullSecretStatus {
  const times = ecrTokenTimes(s.object, ctx.now);
  const iso = (t?: number) =>
    t === undefined ? undefined : new Date(t).toISOString();
  return {
    namespace: ctx.namespace,
    name: s.name,
    lastWriteAt: iso(times.lastWriteAt),
    expiresAt: isEcr ? iso(times.expiresAt) : undefined,
    writer: times.writer,
    hosts: s.hosts,
  };
}
