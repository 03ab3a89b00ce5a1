import type { ErrorCode } from '../../protocol/index.js';

export type MakeError = (code: ErrorCode, message: string, cause?: unknown) => Error;

/** The camera constraints every call uses: small enough for a popup, steady on loopback. */
const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };

/**
 * Opens the microphone (and the camera) and names a failure with one of the documented codes:
 * CALL_MEDIA_PERMISSION_DENIED, CALL_MEDIA_DEVICE_NOT_FOUND or CALL_MEDIA_FAILED.
 */
export async function openMedia(kinds: { audio: boolean | MediaTrackConstraints; video: boolean | MediaTrackConstraints }, makeError: MakeError): Promise<MediaStream> {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!devices?.getUserMedia) {
    throw makeError('CALL_MEDIA_FAILED', 'This page cannot open a microphone: it needs a secure context (https or localhost) and a browser with WebRTC');
  }
  try {
    // A chosen camera (a deviceId constraint) keeps the call's size and frame rate.
    return await devices.getUserMedia({ audio: kinds.audio, video: kinds.video ? { ...VIDEO_CONSTRAINTS, ...(kinds.video === true ? {} : kinds.video) } : false });
  } catch (error) {
    throw mediaError(error, kinds, makeError);
  }
}

function mediaError(error: unknown, kinds: { video: unknown }, makeError: MakeError): Error {
  const name = (error as { name?: string } | null)?.name ?? '';
  const what = kinds.video ? 'microphone and camera' : 'microphone';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return makeError('CALL_MEDIA_PERMISSION_DENIED', `Access to the ${what} was denied; allow it in the browser's site settings and try again`, error);
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return makeError('CALL_MEDIA_DEVICE_NOT_FOUND', `No ${what} was found on this device`, error);
  }
  return makeError('CALL_MEDIA_FAILED', `The ${what} could not be opened${name ? ` (${name})` : ''}; another application may be using it`, error);
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
