import { ObError } from '@fapi/open-banking';

/** Every 403 about what the token grants is U006 naming the Authorization header, the place of the insufficient token. */
export const notGranted = (message: string): ObError => ObError.forbidden('U006', message, 'Authorization');
