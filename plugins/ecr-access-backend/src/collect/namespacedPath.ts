/** `/apis/apps/v1/deployments` in namespace `shop` → `/apis/apps/v1/namespaces/shop/deployments`. */
export function namespacedPath(path: string, namespace: string): string {
  const cut = path.lastIndexOf('/');
  return `${path.slice(0, cut)}/namespaces/${encodeURIComponent(
    namespace,
  )}${path.slice(cut)}`;
}
