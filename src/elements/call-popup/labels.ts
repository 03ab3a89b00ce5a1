import type { CommonLabels } from '../shared/labels.js';

export interface CallPopupLabels extends CommonLabels {
  unknownCaller: string;
  incomingVoice: string;
  incomingVideo: string;
  transferred: string;
  announceVoice: string;
  announceVideo: string;
  soundBlocked: string;
  enableSound: string;
  accept: string;
  acceptVideo: string;
  reject: string;
  rejectReason: string;
  callWith: string;
  connecting: string;
  connected: string;
  onHold: string;
  transferring: string;
  reconnecting: string;
  otherCalls: string;
  switchTo: string;
  transferReturned: string;
  duration: string;
  controls: string;
  mute: string;
  unmute: string;
  hold: string;
  resume: string;
  startVideo: string;
  stopVideo: string;
  transfer: string;
  transferTo: string;
  transferConfirm: string;
  loadingDepartments: string;
  cancel: string;
  end: string;
  customerMuted: string;
  ended: string;
  reason_agent_ended: string;
  reason_customer_ended: string;
  reason_customer_cancelled: string;
  reason_missed: string;
  reason_answered_elsewhere: string;
  reason_rejected: string;
  reason_agent_unavailable: string;
  reason_transferred: string;
  reason_media_failed: string;
  reason_connection_failed: string;
  reason_connection_lost: string;
  /** Shown by the element itself (its English default lives there) while another tab of this agent has the call. */
  callInAnotherTab?: string;
  errorMediaDenied: string;
  errorMediaMissing: string;
  devices: string;
  microphone: string;
  camera: string;
  speaker: string;
  defaultDevice: string;
  loadingDevices: string;
  micLevel: string;
  noMicAudio: string;
  deviceFallback: string;
  network: string;
  network_good: string;
  network_fair: string;
  network_poor: string;
  network_unknown: string;
}

/** The words the element itself shows (it ships in the main bundle, not with the view). */
export const CALL_POPUP_ELEMENT_LABELS = { callInAnotherTab: 'This call is in another tab.' } satisfies Partial<CallPopupLabels>;

/**
 * The popup's own English words. They ship with its view (in the call file), which lays them
 * under the element's labels; the words all elements share are the element's defaults.
 */
export const CALL_POPUP_LABELS: Omit<CallPopupLabels, keyof CommonLabels> = {
  unknownCaller: 'Customer',
  incomingVoice: 'Incoming voice call',
  incomingVideo: 'Incoming video call',
  transferred: 'transferred',
  announceVoice: 'Incoming voice call from {name}',
  announceVideo: 'Incoming video call from {name}',
  soundBlocked: 'The browser muted the ringtone.',
  enableSound: 'Enable sound',
  accept: 'Accept',
  acceptVideo: 'Accept with video',
  reject: 'Reject',
  rejectReason: 'Agent declined',
  callWith: 'Call with {name}',
  connecting: 'Connecting…',
  connected: 'In call',
  onHold: 'On hold',
  transferring: 'Transferring…',
  reconnecting: 'Reconnecting…',
  otherCalls: 'Other calls',
  switchTo: 'Switch to this call',
  transferReturned: 'Nobody took the transfer; the call is back with you, on hold.',
  duration: 'Call duration',
  controls: 'Call controls',
  mute: 'Mute',
  unmute: 'Unmute',
  hold: 'Hold',
  resume: 'Resume',
  startVideo: 'Start video',
  stopVideo: 'Stop video',
  transfer: 'Transfer',
  transferTo: 'Transfer to',
  transferConfirm: 'Transfer call',
  loadingDepartments: 'Loading departments…',
  cancel: 'Cancel',
  end: 'End call',
  customerMuted: 'The customer is muted.',
  ended: 'Call ended: {reason}.',
  reason_agent_ended: 'you hung up',
  reason_customer_ended: 'the customer hung up',
  reason_customer_cancelled: 'the customer hung up before it was answered',
  reason_missed: 'missed',
  reason_answered_elsewhere: 'answered by another agent',
  reason_rejected: 'declined',
  reason_agent_unavailable: 'you are no longer available for calls',
  reason_transferred: 'transferred',
  reason_media_failed: 'the microphone or camera could not be used',
  reason_connection_failed: 'the media connection failed',
  reason_connection_lost: 'the connection was lost',
  errorMediaDenied: 'Allow the microphone (and camera) for this site in the browser, then try again.',
  errorMediaMissing: 'No microphone or camera was found.',
  devices: 'Devices',
  microphone: 'Microphone',
  camera: 'Camera',
  speaker: 'Speaker',
  defaultDevice: 'Default',
  loadingDevices: 'Loading devices…',
  micLevel: 'Microphone level',
  noMicAudio: 'No audio from your microphone. Check that it is plugged in and not muted on the device.',
  deviceFallback: 'The chosen {device} was disconnected; the default one is used now.',
  network: 'Network: {quality}',
  network_good: 'good',
  network_fair: 'fair',
  network_poor: 'poor',
  network_unknown: 'measuring…',
};
