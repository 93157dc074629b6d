import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module';
import { SearchIndexer } from './indexer/search-indexer.service';

/** Search over the letters: the index (letter_search) that follows them through the outbox, and GET /api/v1/search. */
@Module({
  imports: [ClassificationModule],
  providers: [SearchIndexer],
  exports: [SearchIndexer],
})
export class SearchModule {}
