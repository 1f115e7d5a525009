import { STATUS_CODES } from 'node:http';

/** DESIGN §8's error shape, for every error the server answers. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: Array.isArray(message) ? message.join('; ') : message,
  };
}
