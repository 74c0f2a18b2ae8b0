/** What a check decided, as a test reads it: 'allowed', or its refusal's status and first OB error code ('403 U006'). */
export async function outcomeOf(check: () => unknown): Promise<string> {
  try {
    await check();
    return 'allowed';
  } catch (error) {
    const { status, errors } = error as { status: number; errors: { ErrorCode: string }[] };
    return `${status} ${errors[0]?.ErrorCode}`;
  }
}

/** Status, codes and Paths of a response's OB errors: what the TPP is told of a refusal. */
export const refusalOf = (response: { status: number; body: unknown }) => ({
  status: response.status,
  errors: (response.body as { Errors?: { ErrorCode: string; Path?: string }[] }).Errors?.map(({ ErrorCode, Path }) => ({ ErrorCode, Path })),
});

/** The refusal of a malformed path id: 400 U002 naming the parameter. */
export const invalidPathId = (parameter: string) => ({ status: 400, errors: [{ ErrorCode: 'U002', Path: parameter }] });
