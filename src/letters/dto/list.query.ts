import { PageQuery } from '../../common/dto/page.query';

export class ListQuery extends PageQuery {}
