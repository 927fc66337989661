/** Strings a URL, a label or a stack name might carry, each meant literally. */
export const HOSTILE = [
  'say "hi"',
  'back\\slash \\n not a newline',
  'line\nbreak\r\nand\ttab',
  '} evil { = "x"',
  '// not a comment /* nor this */',
  '${env("HOME")} `raw` \'single\'',
  'nul\u0000bell\u0007del\u007fc1\u0085',
  'sep\u2028\u2029bom\ufeff',
  'ünïcödé 日本 🚀',
  '',
];
