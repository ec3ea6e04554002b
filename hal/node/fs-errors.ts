import type { HalError } from '../types';

/** A file-system failure as the KV contract reports it: FULL when space ran out, else WRITE_FAILED. */
export function mapFsError(error: unknown, doing: string): HalError {
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return { code: 'FULL', message: `${doing}: no space left (${code}); free space or remove unused keys` };
  }
  const remedy =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'check that the KV directory is writable by this user'
      : 'check the disk holding the KV directory';
  return { code: 'WRITE_FAILED', message: `${doing}: ${code ?? 'unknown error'}; ${remedy}` };
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
