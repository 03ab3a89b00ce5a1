import type { Attachment } from '../../index.js';
import { dateFormat, unitFormat } from '../shared/intl.js';

/**
 * A short time for list rows and messages: the clock time today, the date before. `locale` is
 * the element's (see `LocaleController`); undefined is the browser's.
 */
export function shortTime(iso: string, locale: string | undefined, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return dateFormat(sameDay ? 'clock' : 'day', locale).format(date);
}

export function fullTime(iso: string, locale: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat('full', locale).format(date);
}

export function fileSize(bytes: number, locale: string | undefined): string {
  if (bytes < 1024) return unitFormat('byte', 0, locale).format(bytes);
  if (bytes < 1024 * 1024) return unitFormat('kilobyte', bytes < 10 * 1024 ? 1 : 0, locale).format(bytes / 1024);
  return unitFormat('megabyte', 1, locale).format(bytes / 1024 / 1024);
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
