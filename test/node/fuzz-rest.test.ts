/**
 * Fuzzes every REST route of `ROUTES` with requests generated from its zod schemas. Each request
 * carries at least one fault (a wrong credential, a wrong type, an oversize or hostile string,
 * bad JSON, a wrong content type or method, a bad query), so every answer must be a refusal:
 * never a 5xx, always the contract's error body, and the store exactly as it was.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ROUTES, routePath, type RouteName, type RouteSpec, type VisitorSession } from '../../src/protocol/routes.js';
import * as schemas from '../../src/protocol/schemas.js';
import { AGENT_SCOPES } from '../../src/protocol/scopes.js';
import { AGENT_ROUTES, sampleRequest, SERVER_KEY, READONLY_KEY, TENANT_KEY, type AgentRoute } from './helpers.js';

const SECRET = 'fuzz-signing-secret-0123456789abcdef';
const RUNS_PER_ROUTE = 260;
const SEED = 20_261_129;

/** Characters that break naive code: bidi overrides, zero-width, NUL and other C0, surrogates, emoji. */
const HOSTILE = [
  '\u202E',
  '\u202D',
  '\u2066',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\u0000',
  '\u0001',
  '\u001B',
  '\u007F',
  '\u0085',
  '\r',
  '\uD800',
  '\uDFFF',
  '😀',
  'e\u0301',
  '\u{10FFFF}',
  '<script>',
  '"',
  '\\',
  '%',
  '../',
  ' ',
  'a',
  'Z',
  '9',
  '_',
];
const CONTROLS = ['\u0000', '\u0001', '\u0008', '\u000B', '\u001B', '\u007F'];

interface FuzzRequest {
  route: RouteName;
  fault: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

interface Credentials {
  agent: string;
  /** Two tokens with one scope each, so that every scoped route has one lacking its scope. */
  presenceOnly: string;
  mediaOnly: string;
  forgedAgent: string;
  expiredAgent: string;
  ghostAgent: string;
  unsignedAgent: string;
  visitor: VisitorSession;
  otherVisitor: VisitorSession;
  forgedVisitor: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  enum?: unknown[];
  pattern?: string;
};

const jsonSchemaOf = (name: string | undefined): JsonSchema | null =>
  name ? (z.toJSONSchema((schemas as unknown as Record<string, z.ZodType>)[name]!, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : null;

/** A string that contains at least one control character, which no field of the API accepts. */
const hostileWithControl = fc
  .tuple(fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }), fc.constantFrom(...CONTROLS), fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }))
  .map(([a, c, b]) => `${a.join('')}${c}${b.join('')}`);
/** Anything hostile; for places where any such text is a fault (ids, query values). */
const hostile = fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 20 }).map((parts) => parts.join('') + '\u202E!');

function wrongTypes(p: JsonSchema): unknown[] {
  const type = Array.isArray(p.type) ? p.type[0] : (p.type ?? (p.enum ? typeof p.enum[0] : 'string'));
  switch (type) {
    case 'integer':
      return ['12', true, null, [], {}, 1.5, [1]];
    case 'number':
      return ['12', true, null, [], {}];
    case 'boolean':
      return ['true', 1, 0, null, [], {}];
    case 'array':
      return ['x', 1, {}, null, true];
    default:
      return [123, 0, true, false, null, [], ['x'], { a: 'x' }, 1.5];
  }
}

function outOfRange(p: JsonSchema): unknown[] {
  const values: unknown[] = [];
  if (p.maxLength !== undefined) values.push('x'.repeat(p.maxLength + 1), '\u200B'.repeat(p.maxLength + 1));
  if (p.maximum !== undefined) values.push(p.maximum + 1, Number.MAX_SAFE_INTEGER * 4);
  if (p.minimum !== undefined) values.push(p.minimum - 1, -1e12);
  if (p.maxItems !== undefined) values.push(Array.from({ length: p.maxItems + 1 }, (_, i) => (p as { items?: { enum?: string[] } }).items?.enum?.[i % 2] ?? 'x'));
  if (p.enum) values.push('not-one-of-them', String(p.enum[0]).toUpperCase() + '\u0000');
  return values;
}

const deepJson = (depth: number, open: string, close: string) => `${open.repeat(depth)}${close.repeat(depth)}`;

