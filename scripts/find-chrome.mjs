// Finds a Chrome or Chromium binary for the browser tests: CHROME_PATH first, then the usual
// install locations, then the PATH. Returns undefined when there is none.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const KNOWN_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * Flags for headless Chromium here: no sandbox (CI runs as root), no background traffic to
 * hosts the machine cannot reach, and fake camera and microphone that need no permission prompt.
 */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChrome(env = process.env) {
  if (env.CHROME_PATH) return isExecutable(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  const known = KNOWN_PATHS.find(isExecutable);
  if (known) return known;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

// Run directly, it prints the path, which helps when a CI image puts Chrome somewhere odd.
if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findChrome();
  if (!found) {
    console.error('No Chrome or Chromium found; set CHROME_PATH to its executable.');
    process.exit(1);
  }
  console.log(found);
}
