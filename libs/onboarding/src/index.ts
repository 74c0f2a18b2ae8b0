/** Onboards a TPP: issues its transport certificate and signing key, registers it with the authorization server, writes its folder. */
export {};
