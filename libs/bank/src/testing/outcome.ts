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
