import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Role } from '../../records/person.entity';

export class CreatePersonDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username must be 3-64 lowercase letters, digits, dots, dashes or underscores' })
  username: string;

  @IsString()
  @Length(2, 200)
  name: string;

  /** NIP: 18 digits. */
  @IsOptional()
  @Matches(/^\d{18}$/, { message: 'nip must be 18 digits' })
  nip?: string | null;

  /** Pangkat/golongan as the signature block prints it, e.g. "Pembina Utama Muda (IV/c)"; ASN only. */
  @IsOptional()
  @IsString()
  @Length(2, 100)
  rank?: string | null;

  /** NIK: 16 digits. */
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' })
  nik?: string | null;

  @IsOptional()
  @IsEmail()
  email?: string | null;

  @IsArray()
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];

  /** At least 10 characters. */
  @IsString()
  @Length(10, 200)
  password: string;
}

export class UpdatePersonDto extends PartialType(OmitType(CreatePersonDto, ['username'] as const)) {
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListPeopleQuery {
  /** Searches name, username and NIP. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number = 50;
}
