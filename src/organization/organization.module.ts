import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { DelegationEntity } from '../records/delegation.entity';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { OrganizationController } from './organization.controller';
import { OrganizationService } from './organization.service';
import { PersonEntity } from '../records/person.entity';
import { PositionAssignmentEntity } from '../records/position-assignment.entity';
import { PositionEntity } from '../records/position.entity';
import { UnitLogoController } from './unit-logo.controller';
import { UnitLogoService } from './unit-logo.service';
import { UnitEntity } from '../records/unit.entity';

@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([UnitEntity, PositionEntity, PersonEntity, PositionAssignmentEntity, DelegationEntity])],
  controllers: [OrganizationController, UnitLogoController, DirectoryController],
  providers: [OrganizationService, UnitLogoService, DirectoryService],
  exports: [OrganizationService, TypeOrmModule],
})
export class OrganizationModule {}
