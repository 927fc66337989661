import * as z from 'zod';
import { checkedString, describe } from './schema-parts.js';

/**
 * Kubernetes' own rules for names, keys and values (k8s.io/apimachinery
 * pkg/util/validation and pkg/api/validation), so the API server never sees what it would
 * refuse. Each check returns the reason or undefined; the schemas add the path and value.
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Label: a namespace, a Service, a port name's host part. */
export function dns1123LabelProblem(v: string, max = 63): string | undefined {
  if (v.length > max) return `at most ${max} characters`;
  if (!LABEL.test(v)) return 'lowercase letters, digits and -, starting and ending with a letter or digit';
  return undefined;
}

/** IsDNS1123Subdomain: most object names (StorageClass, IngressClass, Secret). */
export function dns1123SubdomainProblem(v: string): string | undefined {
  if (v.length > 253) return 'at most 253 characters';
  if (!v.split('.').every((l) => LABEL.test(l))) return 'dot-separated parts of lowercase letters, digits and -, each starting and ending with a letter or digit';
  return undefined;
}

/** IsQualifiedName: label, annotation and taint keys, `[prefix/]name`. */
export function qualifiedNameProblem(v: string): string | undefined {
  const parts = v.split('/');
  if (parts.length > 2) return 'at most one "/" (prefix/name)';
  const name = parts.at(-1)!;
  if (parts.length === 2) {
    if (!parts[0]) return 'the prefix before "/" is empty';
    const p = dns1123SubdomainProblem(parts[0]);
    if (p) return `the prefix must be a DNS subdomain: ${p}`;
  }
  if (!name) return 'the name is empty';
  if (name.length > 63) return 'the name is at most 63 characters';
  if (!NAME_PART.test(name)) return 'the name has letters, digits, -, _ and ., starting and ending with a letter or digit';
  return undefined;
}

/** IsValidLabelValue: empty, or up to 63 of letters, digits, -, _ and ., alphanumeric at both ends. */
export function labelValueProblem(v: string): string | undefined {
  if (v.length > 63) return 'at most 63 characters';
  if (!LABEL_VALUE.test(v)) return 'empty, or letters, digits, -, _ and ., starting and ending with a letter or digit';
  return undefined;
}

/** A host an Ingress rule answers for: a DNS subdomain, optionally `*.`-prefixed, not an IP address. */
export function ingressHostProblem(v: string): string | undefined {
  if (/^\d+(\.\d+){3}$/.test(v) || v.includes(':')) return 'a host name, not an IP address';
  return dns1123SubdomainProblem(v.startsWith('*.') ? v.slice(2) : v);
}

const SUB = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

/** Namespaces: a DNS label. 58 characters at most: services that read the host go into `<namespace>-node`. */
export const namespaceSchema = checkedString(LABEL, 'a namespace name', (v) => dns1123LabelProblem(v, 58), 58);
export const dns1123LabelSchema = checkedString(LABEL, 'a DNS label', (v) => dns1123LabelProblem(v), 63);
export const dns1123SubdomainSchema = checkedString(new RegExp(`^${SUB}$`), 'a DNS subdomain name', dns1123SubdomainProblem, 253);
export const qualifiedNameSchema = checkedString(new RegExp(`^(${SUB}/)?${NAME}$`), 'a Kubernetes key such as "example.com/name"', qualifiedNameProblem, 317);
export const labelValueSchema = checkedString(LABEL_VALUE, 'a Kubernetes label value', labelValueProblem, 63);
export const ingressHostSchema = checkedString(new RegExp(`^(\\*\\.)?${SUB}$`), 'a host name such as "grafana.example.com"', ingressHostProblem, 253);
const annotationKeySchema = checkedString(new RegExp(`^(${SUB.replaceAll('a-z', 'A-Za-z')}/)?${NAME}$`), 'an annotation key such as "example.com/name"', (k) => qualifiedNameProblem(k.toLowerCase()), 317);

/** Annotations: qualified-name keys (checked lowercased, as the API server does), 256 KiB in all. */
export const annotationsSchema = z.record(annotationKeySchema, z.string()).superRefine((a, ctx) => {
  const size = Object.entries(a).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > 256 * 1024) ctx.addIssue({ code: 'custom', message: `annotations total ${size} bytes; Kubernetes takes at most 262144` });
});

/** Refuses a namespace given on the command line (`--namespace`) as the schema refuses one in the file. */
export function checkNamespaceOption(v: string): string | undefined {
  const p = dns1123LabelProblem(v, 58);
  return p ? `--namespace: expected a namespace name, got ${describe(v)}: ${p}` : undefined;
}
