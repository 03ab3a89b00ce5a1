/**
 * Rewrites the generated tables of README.md (and of docs/elements.md) from src/protocol, so that
 * the docs can not drift from the route table, the error codes, the realtime event list or the
 * elements' event table.
 *
 *   npm run docs:readme            rewrite README.md
 *   npm run docs:readme -- --check exit 1 if README.md is out of date
 *
 * A generated block sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ROUTES, type RouteSpec } from '../src/protocol/routes.js';
import { CLIENT_ERROR_CODES, codeOfSocketErrorType, ERROR_STATUS, SOCKET_ERROR_TYPES, socketErrorTypeOf, type ApiErrorCode } from '../src/protocol/errors.js';
import { EPHEMERAL_EVENTS, REALTIME_EVENTS, REALTIME_EVENT_SCOPES, REALTIME_READ_SCOPES } from '../src/protocol/socket.js';
import { ELEMENT_EVENTS, ELEMENT_EVENT_DESCRIPTIONS, ELEMENT_TAGS, type ElementEventName } from '../src/protocol/element-events.js';

const README = new URL('../README.md', import.meta.url);
const ELEMENTS_DOC = new URL('../docs/elements.md', import.meta.url);

/** What each code means to a caller. A code missing here fails the sync, so new codes get documented. */
const ERROR_MEANINGS: Record<string, string> = {
  AGENT_SDK_TOKEN_MISSING: 'No `Authorization: Bearer` agent token was sent',
  AGENT_SDK_TOKEN_INVALID: 'The agent token is malformed, badly signed, expired, or its agent is gone',
  AGENT_SDK_SCOPE_DENIED: 'The token lacks the scope the route needs',
  AGENT_SDK_CONVERSATION_NOT_FOUND: 'No such conversation, or one this agent may not see',
  AGENT_SDK_CONVERSATION_WRITE_FORBIDDEN: 'The agent sees the conversation but may not make this change (see the write rules)',
  AGENT_SDK_INVALID_REQUEST: 'Malformed input; `message` and `field` name the field',
  AGENT_SDK_MESSAGE_NOT_FOUND: 'The message is not in that conversation',
  AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED: 'Accept lost the race: another agent owns the conversation',
  AGENT_SDK_PRESENCE_LOCKED: 'Presence stays `in_call` until the call ends',
  AGENT_SDK_EVENTS_EXPIRED: 'Catch-up asked for events older than the log keeps; reload instead',
  AGENT_SDK_CALL_NOT_FOUND: 'No such call, or one this agent is not part of',
  AGENT_SDK_CALL_ALREADY_ANSWERED: 'Another agent answered the call first',
  AGENT_SDK_CALL_STATE_CONFLICT: 'The call is not in a state that allows this action',
  AGENT_SDK_CALLS_OFFLINE: 'The agent has not gone online for calls',
  SERVER_API_KEY_MISSING: 'No Server API key was sent',
  SERVER_API_KEY_INVALID: 'The Server API key is unknown',
  SERVER_API_SCOPE_DENIED: 'The key lacks `server:agent-token:write`',
  SERVER_API_INVALID_REQUEST: 'Malformed token request (unknown username, bad scope, `expiresIn` outside 1..3600)',
  VISITOR_TOKEN_INVALID: 'The visitor token is missing, invalid, or for another conversation',
  VISITOR_INVALID_REQUEST: 'Malformed visitor input (unknown tenant key or department, closed conversation)',
  NOT_FOUND: 'No such route under `/api`',
  PAYLOAD_TOO_LARGE: 'The request body is over 64 KiB',
  UNSUPPORTED_MEDIA_TYPE: 'A visitor start or send whose body is not declared `application/json`',
  VISITOR_ORIGIN_FORBIDDEN: "A visitor start or send from a page whose `Origin` the tenant's widget does not allow",
  VISITOR_RATE_LIMITED: 'Too many visitor starts from one address or messages from one visitor; wait `Retry-After` seconds',
  INTERNAL_ERROR: 'A bug in the emulator',
};

