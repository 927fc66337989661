import type { FileFormat } from '../model/service-plan.js';
import { toAlloy } from './alloy.js';
import { toIni } from './ini.js';
import { toJson } from './json.js';
import { toYaml } from './yaml.js';
import { escapeDollars } from './provisioning.js';

/** Serialises resolved (reference-free) file content in its format. */
export function serialize(format: FileFormat, content: unknown, header?: string): string {
  switch (format) {
    case 'yaml':
      return toYaml(content, header);
    case 'grafana-provisioning':
      return toYaml(escapeDollars(content), header);
    case 'json':
      return toJson(content);
    case 'ini':
      return toIni(content, header);
    case 'alloy':
      return toAlloy(content, header);
    case 'text':
      if (typeof content !== 'string') throw new Error('text file content must be a string');
      return content.endsWith('\n') ? content : `${content}\n`;
  }
}
