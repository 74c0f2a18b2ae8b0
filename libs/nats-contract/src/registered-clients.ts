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

/**
 * A client registration was created, changed or removed at one authorization-server instance: every instance forgets
 * what it cached of that client, so the next request reads it from the database again.
 */
export interface ClientRegistrationChanged {
  clientId: string;
}
