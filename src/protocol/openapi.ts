/** Builds the OpenAPI 3.1 document from the route table and the request and response schemas. */
import { z } from 'zod';
import { ROUTES, SERVER_KEY_HEADER, type RouteSpec } from './routes.js';
import { ERROR_STATUS } from './errors.js';
import * as requests from './schemas.js';
import * as responses from './responses.js';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;

const named = (table: object, name: string): z.ZodType => {
  const schema = (table as Record<string, unknown>)[name];
  if (!schema) throw new Error(`OpenAPI: no schema named ${name}`);
  return schema as z.ZodType;
};

/** `:id` becomes `{id}`, as OpenAPI writes path templates. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  const componentSchemas: Record<string, unknown> = {};
  const responseNames = new Set<string>(['ErrorBody']);

  for (const [operationId, spec] of Object.entries(ROUTES) as Array<[string, RouteSpec]>) {
    const parameters: unknown[] = [];
    const addParameters = (schemaName: string | undefined, where: 'path' | 'query') => {
      if (!schemaName) return;
      const json = toSchema(named(requests, schemaName), 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema });
      }
    };
    addParameters(spec.params, 'path');
    addParameters(spec.query, 'query');
    responseNames.add(spec.response);
    const status = String(spec.status ?? 200);
    const operation: Record<string, unknown> = {
      operationId,
      summary: spec.summary,
      tags: [spec.auth === 'agent' ? 'Agent API' : spec.auth === 'server' ? 'Server API' : spec.auth === 'visitor' || operationId.startsWith('visitor') ? 'Visitor API' : 'Docs'],
      parameters,
      responses: {
        [status]: { description: 'Success', content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.response}` } } } },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
      },
    };
    if (spec.scope) operation['x-ringnity-scope'] = spec.scope;
    if (spec.auth === 'agent') operation.security = [{ agentToken: [] }];
    if (spec.auth === 'server') operation.security = [{ serverKeyBearer: [] }, { serverKeyHeader: [] }];
    if (spec.auth === 'visitor') operation.security = [{ visitorToken: [] }];
    if (spec.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(named(requests, spec.body), 'input') } } };
    }
    (paths[openApiPath(spec.path)] ??= {})[spec.method.toLowerCase()] = operation;
  }
  for (const name of responseNames) componentSchemas[name] = toSchema(named(responses, name), 'output');

  return {
    openapi: '3.1.0',
    info: {
      title: 'Ringnity API (local emulator)',
      version: '1.0.0',
      description: `Agent, Server and Visitor APIs. Error codes: ${Object.entries(ERROR_STATUS)
        .map(([code, status]) => `${status} ${code}`)
        .join(', ')}.`,
    },
    paths,
    components: {
      schemas: componentSchemas,
      securitySchemes: {
        agentToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Agent token minted by the Server API' },
        serverKeyBearer: { type: 'http', scheme: 'bearer', description: 'Server API key; never send it from a browser' },
        serverKeyHeader: { type: 'apiKey', in: 'header', name: SERVER_KEY_HEADER },
        visitorToken: { type: 'http', scheme: 'bearer', description: 'Visitor token answered by POST /api/visitor/conversations' },
      },
    },
  };
}
