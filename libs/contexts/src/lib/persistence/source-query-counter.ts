import { Injectable } from '@nestjs/common';
import { StatementCounter } from '@strata/database';

/** Counts the SQL statements the source of truth runs: the denominator of "queries saved". */
@Injectable()
export class SourceQueryCounter extends StatementCounter {}
