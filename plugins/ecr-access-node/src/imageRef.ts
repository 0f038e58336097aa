/**
 * A parsed container image reference (distribution/reference grammar).
 *
 * @public
 */
export interface ImageRef {
  /** Registry host with optional port, e.g. `docker.io`, `localhost:5000`. */
  registry: string;
  /** Repository path without the registry, e.g. `library/nginx`. */
  repository: string;
  /** Tag, if given. */
  tag?: string;
  /** Digest (e.g. `sha256:…`), if given. */
  digest?: string;
  /** `registry/repository[:tag][@digest]`, with docker.io defaults applied. */
  normalized: string;
}

/** Result of {@link parseImageRef}: the parsed reference, or why it is invalid. @public */
export type ImageRefResult =
  | { ok: true; ref: ImageRef }
  | { ok: false; error: string };

const DOCKER_HUB = 'docker.io';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/i;
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

/**
 * The first component is a registry only if it contains "." or ":" or is
 * "localhost", or has upper-case letters (distribution/reference
 * `splitDockerDomain`); otherwise the image is on Docker Hub.
 */
function looksLikeHost(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

function validHost(host: string): boolean {
  if (host.startsWith('[')) {
    return /^\[[0-9a-fA-F:.]+\](?::\d{1,5})?$/.test(host);
  }
  const [name, port, extra] = host.split(':');
  if (extra !== undefined) return false;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return false;
  return name.split('.').every(label => HOST_LABEL.test(label));
}

function splitDigest(text: string): { rest: string; digest?: string } | string {
  const at = text.indexOf('@');
  if (at < 0) return { rest: text };
  const digest = text.slice(at + 1);
  return DIGEST.test(digest)
    ? { rest: text.slice(0, at), digest }
    : `invalid digest "${digest}"`;
}

function splitTag(text: string): { rest: string; tag?: string } | string {
  const slash = text.lastIndexOf('/');
  const colon = text.lastIndexOf(':');
  if (colon <= slash) return { rest: text };
  const tag = text.slice(colon + 1);
  return TAG.test(tag)
    ? { rest: text.slice(0, colon), tag }
    : `invalid tag "${tag}"`;
}

/**
 * Parse an image reference such as `nginx`, `ghcr.io/org/app:1.2`,
 * `localhost:5000/app@sha256:…` or an ECR reference. Never throws.
 *
 * @public
 */
export function parseImageRef(image: unknown): ImageRefResult {
  if (typeof image !== 'string' || image.trim() === '') {
    return { ok: false, error: 'image reference is empty or not a string' };
  }
  if (image.length > 1024 || /\s/.test(image)) {
    return {
      ok: false,
      error: `"${image.slice(0, 80)}" is not an image reference`,
    };
  }
  const byDigest = splitDigest(image);
  if (typeof byDigest === 'string') return { ok: false, error: byDigest };
  const byTag = splitTag(byDigest.rest);
  if (typeof byTag === 'string') return { ok: false, error: byTag };

  const parts = byTag.rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && looksLikeHost(parts[0])) {
    registry = parts.shift()!;
    if (!validHost(registry)) {
      return { ok: false, error: `invalid registry host "${registry}"` };
    }
  }
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const bad = parts.find(p => !PATH_COMPONENT.test(p));
  if (bad !== undefined) {
    return {
      ok: false,
      error: `invalid repository path component "${bad}" in "${image}"`,
    };
  }
  const repository = parts.join('/');
  const { tag, digest } = { tag: byTag.tag, digest: byDigest.digest };
  const normalized = `${registry}/${repository}${tag ? `:${tag}` : ''}${
    digest ? `@${digest}` : ''
  }`;
  return { ok: true, ref: { registry, repository, tag, digest, normalized } };
}
