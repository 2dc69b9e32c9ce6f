// GET /api/messages/:msgid (parsed record) and /api/messages/:msgid/raw (exact bytes).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../schemas/common.js';
import { MessageParams, MessageQuery, MessageSchema } from '../schemas/message.js';
import { notFound } from '../errors.js';
import { findMessage, messageDTO } from '../../views/message.js';
import { getRaw, normalizeMsgidArg } from '../../store/messages.js';

const messages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/messages/:msgid',
    { schema: { params: MessageParams, querystring: MessageQuery, response: { 200: MessageSchema, ...errorResponses } } },
    async (req) => {
      const msgid = normalizeMsgidArg(req.params.msgid);
      const found = findMessage(app.db, msgid, req.query.copy);
      if (!found) throw notFound(`message <${msgid}>`);
      return messageDTO(app.db, found.row, found.copies);
    },
  );

  app.get(
    '/api/messages/:msgid/raw',
    {
      schema: {
        params: MessageParams,
        querystring: MessageQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', description: 'the message bytes exactly as ingested' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const msgid = normalizeMsgidArg(req.params.msgid);
      const found = findMessage(app.db, msgid, req.query.copy);
      if (!found) throw notFound(`message <${msgid}>`);
      // Served as text/plain so browsers show it and never interpret it as HTML.
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', 'inline')
        .header('x-content-type-options', 'nosniff')
        .send(getRaw(app.db, found.row));
    },
  );
};

export default messages;
