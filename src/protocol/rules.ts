/**
 * The guide's visibility rules and the write rules, in one place for both sides: the emulator
 * enforces them, and the elements read them to offer only the controls that will succeed.
 */
import { TENANT_WIDE_ROLES, type Role } from './scopes.js';

export interface Viewer {
  id: string;
  role: Role;
  departmentId: string | null;
}

export interface VisibilityFacts {
  status: 'open' | 'closed';
  departmentId: string | null;
  assignedAgentId: string | null;
  participantAgentIds: readonly string[];
}

export type VisibilityRule = 'assigned' | 'participant' | 'department-queue' | 'no-department-queue' | 'tenant-wide-role';

/** Which of the guide's five rules lets this viewer see the conversation, if any. */
export function visibleBy(viewer: Viewer, c: VisibilityFacts): VisibilityRule | null {
  if (c.assignedAgentId === viewer.id) return 'assigned';
  if (c.participantAgentIds.includes(viewer.id)) return 'participant';
  if (c.assignedAgentId === null && viewer.departmentId !== null && c.departmentId === viewer.departmentId) return 'department-queue';
  if (c.assignedAgentId === null && c.departmentId === null) return 'no-department-queue';
  if (TENANT_WIDE_ROLES.includes(viewer.role)) return 'tenant-wide-role';
  return null;
}

export type WriteAction = 'reply' | 'note' | 'accept' | 'assign' | 'transfer' | 'close' | 'deleteAttachment';

/**
 * Whether a viewer who can see the conversation may change it. The table is in the README
 * ("Who may change a conversation"). Supervisors and admins manage any open conversation;
 * an agent changes what they own or take part in, and may answer, take or route a conversation
 * waiting in a queue they see (the guide's flow replies before it assigns).
 * Nobody changes a closed conversation, except that media removal stays possible for the
 * owner, participants and managers, because removal requests arrive after a case is closed.
 */
export function mayWrite(viewer: Viewer, c: VisibilityFacts, action: WriteAction, assignTo?: string): boolean {
  const manager = TENANT_WIDE_ROLES.includes(viewer.role);
  const owner = c.assignedAgentId === viewer.id;
  const participant = c.participantAgentIds.includes(viewer.id);
  const queued = c.assignedAgentId === null;
  if (action === 'deleteAttachment') return manager || owner || participant;
  if (c.status === 'closed') return false;
  if (manager) return true;
  switch (action) {
    case 'reply':
    case 'note':
      return owner || participant || queued;
    case 'accept':
      return queued || owner;
    case 'assign':
      return owner || (queued && assignTo === viewer.id);
    case 'transfer':
      return owner || queued;
    case 'close':
      return owner;
  }
}
