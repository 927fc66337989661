import * as z from 'zod';
import { secretRefSchema } from '../../schema/schema-parts.js';
import { ref, type Value } from '../../model/refs.js';

/**
 * Where Mimir keeps its blocks, rules and alertmanager state. `filesystem` is the data
 * volume (one machine, one replica); `s3` is any S3-compatible bucket, which is what a
 * Kubernetes deployment wants so blocks outlive the volume. The secret key is a secret
 * reference, never a value: it reaches Mimir as an environment variable its config expands.
 */
export const mimirStorageSchema = z
  .discriminatedUnion('backend', [
    z.strictObject({ backend: z.literal('filesystem').describe('blocks, rules and alertmanager state under the data volume') }),
    z.strictObject({
      backend: z.literal('s3').describe('an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...)'),
      endpoint: z.string().regex(/^[^\s/]+$/, 'expected host[:port] without a scheme').describe('S3 endpoint, host[:port] without scheme (e.g. "s3.eu-west-1.amazonaws.com")'),
      bucket: z.string().min(3).describe('bucket name; blocks, rules and alertmanager state get their own prefix in it'),
      region: z.string().optional().describe('bucket region, when the endpoint needs one'),
      accessKeyId: z.string().optional().describe('access key id (not secret); left out: the ambient AWS credentials (IAM role, env)'),
      secretAccessKey: secretRefSchema.optional().describe('secret access key as { env } or { file }; needed with accessKeyId'),
      insecure: z.boolean().default(false).describe('plain HTTP to the endpoint (an in-cluster MinIO)'),
    }),
  ])
  .default({ backend: 'filesystem' });

export type MimirStorage = z.output<typeof mimirStorageSchema>;

/** Name of Mimir's secret holding the S3 secret access key. */
export const S3_SECRET = 's3-secret-access-key';
/** The variable Mimir's config expands (`-config.expand-env`) to that secret's value. */
export const S3_SECRET_ENV = 'MIMIR_S3_SECRET_ACCESS_KEY';

/** The storage blocks of mimir.yaml for the chosen backend. */
export function storageConfig(s: MimirStorage): Record<string, Value> {
  const local = {
    // Paths Mimir would otherwise put in its working directory.
    blocks_storage: {
      bucket_store: { sync_dir: ref.dataDir('tsdb-sync') },
      tsdb: { dir: ref.dataDir('tsdb') },
    },
    compactor: { data_dir: ref.dataDir('compactor') },
    ruler: { rule_path: ref.dataDir('ruler') },
    activity_tracker: { filepath: ref.dataDir('metrics-activity.log') },
  };
  if (s.backend === 'filesystem') {
    return {
      ...local,
      common: { storage: { backend: 'filesystem' } },
      blocks_storage: { ...local.blocks_storage, filesystem: { dir: ref.dataDir('blocks') } },
      ruler_storage: { filesystem: { dir: ref.dataDir('rules') } },
      alertmanager_storage: { filesystem: { dir: ref.dataDir('alertmanager') } },
    };
  }
  const s3: Record<string, Value> = {
    endpoint: s.endpoint,
    bucket_name: s.bucket,
    insecure: s.insecure,
    ...(s.region ? { region: s.region } : {}),
    ...(s.accessKeyId ? { access_key_id: s.accessKeyId } : {}),
    // Expanded by Mimir from the environment: the value is never in this file.
    ...(s.secretAccessKey ? { secret_access_key: `\${${S3_SECRET_ENV}}` } : {}),
  };
  return {
    ...local,
    common: { storage: { backend: 's3', s3 } },
    // One bucket, a prefix each (Mimir refuses overlapping locations).
    blocks_storage: { ...local.blocks_storage, storage_prefix: 'blocks' },
    ruler_storage: { storage_prefix: 'ruler' },
    alertmanager_storage: { storage_prefix: 'alertmanager' },
  };
}
