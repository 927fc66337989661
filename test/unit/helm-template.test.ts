import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scalar, templateYaml, valuesPath, yamlOf } from '../../src/targets/helm/template.js';

test('template values become Go template expressions at their keys', () => {
  const text = templateYaml({
    spec: {
      replicas: scalar('.Values.x.replicas'),
      template: { spec: { nodeSelector: yamlOf('.Values.nodeSelector', '.Values.nodeSelector'), containers: [{ name: 'x', resources: yamlOf('.Values.x.resources') }] } },
    },
  });
  assert.equal(
    text,
    [
      'spec:',
      '  replicas: {{ .Values.x.replicas }}',
      '  template:',
      '    spec:',
      '      {{- if .Values.nodeSelector }}',
      '      nodeSelector: {{- toYaml .Values.nodeSelector | nindent 8 }}',
      '      {{- end }}',
      '      containers:',
      '        - name: x',
      '          resources: {{- toYaml .Values.x.resources | nindent 12 }}',
      '',
    ].join('\n'),
  );
});

test("literal {{ in the data is escaped, so Helm prints it back (Grafana legends, Loki templates)", () => {
  // The YAML quotes the value; Helm replaces each {{ "{{" }} by {{ before the YAML is parsed.
  assert.equal(templateYaml({ legend: '{{code}} {{ .x }}' }), 'legend: "{{ "{{" }}code}} {{ "{{" }} .x }}"\n');
});

test('a template value where no key names it is refused rather than written wrong', () => {
  assert.throws(() => templateYaml({ list: [scalar('.Values.a')] }), /unsupported position/);
  assert.throws(() => templateYaml({ list: [{ first: scalar('.Values.a', '.Values.a') }] }), /cannot start a list item/);
});

test('values paths use index for keys that are not Go identifiers', () => {
  assert.equal(valuesPath('grafana', 'image', 'tag'), '.Values.grafana.image.tag');
  assert.equal(valuesPath('node-exporter', 'replicas'), '(index .Values "node-exporter").replicas');
});
