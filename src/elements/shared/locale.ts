import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { intlLocale } from './intl.js';
import type { Translation } from './translation.js';

/** The languages the elements speak. English is built in; the others load the first time they are needed. */
export type Language = 'en' | 'de';

/** `de`, `de-DE`, `de-AT`… speak German; any other `lang`, or none, English. */
export function languageOf(lang: string): Language {
  return /^de(-|$)/i.test(lang) ? 'de' : 'en';
}

/**
 * The `lang` in force at an element: its own or its closest ancestor's, the way CSS `:lang()`
 * reads it, except that the walk goes on through shadow roots to their hosts, so an element
 * inside another component follows the page. Empty when nothing up the tree sets one.
 */
function langAt(element: Element): string {
  for (let node: Node | null = element; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!.trim();
  }
  return '';
}

const importGerman = (): Promise<Translation> => import('./locales/de.js').then((module) => module.GERMAN);
let germanLoader: () => Promise<Translation> = importGerman;
let german: Promise<Translation | null> | null = null;
let germanLoaded: Translation | null = null;
let warned = false;

/**
 * Replaces how the German words are loaded. The no-build bundle uses it to take them from
 * `ringnity-agent-de.js`, the file beside it; everything else keeps the bundler's dynamic import.
 */
export function setGermanLoader(loader: (() => Promise<Translation>) | null): void {
  germanLoader = loader ?? importGerman;
}

function loadGerman(): Promise<Translation | null> {
  german ??= germanLoader().then(
    (translation) => (germanLoaded = translation),
    (error: unknown) => {
      // English stays; the next update tries again, and the console hears of it once.
      german = null;
      if (!warned) console.warn('[ringnity] the German labels could not be loaded; showing English.', error);
      warned = true;
      return null;
    },
  );
  return german;
}

/* A lang attribute may change anywhere up the tree at any time: one observer per page watches
   them all (they change rarely), and each shadow root on the way from an element to the page,
   which a subtree observer of the document does not see into. */
const following = new Set<LocaleController>();
const observedRoots = new WeakSet<Node>();
let observer: MutationObserver | null = null;

function observeLangAbove(element: Element): void {
  observer ??= new MutationObserver(() => {
    for (const controller of following) controller.refresh();
  });
  for (let root: Node = element.getRootNode(); ; root = (root as ShadowRoot).host.getRootNode()) {
    if (!observedRoots.has(root)) {
      observer.observe(root, { attributes: true, attributeFilter: ['lang'], subtree: true });
      observedRoots.add(root);
    }
    if (!(root instanceof ShadowRoot)) break;
  }
}

/**
 * Follows the `lang` in force at its element (`langAt`) and re-renders it when that changes. The
 * element's words come in `translation` (null for English), its dates through `locale`.
 */
export class LocaleController implements ReactiveController {
  /** The `lang` in force, as written; empty when none is set. */
  lang = '';
  private language: Language = 'en';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** For Intl: the `lang` in force, or undefined (the browser's locale) when there is none or it is malformed. */
  get locale(): string | undefined {
    return intlLocale(this.lang);
  }

  /** The words of a language other than English, once loaded; null for English. */
  get translation(): Translation | null {
    return this.language === 'de' ? germanLoaded : null;
  }

  hostConnected(): void {
    following.add(this);
    observeLangAbove(this.host);
    this.refresh();
  }

  hostDisconnected(): void {
    following.delete(this);
  }

  /** Reads the `lang` in force again; a change re-renders the element. */
  refresh(): void {
    const lang = langAt(this.host);
    if (lang === this.lang) return;
    this.lang = lang;
    this.language = languageOf(lang);
    this.host.requestUpdate();
  }

  /**
   * Resolves when the words of the element's language are in, or undefined when they already
   * are: the element holds its update until then, so that a German page never flashes English.
   */
  pending(): Promise<unknown> | undefined {
    this.refresh();
    return this.language === 'de' && !germanLoaded ? loadGerman() : undefined;
  }
}
