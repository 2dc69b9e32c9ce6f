// Every error the API answers with, in one place (the fastify lib/errors.js habit).
// Bodies are always JSON {statusCode, error, message}; 5xx never leak internals.
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
