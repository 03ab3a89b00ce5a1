import type { Attachment } from '../../index.js';

// Building an Intl formatter costs far more than using one, and a busy inbox formats thousands
// of times a second: these are made once. (toLocaleString() builds a new one on every call.)
let clockFormat: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;
let fullFormat: Intl.DateTimeFormat | undefined;

/** A short time for list rows and messages: the clock time today, the date before. */
export function shortTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  if (sameDay) return (clockFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })).format(date);
  return (dayFormat ??= new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })).format(date);
}

export function fullTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (fullFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(date);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Only http(s) links are rendered as links: an attachment URL is data from the network, and a
 * `javascript:` URL in an href would run on click. Relative URLs resolve against the API.
 */
export function safeAttachmentUrl(attachment: Attachment, apiBaseUrl: string): string | null {
  try {
    const url = new URL(attachment.url, apiBaseUrl.endsWith('/') ? apiBaseUrl : `${apiBaseUrl}/`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
