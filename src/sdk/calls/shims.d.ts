declare module 'process/browser.js' {
  const process: { nextTick(callback: (...args: unknown[]) => void, ...args: unknown[]): void; env: Record<string, string | undefined> };
  export default process;
}
