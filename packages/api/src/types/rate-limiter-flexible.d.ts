// The store base class ships without its own typings; this is the part of it we extend.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import { RateLimiterAbstract, type IRateLimiterStoreOptions } from 'rate-limiter-flexible';

  export default class RateLimiterStoreAbstract extends RateLimiterAbstract {
    constructor(opts: Omit<IRateLimiterStoreOptions, 'storeClient'>);
    get points(): number;
  }
}
