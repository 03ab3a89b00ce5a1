/**
 * Time to inbox, for bench/inbox-render: a cold load (a fresh browser context, so no cache) of a
 * CRM page with `<ringnity-session token-endpoint>` and `<ringnity-inbox>` from the no-build
 * bundle, to the frame that paints the first rows. It covers the script, the CRM's token route,
 * the list request and the realtime socket, and prints their waterfall from the DevTools network
 * events.
 */
import type { Browser, CDPSession } from 'playwright-core';

/** What the DevTools' "Fast 3G" preset stands for; the values used are printed with the figures. */
export const FAST_3G = { latency: 562.5, downloadThroughput: 180 * 1024, uploadThroughput: 84 * 1024 };

export interface Conditions {
  name: string;
  network: typeof FAST_3G | null;
}

interface Span {
  what: string;
  startMs: number;
  endMs: number;
}

interface ColdLoad {
  firstRowsMs: number;
  spans: Span[];
}

/** One cold load: answers when the first rows were painted, and every request until then. */
async function coldLoad(browser: Browser, url: string, network: Conditions['network']): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });

    const requests = new Map<string, Span>();
    let origin = NaN;
    const at = (timestamp: number) => (timestamp - origin) * 1000;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (Number.isNaN(origin)) origin = e.timestamp;
      const target = new URL(e.request.url);
      requests.set(e.requestId, { what: `${e.request.method} ${target.pathname}${target.search}`, startMs: at(e.timestamp), endMs: NaN });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const span = requests.get(e.requestId);
      if (span) span.endMs = at(e.timestamp);
    });
    cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => {
      requests.set(e.requestId, { what: 'socket: WebSocket handshake', startMs: at(e.timestamp), endMs: NaN });
    });
    cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
      const span = requests.get(e.requestId);
      if (span) span.endMs = at(e.timestamp);
    });
    // The socket.io frames that matter: agent.connect and its ack (engine.io "4", socket.io "2"/"3").
    let connectSentAt: number | null = null;
    cdp.on('Network.webSocketFrameSent', (e) => {
      if (connectSentAt === null && e.response.payloadData.includes('"agent.connect"')) connectSentAt = at(e.timestamp);
    });
    cdp.on('Network.webSocketFrameReceived', (e) => {
      if (connectSentAt !== null && /^43\d*\[/.test(e.response.payloadData) && !requests.has('agent.connect')) {
        requests.set('agent.connect', { what: 'socket: agent.connect → ack', startMs: connectSentAt, endMs: at(e.timestamp) });
      }
    });

    await page.goto(url);
    await page.waitForFunction(() => typeof (window as { firstRowsAt?: number }).firstRowsAt === 'number', null, { timeout: 60_000 });
    // Let the socket finish if the rows came first, so the waterfall shows it.
    await page.waitForTimeout(network ? 3_000 : 300);
    const firstRowsMs = await page.evaluate(() => (window as { firstRowsAt?: number }).firstRowsAt!);
    return { firstRowsMs, spans: [...requests.values()].sort((a, b) => a.startMs - b.startMs) };
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Prints the median time to the first rows for each condition, and the waterfall of the median run. */
export async function printTimeToInbox(browser: Browser, url: string, runs: number, conditions: Conditions[]): Promise<void> {
  for (const condition of conditions) {
    const loads: ColdLoad[] = [];
    for (let run = 0; run < runs; run++) loads.push(await coldLoad(browser, url, condition.network));
    const sorted = [...loads].sort((a, b) => a.firstRowsMs - b.firstRowsMs);
    const typical = sorted[Math.floor(sorted.length / 2)]!;
    const network = condition.network
      ? `latency ${condition.network.latency} ms, down ${condition.network.downloadThroughput / 1024} KB/s, up ${condition.network.uploadThroughput / 1024} KB/s`
      : 'no throttling';
    console.log(
      `  time to inbox, ${condition.name.padEnd(8)} ${median(loads.map((l) => l.firstRowsMs)).toFixed(0)} ms  (median of ${runs} cold loads, ${sorted[0]!.firstRowsMs.toFixed(0)} to ${sorted.at(-1)!.firstRowsMs.toFixed(0)} ms; ${network}; navigation start to the first rows painted)`,
    );
    console.log(`    waterfall of the median load (ms from navigation start; first rows at ${typical.firstRowsMs.toFixed(0)}):`);
    for (const span of typical.spans) {
      const end = Number.isNaN(span.endMs) ? '   …' : span.endMs.toFixed(0).padStart(6);
      console.log(`      ${span.startMs.toFixed(0).padStart(6)} → ${end}  ${span.what}`);
    }
  }
}
