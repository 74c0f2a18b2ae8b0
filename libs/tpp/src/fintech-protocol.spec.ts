import type { ProfileChoices } from '@fapi/onboarding';
import { describeProtocol, fintechProtocol } from './fintech-protocol';

describe('the fintech runs its authorizations as its registration says', () => {
  it.each<[string, ProfileChoices, ReturnType<typeof fintechProtocol>]>([
    [
      'FAPI 1.0 JARM: signed request object pushed, JARM response, certificate-bound',
      { profile: 'fapi1-advanced', responseStyle: 'jarm', senderConstraint: 'mtls', requestObject: 'signed' },
      { standard: 'FAPI 1.0 Advanced', request: 'signed-pushed', response: 'jarm', senderConstraint: 'mtls' },
    ],
    [
      'FAPI 1.0 hybrid: signed request object by value, ID Token as detached signature',
      { profile: 'fapi1-advanced', responseStyle: 'hybrid', senderConstraint: 'mtls', requestObject: 'signed' },
      { standard: 'FAPI 1.0 Advanced', request: 'signed-by-value', response: 'hybrid', senderConstraint: 'mtls' },
    ],
    [
      'FAPI 2.0 signed: signed request object pushed, JARM asked for',
      { profile: 'fapi2', senderConstraint: 'dpop', requestObject: 'signed' },
      { standard: 'FAPI 2.0', request: 'signed-pushed', response: 'jarm', senderConstraint: 'dpop' },
    ],
    [
      'FAPI 2.0 unsigned: plain parameters pushed, plain response checked by its iss',
      { profile: 'fapi2', senderConstraint: 'mtls', requestObject: 'unsigned' },
      { standard: 'FAPI 2.0', request: 'plain-pushed', response: 'plain', senderConstraint: 'mtls' },
    ],
  ])('%s', (_case, choices, protocol) => {
    expect(fintechProtocol(choices)).toEqual(protocol);
  });

  it('says in words what the pages show', () => {
    expect(describeProtocol(fintechProtocol({ profile: 'fapi2', senderConstraint: 'dpop', requestObject: 'signed' }))).toBe(
      'FAPI 2.0 · DPoP-bound tokens · signed requests and responses (JAR, JARM)',
    );
    expect(describeProtocol(fintechProtocol({ profile: 'fapi2', senderConstraint: 'mtls', requestObject: 'unsigned' }))).toBe(
      'FAPI 2.0 · tokens bound to its certificate (mTLS) · plain pushed requests, responses checked by their issuer (iss)',
    );
    expect(describeProtocol(fintechProtocol({ profile: 'fapi1-advanced', responseStyle: 'hybrid', senderConstraint: 'mtls', requestObject: 'signed' }))).toBe(
      'FAPI 1.0 Advanced · tokens bound to its certificate (mTLS) · signed requests, ID Token as detached signature',
    );
  });
});
