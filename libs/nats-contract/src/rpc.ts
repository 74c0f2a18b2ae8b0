/** Why a request over NATS was refused; the caller maps these to its own protocol's errors. */
export type RpcErrorCode =
  | 'NOT_FOUND' // no such resource (or not visible to this client)
  | 'INVALID_STATUS' // the resource exists but its status forbids the operation
  | 'FORBIDDEN' // the resource belongs to another client or PSU
  | 'INVALID'; // the payload breaks a rule of the operation

export interface RpcError {
  code: RpcErrorCode;
  message: string;
}

/** Every reply is either the value or a typed refusal; transport failures surface as thrown errors instead. */
export type RpcReply<T> = { ok: true; value: T } | { ok: false; error: RpcError };

export const ok = <T>(value: T): RpcReply<T> => ({ ok: true, value });
export const refuse = <T = never>(code: RpcErrorCode, message: string): RpcReply<T> => ({
  ok: false,
  error: { code, message },
});
