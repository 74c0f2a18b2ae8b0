/** OB: only the TPP (OAuth client) that created a consent may see it or act on it. */
export function isOwnedBy(consent: { clientId: string }, clientId: string): boolean {
  return consent.clientId === clientId;
}

/** A transition only the owning client may ask for (its `mayAct`). */
export const askedByOwner = (consent: { clientId: string }, request: { clientId: string }): boolean =>
  isOwnedBy(consent, request.clientId);
