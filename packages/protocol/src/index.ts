export * from './limits.js';
export * from './errors.js';
export * from './objects.js';
export * from './schemas.js';
export * from './events.js';
export * from './routes.js';
export * from './uploads.js';
export * from './preview.js';
