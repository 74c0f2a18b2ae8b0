/**
 * The string formats the OB OpenAPI uses that openapi-backend leaves unchecked (it only knows the OAS numeric
 * formats): RFC 3339 `date-time` (with its time zone, as the spec demands) and absolute `uri`.
 */
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

export function isRfc3339DateTime(value: string): boolean {
  return RFC3339_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export function isAbsoluteUri(value: string): boolean {
  return URL.canParse(value);
}

export const SPEC_STRING_FORMATS = {
  'date-time': isRfc3339DateTime,
  uri: isAbsoluteUri,
} as const;
