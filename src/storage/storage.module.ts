import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DownloadUrlSigner } from './download-url.signer';
import { FsStorageDriver } from './drivers/fs-storage.driver';
import { S3StorageDriver } from './drivers/s3-storage.driver';
import { STORAGE_DRIVER, StorageDriver } from './drivers/storage.driver';
import { StorageController } from './storage.controller';
import { StorageService } from './storage.service';
import { StorageOrphanSweeper } from './storage-orphan-sweeper.service';
import { StoredObjectEntity } from '../records/stored-object.entity';
import { UncommittedObjects } from './uncommitted-objects';

function createDriver(config: AppConfig): StorageDriver {
  return config.STORAGE_DRIVER === 's3' ? new S3StorageDriver(config) : new FsStorageDriver(config.STORAGE_FS_ROOT);
}

/** Object storage for every module: StorageService over the driver chosen by STORAGE_DRIVER. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([StoredObjectEntity])],
  controllers: [StorageController],
  providers: [{ provide: STORAGE_DRIVER, inject: [AppConfig], useFactory: createDriver }, DownloadUrlSigner, StorageService, UncommittedObjects, StorageOrphanSweeper],
  exports: [StorageService],
})
export class StorageModule {}
