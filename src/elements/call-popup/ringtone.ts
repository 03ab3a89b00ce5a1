import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Seconds of one ring cycle: two short tones, then silence. */
const CYCLE_S = 3;

/**
 * The ringtone, made with WebAudio so it needs no audio file. Browsers refuse to start sound
 * before the user has interacted with the page; then `blocked` turns true and the popup shows a
 * prompt whose click (a user gesture) calls `enable()`.
 */
export class RingtoneController implements ReactiveController {
  /** True while the ringtone should play but the browser's autoplay rule keeps it silent. */
  blocked = false;
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private wanted = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  async start(): Promise<void> {
    this.wanted = true;
    const AudioContextClass = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioContextClass) return;
    this.context ??= new AudioContextClass();
    if (this.context.state !== 'running') {
      // Without a user gesture, resume() stays pending; give it a moment before declaring it blocked.
      const resumed = this.context.resume().then(
        () => true,
        () => false,
      );
      const running = await Promise.race([resumed, new Promise<boolean>((r) => setTimeout(() => r(false), 150))]);
      if (!this.wanted) return;
      if (!running || (this.context.state as AudioContextState) !== 'running') {
        this.setBlocked(true);
        return;
      }
    }
    this.setBlocked(false);
    this.schedule();
  }

  /** Called from a click: a user gesture lets the context run. */
  async enable(): Promise<void> {
    if (!this.context) return;
    await this.context.resume().catch(() => {});
    if (this.context.state === 'running') {
      this.setBlocked(false);
      if (this.wanted) this.schedule();
    }
  }

  stop(): void {
    this.wanted = false;
    clearInterval(this.timer);
    this.timer = undefined;
    this.setBlocked(false);
    const context = this.context;
    this.context = null;
    void context?.close().catch(() => {});
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.ring();
    this.timer = setInterval(() => this.ring(), CYCLE_S * 1000);
  }

  private ring(): void {
    const context = this.context;
    if (!context || context.state !== 'running') return;
    const start = context.currentTime + 0.05;
    for (const [offset, frequency] of [
      [0, 480],
      [0.45, 620],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0, start + offset);
      gain.gain.linearRampToValueAtTime(0.15, start + offset + 0.03);
      gain.gain.linearRampToValueAtTime(0, start + offset + 0.4);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.42);
    }
  }

  private setBlocked(blocked: boolean): void {
    if (this.blocked === blocked) return;
    this.blocked = blocked;
    this.host.requestUpdate();
  }
}
