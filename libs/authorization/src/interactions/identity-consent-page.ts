import { errorNote, formTokenField, html, type SafeHtml } from '@fapi/web-pages';
import type { ConsentPageView } from '../consents/intent-kind';
import { BANK, BANK_STEPS, bankPage, tppName } from './pages';

/**
 * The consent page of a teaching client (OpenID Connect, no OB consent): what it gets, in plain words: who the PSU is
 * and their name. Nothing of their accounts or payments, which a teaching client can never obtain.
 */
export function identityConsentPage(view: ConsentPageView): SafeHtml {
  return bankPage(
    'Share who you are',
    html`<p class="lead">${tppName(view.clientName)} wants your identity and profile:</p>
<ul id="identity-claims">
<li>your identity: that you are a customer of ${BANK.name}, as an identifier that stays the same for this app</li>
<li>your profile: your name</li>
</ul>
<p>It will not see your accounts or make payments: ${BANK.name} shares those only with apps that meet the FAPI security profiles.</p>
${errorNote(view.error)}
<form class="card" method="post" action="/interaction/${encodeURIComponent(view.uid)}/consent">
${formTokenField(view.formToken)}
<div class="actions"><button type="submit" name="decision" value="approve">Share who I am</button>
<button class="secondary" type="submit" name="decision" value="deny">Don't share</button></div>
</form>`,
    BANK_STEPS.shareIdentity,
    Boolean(view.error),
  );
}
