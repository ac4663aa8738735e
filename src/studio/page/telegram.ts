/**
 * Telegram Mini App glue without Telegram's script (the page must work offline and in any browser):
 * the launch parameters Telegram puts in the URL fragment, and the few events a Mini App posts.
 * See https://core.telegram.org/api/web-events and https://core.telegram.org/bots/webapps.
 */
export interface ThemeParams {
  bg_color?: string;
  text_color?: string;
  hint_color?: string;
  link_color?: string;
  button_color?: string;
  button_text_color?: string;
  secondary_bg_color?: string;
}

export interface Launch {
  /** Telegram's raw initData string (signed by Telegram; the server checks it). Null outside Telegram. */
  initData: string | null;
  themeParams: ThemeParams | null;
  /** The user's Telegram language (language_code), when Telegram sent it. */
  userLang: string | null;
}

interface TelegramGlobal {
  WebApp?: { initData?: string; themeParams?: ThemeParams; initDataUnsafe?: { user?: { language_code?: string } }; ready?(): void; expand?(): void };
  WebView?: { receiveEvent?(type: string, data: unknown): void };
}

declare global {
  interface Window {
    Telegram?: TelegramGlobal;
    TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
  }
}

function parseJson<T>(s: string | null): T | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as T;
  } catch {
    return null;
  }
}

/** Reads the launch parameters: from the URL fragment, or from Telegram's script if the host page loaded it. */
export function launch(): Launch {
  const hash = new URLSearchParams(location.hash.slice(1));
  const web = window.Telegram?.WebApp;
  const initData = hash.get('tgWebAppData') || web?.initData || null;
  const themeParams = parseJson<ThemeParams>(hash.get('tgWebAppThemeParams')) ?? (web?.themeParams && Object.keys(web.themeParams).length ? web.themeParams : null);
  const user = initData ? parseJson<{ language_code?: string }>(new URLSearchParams(initData).get('user')) : null;
  return { initData, themeParams, userLang: user?.language_code ?? web?.initDataUnsafe?.user?.language_code ?? null };
}

/** Posts a Mini App event to whichever Telegram client hosts the page (no-op in a plain browser). */
export function postEvent(type: string, data: unknown = {}): void {
  try {
    if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(type, JSON.stringify(data));
    else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), '*');
  } catch {
    // Not inside Telegram, or the client refused: the page works the same.
  }
}

/** Calls back when Telegram says the theme changed (both delivery paths: mobile WebView and web iframe). */
export function onThemeChanged(cb: (p: ThemeParams) => void): void {
  const handle = (type: string, data: unknown) => {
    const p = (data as { theme_params?: ThemeParams } | null)?.theme_params;
    if (type === 'theme_changed' && p) cb(p);
  };
  const tg = (window.Telegram ??= {});
  const view = (tg.WebView ??= {});
  const previous = view.receiveEvent;
  view.receiveEvent = (type, data) => {
    handle(type, data);
    previous?.call(view, type, data);
  };
  window.addEventListener('message', (e) => {
    const msg = typeof e.data === 'string' ? parseJson<{ eventType?: string; eventData?: unknown }>(e.data) : null;
    if (msg?.eventType) handle(msg.eventType, msg.eventData);
  });
}

/** Relative luminance of a #rrggbb colour, to tell a dark Telegram theme from a light one. */
export function isDark(hex: string | undefined): boolean | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex ?? '');
  if (!m) return null;
  const n = Number.parseInt(m[1]!, 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
}
