export interface RecordedRequest {
  method: string;
  url: string;
  body: string | null;
}

type FetchOverride = (request: RecordedRequest, forward: () => Promise<Response>) => Promise<Response>;

/**
 * Replaces window.fetch for the duration of a test and records every request the SDK makes.
 * `override` may fail a request, before or after forwarding it, to play a flaky network.
 */
export function spyOnFetch(override?: FetchOverride): { requests: RecordedRequest[]; restore(): void } {
  const original = window.fetch;
  const requests: RecordedRequest[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request: RecordedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      body: typeof init?.body === 'string' ? init.body : null,
    };
    requests.push(request);
    const forward = () => original.call(window, input, init);
    return override ? override(request, forward) : forward();
  };
  return {
    requests,
    restore: () => {
      window.fetch = original;
    },
  };
}
