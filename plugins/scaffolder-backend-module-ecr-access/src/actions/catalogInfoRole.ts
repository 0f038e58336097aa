import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import { Document, Scalar, isMap, parseAllDocuments } from 'yaml';

/**
 * Records on the new entity which IAM role its pods use, so the catalog knows it without
 * asking AWS or the cluster (the ecr-access backend reads the role from the ServiceAccount;
 * this is what the template meant it to be).
 */
export const ROLE_ARN_ENTITY_ANNOTATION = 'ecr-access.io/role-arn';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** metadata is a map, and so are its annotations if it has any: somewhere to put ours. */
function isEntityShaped(doc: Document): boolean {
  const annotations = doc.getIn(['metadata', 'annotations']);
  return (
    isMap(doc.contents) &&
    isMap(doc.get('metadata')) &&
    (annotations === undefined || isMap(annotations))
  );
}

/** The entity a file of several is about: named like the service, or labelled with its id. */
function isServiceEntity(doc: Document, name: string): boolean {
  return (
    doc.getIn(['metadata', 'name']) === name ||
    doc.getIn(['metadata', 'annotations', KUBERNETES_ID]) === name
  );
}

/**
 * The ARN as a scalar that reads back exactly: plain as usual, double-quoted when it holds a
 * line break or blanks at an end (yaml 2.9 would write those as a literal block scalar, which
 * loses a leading blank). A validated ARN never does; this is what holds if one got through.
 */
function roleArnScalar(roleArn: string): Scalar {
  const scalar = new Scalar(roleArn);
  if (/[\r\n\u0085\u2028\u2029]|^\s|\s$/.test(roleArn)) {
    scalar.type = 'QUOTE_DOUBLE';
  }
  return scalar;
}

/**
 * The catalog-info.yaml of the workspace with the role annotation added to the entity, its
 * comments and layout kept; only reads, so that a refusal leaves the workspace as it was. A
 * file of one entity is that entity; in a file of several, the one named `name` (or with
 * `backstage.io/kubernetes-id: name`).
 */
export async function catalogInfoWithRole(opts: {
  file: string;
  field: string;
  name: string;
  roleArn: string;
}): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(opts.file, 'utf8');
  } catch {
    throw new InputError(
      `${opts.field}: no such file in the workspace; write the entity first (fetch:template) or leave ${opts.field} out`,
    );
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some(doc => doc.errors.length > 0)) {
    throw new InputError(`${opts.field}: the file is not valid YAML`);
  }
  const targets =
    docs.length === 1 ? docs : docs.filter(d => isServiceEntity(d, opts.name));
  if (targets.length === 0 || !targets.every(isEntityShaped)) {
    throw new InputError(
      `${opts.field}: the file has no entity named ${opts.name} (metadata.name or ${KUBERNETES_ID}) to record the role on`,
    );
  }
  for (const doc of targets) {
    doc.setIn(
      ['metadata', 'annotations', ROLE_ARN_ENTITY_ANNOTATION],
      roleArnScalar(opts.roleArn),
    );
  }
  return docs.map(doc => doc.toString()).join('');
}
