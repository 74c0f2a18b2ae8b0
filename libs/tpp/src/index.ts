/** The sample fintech: runs the consent journey with openid-client and fetches the PSU's data from the bank over mTLS. */
export {};
