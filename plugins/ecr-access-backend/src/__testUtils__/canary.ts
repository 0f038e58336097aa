import type { Sandbox } from '@ecr-access/sandbox';

/**
 * Base64 of a text wherever it sits in the encoded bytes: an encoder starts a new 3-byte
 * group at offset 0, 1 or 2 of the text, and only the groups that hold nothing but the
 * text's bytes are the same whatever surrounds it.
 */
function base64Windows(text: string): string[] {
  const bytes = Buffer.from(text);
  return [0, 1, 2].map(offset => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(
      'base64',
    );
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    return encoded.slice(start, end);
  });
}

/**
 * Every form in which the sandbox's canary reaches a client: as is (CronJob env, the data of a
 * ConfigMap a refresher loads, Opaque secrets), base64 once (an Opaque secret's data, the fake ECR token's payload), twice (the
 * token inside `.dockerconfigjson`, `auth` = base64 of `AWS:<token>`) and three times
 * (`auth` inside `.dockerconfigjson`). Named by depth, so a failure says which leaked without
 * printing it.
 */
export function canaryForms(
  canary: string,
): Array<[name: string, form: string]> {
  const forms: Array<[string, string]> = [['canary', canary]];
  let layer: Array<[string, string]> = [['canary', canary]];
  for (let depth = 1; depth <= 3; depth++) {
    layer = layer.flatMap(([name, text]) =>
      base64Windows(text).map((form, offset): [string, string] => [
        `${name} base64#${offset}`,
        form,
      ]),
    );
    forms.push(...layer);
  }
  return forms;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/**
 * Asserts that none of `outputs` (response bodies, log lines, database rows, anything
 * JSON-serialisable) holds the sandbox's canary or the pull-secret token and
 * `.dockerconfigjson` built around it: secrets never leave the backend.
 */
export function expectNoCanary(
  sandbox: Pick<Sandbox, 'canary'>,
  ...outputs: unknown[]
): void {
  const forms = canaryForms(sandbox.canary);
  const leaks = outputs.flatMap((output, index) => {
    const text = textOf(output);
    return forms
      .filter(([, form]) => text.includes(form))
      .map(([name]) => `output ${index}: ${name}`);
  });
  expect(leaks).toEqual([]);
}
