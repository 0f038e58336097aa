import fc from 'fast-check';

/**
 * Values that are wrong by construction, for the property tests of every action input: each
 * generator starts from something right and breaks it in one way a person or a template
 * expression could (a character Kubernetes or IAM refuses, unicode, a wildcard, too long, the
 * wrong type, another partition), so the oracle is how it was broken, not the rule under test.
 */

/** Not a string at all: what a template expression that went wrong hands over. */
export const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

const lower = fc.stringMatching(/^[a-z0-9]{1,20}$/);

// Characters no Kubernetes name, IAM name or ARN allows, unicode among them.
const forbidden = fc.oneof(
  fc.constantFrom(
    '*',
    '?',
    ' ',
    '\t',
    '\n',
    '/',
    '\\',
    ':',
    '"',
    "'",
    '$',
    '{',
  ),
  fc.constantFrom('é', 'ß', 'İ', '名', '🚀', '\u0000', '\u200b', '\u202e'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }).filter(
    // anything but ASCII letters, digits and the separators names allow
    s => /[^\x21-\x7e]/.test(s),
  ),
);

/** A good name with a character it may not hold put somewhere in it. */
function withForbidden(base: fc.Arbitrary<string>, chars = forbidden) {
  return fc
    .tuple(base, chars, fc.nat())
    .map(
      ([s, c, i]) =>
        s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1)),
    );
}

/** DNS-1123 label (namespace, Deployment name, kubernetes-id): broken one way or another. */
export const badDnsLabel = fc.oneof(
  withForbidden(lower),
  withForbidden(lower, fc.constantFrom('.', '_', 'A', 'Z')),
  lower.map(s => `-${s}`),
  lower.map(s => `${s}-`),
  fc.stringMatching(/^[a-z]{64,300}$/),
  fc.constant(''),
  lower.map(s => `${s.toUpperCase()}X`),
  notAString,
);

/** DNS-1123 subdomain (ServiceAccount name). */
export const badDnsSubdomain = fc.oneof(
  withForbidden(lower, fc.oneof(forbidden, fc.constantFrom('_', 'A'))),
  lower.map(s => `.${s}`),
  lower.map(s => `${s}-`),
  lower.map(s => `${s}..${s}`),
  fc.stringMatching(/^[a-z]{254,400}$/),
  fc.constant(''),
  notAString,
);

/** Not `prod-use1`, the one configured cluster: any string at all, or no string. */
export const badCluster = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }).filter(s => s !== 'prod-use1'),
  fc.constantFrom('*', 'prod-*', 'PROD-USE1', ' prod-use1', 'prod-use1 '),
  notAString,
);

const account = fc.stringMatching(/^\d{12}$/);

/** An ECR repository that a pull policy may not name: wildcards, bad names, other partitions. */
export const badRepository = fc.oneof(
  withForbidden(
    fc.stringMatching(/^[a-z0-9]{2,12}\/[a-z0-9]{2,12}$/),
    // not '/': a slash put in the middle of a name can make another good name
    forbidden.filter(c => c !== '/'),
  ),
  fc.stringMatching(/^[a-z]{1,6}[A-Z][a-z]{0,6}$/),
  fc.constantFrom('a', '-payments', 'payments//api', 'payments/', '/api', '*'),
  fc
    .tuple(fc.constantFrom('aws-cn', 'aws-us-gov', 'aws-iso'), account, lower)
    .map(
      ([partition, id, name]) =>
        `arn:${partition}:ecr:us-east-1:${id}:repository/${name}x`,
    ),
  fc
    .tuple(account, lower)
    .map(([id, name]) => `arn:aws:ecr:us-east-1:${id}:repository/${name}*`),
  fc.tuple(account, lower).map(([id, name]) => `arn:aws:s3:::${id}-${name}`),
);

