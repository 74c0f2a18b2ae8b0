import type { IncomingMessage } from 'node:http';
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Permission } from '@fapi/open-banking';
import { AISP_SCOPE, type AccessDependencies, authorizeClientCredentials, authorizeConsentAccess, type ConsentAccess } from './aisp-access';

export const ACCESS_DEPENDENCIES = Symbol('ACCESS_DEPENDENCIES');
const NEEDS_PERMISSION = Symbol('NEEDS_PERMISSION');

type RoutedRequest = IncomingMessage & { params?: Record<string, string> };

/** What the guards established about a request, for the handler to read. */
const clientIds = new WeakMap<IncomingMessage, string>();
const consentAccesses = new WeakMap<IncomingMessage, ConsentAccess>();

/** A resource endpoint's permissions: the consent must carry at least one of them. */
export const NeedsPermission = (...anyOf: Permission[]) => SetMetadata(NEEDS_PERMISSION, anyOf);

/** account-access-consents: runs authorizeClientCredentials with scope accounts (see aisp-access.ts for the order of checks). */
@Injectable()
export class ConsentManagementGuard implements CanActivate {
  constructor(@Inject(ACCESS_DEPENDENCIES) private readonly dependencies: AccessDependencies) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    clientIds.set(request, await authorizeClientCredentials(request, this.dependencies, AISP_SCOPE));
    return true;
  }
}

/** Resource endpoints: runs authorizeConsentAccess with the endpoint's permissions and the path's AccountId. */
@Injectable()
export class ConsentAccessGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_DEPENDENCIES) private readonly dependencies: AccessDependencies,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const anyPermissionOf = this.reflector.get<Permission[] | undefined>(NEEDS_PERMISSION, context.getHandler());
    if (!anyPermissionOf) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no @NeedsPermission`);
    const needs = { anyPermissionOf, accountId: request.params?.AccountId };
    consentAccesses.set(request, await authorizeConsentAccess(request, needs, this.dependencies));
    return true;
  }
}

/** The client_id of the TPP's client-credentials token (after ConsentManagementGuard). */
export const TppClientId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const clientId = clientIds.get(context.switchToHttp().getRequest());
  if (!clientId) throw new Error('TppClientId used without ConsentManagementGuard');
  return clientId;
});

/** The consent the PSU authorised and that allows this request (after ConsentAccessGuard). */
export const AuthorisedConsent = createParamDecorator((_data: unknown, context: ExecutionContext): ConsentAccess => {
  const access = consentAccesses.get(context.switchToHttp().getRequest());
  if (!access) throw new Error('AuthorisedConsent used without ConsentAccessGuard');
  return access;
});
