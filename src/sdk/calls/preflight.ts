/**
 * Call preflight: can this document use the microphone, the camera and autoplay at all?
 *
 * Inside a cross-origin iframe those features are off unless the embedding `<iframe>` lists them
 * in its `allow` attribute, and then `getUserMedia` fails with a bare NotAllowedError that looks
 * like the agent clicked "Block". The browser's Permissions Policy API says which case it is
 * before any prompt, so the call popup can tell the admin what to change instead.
 */

export type MediaFeature = 'microphone' | 'camera' | 'autoplay';

/** The attribute the embedding iframe needs, exactly as the admin should paste it. */
export const IFRAME_ALLOW_ATTRIBUTE = 'allow="microphone; camera; autoplay"';

export interface MediaPreflight {
  /** False when the browser reports at least one asked-for feature as blocked. */
  ok: boolean;
  /** False when the browser has no Permissions Policy API: nothing could be checked, so `ok` is optimistic. */
  checked: boolean;
  /** The document runs inside a frame. */
  framed: boolean;
  /** The asked-for features this document may not use. */
  blocked: MediaFeature[];
  /** One sentence for the admin naming exactly what to change, or null when nothing is blocked. */
  advice: string | null;
}

interface PolicyApi {
  allowsFeature(feature: string): boolean;
}

/**
 * Checks the features calls need. Ask for `['microphone']` for an audio call and add `camera`
 * for video; `autoplay` is what lets the ringtone and the customer's audio start by themselves.
 */
export function checkMediaPermissions(features: readonly MediaFeature[] = ['microphone', 'camera', 'autoplay'], target: Window = window): MediaPreflight {
  const doc = target.document as Document & { permissionsPolicy?: PolicyApi; featurePolicy?: PolicyApi };
  const policy = doc.permissionsPolicy ?? doc.featurePolicy;
  const framed = isFramed(target);
  if (!policy || typeof policy.allowsFeature !== 'function') {
    return { ok: true, checked: false, framed, blocked: [], advice: null };
  }
  const blocked = features.filter((feature) => {
    try {
      return !policy.allowsFeature(feature);
    } catch {
      // A browser that does not know the feature name cannot be blocking it.
      return false;
    }
  });
  if (!blocked.length) return { ok: true, checked: true, framed, blocked, advice: null };
  return { ok: false, checked: true, framed, blocked, advice: adviceFor(blocked, framed, target.location) };
}

function adviceFor(blocked: readonly MediaFeature[], framed: boolean, location: Location): string {
  const list = blocked.join(', ');
  if (framed) {
    return (
      `This panel is in an iframe that does not allow ${list}. ` +
      `Add ${IFRAME_ALLOW_ATTRIBUTE} to the <iframe> that loads ${location.origin}${location.pathname} ` +
      `(every frame between the CRM page and this panel needs it).`
    );
  }
  const header = blocked.map((feature) => `${feature}=(self)`).join(', ');
  return `This page's Permissions-Policy header blocks ${list}. Send "Permissions-Policy: ${header}" instead.`;
}

function isFramed(target: Window): boolean {
  try {
    return target.self !== target.top;
  } catch {
    // Reading `top` across origins can throw in old browsers; that alone means there is a frame.
    return true;
  }
}
