import { z } from 'zod';
import { ROLES, SERVER_SCOPES } from '../protocol/scopes.js';
import { agentId, conversationId, departmentId, messageId } from '../protocol/schemas.js';
import { LIMITS } from '../protocol/limits.js';

const isoDate = z.iso.datetime({ offset: true });

const seedAttachment = z.strictObject({
  attachmentId: z.string().regex(/^att_[A-Za-z0-9]{1,40}$/),
  name: z.string().min(1).max(200),
  contentType: z.string().min(3).max(100),
  size: z.number().int().min(0),
  url: z.string().min(1).max(2000),
});

const seedMessage = z.strictObject({
  id: messageId,
  kind: z.enum(['customer', 'reply', 'note']),
  /** The agent who wrote a reply or note. */
  agentId: agentId.optional(),
  body: z.string().max(LIMITS.body),
  createdAt: isoDate,
  attachments: z.array(seedAttachment).default([]),
});

const seedConversation = z.strictObject({
  id: conversationId,
  status: z.enum(['open', 'closed']),
  subject: z.string().min(1).max(200),
  customer: z.strictObject({ id: z.string().min(1).max(100), name: z.string().min(1).max(LIMITS.name), email: z.string().max(200).nullable() }),
  departmentId: departmentId.nullable(),
  assignedAgentId: agentId.nullable(),
  participantAgentIds: z.array(agentId).default([]),
  createdAt: isoDate,
  closedAt: isoDate.nullable().default(null),
  closeReason: z.string().max(LIMITS.reason).nullable().default(null),
  messages: z.array(seedMessage).min(1),
});

/** The shape of a `--seed FILE`: one tenant with its keys, people and conversations. */
export const tenantSeed = z
  .strictObject({
    tenant: z.strictObject({
      id: z.string().regex(/^ten_[A-Za-z0-9]{1,40}$/),
      key: z.string().min(1).max(200),
      name: z.string().min(1).max(100),
    }),
    serverKeys: z.array(z.strictObject({ key: z.string().min(8).max(200), scopes: z.array(z.enum(SERVER_SCOPES)) })).min(1),
    departments: z.array(z.strictObject({ id: departmentId, name: z.string().min(1).max(100) })),
    agents: z
      .array(
        z.strictObject({
          id: agentId,
          username: z.string().min(1).max(LIMITS.name),
          name: z.string().min(1).max(LIMITS.name),
          email: z.string().max(200),
          role: z.enum(ROLES),
          departmentId: departmentId.nullable(),
        }),
      )
      .min(1),
    conversations: z.array(seedConversation),
  })
  .superRefine((seed, ctx) => {
    const departments = new Set(seed.departments.map((d) => d.id));
    const agents = new Map(seed.agents.map((a) => [a.id, a]));
    const unique = (values: string[], path: (string | number)[], what: string) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `duplicate ${what} ${v}` });
        seen.add(v);
      });
    };
    unique(
      seed.agents.map((a) => a.id),
      ['agents'],
      'agent id',
    );
    unique(
      seed.agents.map((a) => a.username),
      ['agents'],
      'username',
    );
    unique(
      seed.conversations.map((c) => c.id),
      ['conversations'],
      'conversation id',
    );
    unique(
      seed.conversations.flatMap((c) => c.messages.map((m) => m.id)),
      ['messages'],
      'message id',
    );
    seed.agents.forEach((a, i) => {
      if (a.departmentId && !departments.has(a.departmentId))
        ctx.addIssue({ code: 'custom', path: ['agents', i, 'departmentId'], message: `unknown department ${a.departmentId}` });
    });
    seed.conversations.forEach((c, i) => {
      const at = ['conversations', i];
      if (c.departmentId && !departments.has(c.departmentId)) ctx.addIssue({ code: 'custom', path: [...at, 'departmentId'], message: `unknown department ${c.departmentId}` });
      for (const id of [c.assignedAgentId, ...c.participantAgentIds]) if (id && !agents.has(id)) ctx.addIssue({ code: 'custom', path: at, message: `unknown agent ${id}` });
      c.messages.forEach((m, j) => {
        if (m.kind !== 'customer' && !(m.agentId && agents.has(m.agentId)))
          ctx.addIssue({ code: 'custom', path: [...at, 'messages', j, 'agentId'], message: 'a reply or note needs a known agentId' });
      });
      if (c.status === 'closed' && !c.closedAt) ctx.addIssue({ code: 'custom', path: [...at, 'closedAt'], message: 'a closed conversation needs closedAt' });
    });
  });

export type TenantSeed = z.output<typeof tenantSeed>;
export type TenantSeedInput = z.input<typeof tenantSeed>;

/** Validate a seed, answering one readable line per problem. */
export function parseSeed(raw: unknown): { ok: true; seed: TenantSeed } | { ok: false; problems: string[] } {
  const result = tenantSeed.safeParse(raw);
  if (result.success) return { ok: true, seed: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}
