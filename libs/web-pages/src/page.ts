import type { Brand } from './brands';
import { html, SafeHtml } from './html';
import { STYLESHEET } from './stylesheet';

/** Where the PSU is in the journey of the brand's site: "step 2 of 3: choose accounts". */
export interface JourneyStep {
  number: number;
  of: number;
  label: string;
}

export interface PageView {
  brand: Brand;
  /** The page's heading and the first part of its `<title>`. */
  title: string;
  body: SafeHtml;
  step?: JourneyStep;
  /** The `<main>` element's id (tests find pages by it). */
  id?: string;
  /** More attributes of `<main>` (e.g. ` data-consent-id="..."`), built with `html`. */
  mainAttributes?: SafeHtml;
  /** More elements in `<head>` (e.g. a meta refresh), built with `html`. */
  head?: SafeHtml;
  /** Tables of data need the width: `wide` lets the page grow to 64rem on large screens (40rem otherwise). */
  wide?: boolean;
  /** The page shows a form again with what was wrong: its title starts "Error: ", the first thing a screen reader says. */
  refused?: boolean;
  lang?: string;
}

/** The one line that tells the PSU where they are: "Sandbox Bank · step 2 of 3: choose accounts". */
export const journeyStepLine = (brand: Brand, step: JourneyStep): string => `${brand.name} · step ${step.number} of ${step.of}: ${step.label}`;

const stylesheet = new SafeHtml(STYLESHEET);

/**
 * Every page of every service: the brand's bar (logo, name, "Sandbox" badge), the journey step line, one `<main>` with
 * the title as its `<h1>`, then the page's body. No script and no external resource: a journey completes without
 * JavaScript and offline.
 */
export function page(view: PageView): SafeHtml {
  const { brand, step } = view;
  const mainId = view.id ?? 'main';
  const title = `${view.refused ? 'Error: ' : ''}${[view.title, step ? `step ${step.number} of ${step.of}` : undefined, brand.name].filter(Boolean).join(' – ')}`;
  return html`<!DOCTYPE html>
<html lang="${view.lang ?? 'en-GB'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${stylesheet}</style>${view.head ?? ''}
</head>
<body class="brand-${brand.id}${view.wide ? ' wide' : ''}">
<a class="skip-link" href="#${mainId}">Skip to main content</a>
<header class="brand-bar"><div class="brand-bar-inner">${brand.logo}<span class="brand-name">${brand.name}</span><span class="sandbox-badge">Sandbox</span></div></header>
${step ? html`<div class="journey-step"><p class="journey-step-inner" id="journey-step">${journeyStepLine(brand, step)}</p></div>` : ''}
<main id="${mainId}"${view.mainAttributes ?? ''}>
<h1>${view.title}</h1>
${view.body}
</main>
<footer class="page-footer"><p>${brand.name} is part of a sandbox for testing Open Banking: no real money or personal data is involved.</p></footer>
</body>
</html>`;
}
