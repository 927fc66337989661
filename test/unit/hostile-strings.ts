/**
 * Strings a definition might carry, each meant literally: every one must come back from the
 * consumer's parser as itself, or be refused by the writer with its path.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  'plain',
  'line\nbreak',
  'crlf\r\nline',
  'nul\u0000byte',
  '100% %H %% %n',
  '$HOME ${HOME} $$ $__env{HOME} $__file{/etc/passwd}',
  '%(domain)s',
  'say "hi" and \'bye\' `tick`',
  'back\\slash \\n not a newline \\',
  'sep\u2028line\u2029para',
  'nel\u0085c1\u0090del\u007f',
  'bom\ufeff',
  'ansi \u001b[31mred\u001b[0m \u001b]0;title\u0007',
  'bidi \u202egnirts\u202c',
  '{{ .Values.x }} {{"{{"}} }}',
  '__tpl_0__',
  '[auth.anonymous]\nenabled = true',
  'key = value ; comment # too',
  ': - ? | > & * ! % @ `',
  'yes',
  'on',
  '<<',
  '1_000',
  '12:30',
  '2001-12-14',
  '~',
  '',
  ' leading and trailing ',
  '\ttab',
  'ünïcödé 日本 🚀',
  'x'.repeat(5000),
];

/** Strings no UTF-8 file can hold: refused by every writer. */
export const UNWRITABLE_STRINGS: readonly string[] = ['lone \ud800 surrogate', 'low \udc00 surrogate'];
