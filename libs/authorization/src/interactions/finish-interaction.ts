import type { ServerResponse } from 'node:http';
import type { Interaction, InteractionResults } from 'oidc-provider';

/**
 * oidc-provider's `interactionFinished`, for the interaction this request already read with `interactionDetails`
 * (which also checked its session): the result stored on the interaction the same way (merged with the last
 * submission unless told otherwise or an error), then 303 to its returnTo. `interactionFinished` would read the
 * interaction and its session again: 3 of the authorization server's ~38 statements per AIS journey (issue 11).
 */
export async function finishInteraction(
  interaction: Interaction,
  res: ServerResponse,
  result: InteractionResults,
  { mergeWithLastSubmission = true }: { mergeWithLastSubmission?: boolean } = {},
): Promise<void> {
  interaction.result = mergeWithLastSubmission && !('error' in result) ? { ...interaction.lastSubmission, ...result } : result;
  await saveInteraction(interaction);
  seeOther(res, interaction.returnTo);
}

/**
 * Stores a result on the interaction without finishing it, then 303 to `nextPage`: the PSU's sign-in is kept on the
 * login interaction and the consent page follows on the same interaction, so the authorization is resumed once, with
 * both results. Resuming after the sign-in as well would cost a round trip through the authorization endpoint and a
 * second interaction: ~7 statements and a redirect per journey (issue 11).
 */
export async function keepInteractionResult(interaction: Interaction, res: ServerResponse, result: InteractionResults, nextPage: string): Promise<void> {
  interaction.result = result;
  await saveInteraction(interaction);
  seeOther(res, nextPage);
}

function saveInteraction(interaction: Interaction): Promise<string> {
  return interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
}

function seeOther(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', '0');
  res.end();
}
