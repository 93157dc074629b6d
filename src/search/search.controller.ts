import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { SearchErrorCode } from './search.errors';
import { PersonPrincipal } from '../records/principal';
import { SearchQuery } from './dto/search.query';
import { SearchResultDto } from './dto/search-result.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('api/v1')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /**
   * The letters the caller may see that match the words and filters, ranked, each with a
   * highlighted snippet, with the total and the facets over all of them. 400 when `q` says
   * nothing to search for or too much, or when `from` is after `to`.
   */
  @ApiOperation({ summary: 'Search the letters the caller may see' })
  @Get('search')
  @ApiErrors(HttpStatus.BAD_REQUEST, SearchErrorCode.SEARCH_QUERY_EMPTY, SearchErrorCode.SEARCH_QUERY_ONLY_STOP_WORDS, SearchErrorCode.SEARCH_QUERY_ONLY_NEGATIONS, SearchErrorCode.SEARCH_QUERY_TOO_LONG, SearchErrorCode.SEARCH_QUERY_TOO_COMPLEX, SearchErrorCode.SEARCH_FILTER_INVALID)
  find(@CurrentPerson() person: PersonPrincipal, @Query() query: SearchQuery): Promise<SearchResultDto> {
    return this.search.search(person, query);
  }
}
