import type { CallViewTarget } from './types.js';

/**
 * Shows a stream in a page element. A `<video>`/`<audio>` target gets the stream itself; any other
 * element gets a `<video>` of ours inside it, removed again by `clear()`. Local views are muted so
 * the agent never hears themselves.
 */
export class StreamView {
  private element: HTMLMediaElement | null = null;
  private owned = false;
  private stream: MediaStream | null = null;
  /** The chosen speaker ('' for the default), or null to leave the element's own. */
  sinkId: string | null = null;

  constructor(private readonly muted: boolean) {}

  get attached(): boolean {
    return this.element !== null;
  }

  attach(target: CallViewTarget): void {
    this.clear();
    if (!target) return;
    if (target instanceof HTMLMediaElement) {
      this.element = target;
    } else {
      const video = document.createElement('video');
      video.style.width = '100%';
      video.style.height = '100%';
      target.append(video);
      this.element = video;
      this.owned = true;
    }
    this.show(this.stream);
  }

  show(stream: MediaStream | null): void {
    this.stream = stream;
    const element = this.element;
    if (!element) return;
    element.autoplay = true;
    element.muted = this.muted;
    if (element instanceof HTMLVideoElement) element.playsInline = true;
    if (element.srcObject !== stream) element.srcObject = stream;
    applySink(element, this.sinkId);
    // A new track on the same stream needs no new srcObject; play() covers a paused element.
    if (stream) element.play().catch(() => {});
  }

  clear(): void {
    const element = this.element;
    this.element = null;
    if (!element) return;
    element.srcObject = null;
    if (this.owned) element.remove();
    this.owned = false;
  }
}

/** Plays remote audio when the page gave no remote element: a voice call must be heard anyway. */
export class HiddenAudio {
  private audio: HTMLAudioElement | null = null;
  sinkId: string | null = null;

  play(stream: MediaStream | null): void {
    if (!stream) return this.stop();
    this.audio ??= new Audio();
    this.audio.autoplay = true;
    if (this.audio.srcObject !== stream) this.audio.srcObject = stream;
    applySink(this.audio, this.sinkId);
    this.audio.play().catch(() => {});
  }

  stop(): void {
    if (!this.audio) return;
    this.audio.pause();
    this.audio.srcObject = null;
    this.audio = null;
  }
}

/** Plays through the chosen speaker where the browser can choose one; a refusal leaves the default. */
function applySink(element: HTMLMediaElement, sinkId: string | null): void {
  const el = element as HTMLMediaElement & { sinkId?: string; setSinkId?(id: string): Promise<void> };
  if (sinkId !== null && el.setSinkId && el.sinkId !== sinkId) el.setSinkId(sinkId).catch(() => {});
}
