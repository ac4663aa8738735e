/** Colours per theme and role. Dark suits Discord, light suits Telegram (which recompresses to JPEG). */
import type { Role } from '../commands/chart.js';
import type { Theme } from '../commands/types.js';

export interface Palette {
  background: string;
  text: string;
  subtle: string;
  grid: string;
  roles: Record<Role, string>;
  /** Translucent fill for areas and bands. */
  fill(color: string, alpha: number): string;
}

const fill = (hex: string, alpha: number): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

export const palettes: Record<Theme, Palette> = {
  light: {
    background: '#FFFFFF',
    text: '#1F2328',
    subtle: '#4B5563',
    grid: '#E3E6EA',
    roles: { primary: '#1F6FEB', secondary: '#D9480F', accent: '#C2185B', muted: '#4B5563', positive: '#2F9E44', negative: '#E03131' },
    fill,
  },
  dark: {
    background: '#2B2D31',
    text: '#F2F3F5',
    subtle: '#B5BAC1',
    grid: '#3F4147',
    roles: { primary: '#5AA9FF', secondary: '#FFA94D', accent: '#F783AC', muted: '#B5BAC1', positive: '#69DB7C', negative: '#FF6B6B' },
    fill,
  },
};
