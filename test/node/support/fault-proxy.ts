/**
 * A TCP proxy on 127.0.0.1 that stands between a client and the emulator and breaks the network on
 * request, the way real networks break: added latency, a blackhole (a half-open connection where
 * bytes stop in both directions and nobody hears a close), resets (RST), and bytes that arrive a
 * few at a time. Modes switch at runtime and apply to the connections already open; the upstream
 * port can move, as it does when a server comes back somewhere else.
 */
import net, { type AddressInfo } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  /** Every chunk is held this long before it is forwarded, in order. */
  | { kind: 'latency'; ms: number }
  /** Nothing is forwarded either way and nothing is closed; held bytes flow once the mode changes. */
  | { kind: 'blackhole' }
  /** Every open connection is reset, and so is every new one while the mode lasts. */
  | { kind: 'reset' }
  /** At most `bytes` per `everyMs` in each direction. */
  | { kind: 'slow'; bytes: number; everyMs: number };

const END = Symbol('end');
type Item = { data: Buffer | typeof END; at: number };

/** One direction of one proxied connection: what arrived and has not been forwarded yet. */
class Lane {
  private readonly held: Item[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;

  constructor(
    private readonly to: net.Socket,
    private readonly mode: () => FaultMode,
  ) {}

  push(data: Buffer | typeof END): void {
    this.held.push({ data, at: Date.now() });
    this.pump();
  }

  /** Forwards whatever the current mode lets through now, and comes back when more may pass. */
  pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const mode = this.mode();
    if (mode.kind === 'blackhole' || mode.kind === 'reset') return;
    let budget = mode.kind === 'slow' ? mode.bytes : Infinity;
    while (this.held.length) {
      const item = this.held[0]!;
      if (mode.kind === 'latency') {
        const due = item.at + mode.ms - Date.now();
        if (due > 0) return this.later(due);
      }
      if (item.data === END) {
        this.held.shift();
        this.finish();
        continue;
      }
      if (budget <= 0) return this.later((mode as { everyMs: number }).everyMs);
      if (item.data.length > budget) {
        this.write(item.data.subarray(0, budget));
        item.data = item.data.subarray(budget);
        budget = 0;
        continue;
      }
      this.held.shift();
      budget -= item.data.length;
      this.write(item.data);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.held.length = 0;
  }

  private later(ms: number): void {
    this.timer = setTimeout(() => this.pump(), Math.max(1, ms));
  }

  private write(chunk: Buffer): void {
    if (!this.ended && !this.to.destroyed) this.to.write(chunk);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.to.destroyed) this.to.end();
  }
}

/** A client connection and the upstream connection made for it. */
class Link {
  readonly up: Lane;
  readonly down: Lane;
  private closed = false;
  /** Dead for good but never closed, as flows are when the network under them changes. */
  stranded = false;

  constructor(
    readonly client: net.Socket,
    readonly upstream: net.Socket,
    mode: () => FaultMode,
    private readonly onClose: (link: Link) => void,
  ) {
    const linkMode = (): FaultMode => (this.stranded ? { kind: 'blackhole' } : mode());
    this.up = new Lane(upstream, linkMode);
    this.down = new Lane(client, linkMode);
    const wire = (from: net.Socket, lane: Lane, other: () => net.Socket) => {
      from.on('data', (chunk: Buffer) => lane.push(chunk));
      from.on('end', () => lane.push(END));
      // A reset or error on one side becomes a reset on the other, unless the network is silent:
      // then it waits in line like any byte would, and is passed on when the network comes back.
      const failed = () => (linkMode().kind === 'blackhole' ? lane.push(END) : this.reset());
      from.on('error', failed);
      from.on('close', (hadError) => {
        if (hadError) failed();
        else if (other().destroyed) this.dispose();
      });
    };
    wire(client, this.up, () => upstream);
    wire(upstream, this.down, () => client);
  }

  pump(): void {
    this.up.pump();
    this.down.pump();
  }

  reset(): void {
    if (this.closed) return;
    for (const socket of [this.client, this.upstream]) {
      if (socket.destroyed) continue;
      // resetAndDestroy needs a connected handle that was not shut down: on a socket we already
      // ended, the RST fails and Node never closes the handle, which keeps the process alive.
      if (socket.connecting || socket.writableEnded) socket.destroy();
      else socket.resetAndDestroy();
    }
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.up.stop();
    this.down.stop();
    this.onClose(this);
  }
}

export interface FaultProxyStats {
  /** Connections accepted so far. */
  accepted: number;
  /** Connections reset by the proxy so far. */
  resets: number;
}

export class FaultProxy {
  private currentMode: FaultMode = { kind: 'pass' };
  private readonly links = new Set<Link>();
  readonly stats: FaultProxyStats = { accepted: 0, resets: 0 };

  private constructor(
    private readonly server: net.Server,
    private upstreamPort: number,
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on a free port of 127.0.0.1 and forwards to 127.0.0.1:`upstreamPort`. */
  static async start(upstreamPort: number): Promise<FaultProxy> {
    // Half-open is allowed on both sides so that a FIN crosses only when the network lets it.
    const server = net.createServer({ noDelay: true, allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FaultProxy(server, upstreamPort);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get mode(): FaultMode {
    return this.currentMode;
  }

  get openConnections(): number {
    return this.links.size;
  }

  setMode(mode: FaultMode): void {
    this.currentMode = mode;
    if (mode.kind === 'reset') this.resetAll();
    for (const link of this.links) link.pump();
  }

  /** New connections go to this port; open ones stay where they are. */
  setUpstream(port: number): void {
    this.upstreamPort = port;
  }

  /**
   * The network changes under every open connection (Wi-Fi to another network, a NAT that forgot
   * them): they go silent for good and nothing closes them, while new connections work.
   */
  strandOpenConnections(): void {
    for (const link of this.links) link.stranded = true;
  }

  /** Resets every open connection once, whatever the mode. */
  resetAll(): void {
    for (const link of [...this.links]) {
      this.stats.resets++;
      link.reset();
    }
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.stats.accepted++;
    client.setNoDelay(true);
    if (this.currentMode.kind === 'reset') {
      this.stats.resets++;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ port: this.upstreamPort, host: '127.0.0.1', noDelay: true, allowHalfOpen: true });
    const link = new Link(
      client,
      upstream,
      () => this.currentMode,
      (l) => this.links.delete(l),
    );
    this.links.add(link);
  }
}
