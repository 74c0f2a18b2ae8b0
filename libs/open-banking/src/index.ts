/** UK Open Banking Read/Write v4.0 data types, permission rules and the OBErrorResponse1 error format. */
export * from './permissions';
export * from './consent-status';
