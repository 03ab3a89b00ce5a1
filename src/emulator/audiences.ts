import { visibleBy, type Viewer, type VisibilityFacts } from '../protocol/rules.js';

/** Past this many distinct audiences the cache starts over, so that it stays small. */
const MAX_CACHED = 4_096;

/**
 * Who may see a conversation, as one shared set per distinct answer. Visibility depends only on
 * the department, the assignee and the participants, so every conversation waiting in a
 * department has the same audience object: realtime fan-out and the event log use it by
 * reference instead of copying hundreds of agent ids per event.
 */
export class Audiences {
  private readonly cache = new Map<string, ReadonlySet<string>>();
  /** Every agent of the tenant (presence goes to everyone). */
  readonly everyone: ReadonlySet<string>;

  constructor(private readonly agents: ReadonlyMap<string, Viewer>) {
    this.everyone = new Set(agents.keys());
  }

  of(facts: VisibilityFacts): ReadonlySet<string> {
    const key = `${facts.departmentId ?? ''}|${facts.assignedAgentId ?? ''}|${facts.participantAgentIds.join(',')}`;
    let audience = this.cache.get(key);
    if (!audience) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      audience = new Set([...this.agents.values()].filter((a) => visibleBy(a, facts) !== null).map((a) => a.id));
      this.cache.set(key, audience);
    }
    return audience;
  }
}
