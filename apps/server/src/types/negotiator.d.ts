// negotiator 1.x (Express's own content negotiation) ships no types; this is the part we use.
declare module 'negotiator' {
  import type { IncomingMessage } from 'node:http';

  export default class Negotiator {
    constructor(request: IncomingMessage);
    /** The best of `available` for the request's Accept-Encoding; `preferred` breaks ties of equal quality. */
    encoding(available: string[], options?: { preferred?: string[] }): string | undefined;
  }
}
