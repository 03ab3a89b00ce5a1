/**
 * The OpenAPI document against what the emulator really serves and answers, and the response
 * schemas against the model types (at compile time: `npm run typecheck` fails when they drift).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { createApi } from '../../src/emulator/http.js';
import { Store, demoSeed, parseSeed } from '../../src/emulator/index.js';
import { TokenIssuer } from '../../src/emulator/tokens.js';
import { openApiPath } from '../../src/protocol/openapi.js';
import { ROUTES, type RouteName, type RouteSpec, type VisitorSession } from '../../src/protocol/routes.js';
import * as requests from '../../src/protocol/schemas.js';
import * as responses from '../../src/protocol/responses.js';
import type * as models from '../../src/protocol/models.js';
import type * as calls from '../../src/protocol/calls.js';
import { ERROR_STATUS } from '../../src/protocol/errors.js';
import { AGENT_ROUTES, DEP, SERVER_KEY, sampleRequest, setup } from './helpers.js';

/* ------------------------------------------------------------------ compile-time model checks */

/** Flattens intersections and nested objects so that equal shapes compare equal however they were written. */
type Normalize<T> = T extends (...args: any[]) => any ? T : T extends readonly (infer E)[] ? Normalize<E>[] : T extends object ? { [K in keyof T]: Normalize<T[K]> } : T;
/** Strict type equality: optional versus required, `any`, and readonly all count. */
type Equals<A, B> = (<T>() => T extends Normalize<A> ? 1 : 2) extends <T>() => T extends Normalize<B> ? 1 : 2 ? true : false;
type Same<S extends z.ZodType, M> = Equals<z.output<S>, M>;

const modelChecks = {
  Tenant: true satisfies Same<typeof responses.Tenant, models.Tenant>,
  Department: true satisfies Same<typeof responses.Department, models.Department>,
  AgentSummary: true satisfies Same<typeof responses.AgentSummary, models.AgentSummary>,
  Profile: true satisfies Same<typeof responses.Profile, models.Profile>,
  Directory: true satisfies Same<typeof responses.Directory, models.Directory>,
  Presence: true satisfies Same<typeof responses.Presence, models.Presence>,
  Customer: true satisfies Same<typeof responses.Customer, models.Customer>,
  Attachment: true satisfies Same<typeof responses.Attachment, models.Attachment>,
  Tombstone: true satisfies Same<typeof responses.Tombstone, models.Tombstone>,
  SystemEvent: true satisfies Same<typeof responses.SystemEvent, models.SystemEvent>,
  Message: true satisfies Same<typeof responses.Message, models.Message>,
  MessagePreview: true satisfies Same<typeof responses.MessagePreview, models.MessagePreview>,
  Conversation: true satisfies Same<typeof responses.Conversation, models.Conversation>,
  ConversationPage: true satisfies Same<typeof responses.ConversationPage, models.ConversationPage>,
  MessagePage: true satisfies Same<typeof responses.MessagePage, models.MessagePage>,
  VisitorMessage: true satisfies Same<typeof responses.VisitorMessage, models.VisitorMessage>,
  VisitorMessagePage: true satisfies Same<typeof responses.VisitorMessagePage, models.VisitorMessagePage>,
  AttachmentDeletion: true satisfies Same<typeof responses.AttachmentDeletion, models.AttachmentDeletion>,
  AgentTokenResponse: true satisfies Same<typeof responses.AgentTokenResponse, models.AgentTokenResponse>,
  VisitorSession: true satisfies Same<typeof responses.VisitorSession, VisitorSession>,
  CallRecord: true satisfies Same<typeof responses.CallRecord, calls.CallRecord>,
  CallPage: true satisfies Same<typeof responses.CallPage, calls.CallPage>,
};

// The helper itself must be able to say no, or the checks above prove nothing.
const helperRejects = {
  optional: false satisfies Equals<{ a?: string }, { a: string | undefined }>,
  nullable: false satisfies Equals<{ a: string | null }, { a: string }>,
  extraKey: false satisfies Equals<{ a: string; b: number }, { a: string }>,
  any: false satisfies Equals<{ a: any }, { a: string }>,
  literal: false satisfies Equals<{ a: 'x' | 'y' }, { a: string }>,
  nested: false satisfies Equals<{ a: { b: number } }, { a: { b: number | null } }>,
};
const helperAccepts = {
  intersection: true satisfies Equals<{ a: string } & { b: number }, { a: string; b: number }>,
};

/* ------------------------------------------------------------------ runtime checks */

const toSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
const schemaNamed = (table: object, name: string) => {
  const schema = (table as Record<string, z.ZodType | undefined>)[name];
  assert.ok(schema, `no schema named ${name}`);
  return schema;
};

function servedApiRoutes(): Set<string> {
  const parsed = parseSeed(demoSeed());
  assert.ok(parsed.ok);
  const app = createApi({ store: new Store(parsed.seed), tokens: new TokenIssuer(Date.now), isAllowedOrigin: () => true });
  return new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api')).map((r) => `${r.method} ${openApiPath(r.path)}`));
}

describe('OpenAPI document', () => {
  it('the model checks compiled', () => {
    assert.ok(Object.values(modelChecks).every((v) => v === true));
    assert.ok(Object.values(helperRejects).every((v) => v === false));
    assert.ok(helperAccepts.intersection);
  });

  it('is served at /api/docs/openapi.json as OpenAPI 3.1, with CORS for a loopback page', async (t) => {
    const h = await setup(t);
    const answer = await h.call('GET', '/api/docs/openapi.json', { headers: { Origin: 'http://localhost:5173' } });
    assert.equal(answer.status, 200);
    assert.match(answer.body.openapi, /^3\.1\.\d+$/);
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(typeof answer.body.info.title, 'string');
    for (const code of Object.keys(ERROR_STATUS)) assert.ok(answer.body.info.description.includes(code), `the document names ${code}`);
  });

  it('documents exactly the routes the app serves under /api, with the right methods', async (t) => {
    const h = await setup(t);
    const doc = (await h.call('GET', '/api/docs/openapi.json')).body;
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const served = servedApiRoutes();
    assert.ok(served.size >= Object.keys(ROUTES).length);
    assert.deepEqual(
      [...served].filter((r) => !documented.has(r)),
      [],
      'served but not documented',
    );
    assert.deepEqual(
      [...documented].filter((r) => !served.has(r)),
      [],
      'documented but not served',
    );
  });

  it('documents the scope, auth, path and query parameters and success status of every route', async (t) => {
    const h = await setup(t);
    const doc = (await h.call('GET', '/api/docs/openapi.json')).body;
    for (const [name, spec] of Object.entries(ROUTES) as Array<[RouteName, RouteSpec]>) {
      const operation = doc.paths[openApiPath(spec.path)][spec.method.toLowerCase()];
      assert.equal(operation.operationId, name);
      assert.equal(operation['x-ringnity-scope'], spec.scope);
      assert.ok(operation.responses[String(spec.status ?? 200)], `${name} documents its success status`);
      assert.deepEqual(operation.responses[String(spec.status ?? 200)].content['application/json'].schema, { $ref: `#/components/schemas/${spec.response}` });
      assert.ok(doc.components.schemas[spec.response], `${spec.response} is in the components`);
      if (spec.auth === 'agent') assert.deepEqual(operation.security, [{ agentToken: [] }]);
      if (spec.auth === 'server') assert.deepEqual(operation.security, [{ serverKeyBearer: [] }, { serverKeyHeader: [] }]);
      const pathNames = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      const documentedPath = operation.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name);
      assert.deepEqual(documentedPath, pathNames, `${name} path parameters`);
      const query = spec.query ? (toSchema(schemaNamed(requests, spec.query), 'input') as { properties: Record<string, unknown> }) : { properties: {} };
      const documentedQuery = Object.fromEntries(operation.parameters.filter((p: any) => p.in === 'query').map((p: any) => [p.name, p.schema]));
      assert.deepEqual(documentedQuery, query.properties, `${name} query parameters`);
    }
  });

  it('each request body schema equals z.toJSONSchema of the protocol schema', async (t) => {
    const h = await setup(t);
    const doc = (await h.call('GET', '/api/docs/openapi.json')).body;
    let bodies = 0;
    for (const spec of Object.values(ROUTES) as RouteSpec[]) {
      const operation = doc.paths[openApiPath(spec.path)][spec.method.toLowerCase()];
      if (!spec.body) {
        assert.equal(operation.requestBody, undefined);
        continue;
      }
      bodies++;
      assert.equal(operation.requestBody.required, true);
      const expected = JSON.parse(JSON.stringify(toSchema(schemaNamed(requests, spec.body), 'input')));
      assert.deepEqual(operation.requestBody.content['application/json'].schema, expected, `${spec.method} ${spec.path}`);
    }
    assert.ok(bodies >= 10);
  });

  it('each response component equals z.toJSONSchema of the response schema', async (t) => {
    const h = await setup(t);
    const doc = (await h.call('GET', '/api/docs/openapi.json')).body;
    for (const name of new Set([...Object.values(ROUTES).map((r) => r.response), 'ErrorBody'])) {
      const expected = JSON.parse(JSON.stringify(toSchema(schemaNamed(responses, name), 'output')));
      assert.deepEqual(doc.components.schemas[name], expected, name);
    }
  });
});

