/** The UK OB v4.0 Payment Initiation API (domestic payments) of the bank, wired into BankApiModule. */
export { PISP_CONTROLLERS, PISP_PROVIDERS, PISP_ROUTES } from './pisp.providers';
export { SignedResponsesMiddleware, JWS_SIGNATURE_HEADER } from './signing/signed-responses';
export { BankSigner } from './signing/bank-signer';
export { tppSigningIssuer } from './signing/tpp-signature';
export { paymentIdOf } from './payments/payment-order-rules';