/** Everything that is wrong with a body, given the body a valid request would send. */
function bodyFaults(schema: JsonSchema, valid: Record<string, unknown>): fc.Arbitrary<{ fault: string; body: string | Uint8Array }> {
  const props = Object.entries(schema.properties ?? {});
  const json = (fault: string) => (body: unknown) => ({ fault, body: JSON.stringify(body) });
  const options: Array<fc.Arbitrary<{ fault: string; body: string | Uint8Array }>> = [
    fc.constantFrom<unknown>([], [valid], 'text', 42, null, true, [[[]]]).map(json('body is not an object')),
    fc
      .constantFrom('{', '{"a":', '{"a":1}}', "{'a':1}", 'nul', '\uFEFF{}', '{"a":1,}', 'NaN', '{"a":1e400}', '\u0000', '[1,2', '{"__proto__":{"x":1}', '{}{}')
      .map((body) => ({ fault: 'bad JSON', body })),
    fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])).map((body) => ({ fault: 'bad UTF-8', body })),
    fc
      .integer({ min: 2_000, max: 8_000 })
      .chain((depth) =>
        fc.constantFrom(
          { fault: 'deep nesting', body: deepJson(depth, '[', ']') },
          { fault: 'deep nesting in a field', body: `{"${props[0]?.[0] ?? 'x'}":${deepJson(depth, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}')}` },
        ),
      ),
    fc.constant({ fault: 'oversize body', body: JSON.stringify({ ...valid, padding: 'x'.repeat(70_000) }) }),
    fc.tuple(hostile, fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({ fault: 'unknown field', body: JSON.stringify({ ...valid, [`x${key}`]: value }) })),
  ];
  const required = (schema.required ?? []).filter((key) => key in valid);
  if (required.length > 0) {
    options.push(
      fc.constantFrom(...required).map((key) => ({ fault: `missing ${key}`, body: JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))) })),
    );
  }
  for (const [key, p] of props) {
    options.push(fc.constantFrom(...wrongTypes(p)).map((value) => ({ fault: `${key} of a wrong type`, body: JSON.stringify({ ...valid, [key]: value }) })));
    const range = outOfRange(p);
    if (range.length > 0) options.push(fc.constantFrom(...range).map((value) => ({ fault: `${key} out of range`, body: JSON.stringify({ ...valid, [key]: value }) })));
    const isString = (p.type ?? (p.enum ? typeof p.enum[0] : 'string')) === 'string';
    if (isString) options.push(hostileWithControl.map((value) => ({ fault: `${key} with a control character`, body: JSON.stringify({ ...valid, [key]: value }) })));
  }
  return fc.oneof(...options);
}

