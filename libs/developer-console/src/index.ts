/** The TPP developer console's records: what a record keeps (RECORDED_FIELDS), how services record (RecordingQueue). */
export * from './redaction';
export * from './console-record';
export * from './recording-queue';
