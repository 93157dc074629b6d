import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module';
import { SearchIndexer } from './indexer/search-indexer.service';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** Search over the letters: the index (letter_search) that follows them through the outbox, and GET /api/v1/search. */
@Module({
  imports: [ClassificationModule],
  controllers: [SearchController],
  providers: [SearchIndexer, SearchService],
  exports: [SearchIndexer],
})
export class SearchModule {}
