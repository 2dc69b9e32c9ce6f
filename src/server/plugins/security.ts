// Security headers on every HTML response: a strict CSP (no inline script or style, nothing
// remote), nosniff, no referrer. Every other response gets nosniff too.
import fp from 'fastify-plugin';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export default fp(
  async (app) => {
    app.addHook('onSend', async (_req, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html')) {
        reply.header('content-security-policy', CSP);
        reply.header('referrer-policy', 'no-referrer');
      }
      reply.header('x-content-type-options', 'nosniff');
      return payload;
    });
  },
  { name: 'security-headers' },
);
