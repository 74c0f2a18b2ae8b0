/** What every consent has on the wire, whatever its kind (timestamps are ISO 8601 strings). */
export interface ConsentBase<Status extends string = string> {
  consentId: string;
  /** The OAuth client_id of the TPP that created it; only that client may use or see it. */
  clientId: string;
  status: Status;
  creationDateTime: string;
  statusUpdateDateTime: string;
  /** The PSU who authorised it, once authorised. */
  psuId?: string;
}

/**
 * Emitted by consent-service after every status change of a consent, on its kind's own subject, so that other
 * services can react (e.g. the AS revoking tokens).
 */
export interface ConsentStatusChanged<Status extends string = string> {
  consentId: string;
  clientId: string;
  status: Status;
  previousStatus: Status;
  at: string;
}
