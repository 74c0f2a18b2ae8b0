import { BRANDS, html, type JourneyStep, page, type SafeHtml } from '@fapi/web-pages';
import { describeProtocol, type FintechProtocol } from '../fintech-protocol';

/**
 * Where each fintech page sits in the PSU's journey, counted as the fintech sees it (each brand counts its own steps,
 * the bank's pages theirs): 1 here, 2 "approve at your bank" (the bank's pages), 3 back here.
 */
export const FINTECH_STEPS = {
  connect: { number: 1, of: 3, label: 'connect your bank' },
  enterPayment: { number: 1, of: 3, label: 'enter the payment' },
  connected: { number: 3, of: 3, label: 'your bank is connected' },
  accounts: { number: 3, of: 3, label: 'see your accounts' },
  payment: { number: 3, of: 3, label: 'follow your payment' },
  backFromBank: { number: 3, of: 3, label: 'back from your bank' },
  disconnected: { number: 3, of: 3, label: 'access ended' },
} as const satisfies Record<string, JourneyStep>;

export interface FintechPageView {
  /** The onboarded client's name: the bank's consent page names the fintech by it too. */
  fintechName: string;
  /** `main`'s id: tests find pages by it. */
  id: string;
  title: string;
  /** Where the page sits in a journey; none for a page outside the journeys (the flows page). */
  step?: JourneyStep;
  body: SafeHtml;
  mainAttributes?: SafeHtml;
  head?: SafeHtml;
  wide?: boolean;
}

/** A fintech page in the sandbox's one look: the fintech's colour and logo under its own (configured) name. */
export function fintechPage(view: FintechPageView): SafeHtml {
  const { fintechName, ...rest } = view;
  return page({ ...rest, brand: { ...BRANDS.fintech, name: fintechName } });
}

/**
 * How this fintech talks to the bank, in one line under what its journeys lead to (home, accounts, payment), so that
 * whoever tries the sandbox sees which profile they ran: "Connected as a FAPI 2.0 client · DPoP-bound tokens · ...".
 */
export function protocolNote(protocol: FintechProtocol): SafeHtml {
  return html`<p class="hint" id="fintech-protocol" data-standard="${protocol.standard}" data-sender-constraint="${protocol.senderConstraint}" data-response="${protocol.response}">Connected as a ${describeProtocol(protocol)} client.</p>`;
}
