/*
 * A pull secret's `metadata.managedFields` as the API server records them (Kubernetes docs,
 * "Server-Side Apply", and `kubectl get secret regcred -o yaml --show-managed-fields`): one
 * entry per manager and operation, with the time of its last change and the fields it owns
 * (FieldsV1). A metadata-only write (`kubectl label`, Argo CD's tracking annotation, Helm
 * adoption) gets an entry of its own that owns no `f:data`.
 */

type FieldsV1 = Record<string, unknown>;

function entry(
  manager: string,
  time: string,
  fieldsV1: FieldsV1,
  operation: 'Update' | 'Apply' = 'Update',
) {
  return {
    manager,
    operation,
    apiVersion: 'v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1,
  };
}

const DOCKER_CONFIG_DATA = { '.': {}, 'f:.dockerconfigjson': {} };

/** `kubectl create secret docker-registry regcred …` (seed 002's refresher runs it too). */
export const createdEntry = (time: string, manager = 'kubectl-create') =>
  entry(manager, time, { 'f:data': DOCKER_CONFIG_DATA, 'f:type': {} });

/** `kubectl label secret regcred team=shop`: the label alone. */
export const labelEntry = (time: string) =>
  entry('kubectl-label', time, {
    'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } },
  });

/** Argo CD's annotation tracking (`argocd.argoproj.io/tracking-id`) added to a live secret. */
export const argoTrackingEntry = (time: string) =>
  entry('argocd-controller', time, {
    'f:metadata': {
      'f:annotations': { '.': {}, 'f:argocd.argoproj.io/tracking-id': {} },
    },
  });

/** `kubectl apply -f regcred.yaml` (client-side): the data and the last-applied annotation. */
export const clientSideApplyEntry = (time: string) =>
  entry('kubectl-client-side-apply', time, {
    'f:data': DOCKER_CONFIG_DATA,
    'f:metadata': {
      'f:annotations': {
        '.': {},
        'f:kubectl.kubernetes.io/last-applied-configuration': {},
      },
    },
    'f:type': {},
  });

/**
 * `kubectl apply --server-side` (operation Apply, manager `kubectl`), of `data` or of
 * `stringData`: the API server folds stringData into data but records the field as applied.
 */
export const serverSideApplyEntry = (
  time: string,
  field: 'data' | 'stringData' = 'data',
) =>
  entry(
    'kubectl',
    time,
    { [`f:${field}`]: { 'f:.dockerconfigjson': {} }, 'f:type': {} },
    'Apply',
  );

/** An entry without its field set (stripped, or a format other than FieldsV1). */
export const entryWithoutFields = (
  time: string,
  manager = 'kubectl-create',
) => {
  const { fieldsType: _t, fieldsV1: _f, ...rest } = createdEntry(time, manager);
  return rest;
};
