import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClassificationModule } from '../classification/classification.module';
import { WorkflowDefinitionEntity } from '../records/workflow-definition.entity';
import { LetterEntity } from '../records/letter.entity';
import { LettersController } from './letters.controller';
import { LettersService } from './letters.service';

@Module({
  imports: [TypeOrmModule.forFeature([LetterEntity, WorkflowDefinitionEntity]), ClassificationModule],
  controllers: [LettersController],
  providers: [LettersService],
  exports: [LettersService],
})
export class LettersModule {}
