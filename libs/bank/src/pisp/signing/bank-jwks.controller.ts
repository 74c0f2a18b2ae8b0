import { Controller, Get, Header } from '@nestjs/common';
import type { JWK } from 'jose';
import { BankSigner } from './bank-signer';

/** `${bankUrl}/jwks`: the public keys TPPs verify the bank's x-jws-signature with (no token needed). */
@Controller('jwks')
export class BankJwksController {
  constructor(private readonly signer: BankSigner) {}

  @Get()
  @Header('Content-Type', 'application/jwk-set+json')
  jwks(): { keys: JWK[] } {
    return this.signer.publicJwks();
  }
}
