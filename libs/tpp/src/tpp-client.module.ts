import { type DynamicModule, Module } from '@nestjs/common';
import { TppJourney } from './journey';
import type { OnboardedTpp } from '@fapi/onboarding';
import { SessionStore } from './session-store';
import { TppController } from './web/tpp.controller';

/** The fintech's redirect URI at its public URL; it must be one the TPP registered, or the AS would refuse it. */
export function redirectUriFor(tpp: Pick<OnboardedTpp, 'redirectUris' | 'clientName'>, publicUrl: string): string {
  const redirectUri = `${publicUrl.replace(/\/$/, '')}/callback`;
  if (!tpp.redirectUris.includes(redirectUri)) {
    throw new Error(`${tpp.clientName} registered ${tpp.redirectUris.join(', ')}, not ${redirectUri} (TPP_URL ${publicUrl})`);
  }
  return redirectUri;
}

export interface TppClientSettings {
  tpp: OnboardedTpp;
  /** The fintech's public base URL (TPP_URL). */
  publicUrl: string;
  /** A journey with substituted dependencies (tests); by default mTLS with the onboarded transport certificate. */
  journey?: TppJourney;
}

/** The fintech web app as a Nest module, for one onboarded TPP: `TppClientModule.forTpp({ tpp, publicUrl })`. */
@Module({})
export class TppClientModule {
  static forTpp(settings: TppClientSettings): DynamicModule {
    const journey = settings.journey ?? new TppJourney(settings.tpp, redirectUriFor(settings.tpp, settings.publicUrl));
    return {
      module: TppClientModule,
      controllers: [TppController],
      providers: [
        { provide: TppJourney, useValue: journey },
        { provide: SessionStore, useValue: new SessionStore() },
      ],
    };
  }
}