function routesTable(): string {
  const rows = (Object.entries(ROUTES) as Array<[string, RouteSpec]>).map(([name, spec]) => {
    const auth = spec.auth === 'agent' ? 'agent token' : spec.auth === 'server' ? 'Server API key' : spec.auth === 'visitor' ? 'visitor token' : 'none';
    const status = spec.status ?? 200;
    return `| \`${spec.method}\` | \`${spec.path}\` | ${spec.scope ? `\`${spec.scope}\`` : '-'} | ${auth} | ${status} | \`${name}\`: ${spec.summary.replace(/\|/g, '\\|')} |`;
  });
  return ['| Method | Path | Scope | Auth | Success | Operation |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function errorsTable(): string {
  const missing = Object.keys(ERROR_STATUS).filter((code) => !ERROR_MEANINGS[code]);
  if (missing.length) throw new Error(`readme-sync: describe these error codes in ERROR_MEANINGS: ${missing.join(', ')}`);
  const rows = Object.entries(ERROR_STATUS).map(([code, status]) => `| ${status} | \`${code}\` | ${ERROR_MEANINGS[code]} |`);
  const client = Object.keys(CLIENT_ERROR_CODES)
    .map((code) => `\`${code}\``)
    .join(', ');
  return ['| Status | Code | When |', '| --- | --- | --- |', ...rows, '', `Codes the SDK raises itself, never the server (their \`status\` is 0): ${client}.`].join('\n');
}

function eventsList(): string {
  const durable = REALTIME_EVENTS.filter((name) => !EPHEMERAL_EVENTS.includes(name));
  const ephemeral = REALTIME_EVENTS.filter((name) => EPHEMERAL_EVENTS.includes(name));
  return [
    `- Durable (logged, numbered, replayed by catch-up): ${durable.map((n) => `\`${n}\``).join(', ')}`,
    `- Ephemeral (live only, never replayed): ${ephemeral.map((n) => `\`${n}\``).join(', ')}`,
    '',
    'The scope a token needs to receive each event (`REALTIME_EVENT_SCOPES`); a socket is sent nothing else:',
    '',
    ...REALTIME_READ_SCOPES.map((scope) => {
      const names = REALTIME_EVENTS.filter((name) => REALTIME_EVENT_SCOPES[name] === scope);
      return `- \`${scope}\`: ${names.map((n) => `\`${n}\``).join(', ')}`;
    }),
  ].join('\n');
}

/** Which codes each socket error type is acked with, and the code a client reports when none is named. */
function socketErrorsTable(): string {
  const rows = SOCKET_ERROR_TYPES.map((type) => {
    const codes = (Object.keys(ERROR_STATUS) as ApiErrorCode[]).filter((code) => socketErrorTypeOf(code) === type);
    const acked = codes.length ? codes.map((code) => `\`${code}\``).join(', ') : '-';
    return `| \`${type}\` | ${acked} | \`${codeOfSocketErrorType(type)}\` |`;
  });
  return ['| `type` | Acked with `code` | Code when none is named |', '| --- | --- | --- |', ...rows].join('\n');
}

function elementEventsTable(): string {
  const short = (tag: string) => tag.replace(/^ringnity-/, '');
  const rows = (Object.keys(ELEMENT_EVENTS) as ElementEventName[]).map((name) => {
    const spec: { from: readonly string[]; detail: readonly string[]; cancelable?: boolean; bridged?: boolean } = ELEMENT_EVENTS[name];
    const from = spec.from.length === ELEMENT_TAGS.length ? 'all' : spec.from.map(short).join(', ');
    const flags = [spec.cancelable ? '**cancelable**' : '', spec.bridged === false ? 'not bridged' : ''].filter(Boolean).join(', ');
    return `| \`${name}\` | ${from} | \`{ ${spec.detail.join(', ')} }\` | ${flags || '-'} | ${ELEMENT_EVENT_DESCRIPTIONS[name].replace(/\|/g, '\\|')} |`;
  });
  return ['| event | from | `detail` | | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const FILES: Array<{ file: URL; label: string; blocks: Record<string, () => string> }> = [
  { file: README, label: 'README.md', blocks: { routes: routesTable, errors: errorsTable, events: eventsList, 'socket-errors': socketErrorsTable } },
  { file: ELEMENTS_DOC, label: 'docs/elements.md', blocks: { 'element-events': elementEventsTable } },
];

const check = process.argv.includes('--check');
for (const { file, label, blocks } of FILES) {
  const before = await readFile(file, 'utf8');
  let after = before;
  for (const [name, render] of Object.entries(blocks)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(after)) throw new Error(`readme-sync: ${label} has no generated:${name} block`);
    after = after.replace(pattern, (_, open: string, close: string) => `${open}\n${render()}\n${close}`);
  }

  if (check) {
    if (after !== before) {
      console.error(`${label} is out of date with src/protocol; run npm run docs:readme`);
      process.exitCode = 1;
    } else console.log(`${label} generated blocks are up to date`);
  } else if (after !== before) {
    await writeFile(file, after);
    console.log(`${label} updated`);
  } else {
    console.log(`${label} already up to date`);
  }
}
