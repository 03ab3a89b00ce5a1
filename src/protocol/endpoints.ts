/**
 * Where the Ringnity API lives unless a caller says otherwise. Written once here, for the SDK,
 * the session element, the embeddable panel and the backend helper alike: a default written in
 * several places drifts, and a page that names its API in one place must be obeyed everywhere.
 */
export const PRODUCTION_API_BASE_URL = 'https://api.ringnity.com';

/** `<meta name="ringnity-api-base-url" content="…">`: a page's own choice of API, read by every part. */
export const API_BASE_URL_META = 'ringnity-api-base-url';

/**
 * The page's `<meta name="ringnity-api-base-url">`, made absolute against the page (so `/` means
 * the page's own origin) and without a trailing slash; the production API when there is no page
 * or no such tag.
 */
export function defaultApiBaseUrl(): string {
  if (typeof document === 'undefined') return PRODUCTION_API_BASE_URL;
  const content = document.querySelector<HTMLMetaElement>(`meta[name="${API_BASE_URL_META}"]`)?.content.trim();
  if (!content) return PRODUCTION_API_BASE_URL;
  try {
    return new URL(content, document.baseURI).href.replace(/\/+$/, '');
  } catch {
    return PRODUCTION_API_BASE_URL;
  }
}
