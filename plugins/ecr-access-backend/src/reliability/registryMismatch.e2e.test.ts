import { findingCodes, useDemoPlugin } from '../__testUtils__/demoPlugin';

jest.setTimeout(120_000);

/*
 * SECRET_REGISTRY_MISMATCH through the whole plugin (issue #14): with
 * `ecrAccess.kubernetes.readPullSecretHosts`, as the demo's app-config sets it, the demo's
 * partner-gateway names a pull secret that holds the data account's registry only, so the
 * kubelet has no credential from it for the image's registry. Without the opt-in the hosts are
 * never read and the finding is not claimed.
 */
describe.each([
  [true, ['SECRET_REGISTRY_MISMATCH']],
  [false, []],
])('readPullSecretHosts: %s', (readPullSecretHosts, expected) => {
  const plugin = useDemoPlugin({
    ecrAccess: { kubernetes: { readPullSecretHosts } },
  });

  it(`partner-gateway's findings include exactly ${JSON.stringify(
    expected,
  )} of the registry checks`, async () => {
    const body = await plugin().status('partner-gateway');
    const codes = findingCodes(body).filter(c =>
      c.startsWith('SECRET_REGISTRY'),
    );
    expect(codes).toEqual(expected);
    expect(JSON.stringify(body)).not.toContain(plugin().sandbox.canary);
  });
});
