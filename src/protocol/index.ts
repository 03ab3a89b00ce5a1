export * from './scopes.js';
export * from './errors.js';
export * from './models.js';
export * from './socket.js';
export * from './calls.js';
export * from './routes.js';
export type * from './schemas.js';
export * from './rules.js';
export * from './public-call.js';
