export * from './refusal-rule';
export * from './authorization-server-rules';
export * from './bank-rules';
export * from './bank-request-rules';
export * from './signature-rules';
export * from './dpop-rules';
export * from './catalogue';
export * from './console-rules';
