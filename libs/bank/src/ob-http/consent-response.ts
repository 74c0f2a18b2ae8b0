/** What consent-service says of a consent of any kind (account access, domestic payment). */
interface ConsentRecord<Status extends string> {
  consentId: string;
  creationDateTime: string;
  status: Status;
  statusUpdateDateTime: string;
}

/** The Data members every OB consent response starts with (OBReadConsentResponse1, OBWriteDomesticConsentResponse5). */
export function consentResponseData<Status extends string>(consent: ConsentRecord<Status>) {
  return {
    ConsentId: consent.consentId,
    CreationDateTime: consent.creationDateTime,
    Status: consent.status,
    StatusUpdateDateTime: consent.statusUpdateDateTime,
  };
}
