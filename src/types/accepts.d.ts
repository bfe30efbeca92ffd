// accepts (express's own content negotiation, a dependency of express 5) ships no types.
declare module 'accepts' {
  import type { IncomingHttpHeaders } from 'node:http';

  interface Accepts {
    /** The first of `types` the request's Accept header allows (its order of preference), or false. */
    type(types: string[]): string | false;
  }

  function accepts(req: { headers: IncomingHttpHeaders }): Accepts;
  export = accepts;
}
