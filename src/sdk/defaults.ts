import { defaultApiBaseUrl } from '../protocol/endpoints.js';

/** Options every `RingnityAgent.create` falls back to when the call does not name them. */
export interface AgentDefaults {
  apiBaseUrl?: string;
  socketUrl?: string;
  bundleVersion?: string;
  connectTimeoutMs?: number;
  /** Page-wide `shareAcrossTabs`: false keeps every agent of the page on its own connection. */
  shareAcrossTabs?: boolean;
}

/**
 * Page-wide defaults. They let the guide's examples, which pass only `{ token }`, run against
 * another server (a staging API, the local emulator) without editing them: set
 * `RingnityAgent.defaults.apiBaseUrl`, or put `<meta name="ringnity-api-base-url" content="…">`
 * in the page, which also works for the no-build `<script>` bundle.
 */
export const agentDefaults: AgentDefaults = {};

/** The API for a client: what the caller named, else the page defaults, else `defaultApiBaseUrl()`. */
export function resolveApiBaseUrl(explicit: string | undefined): string {
  return explicit ?? agentDefaults.apiBaseUrl ?? defaultApiBaseUrl();
}
