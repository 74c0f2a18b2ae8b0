import { SafeHtml } from './html';

/** Who a page speaks for: its name in the header, its colour (white text on it meets WCAG AA) and its logo. */
export interface Brand {
  /** Names the brand's CSS class (`brand-<id>`), which sets its colour. */
  id: string;
  name: string;
  /** Background of the header and primary buttons, with white text on it (contrast ratio at least 4.5:1). */
  colour: string;
  /** A lighter tint of the colour, for highlighted panels (with the page's dark text on it). */
  tint: string;
  /** Inline SVG, drawn in currentColor; decorative (the name is always written next to it). */
  logo: SafeHtml;
}

const svg = (paths: string) =>
  new SafeHtml(`<svg class="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">${paths}</svg>`);

/** The two parties of the sandbox, each recognisable at a glance. */
export const BRANDS = {
  bank: {
    id: 'bank',
    name: 'Sandbox Bank',
    colour: '#0b5e55',
    tint: '#e3f1ef',
    // A bank building: pediment, four columns, base.
    logo: svg('<path fill="currentColor" d="M16 3 3 10v3h26v-3L16 3Zm-10 12h3v9H6v-9Zm6 0h3v9h-3v-9Zm5 0h3v9h-3v-9Zm6 0h3v9h-3v-9ZM3 26h26v3H3v-3Z"/>'),
  },
  fintech: {
    id: 'fintech',
    name: 'Sandbox Fintech',
    colour: '#5b2a86',
    tint: '#f0e9f7',
    // A rounded tile with a rising chart line.
    logo: svg(
      '<rect x="3" y="3" width="26" height="26" rx="7" fill="none" stroke="currentColor" stroke-width="3"/><path d="M8 21l5-5 4 3 7-8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
    ),
  },
} as const satisfies Record<string, Brand>;
