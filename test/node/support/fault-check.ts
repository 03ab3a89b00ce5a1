/**
 * The fault suite's property, over what one world recorded: every durable event reaches the
 * subscriber exactly once and in order, unless a resync was signalled; every reply is stored once.
 * Answers a list of violations (empty when the property holds) and what it counted.
 */
import type { FaultWorld } from './fault-world.js';

export interface CheckResult {
  violations: string[];
  eventsChecked: number;
  repliesChecked: number;
  resyncs: number;
}

/** A tagged message's place in the history: streams follow each other, seqs order a stream. */
type Key = { stream: number; seq: number };
const before = (a: Key, b: Key) => a.stream < b.stream || (a.stream === b.stream && a.seq < b.seq);

export function checkWorld(world: FaultWorld, restarts: number): CheckResult {
  const violations: string[] = [];
  const expected = new Map<string, Key & { conversationId: string }>();
  for (const stream of world.streams) {
    const sent = world.expected(stream);
    const stored = world.stored(stream).map((m) => m.body);
    // The server's own record of what it sent must match what it stored, or the rest means nothing.
    const sentBodies = new Set(sent.map((e) => e.body));
    for (const body of stored) if (!sentBodies.has(body)) violations.push(`stream ${stream.index}: ${body} is stored but was never sent to the agent`);
    for (const event of sent) expected.set(event.body, { stream: stream.index, seq: event.seq, conversationId: event.conversationId });
  }

  // Exactly once and in order, for the messages we tagged.
  const log = world.deliveries;
  const seen = new Map<string, number>();
  let last: (Key & { body: string }) | null = null;
  log.forEach((d, position) => {
    if (d.kind !== 'event' || d.body === null || !world.isOurs(d.body)) return;
    const key = expected.get(d.body);
    if (!key) return violations.push(`${d.body} was delivered but no stream sent it`);
    if (seen.has(d.body)) violations.push(`${d.body} was delivered twice (positions ${seen.get(d.body)} and ${position})`);
    else seen.set(d.body, position);
    if (d.seq !== key.seq) violations.push(`${d.body} arrived with seq ${d.seq}, sent with seq ${key.seq}`);
    if (last && !before(last, key)) violations.push(`${d.body} (stream ${key.stream} seq ${key.seq}) arrived after ${last.body} (stream ${last.stream} seq ${last.seq})`);
    last = { ...key, body: d.body };
  });

  // A message that never arrived is acceptable only if a resync came where it should have been.
  const delivered = [...seen.entries()].map(([body, position]) => ({ ...expected.get(body)!, position }));
  for (const [body, key] of expected) {
    if (seen.has(body)) continue;
    let from = -1;
    let to = log.length;
    for (const d of delivered) {
      if (before(d, key)) from = Math.max(from, d.position);
      else to = Math.min(to, d.position);
    }
    const excused = log.slice(from + 1, to).some((d) => d.kind === 'resync');
    if (!excused) violations.push(`${body} (stream ${key.stream} seq ${key.seq}) was lost without a resync`);
  }

  // Every durable event, whatever its type: seqs only grow between two resyncs. The one exception:
  // a message that carries its list row is handed to `conversation.updated` listeners too, right
  // after the message and under its seq, once.
  let previousSeq = -Infinity;
  let previousType = '';
  for (const d of log) {
    if (d.kind === 'resync') {
      previousSeq = -Infinity;
      previousType = '';
      continue;
    }
    const rowOfMessage = d.type === 'conversation.updated' && previousType === 'chat.message.created' && d.seq === previousSeq;
    if (d.seq <= previousSeq && !rowOfMessage) violations.push(`${d.type} seq ${d.seq} came after seq ${previousSeq} with no resync between`);
    previousSeq = Math.max(previousSeq, d.seq);
    previousType = d.type;
  }

  const resyncs = log.filter((d) => d.kind === 'resync').length;
  if (restarts > 0 && resyncs === 0) violations.push(`the server restarted ${restarts} time(s) and no resync was signalled`);
  if (restarts === 0 && resyncs > 0) violations.push(`${resyncs} resync(s) were signalled although the server never restarted and its log never expired`);

  // Each reply stored once: where it was answered, and never twice anywhere.
  for (const reply of world.replies) {
    const copies = world.streams.flatMap((s) => world.stored(s)).filter((m) => m.clientMessageId === reply.clientMessageId).length;
    if (copies > 1) violations.push(`reply ${reply.body} is stored ${copies} times`);
    if (reply.outcome === 'stored' && copies !== 1) violations.push(`reply ${reply.body} resolved but is stored ${copies} times`);
    if (reply.outcome === 'pending') violations.push(`reply ${reply.body} never settled`);
  }

  return { violations, eventsChecked: expected.size, repliesChecked: world.replies.length, resyncs };
}
