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
 * Every form in which a secret reaches a client: as is (CronJob env, the data of a
 * ConfigMap a refresher loads, Opaque secrets), base64 once (an Opaque secret's data, the fake
 * ECR token's payload), twice (the token inside `.dockerconfigjson`, `auth` = base64 of
 * `AWS:<token>`) and three times (`auth` inside `.dockerconfigjson`). Named by depth, so a
 * failure says which leaked without printing it.
 */
export function secretForms(
  secret: string,
  name = 'canary',
): Array<[name: string, form: string]> {
  const forms: Array<[string, string]> = [[name, secret]];
  let layer: Array<[string, string]> = [[name, secret]];
  for (let depth = 1; depth <= 3; depth++) {
    layer = layer.flatMap(([layerName, text]) =>
      base64Windows(text).map((form, offset): [string, string] => [
        `${layerName} base64#${offset}`,
        form,
      ]),
    );
    forms.push(...layer);
  }
  return forms;
}

/** JSON that keeps what an Error says (JSON.stringify turns it into `{}`). */
export function serialize(value: unknown): string {
  if (typeof value === 'string') return value;
  return (
    JSON.stringify(value, (_key, v) =>
      v instanceof Error
        ? { name: v.name, message: v.message, stack: v.stack, cause: v.cause }
        : v,
    ) ?? ''
  );
}

/** The names of the forms of `secret` (see {@link secretForms}) that `value` holds. */
export function formsIn(
  value: unknown,
  forms: Array<[name: string, form: string]>,
): string[] {
  const text = serialize(value);
  return forms.filter(([, form]) => text.includes(form)).map(([name]) => name);
}
