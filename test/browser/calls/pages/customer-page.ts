/** The customer's page in the call tests: a visitor socket and the visitor call client. */
import { io, type Socket } from 'socket.io-client';
import { placeVisitorCall, type VisitorCall, type VisitorCallOptions } from '../../../../src/sdk/calls/visitor.js';
import { failNextGetUserMedia, rtpTotals, selectedCandidateTypes } from './stats.js';

const customer = {
  socket: null as Socket | null,
  call: null as VisitorCall | null,
  log: [] as string[],

  async open(name: string, departmentId: string): Promise<void> {
    const response = await fetch('/api/visitor/conversations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenantKey: 'demo-tenant', name, departmentId }),
    });
    const session = (await response.json()) as { visitorToken: string };
    const socket = io({ transports: ['websocket'] });
    customer.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => socket.emit('visitor.connect', { token: session.visitorToken }, (err: unknown) => (err ? reject(new Error(JSON.stringify(err))) : resolve())));
    });
  },

  async place(type: 'voice' | 'video', options: Omit<VisitorCallOptions, 'type'> = {}): Promise<{ ok: boolean; code?: string }> {
    try {
      const call = await placeVisitorCall(customer.socket!, { ...options, type });
      customer.call = call;
      call.on('state', (state, previous) => customer.log.push(`${previous}->${state}`));
      call.on('ended', (reason) => customer.log.push(`ended ${reason}`));
      call.on('connected', () => customer.log.push('connected'));
      return { ok: true };
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code };
    }
  },

  summary() {
    const call = customer.call;
    return call && { id: call.id, state: call.state, connected: call.connected, agentName: call.agentName, endReason: call.endReason, remoteMedia: call.remoteMedia };
  },

  async stats() {
    return rtpTotals((await customer.call?.getStats()) ?? null);
  },

  async candidateTypes() {
    return selectedCandidateTypes((await customer.call?.getStats()) ?? null);
  },

  tracks() {
    const call = customer.call!;
    return [...(call.localStream?.getTracks() ?? []), ...(call.remoteStream?.getTracks() ?? [])].map((t) => `${t.kind}:${t.readyState}`);
  },

  failNextGetUserMedia,
};

declare global {
  interface Window {
    customer: typeof customer;
  }
}
window.customer = customer;
