import { Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentAbility, CurrentPerson } from '../../auth/auth.decorators';
import { PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { HTML_PAGE_CSP } from '../../common/security-headers';
import { DispatchService } from './dispatch.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { CorrespondenceErrorCode } from '../incoming/correspondence.errors';
import { LetterErrorCode } from '../access/letters.errors';

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1')
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /** The external recipients of a sent letter and how far their delivery got. */
  @Get('letters/:id/dispatch')
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility) {
    return this.dispatch.list(id, ability);
  }

  /** The dispatch list as a printable page. */
  @Get('letters/:id/dispatch/print')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', HTML_PAGE_CSP)
  @ApiErrors(HttpStatus.NOT_FOUND, LetterErrorCode.LETTER_NOT_FOUND)
  print(@Param('id', ParseUUIDPipe) id: string, @CurrentAbility() ability: AppAbility): Promise<string> {
    return this.dispatch.printable(id, ability);
  }

  /** Records that an item went out (courier, post, by hand). */
  @Post('dispatch-items/:id/dispatched')
  @HttpCode(200)
  @ApiErrors(HttpStatus.NOT_FOUND, CorrespondenceErrorCode.DISPATCH_ITEM_NOT_FOUND)
  @ApiErrors(HttpStatus.FORBIDDEN, CorrespondenceErrorCode.NOT_A_DISPATCHER)
  dispatched(@Param('id', ParseUUIDPipe) id: string, @CurrentPerson() person: PersonPrincipal, @CurrentAbility() ability: AppAbility) {
    return this.dispatch.markDispatched(id, person, ability);
  }
}
