/** UK Open Banking Read/Write v4.0 data types, permission rules and the OBErrorResponse1 error format. */
export * from './permissions';
export * from './permission-rules';
export * from './consent-status';
export * from './errors/error-codes';
export * from './errors/ob-error-response';
export * from './errors/ob-error';
export * from './resources/envelope';
export * from './resources/account-access-consent';
export * from './resources/account';
export * from './resources/balance';
export * from './resources/transaction';
export * from './resources/domestic-payment';
export * from './openapi/spec-formats';
export * from './openapi/ob-openapi';
export * from './openapi/account-info-api';
export * from './openapi/payment-initiation-api';
