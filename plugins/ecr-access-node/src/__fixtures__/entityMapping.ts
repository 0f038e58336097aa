import { deployment, IMAGE } from './classify.builders';

type Labels = Record<string, string>;

/**
 * A Deployment with its own labels and its pod template's set apart: charts often label only
 * the template (the selector's `matchLabels` must match it), so the pods carry labels the
 * Deployment does not.
 */
export function labelledDeployment(
  name: string,
  labels: { own?: Labels; template?: Labels },
) {
  const base = deployment({ name, image: IMAGE });
  return {
    ...base,
    metadata: { ...base.metadata, labels: labels.own ?? {} },
    spec: {
      ...base.spec,
      template: {
        ...base.spec.template,
        metadata: { labels: labels.template ?? {} },
      },
    },
  };
}

/**
 * A CronJob (batch/v1) whose label is only in its Job template's pod template
 * (`spec.jobTemplate.spec.template.metadata.labels`).
 */
export function templateLabelledCronJob(name: string, labels: Labels) {
  const pod = deployment({ name, image: IMAGE }).spec.template;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'shop', labels: {} },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: {
        spec: { template: { ...pod, metadata: { labels } } },
      },
    },
  };
}
