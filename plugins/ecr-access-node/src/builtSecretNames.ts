/*
 * Secret names that a script builds from variables, e.g. the widely copied
 * "ecr-registry-credentials" CronJob's SECRET_NAME=${AWS_REGION}-ecr-registry-credentials
 * (examples/kubernetes/public-cases/node-role/ecr-registry-credentials-cronjob.yaml): the
 * literal name us-east-1-ecr-registry-credentials is written nowhere.
 *
 * A word of a text (command, args, env value, ConfigMap value) made of literal parts and
 * variable references (`${VAR}`, `$VAR`, and Kubernetes' own `$(VAR)`) names secret S when:
 * - every variable's value is known (an env value or a ConfigMap the same container loads):
 *   the word, expanded, is S exactly; or
 * - some value is unknown (a Secret key, the image's environment, a shell variable): its
 *   literal prefix or suffix is distinctive (at least 8 characters including a `-` or `.`),
 *   S starts/ends with it, and the known values sit where the word puts them. A short or
 *   generic part (`-cred`, `-secret`) never names a secret by itself.
 * A variable whose value was withheld (the collector drops env values; ConfigMaps are read
 * only by the collector) makes the word name nothing here: the collector, which had the
 * values, decided it. Write access to S is required on top, as for a literal name.
 */

/** A variable's value as the matcher knows it. */
export type VarValue =
  | { value: string }
  /** Any value: the word may still name a secret by its distinctive literal part. */
  | 'unknown'
  /** Dropped before this pass: the word names nothing here. */
  | 'withheld';

/** A literal part of a word, or a variable (`plain`: `${VAR}`, not `${VAR:-default}`). */
export type Part = string | { name: string; plain: boolean };

/** Minimum length of the literal prefix or suffix that names a secret with unknown values. */
const DISTINCTIVE_LENGTH = 8;

/** A word of letters, digits, `.`, `-`, `_`, quotes and variable references. */
const WORD =
  /(?:[A-Za-z0-9._'"-]|\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:]?[-=?+][^}\s]*)?\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$[A-Za-z_][A-Za-z0-9_]*)+/g;
const VARIABLE =
  /\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** A word's literal parts and variable references, in order. */
export function partsOf(word: string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of word.matchAll(VARIABLE)) {
    if (m.index! > at) parts.push(word.slice(at, m.index));
    const name = m[1] ?? m[3] ?? m[4];
    // `${VAR:-default}` and the like: the value depends on more than VAR.
    parts.push({ name, plain: !m[2] });
    at = m.index! + m[0].length;
  }
  if (at < word.length) parts.push(word.slice(at));
  return parts;
}

const TEMPLATES = new Map<string, Part[][]>();

/**
 * The words of a text that hold a variable, as parts. A URL's host
 * (`https://${AWS_ACCOUNT}.dkr.ecr...`) and a `--docker-server=` value are
 * registries, not secret names (`refresherRegistries.ts` reads them as such).
 */
function templatesOf(text: string): Part[][] {
  let templates = TEMPLATES.get(text);
  if (templates) return templates;
  templates = [];
  for (const m of text.matchAll(WORD)) {
    const before = text.slice(Math.max(0, m.index! - 7), m.index);
    if (/:\/\/$|server=$/.test(before)) continue;
    const word = m[0].replace(/['"]/g, '');
    if (!word.includes('$')) continue;
    const parts = partsOf(word);
    // A lone variable is named by its own value (an env value, a ConfigMap value).
    if (parts.length > 1 && parts.some(p => typeof p !== 'string'))
      templates.push(parts);
  }
  if (TEMPLATES.size > 10_000) TEMPLATES.clear();
  TEMPLATES.set(text, templates);
  return templates;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const distinctive = (literal: Part | undefined): boolean =>
  typeof literal === 'string' &&
  literal.length >= DISTINCTIVE_LENGTH &&
  /[-.]/.test(literal);

function templateNames(
  parts: Part[],
  secret: string,
  resolve: (name: string) => VarValue,
): boolean {
  let pattern = '';
  let allKnown = true;
  for (const part of parts) {
    if (typeof part === 'string') {
      pattern += escape(part);
      continue;
    }
    const value = resolve(part.name);
    if (value === 'withheld') return false;
    if (value !== 'unknown' && part.plain) {
      pattern += escape(value.value);
    } else {
      allKnown = false;
      pattern += '[a-z0-9.-]+';
    }
  }
  if (
    !allKnown &&
    !distinctive(parts[0]) &&
    !distinctive(parts[parts.length - 1])
  )
    return false;
  return new RegExp(`^${pattern}$`).test(secret);
}

/**
 * Whether a text builds the secret's name from variables (see the file's
 * header for the rule), given what is known of each variable.
 */
export function buildsSecretName(
  text: string,
  secret: string,
  resolve: (name: string) => VarValue,
): boolean {
  if (!text.includes('$')) return false;
  return templatesOf(text).some(parts => templateNames(parts, secret, resolve));
}