/** The repositories list: a bad one among good ones, an empty list, or not a list. */
export const badRepositories = fc.oneof(
  fc
    .tuple(
      fc.array(fc.constantFrom('payments/api', 'shop/web'), { maxLength: 3 }),
      badRepository,
      fc.nat(),
    )
    .map(([good, bad, i]) => {
      const list: string[] = [...good];
      list.splice(i % (list.length + 1), 0, bad);
      return list;
    }),
  fc.constant([]),
  fc.array(notAString, { minLength: 1, maxLength: 2 }),
  fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
);

/** Not an entity ref: no kind, characters a ref cannot hold. */
export const badEntityRef = fc.oneof(
  lower,
  withForbidden(
    fc.tuple(lower, lower).map(([k, n]) => `component:${k}/${n}`),
    fc.constantFrom(' ', '*', '名', '🚀', '?', ':', '\n'),
  ),
  lower.map(n => `component:/${n}`),
  lower.map(n => `:${n}`),
  fc.constant(''),
  notAString,
);

/** Not an IAM role name (1-64 of [A-Za-z0-9+=,.@_-]), or too long once the prefix is added. */
export const badRoleName = fc.oneof(
  withForbidden(fc.stringMatching(/^[\w+=,.@-]{1,20}$/)),
  fc.stringMatching(/^[a-z]{60,64}$/),
  fc.stringMatching(/^[a-z]{65,200}$/),
  fc.constant(''),
  notAString,
);

/** Not an IAM role ARN: other services, partitions, accounts, wildcards, unicode. */
export const badRoleArn = fc.oneof(
  fc.tuple(account, lower).map(([id, n]) => `arn:aws:iam::${id}:role/${n}*`),
  fc
    .tuple(fc.constantFrom('aws-xx', 'aws-iso', 'AWS', ''), account, lower)
    .map(([p, id, n]) => `arn:${p}:iam::${id}:role/${n}`),
  fc
    .tuple(fc.stringMatching(/^\d{0,11}$/), lower)
    .map(([id, n]) => `arn:aws:iam::${id}:role/${n}`),
  fc.tuple(account, lower).map(([id, n]) => `arn:aws:iam::${id}:user/${n}`),
  fc.tuple(account, lower).map(([id, n]) => `arn:aws:s3:::${id}${n}`),
  withForbidden(
    fc.tuple(account, lower).map(([id, n]) => `arn:aws:iam::${id}:role/${n}`),
    fc.constantFrom(' ', '*', '名', '🚀', '\n', '?'),
  ),
  fc.constant(''),
  notAString,
);

/** Not a boolean. */
export const badBoolean = fc.oneof(
  fc.constantFrom('true', 'false', 'yes', '1', 'TRUE'),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.boolean(), { maxLength: 2 }),
);

/** Not an image reference: wildcards, spaces, uppercase paths, unicode. */
export const badImage = fc.oneof(
  withForbidden(
    fc.tuple(lower, lower).map(([r, t]) => `registry.example/${r}:${t}`),
    fc.constantFrom(' ', '*', '名', '🚀', '\n', '?', '"'),
  ),
  lower.map(r => `registry.example/${r.toUpperCase()}X:1.0`),
  lower.map(r => `registry.example/${r}:`),
  lower.map(r => `${r}@sha256:abc`),
  fc.constant(''),
  notAString,
);

/** Not one of the two ways kubelets authenticate pulls. */
export const badImagePullAuth = fc.oneof(
  fc
    .string({ unit: 'grapheme', maxLength: 30 })
    .filter(s => s !== 'node-role' && s !== 'service-account-token'),
  fc.constantFrom('Node-Role', 'irsa', 'service-account-token '),
  notAString,
);

/** Not a replica count. */
export const badReplicas = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true }),
  fc.constantFrom(Infinity, -Infinity, NaN),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
);

/** A path that leaves the workspace, or is no path. */
export const outsideWorkspace = fc.oneof(
  lower.map(s => `../${s}`),
  lower.map(s => `${s}/../../${s}`),
  lower.map(s => `/${s}`),
  fc.constantFrom('..', '/', '/etc/passwd', '../../..'),
  notAString,
);
