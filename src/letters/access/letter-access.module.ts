import { Global, Module } from '@nestjs/common';
import { LetterAccessRepository } from './letter-access.repository';

/** The visibility rule of letters, for every module that reads them. */
@Global()
@Module({ providers: [LetterAccessRepository], exports: [LetterAccessRepository] })
export class LetterAccessModule {}
