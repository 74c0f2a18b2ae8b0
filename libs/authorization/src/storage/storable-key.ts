/**
 * PostgreSQL's text type cannot hold U+0000 (the server refuses the whole statement, SQLSTATE 22021), so no stored
 * artefact has a key with a NUL byte: a lookup by one finds nothing, without sending the query (RFC 7662 §2.2: an
 * unknown token is simply inactive; RFC 6749 §5.2: an unknown code is invalid_grant).
 */
export const isStorableKey = (key: string): boolean => !key.includes('\u0000');
