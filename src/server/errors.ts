/** Typed errors a use case raises; the handler turns them into `{ ok: false, error }`. */
import type { ApiError, ErrorCode } from '../../types/api';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `找不到该${what}`);
export const forbidden = (message = '您没有权限进行此操作') => new AppError('FORBIDDEN', message);
export const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', message, { [field]: message });
