import { type DynamicModule, Module } from '@nestjs/common';
import type { OnboardedTpp } from '@fapi/onboarding';
import { fintechProtocol } from './fintech-protocol';
import { JourneyRecorder } from './inspector/journey-recorder';
import { TppJourney } from './journey';
import { SessionStore } from './session-store';
import { TppDatabase } from './tpp-database';
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
  /** Its database (sessions, the flow inspector's journeys): databaseUrl('tpp'). */
  databaseUrl: string;
  /** A journey with substituted dependencies (tests), recording into `recorder`; by default mTLS with the onboarded transport certificate. */
  journey?: (recorder: JourneyRecorder) => TppJourney;
}

/** The fintech web app as a Nest module, for one onboarded TPP: `TppClientModule.forTpp({ tpp, publicUrl, databaseUrl })`. */
@Module({})
export class TppClientModule {
  static forTpp(settings: TppClientSettings): DynamicModule {
    const { tpp } = settings;
    const journey = settings.journey ?? ((recorder: JourneyRecorder) => new TppJourney(tpp, redirectUriFor(tpp, settings.publicUrl), recorder));
    return {
      module: TppClientModule,
      controllers: [TppController],
      providers: [
        { provide: TppDatabase, useFactory: () => new TppDatabase(settings.databaseUrl) },
        { provide: SessionStore, useFactory: (database: TppDatabase) => new SessionStore(database.prisma, tpp.clientId), inject: [TppDatabase] },
        { provide: JourneyRecorder, useFactory: (database: TppDatabase) => new JourneyRecorder(database.prisma, tpp, fintechProtocol(tpp)), inject: [TppDatabase] },
        { provide: TppJourney, useFactory: journey, inject: [JourneyRecorder] },
      ],
    };
  }
}