/** Query strings that must be refused: bad integers, bad enums, empty or repeated or unknown keys. */
function queryFaults(schema: JsonSchema | null, valid: Record<string, string>): fc.Arbitrary<{ fault: string; query: string }> {
  const encode = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const validPairs = Object.entries(valid).map(([k, v]) => [k, encodeURIComponent(v)] as [string, string]);
  const options: Array<fc.Arbitrary<{ fault: string; query: string }>> = [
    hostile.map((key) => ({ fault: 'unknown query key', query: encode([...validPairs, [`zz${encodeURIComponent(key.replace(/[\uD800-\uDFFF]/g, ''))}`, '1']]) })),
    fc
      .constantFrom('%ED%A0%80', '%00', '%E0%A4%A', '%', '%%', '%2', '%FF%FE')
      .map((raw) => ({ fault: 'broken encoding in a key', query: encode([...validPairs, [`zz${raw}`, '1']]) })),
  ];
  for (const [key, p] of Object.entries(schema?.properties ?? {})) {
    const bad: string[] = ['', '%00', encodeURIComponent('\u202E5'), '%ED%A0%80'];
    if (p.pattern?.includes('[0-9]')) {
      bad.push('0x10', '%205', '5%20', '1e3', '-1', '%2B5', '5.0', '00', '99999999999999999999999', '1_0', encodeURIComponent('٣'));
      // Zero is below every page size, but it is where the event log starts (its sample asks after=0).
      if (valid[key] !== '0') bad.push('0');
    } else if (p.enum) bad.push('nope', String(p.enum[0]).toUpperCase());
    else bad.push(encodeURIComponent('a b'), 'x'.repeat(500));
    options.push(fc.constantFrom(...bad).map((value) => ({ fault: `${key} malformed`, query: encode([...validPairs.filter(([k]) => k !== key), [key, value]]) })));
    const repeated = valid[key] ?? (p.enum ? String(p.enum[0]) : '5');
    options.push(
      fc.constant({
        fault: `${key} repeated`,
        query: encode([...validPairs.filter(([k]) => k !== key), [key, encodeURIComponent(repeated)], [key, encodeURIComponent(repeated)]]),
      }),
    );
  }
  return fc.oneof(...options);
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** The fully valid request for a route, which the faults then spoil. */
function baseline(name: RouteName, creds: Credentials): { path: string; query: Record<string, string>; body?: Record<string, unknown>; auth: Record<string, string> } {
  const spec: RouteSpec = ROUTES[name];
  if (spec.auth === 'agent') {
    const sample = sampleRequest(name as AgentRoute);
    return {
      path: sample.path,
      query: sample.query ?? {},
      ...(sample.body ? { body: sample.body as Record<string, unknown> } : {}),
      auth: { Authorization: `Bearer ${creds.agent}` },
    };
  }
  const visitorPath = routePath(name, { conversationId: creds.visitor.conversationId });
  switch (name) {
    case 'mintAgentToken':
      return { path: spec.path, query: {}, body: { username: 'agent.one', scopes: [...AGENT_SCOPES], expiresIn: 60 }, auth: { Authorization: `Bearer ${SERVER_KEY}` } };
    case 'visitorStart':
      return { path: spec.path, query: {}, body: { tenantKey: TENANT_KEY, name: 'Fuzz', body: 'hello' }, auth: {} };
    case 'visitorMessages':
      return { path: visitorPath, query: {}, auth: { Authorization: `Bearer ${creds.visitor.visitorToken}` } };
    case 'visitorSend':
      return { path: visitorPath, query: {}, body: { body: 'hello' }, auth: { Authorization: `Bearer ${creds.visitor.visitorToken}` } };
    case 'openapi':
      return { path: spec.path, query: {}, auth: {} };
    default:
      throw new Error(`no baseline for ${name}: add one so that the fuzzer covers it`);
  }
}

function authFaults(name: RouteName, creds: Credentials): fc.Arbitrary<{ fault: string; auth: Record<string, string> }> | null {
  const spec: RouteSpec = ROUTES[name];
  const bearer = (fault: string, token: string) => ({ fault, auth: { Authorization: `Bearer ${token}` } });
  const latin1 = fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '~'));
  const common = [
    fc.constant({ fault: 'no credentials', auth: {} as Record<string, string> }),
    fc.constant(bearer('empty bearer', '')),
    latin1.map((s) => bearer('garbage token', s)),
    latin1.map((s) => ({ fault: 'odd Authorization scheme', auth: { Authorization: `Basic ${s}` } })),
    fc.constant(bearer('a JWT with three empty parts', '..')),
  ];
  switch (spec.auth) {
    case 'agent':
      return fc.oneof(
        ...common,
        fc.constantFrom(
          bearer('forged agent token', creds.forgedAgent),
          bearer('expired agent token', creds.expiredAgent),
          bearer('token of an agent that does not exist', creds.ghostAgent),
          bearer('unsigned agent token', creds.unsignedAgent),
          bearer('visitor token on the agent API', creds.visitor.visitorToken),
          bearer('server key as an agent token', SERVER_KEY),
          ...(spec.scope ? [bearer('token lacking the scope', spec.scope === 'agent:presence:read' ? creds.mediaOnly : creds.presenceOnly)] : []),
        ),
      );
    case 'visitor':
      return fc.oneof(
        ...common,
        fc.constantFrom(
          bearer('agent token on the visitor API', creds.agent),
          bearer("another visitor's token", creds.otherVisitor.visitorToken),
          bearer('forged visitor token', creds.forgedVisitor),
        ),
      );
    case 'server':
      return fc.oneof(
        ...common,
        fc.constantFrom(
          bearer('read-only server key', READONLY_KEY),
          bearer('agent token as a server key', creds.agent),
          { fault: 'wrong key header', auth: { 'X-Ringnity-Server-Key': `${SERVER_KEY}x` } },
          { fault: 'empty key header', auth: { 'X-Ringnity-Server-Key': ' ' } },
        ),
      );
    default:
      return null;
  }
}

