/** fetch (undici) rejects with a TypeError whose cause is the socket or TLS error: the request may or may not have arrived. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && typeof (error.cause as { code?: unknown } | undefined)?.code === 'string';
}

/**
 * Sends an idempotent request again, once, when the first attempt failed on the network: the same idempotency key
 * and body make the bank answer the resource the first attempt may already have created, never a second one.
 */
export async function retryOnceOnNetworkFailure<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!isNetworkFailure(error)) throw error;
    return send();
  }
}
