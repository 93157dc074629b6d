import { IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  /** Username, e.g. `kadis.kominfo`. */
  @IsString()
  @Length(1, 64)
  username: string;

  @IsString()
  @MaxLength(200)
  password: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  /** At least 10 characters. */
  @IsString()
  @Length(10, 200)
  newPassword: string;
}
