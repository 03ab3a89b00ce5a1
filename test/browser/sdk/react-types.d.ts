// The little of React's API the "Build your own UI" example and its test use. @types/react is not
// a devDependency of this package; these declarations stand in for it.
declare module 'react' {
  export type ReactNode = ReactElement | string | number | null | undefined | readonly ReactNode[];
  export interface ReactElement {
    readonly type: unknown;
  }
  export interface RefObject<T> {
    current: T;
  }
  export function createElement(type: string | ((props: any) => ReactNode), props?: Record<string, unknown> | null, ...children: ReactNode[]): ReactElement;
  export function useMemo<T>(create: () => T, deps: readonly unknown[]): T;
  export function useRef<T>(initial: T): RefObject<T>;
  export function useSyncExternalStore<S>(subscribe: (listener: () => void) => () => void, getSnapshot: () => S): S;
}

declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  export interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}
