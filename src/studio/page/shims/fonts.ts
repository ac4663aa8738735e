/** Browser stand-in for src/charts/fonts.ts: the page uses the system's fonts (CJK included). */
export const FONT_FAMILY = 'Noto Sans SC';

export function ensureFonts(): void {}
