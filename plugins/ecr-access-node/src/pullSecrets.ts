import {
  createFinding,
  Finding,
  PullSecretStatus,
} from '@ecr-access/plugin-ecr-access-common';
import {
  ecrTokenTimes,
  parseDockerConfigHosts,
  secretHostMatchesImage,
} from './dockerConfig';
import { parseEcrHost } from './ecrHost';
import { ImageRef } from './imageRef';
import { asArray, asRecord, asString, findNamed } from './k8sJson';
import { WorkloadContext } from './classifyContext';

/** A named pull secret as found in the snapshot. @internal */
export interface ResolvedSecret {
  name: string;
  object?: unknown;
  /** undefined when the hosts were not read. */
  hosts?: string[];
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
   * Secrets whose hosts were not read, beside another registry's image that may need them:
   * whether they serve this image is unknown.
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
  const matches = hosts
    ? hosts.some(h => secretHostMatchesImage(h, image))
    : undefined;
  return { name, object, hosts, matches };
}

function lastWrite(s: ResolvedSecret, now: Date): number {
  return ecrTokenTimes(s.object, now).lastWriteAt ?? -Infinity;
}

/** Whether a secret's known hosts serve another image of the same pod. */
function servesOtherImage(ctx: WorkloadContext, s: ResolvedSecret): boolean {
  if (s.wrongType || !s.hosts) return false;
  return ctx.podImages.some(other =>
    s.hosts!.some(h => secretHostMatchesImage(h, other)),
  );
}

function mismatchFinding(
  ctx: WorkloadContext,
  s: ResolvedSecret,
  image: ImageRef,
): Finding {
  const text = s.wrongType
    ? `pull secret ${s.name} is of type ${s.wrongType}, which the kubelet does not use for pulls`
    : `pull secret ${s.name} has entries for ${
        s.hosts!.join(', ') || 'no registry'
      }, none for ${image.registry}/${image.repository} or another image of ${
        ctx.subject
      }`;
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
 * Whether a secret whose hosts were not read may serve another image of the
 * pod rather than this ECR one. The kubelet uses a secret only for the
 * registries it has entries for (Kubernetes "Images": "Specifying
 * imagePullSecrets on a Pod"); beside an image of another registry that may
 * need credentials, taking it for the ECR token would be a guess.
 */
function mayServeAnotherRegistry(
  ctx: WorkloadContext,
  s: ResolvedSecret,
  image: ImageRef,
): boolean {
  if (s.matches !== undefined || s.malformed) return false;
  if (parseEcrHost(image.registry)?.kind !== 'private') return false;
  return ctx.podImages.some(mayNeedOtherCredentials);
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
    } else if (mayServeAnotherRegistry(ctx, s, image)) {
      selection.ambiguous.push(s);
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
