import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../auth/principal';
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
   * highlighted snippet, with the total and the facets over all of them. 400 QUERY_TOO_LONG,
   * QUERY_TOO_COMPLEX, INVALID_DATE_RANGE, VALIDATION_FAILED (a filter or the paging).
   */
  @ApiOperation({ summary: 'Search the letters the caller may see' })
  @Get('search')
  find(@CurrentPerson() person: PersonPrincipal, @Query() query: SearchQuery): Promise<SearchResultDto> {
    return this.search.search(person, query);
  }
}
