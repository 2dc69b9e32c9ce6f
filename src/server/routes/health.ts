// GET /healthz: the store answers and how much it holds.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { quickCounts } from '../../store/stats.js';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        response: { 200: Type.Object({ status: Type.Literal('ok'), messages: Type.Integer(), threads: Type.Integer() }) },
      },
    },
    async () => ({ status: 'ok' as const, ...quickCounts(app.db) }),
  );
};

export default health;
