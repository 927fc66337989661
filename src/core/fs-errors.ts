/**
 * Filesystem and system-call errors a user can act on (a read-only disk, a full disk, a
 * file where a directory was meant): said in words with the path, never as a stack trace.
 */
const WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'resource busy',
  EXDEV: 'cannot move across file systems',
  EIO: 'input/output error',
  EINVAL: 'invalid argument',
  EFBIG: 'file too large',
};

interface SystemError {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
}

/** An error from a system call with a known code (fs, and spawn's ENOENT). */
export function isSystemError(e: unknown): e is Error & SystemError {
  if (!(e instanceof Error)) return false;
  const s = e as unknown as Partial<SystemError>;
  return typeof s.code === 'string' && s.code in WORDS && typeof s.syscall === 'string';
}

/** `permission denied (EACCES)`, for a message that already names the path. */
export function describeFsError(e: unknown): string {
  if (isSystemError(e)) return `${WORDS[e.code]} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}

/** `cannot open /x/y: permission denied (EACCES)`: the whole sentence, from the error alone. */
export function fsErrorSentence(e: Error & SystemError): string {
  const verb = VERBS[e.syscall ?? ''] ?? e.syscall ?? 'access';
  const where = e.path ? ` ${e.path}${e.dest ? ` to ${e.dest}` : ''}` : '';
  return `cannot ${verb}${where}: ${WORDS[e.code]} (${e.code})`;
}

const VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  rmdir: 'remove the directory',
  rm: 'remove',
  unlink: 'remove',
  rename: 'rename',
  scandir: 'list',
  stat: 'read',
  lstat: 'read',
  chmod: 'change the mode of',
  copyfile: 'copy',
  mkdtemp: 'create a directory in',
  symlink: 'link',
  link: 'link',
  spawn: 'run',
  access: 'access',
  utime: 'set the time of',
  fsync: 'write',
  close: 'write',
};
