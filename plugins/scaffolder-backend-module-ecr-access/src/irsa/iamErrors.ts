/** IAM's NoSuchEntity, as the SDK v3 names it. */
export function isNoSuchEntity(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'NoSuchEntityException' || name === 'NoSuchEntity';
}
