import type { KoaContextWithOIDC } from 'oidc-provider';
import { errorNote, html, pageHeaders, type SafeHtml, textField } from '@fapi/web-pages';
import { BANK, bankPage, tppName } from './pages';

/** What oidc-provider's device pages are given: the Koa context, whose session holds the form's xsrf secret. */
type DeviceContext = KoaContextWithOIDC & { set(headers: Record<string, string>): void; body: unknown };

/** Why the code the PSU entered was not accepted (oidc-provider's re-render errors, by name), in the PSU's words. */
const CODE_PROBLEMS: Record<string, string> = {
  NoCodeError: 'Enter the code your device shows.',
  NotFoundError: 'That code is not right. Check the code on your device and try again.',
  ExpiredError: 'That code has expired. Start again on your device to get a new one.',
  AlreadyUsedError: 'That code was already used. Start again on your device to get a new one.',
  AbortedError: 'You stopped connecting the device: nothing was shared with it.',
};

const send = (ctx: DeviceContext, page: SafeHtml) => {
  ctx.set(pageHeaders());
  ctx.type = 'html';
  ctx.body = page.value;
};

const hiddenXsrf = (ctx: DeviceContext) => html`<input type="hidden" name="xsrf" value="${String(ctx.oidc.session?.state?.secret ?? '')}">`;

/** RFC 8628 3.3: the verification page, where the PSU enters the code their device shows. */
export function userCodeInputPage(view: { action: string; xsrf: SafeHtml; problem?: string }): SafeHtml {
  return bankPage(
    'Connect a device',
    html`<p class="lead">A device (a TV, a console, a command line) asks to sign in with ${BANK.name}. Enter the code it shows.</p>
${errorNote(view.problem)}
<form class="card" method="post" action="${view.action}">
${view.xsrf}
${textField({ name: 'user_code', label: 'Code on your device', autocomplete: 'off', required: true })}
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
    undefined,
    Boolean(view.problem),
  );
}

/** RFC 8628 5.4: the PSU confirms that the device and its code are theirs before signing in, or stops. */
export function userCodeConfirmPage(view: { action: string; xsrf: SafeHtml; clientName: string; userCode: string }): SafeHtml {
  return bankPage(
    'Is this your device?',
    html`<p class="lead">${tppName(view.clientName)} asks to sign in with ${BANK.name} on a device showing this code:</p>
<p class="user-code"><code id="user-code">${view.userCode}</code></p>
<p>Continue only if you started this on your own device and it shows this code.</p>
<form class="card" method="post" action="${view.action}">
${view.xsrf}
<input type="hidden" name="user_code" value="${view.userCode}">
<div class="actions"><button type="submit" name="confirm" value="yes">Yes, continue</button>
<button class="secondary" type="submit" name="abort" value="yes">No, stop</button></div>
</form>`,
  );
}

/** The device flow is done in the browser: the device gets its tokens when it next polls. */
export function deviceConnectedPage(clientName: string): SafeHtml {
  return bankPage(
    'Your device is connected',
    html`<p class="lead">${tppName(clientName)} now knows who you are. Go back to your device: it continues on its own.</p>
<p>You can close this page.</p>`,
  );
}

/** oidc-provider's features.deviceFlow pages, in the bank's look and with its headers (no script, never cached). */
export const deviceFlowPages = {
  userCodeInputSource: async (ctx: DeviceContext, _form: string, _out?: unknown, error?: Error) =>
    send(ctx, userCodeInputPage({ action: ctx.oidc.urlFor('code_verification'), xsrf: hiddenXsrf(ctx), problem: error && (CODE_PROBLEMS[error.name] ?? 'This code cannot be used. Start again on your device.') })),
  userCodeConfirmSource: async (ctx: DeviceContext, _form: string, client: { clientName?: string; clientId: string }, _deviceInfo: unknown, userCode: string) =>
    send(ctx, userCodeConfirmPage({ action: ctx.oidc.urlFor('code_verification'), xsrf: hiddenXsrf(ctx), clientName: client.clientName ?? client.clientId, userCode })),
  successSource: async (ctx: DeviceContext) => send(ctx, deviceConnectedPage(ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? 'The app')),
};
