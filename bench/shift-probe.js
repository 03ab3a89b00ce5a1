/* global window, MediaDevices, MediaStreamTrack */
// Init script for bench/shift.ts (and the leak tests): counts what a long-lived page may leak and
// DevTools does not count on its own. It runs before the page's scripts, so it sees every timer,
// every getUserMedia track and every RTCPeerConnection the SDK makes.
(() => {
  const liveTimers = new Map();
  const liveTracks = new Set();
  const livePeers = new Set();
  const probe = { trace: false };
  const site = () => (probe.trace ? (new Error().stack ?? '').split('\n').slice(3, 6).join(' | ') : '');

  const { setTimeout: setT, setInterval: setI, clearTimeout: clearT, clearInterval: clearI } = window;
  window.setTimeout = function (handler, delay, ...args) {
    if (typeof handler !== 'function') return setT(handler, delay, ...args);
    let id = 0;
    id = setT(
      function (...a) {
        liveTimers.delete(id);
        return handler.apply(this, a);
      },
      delay,
      ...args,
    );
    liveTimers.set(id, { kind: 'timeout', delay, site: site() });
    return id;
  };
  window.setInterval = function (handler, delay, ...args) {
    const id = setI(handler, delay, ...args);
    liveTimers.set(id, { kind: 'interval', delay, site: site() });
    return id;
  };
  // Browsers share one id space between the two, and either clear function clears either kind.
  window.clearTimeout = function (id) {
    liveTimers.delete(id);
    return clearT(id);
  };
  window.clearInterval = function (id) {
    liveTimers.delete(id);
    return clearI(id);
  };

  const watchTrack = (track) => {
    liveTracks.add(track);
    track.addEventListener('ended', () => liveTracks.delete(track), { once: true });
  };
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (...args) {
    const stream = await getUserMedia.apply(this, args);
    stream.getTracks().forEach(watchTrack);
    return stream;
  };
  const stop = MediaStreamTrack.prototype.stop;
  MediaStreamTrack.prototype.stop = function () {
    liveTracks.delete(this);
    return stop.call(this);
  };
  const clone = MediaStreamTrack.prototype.clone;
  MediaStreamTrack.prototype.clone = function () {
    const copy = clone.call(this);
    if (liveTracks.has(this)) watchTrack(copy);
    return copy;
  };

  const Peer = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Peer {
    constructor(...args) {
      super(...args);
      livePeers.add(this);
    }
    close() {
      livePeers.delete(this);
      return super.close();
    }
  };

  probe.counts = () => ({
    timers: liveTimers.size,
    intervals: [...liveTimers.values()].filter((t) => t.kind === 'interval').length,
    tracks: [...liveTracks].filter((t) => t.readyState === 'live').length,
    peers: [...livePeers].filter((p) => p.signalingState !== 'closed').length,
  });
  /** Where the live timers were made (only those made while `trace` was on carry a site). */
  probe.timerSites = () => {
    const bySite = new Map();
    for (const t of liveTimers.values()) {
      const key = `${t.kind} ${t.delay}ms ${t.site || '(made before tracing)'}`;
      bySite.set(key, (bySite.get(key) ?? 0) + 1);
    }
    return [...bySite].sort((a, b) => b[1] - a[1]);
  };
  window.__shiftProbe = probe;
})();