describe('real answers parse with the response schemas', () => {
  /** Parse, and also require that parsing dropped nothing: an undocumented extra field fails. */
  const conforms = (schemaName: string, body: unknown, label: string) => {
    const schema = schemaNamed(responses, schemaName);
    const result = schema.safeParse(body);
    assert.ok(result.success, `${label}: ${result.success ? '' : result.error.message}`);
    assert.deepEqual(result.data, body, `${label} carries fields the schema does not document`);
  };

  for (const name of AGENT_ROUTES) {
    it(`${name} answers a ${ROUTES[name].response}`, async (t) => {
      const h = await setup(t);
      const token = await h.mint('agent.one');
      // Some history, so that lists and events are not empty.
      const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Hello' });
      await h.as(token).post(`/api/agent/conversations/${visitor.conversationId}/accept`, { reason: 'Mine' });
      const sample = sampleRequest(name);
      const answer = await h.call(ROUTES[name].method, sample.path, {
        token,
        ...(sample.body !== undefined ? { body: sample.body } : {}),
        ...(sample.query ? { query: sample.query } : {}),
      });
      assert.ok(answer.status < 300, JSON.stringify(answer.body));
      conforms(ROUTES[name].response, answer.body, name);
    });
  }

  it('the Server, Visitor and docs routes answer their documented schemas', async (t) => {
    const h = await setup(t);
    const minted = await h.call('POST', ROUTES.mintAgentToken.path, {
      headers: { Authorization: `Bearer ${SERVER_KEY}` },
      body: { username: 'agent.one', scopes: ['agent:profile:read'] },
    });
    conforms(ROUTES.mintAgentToken.response, minted.body, 'mintAgentToken');
    const start = await h.call('POST', ROUTES.visitorStart.path, { body: { tenantKey: 'demo-tenant', name: 'Ana', body: 'Hi' } });
    conforms(ROUTES.visitorStart.response, start.body, 'visitorStart');
    const path = `/api/visitor/conversations/${start.body.conversationId}/messages`;
    const sent = await h.call('POST', path, { token: start.body.visitorToken, body: { body: 'More' } });
    conforms(ROUTES.visitorSend.response, sent.body, 'visitorSend');
    const thread = await h.call('GET', path, { token: start.body.visitorToken });
    conforms(ROUTES.visitorMessages.response, thread.body, 'visitorMessages');
    const doc = await h.call('GET', ROUTES.openapi.path);
    assert.ok(schemaNamed(responses, ROUTES.openapi.response).safeParse(doc.body).success);
  });

  it('system messages, tombstones and realtime envelopes parse too', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    await one.post('/api/agent/conversations/cnv_assigned1/assign', { assignedAgentId: 'agt_one', reason: 'Keep' });
    await one.del('/api/agent/conversations/cnv_assigned1/messages/msg_0001/attachments', { reason: 'Privacy' });
    const thread = await one.get('/api/agent/conversations/cnv_assigned1/messages');
    conforms('MessagePage', thread.body, 'thread with a system message and a tombstone');
    assert.ok(thread.body.messages.some((m: any) => m.system) && thread.body.messages.some((m: any) => m.deleted));
    const events = await one.get('/api/agent/events', { after: 0 });
    conforms('EventsPage', events.body, 'events');
    assert.ok(events.body.events.length > 0);
    for (const e of events.body.events) {
      if (e.type === 'chat.message.created') conforms('Message', e.data.message, 'message in an event');
      if (e.type === 'conversation.updated') conforms('Conversation', e.data.conversation, 'conversation in an event');
    }
  });

  it('every error answer parses as an ErrorBody', async (t) => {
    const h = await setup(t);
    const samples = [
      await h.call('GET', '/api/agent/profile'),
      await h.call('GET', '/api/agent/profile', { token: 'garbage' }),
      await h.call('POST', ROUTES.mintAgentToken.path, { body: {} }),
      await h.call('GET', '/api/nowhere'),
      await h.call('GET', '/api/agent/conversations', { token: await h.mint('agent.one'), query: { limit: 0 } }),
    ];
    for (const answer of samples) {
      assert.ok(answer.status >= 400);
      conforms('ErrorBody', answer.body, `error ${answer.status}`);
    }
  });
});
