import { DEFAULT_API_BASE_URL } from './rest.js';

/** Options every `RingnityAgent.create` falls back to when the call does not name them. */
export interface AgentDefaults {
  apiBaseUrl?: string;
  socketUrl?: string;
  bundleVersion?: string;
  connectTimeoutMs?: number;
}

/**
 * Page-wide defaults. They let the guide's examples, which pass only `{ token }`, run against
 * another server (a staging API, the local emulator) without editing them: set
 * `RingnityAgent.defaults.apiBaseUrl`, or put `<meta name="ringnity-api-base-url" content="…">`
 * in the page, which also works for the no-build `<script>` bundle.
 */
export const agentDefaults: AgentDefaults = {};

export const API_BASE_URL_META = 'ringnity-api-base-url';

export function resolveApiBaseUrl(explicit: string | undefined): string {
  return explicit ?? agentDefaults.apiBaseUrl ?? apiBaseUrlFromMeta() ?? DEFAULT_API_BASE_URL;
}

function apiBaseUrlFromMeta(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const content = document.querySelector<HTMLMetaElement>(`meta[name="${API_BASE_URL_META}"]`)?.content.trim();
  return content || undefined;
}
