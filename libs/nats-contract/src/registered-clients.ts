/** Asks the authorization server for a registered client's public keys (the bank verifies TPP message signatures). */
export interface GetClientKeys {
  clientId: string;
}

export interface ClientKeys {
  clientId: string;
  clientName?: string;
  /** The client's registered public JWKS. */
  jwks: { keys: Array<{ [member: string]: unknown }> };
}
