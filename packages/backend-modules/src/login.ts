/**
 * The login kit: a customer's login routes as one web-standard handler and a Node middleware,
 * with sessions in encrypted cookies. See docs/login-kit.md.
 *
 * @module @ones.dev/backend-modules/login
 */

export type { SessionView } from './login/cookies/login-session.js';
export type { AnyRequest, AnyResponse, OnesLogin } from './login/create-ones-login.js';
export { createOnesLogin } from './login/create-ones-login.js';
export type { LoginRefusalCode } from './login/http/answers.js';
export type { OnesLoginOptions, RateLimit } from './login/options/ones-login-options.js';
export type { NodeLoginMiddleware } from './login/serve/node-middleware.js';
export type { LoginStore } from './login/store/login-store.js';
export { MemoryLoginStore } from './login/store/memory-login-store.js';
export type {
  RedisCommands,
  RedisLoginStoreOptions,
  RedisSubscriber,
} from './login/store/redis-login-store.js';
export { RedisLoginStore } from './login/store/redis-login-store.js';
