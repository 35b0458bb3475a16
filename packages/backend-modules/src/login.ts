/**
 * The login kit: a customer's login routes as one web-standard handler and a Node middleware,
 * with sessions in encrypted cookies. See docs/login-kit.md.
 *
 * @module @ones.dev/backend-modules/login
 */

export type { AnyRequest, AnyResponse, OnesLogin } from './login/create-ones-login.js';
export { createOnesLogin } from './login/create-ones-login.js';
export type { LoginRefusalCode } from './login/login-answers.js';
export type { SessionView } from './login/login-session.js';
export type { LoginStore } from './login/login-store.js';
export { MemoryLoginStore } from './login/login-store.js';
export type { NodeLoginMiddleware } from './login/node-middleware.js';
export type { OnesLoginOptions, RateLimit } from './login/ones-login-options.js';
export type { RedisCommands } from './login/redis-login-store.js';
export { RedisLoginStore } from './login/redis-login-store.js';