function requestsFor(name: RouteName, creds: Credentials): fc.Arbitrary<FuzzRequest> {
  const spec: RouteSpec = ROUTES[name];
  const base = baseline(name, creds);
  const queryString = (q: Record<string, string>) => new URLSearchParams(q).toString();
  const make = (over: Partial<FuzzRequest> & { fault: string }): FuzzRequest => ({
    route: name,
    method: spec.method,
    path: base.path,
    query: queryString(base.query),
    headers: { ...base.auth, ...(base.body ? { 'Content-Type': 'application/json' } : {}) },
    ...(base.body ? { body: JSON.stringify(base.body) } : {}),
    ...over,
  });
  const faults: Array<fc.Arbitrary<FuzzRequest>> = [];

  const auth = authFaults(name, creds);
  if (auth) faults.push(auth.map(({ fault, auth: headers }) => make({ fault, headers: { ...headers, ...(base.body ? { 'Content-Type': 'application/json' } : {}) } })));

  const bodySchema = jsonSchemaOf(spec.body);
  if (bodySchema && base.body) {
    const declared = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream');
    faults.push(
      fc.tuple(bodyFaults(bodySchema, base.body), declared).map(([{ fault, body }, type]) => {
        const request = make({ fault, body });
        request.headers['Content-Type'] = type;
        return request;
      }),
    );
  }

  faults.push(queryFaults(jsonSchemaOf(spec.query), base.query).map(({ fault, query }) => make({ fault, query })));

  const params = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  if (params.length > 0) {
    const goodParams = Object.fromEntries(params.map((p) => [p, decodeURIComponent(base.path.split('/')[spec.path.split('/').indexOf(`:${p}`)]!)]));
    const badValue = fc.oneof(
      hostile.map((v) => v.replace(/[\uD800-\uDFFF]/g, '?')),
      fc.constantFrom(
        'cnv_doesnotexist1',
        'msg_doesnotexist1',
        'cnv_',
        'cnv_' + 'a'.repeat(41),
        'CNV_assigned1',
        ' cnv_assigned1',
        'cnv_assigned1 ',
        'cnv_assigned1\u0000',
        '..',
        '.',
        '%',
        'null',
        'undefined',
        '0',
      ),
    );
    faults.push(
      fc.tuple(fc.constantFrom(...params), badValue).map(([param, value]) => {
        let path: string;
        try {
          path = routePath(name, { ...goodParams, [param]: value });
        } catch {
          path = spec.path.replace(`:${param}`, '%ZZ').replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent(goodParams[k]!));
        }
        return make({ fault: `${param} malformed or unknown`, path });
      }),
    );
  }

  const samePath = new Set<string>((Object.values(ROUTES) as RouteSpec[]).filter((r) => r.path === spec.path).map((r) => r.method));
  const otherMethods = METHODS.filter((m) => !samePath.has(m));
  faults.push(fc.constantFrom(...otherMethods).map((method) => make({ fault: `wrong method ${method}`, method, ...(method === 'GET' ? { body: undefined } : {}) })));

  if (name === 'visitorStart' || name === 'visitorSend') {
    faults.push(
      fc
        .constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json-patch+json', 'json')
        .map((type) => {
          const request = make({ fault: `content type ${type || '(none)'}` });
          if (type) request.headers['Content-Type'] = type;
          else delete request.headers['Content-Type'];
          return request;
        }),
      fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'http://localhost.evil:80', 'file://', 'https://shop.example:8443').map((origin) => {
        const request = make({ fault: 'foreign Origin' });
        request.headers.Origin = origin;
        return request;
      }),
    );
  }
  // Harmless noise on top of the fault: headers a proxy or a browser might add.
  const noise = fc.record(
    { 'X-Forwarded-For': fc.constantFrom('1.2.3.4', '::1', 'garbage'), Accept: fc.constantFrom('*/*', 'text/html', 'application/xml') },
    { requiredKeys: [] },
  );
  return fc.tuple(fc.oneof(...faults), noise).map(([request, extra]) => ({ ...request, headers: { ...extra, ...request.headers } }));
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** One request over node:http, which sends whatever bytes and headers the fuzzer made. */
function send(base: string, request: FuzzRequest): Promise<{ status: number; text: string; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const body = request.body === undefined || request.method === 'GET' ? undefined : Buffer.from(request.body);
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: `${request.path}${request.query ? `?${request.query}` : ''}`,
        agent: keepAlive,
        headers: { ...request.headers, ...(body ? { 'Content-Length': body.length } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), retryAfter: response.headers['retry-after'] }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function forge(secret: string, payload: Record<string, unknown>, audience: string, expiresAt: number): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('ringnity-emulator')
    .setAudience(audience)
    .setIssuedAt(expiresAt - 900)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

describe('REST fuzzing of every route', () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  before(async () => {
    // Generous visitor limits, so that refusals come from validation rather than the rate limiter.
    const plenty = { capacity: 1e6, perSecond: 1e6 };
    emulator = await startEmulator({ port: 0, signingSecret: SECRET, visitorRateLimits: { start: plenty, send: plenty }, allowedOrigins: ['https://shop.example'] });
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
      assert.ok(response.ok, `${path} answered ${response.status}`);
      return response.json() as Promise<any>;
    };
    const mint = async (username: string, scopes: readonly string[]) =>
      (await post('/api/server/sdk-token/agent', { username, scopes }, { Authorization: `Bearer ${SERVER_KEY}` })).token as string;
    const now = Math.floor(Date.now() / 1000);
    const claims = { tid: 'ten_demo', tkey: TENANT_KEY, usr: 'agent.one', role: 'agent', dep: 'dep_support', scp: [...AGENT_SCOPES], sub: 'agt_one', jti: 'fuzz' };
    const [header, payload] = (await forge(SECRET, claims, 'ringnity-agent', now + 600)).split('.');
    creds = {
      agent: await mint('agent.one', AGENT_SCOPES),
      presenceOnly: await mint('agent.one', ['agent:presence:read']),
      mediaOnly: await mint('agent.one', ['agent:media:delete']),
      forgedAgent: await forge('not-the-secret', claims, 'ringnity-agent', now + 600),
      expiredAgent: await forge(SECRET, claims, 'ringnity-agent', now - 60),
      ghostAgent: await forge(SECRET, { ...claims, sub: 'agt_ghost', usr: 'ghost' }, 'ringnity-agent', now + 600),
      unsignedAgent: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      visitor: await post('/api/visitor/conversations', { tenantKey: TENANT_KEY, name: 'Fuzz Visitor', body: 'hello' }),
      otherVisitor: await post('/api/visitor/conversations', { tenantKey: TENANT_KEY, name: 'Other Visitor', body: 'hello' }),
      forgedVisitor: await forge('not-the-secret', { cid: 'cnv_x', sub: 'vis_x' }, 'ringnity-visitor', now + 600),
    };
    assert.ok(header);
  });
  after(async () => {
    keepAlive.destroy();
    await emulator.close();
  });

  it('answers every faulty request with a 4xx error body, never a 5xx, and leaves the store unchanged', { timeout: 90_000 }, async () => {
    const routes = Object.keys(ROUTES) as RouteName[];
    assert.deepEqual(
      AGENT_ROUTES.filter((r) => !routes.includes(r)),
      [],
    );
    const state = () => JSON.stringify({ store: emulator.store.snapshot(), calls: emulator.store.callLog });
    const before = state();
    const histogram = new Map<number, number>();
    const perRoute = new Map<RouteName, number>();
    let requests = 0;
    const startedAt = performance.now();

    // Generated up front from a fixed seed, so that a failure names a request that can be replayed.
    const planned = routes.flatMap((name) => fc.sample(requestsFor(name, creds), { numRuns: RUNS_PER_ROUTE, seed: SEED }));
    const failures: string[] = [];
    const check = async (request: FuzzRequest) => {
      const answer = await send(emulator.url, request);
      requests++;
      perRoute.set(request.route, (perRoute.get(request.route) ?? 0) + 1);
      histogram.set(answer.status, (histogram.get(answer.status) ?? 0) + 1);
      const where = `${request.route} (${request.fault}): ${request.method} ${request.path}?${request.query} answered ${answer.status} ${answer.text.slice(0, 300)}`;
      let body: { error?: { code?: unknown; message?: unknown; status?: unknown } } = {};
      try {
        body = JSON.parse(answer.text);
      } catch {
        // Reported below: the body is not the error body.
      }
      const error = body.error;
      const ok =
        answer.status >= 400 &&
        answer.status < 500 &&
        !!error &&
        typeof error.code === 'string' &&
        typeof error.message === 'string' &&
        error.message.length > 0 &&
        error.status === answer.status &&
        (answer.status !== 429 || Number(answer.retryAfter) >= 1);
      if (!ok) failures.push(where);
    };
    // A few requests in flight at once, as browsers and proxies send them.
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < planned.length && failures.length < 10) await check(planned[next++]!);
      }),
    );
    assert.deepEqual(failures, [], `requests that were not refused properly:\n${failures.join('\n')}`);

    const seconds = (performance.now() - startedAt) / 1000;
    const statuses = [...histogram.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}:${count}`)
      .join(' ');
    console.log(`fuzz-rest: ${requests} requests over ${routes.length} routes in ${seconds.toFixed(1)} s; statuses ${statuses}; 5xx 0`);

    assert.ok(requests >= 5_000, `only ${requests} requests`);
    for (const name of routes) assert.ok((perRoute.get(name) ?? 0) >= RUNS_PER_ROUTE, `${name} was fuzzed ${perRoute.get(name) ?? 0} times`);
    assert.equal(state(), before, 'every request was refused, so the store must be as it was');
    // Still up and answering.
    const health = await fetch(`${emulator.url}/api/docs/openapi.json`);
    assert.equal(health.status, 200);
    await health.arrayBuffer();
  });
});
