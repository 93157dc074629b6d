import { Injectable } from '@nestjs/common';
import { ReadReplicas } from '../database/read-replicas';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonPrincipal } from '../records/principal';
import { WIB_TIME_ZONE } from '../common/time/wib';
import { LetterAccessRepository } from '../letters/access/letter-access.repository';
import { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { SearchQuery } from './dto/search.query';
import { SearchFacetCountDto, SearchFacetsDto, SearchHitDto, SearchResultDto } from './dto/search-result.dto';
import { quoteLexeme } from './morphology/analyzer';
import { containsLikePattern } from './query/letter-number';
import { parseSearchQuery } from './query/query-parser';
import { NumberNode, QueryNode } from './query/search-query';
import { highlightWords, phraseTsquery, rankTsquery } from './query/tsquery-builder';
import { SearchError, SearchErrorCode } from './search.errors';
import { buildSnippet } from './snippet';

/** Words shorter than this are not matched by trigram against names: too many near misses. */
const NAME_TYPO_MIN = 5;
/** Number fragments shorter than this are matched exactly only. */
const NUMBER_TYPO_MIN = 8;
/**
 * Relevance ranks the newest this many matches; the rest follow them newest first. Each rank
 * reads the letter's whole vector (its body's words), about 50 µs: at 2,000 the ranking was most
 * of the time of a word in most letters.
 */
const RANK_WINDOW = 500;
/** Matches counted exactly; past this many, the total is a lower bound. */
const COUNT_CAP = 10_000;
/** Values per facet. */
const FACET_VALUES = 20;
/** The stored text a snippet is cut from: its first so many characters. */
const SNIPPET_SOURCE_CHARS = 100_000;

const FACETS = ['year', 'type', 'classification', 'unit', 'sifat', 'state'] as const;
type Facet = (typeof FACETS)[number];
const FACET_COLUMN: Record<Facet, string> = {
  year: 's.year::text',
  type: 's.type',
  classification: 's.classification_code',
  unit: 's.unit_id::text',
  sifat: 's.sifat',
  state: 's.state',
};


/** The roots of the query's positive words, whose every form a snippet marks. */
function positiveStems(node: QueryNode): string[] {
  if (node.kind === 'word') return [node.stem];
  if (node.kind === 'and' || node.kind === 'or') return node.children.flatMap(positiveStems);
  return [];
}

/** The normalised numbers the query looks for (not those it excludes). */
function positiveNumbers(node: QueryNode): string[] {
  if (node.kind === 'number') return [(node as NumberNode).normalized];
  if (node.kind === 'and' || node.kind === 'or') return node.children.flatMap(positiveNumbers);
  return [];
}

/**
 * GET /api/v1/search: one statement on letter_search under the letter's visibility rule
 * (letters/access) finds the matches, counts and facets them and ranks the page, so a letter the
 * caller may not see is never found, counted or quoted.
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly access: LetterAccessRepository,
    private readonly registry: WorkflowRegistry,
  ) {}

  async search(principal: PersonPrincipal, query: SearchQuery): Promise<SearchResultDto> {
    if (query.from && query.to && query.from > query.to) {
      throw SearchError.badQuery(SearchErrorCode.SEARCH_FILTER_INVALID, 'from is after to', { from: query.from, to: query.to });
    }
    // No words: every letter the caller may see, by the filters. Words: the parser's tree (query/), or its refusal.
    let root: QueryNode | undefined;
    if (query.q !== undefined && query.q.trim() !== '') {
      const parsed = parseSearchQuery(query.q);
      if (!parsed.ok) throw SearchError.badQuery(parsed.code, parsed.message);
      root = parsed.root;
    }
    // Words and numbers as typed first; only when they find nothing, again with trigrams forgiving typos in names and numbers.
    const exact = await this.run(principal, query, root, false);
    if (exact.total > 0 || !root || !this.forgivable(root)) return exact;
    return this.run(principal, query, root, true);
  }

  /** Whether a positive term of the query could match by trigram: a long enough word (names) or number. */
  private forgivable(node: QueryNode): boolean {
    switch (node.kind) {
      case 'word':
        return node.word.length >= NAME_TYPO_MIN;
      case 'number':
        return node.normalized.length >= NUMBER_TYPO_MIN;
      case 'and':
      case 'or':
        return node.children.some((c) => this.forgivable(c));
      default:
        return false;
    }
  }

  private async run(principal: PersonPrincipal, query: SearchQuery, root: QueryNode | undefined, forgiving: boolean): Promise<SearchResultDto> {
    // The rule on the search row (its readers' keys beside the words, in the index) finds, counts
    // and facets; the live rule on the letter confirms each row of the page shown, so a change of
    // access the index has not followed yet never shows a letter. Both take the same parameters.
    const keys = this.access.searchKeysSql(principal, 's', 1);
    const live = this.access.visibleSql(principal, 'l', 1);
    const from = 'letter_search s';
    const params: unknown[] = [...keys.params];
    const add = (value: unknown) => `$${params.push(value)}`;
    const where = [keys.sql, ...(root ? [this.nodeSql(root, add, forgiving)] : []), ...this.filterSql(query, add)];
    const hasWords = root !== undefined;
    const sort = query.sort ?? (hasWords ? 'relevance' : 'newest');
    const filtered = where.join('\n AND ');
    // Ranking takes the positive roots and the numbers; highlighting the positive words as written.
    const rank = root ? rankTsquery(root) : null;
    const numbers = root ? positiveNumbers(root) : [];
    const marks = root ? highlightWords(root) : [];
    const terms = [
      ...(rank ? [`ts_rank_cd(s.document, to_tsquery('simple', ${add(rank)}), 1)`] : []),
      ...(numbers.length > 0 ? [`(SELECT coalesce(max(word_similarity(n, s.numbers)), 0) FROM unnest(${add(numbers)}::text[]) AS n)`] : []),
    ];
    const score = terms.length > 0 ? `(${terms.join(' + ')})` : '0';
    const limit = add(query.limit);
    const offset = add(query.offset);
    const columns = 's.letter_id, s.kind, s.number, s.subject, s.type, s.letter_date, s.state, s.sifat, s.classification_code, s.content';
    const direction = sort === 'oldest' ? 'ASC' : 'DESC';
    const window = sort === 'relevance' ? add(RANK_WINDOW) : null;

    // One statement, one pass over the visible matches: `m` takes the first COUNT_CAP + 1 of them
    // in the sort's date order (newest first for relevance) and as many more as the page needs,
    // numbered; the count and facets group the first COUNT_CAP + 1 (a word in most of a million
    // letters is "more than 10,000", not a 30-second count), the page reads its rows from `m`.
    let page: string;
    let order: string;
    if (window) {
      // Rank only what can win: the newest RANK_WINDOW matches are ranked, and the rest follow
      // them newest first. A rare or mid word is ranked whole; the word in most letters costs
      // RANK_WINDOW ranks, not one per match.
      page = `SELECT ${columns}, m.rn <= ${window}::int AS ranked, (CASE WHEN m.rn <= ${window}::int THEN ${score} ELSE 0 END)::float8 AS score
                FROM m JOIN letter_search s ON s.letter_id = m.letter_id
               WHERE m.rn <= GREATEST(${window}::int, ${offset}::int + ${limit}::int)
               ORDER BY ranked DESC, score DESC, s.letter_date DESC, s.letter_id LIMIT ${limit} OFFSET ${offset}`;
      order = 'p.ranked DESC, p.score DESC, p.letter_date DESC, p.letter_id';
    } else {
      page = `SELECT ${columns}, ${score}::float8 AS score
                FROM m JOIN letter_search s ON s.letter_id = m.letter_id
               WHERE m.rn > ${offset}::int AND m.rn <= ${offset}::int + ${limit}::int`;
      order = `p.letter_date ${direction}, p.letter_id`;
    }
    const [result] = (await this.reads.query(principal,
      `WITH m AS MATERIALIZED (
         SELECT c.*, row_number() OVER (ORDER BY c.letter_date ${direction}, c.letter_id) AS rn
           FROM (SELECT s.letter_id, s.letter_date, s.year, s.type, s.classification_code, s.unit_id, s.sifat, s.state FROM ${from} WHERE ${filtered}
                  ORDER BY s.letter_date ${direction}, s.letter_id LIMIT GREATEST(${COUNT_CAP + 1}, ${offset}::int + ${limit}::int)) c),
       facet AS (
         SELECT ${FACETS.map((f) => `${FACET_COLUMN[f]} AS ${f}`).join(', ')}, GROUPING(${FACETS.map((f) => FACET_COLUMN[f]).join(', ')}) AS g, count(*)::int AS n
           FROM m s WHERE s.rn <= ${COUNT_CAP + 1}
          GROUP BY GROUPING SETS (${FACETS.map((f) => `(${FACET_COLUMN[f]})`).join(', ')}, ())),
       page AS (${page}),
       item AS (
         SELECT row_number() OVER (ORDER BY ${order}) AS ord, p.letter_id AS id, p.kind, p.number, p.subject, p.type,
                to_char(p.letter_date AT TIME ZONE '${WIB_TIME_ZONE}', 'YYYY-MM-DD') AS date, p.state, p.sifat,
                p.classification_code AS "classificationCode", p.score, left(p.content, ${SNIPPET_SOURCE_CHARS}) AS content
           FROM page p JOIN letter l ON l.id = p.letter_id
          WHERE ${live.sql})
       SELECT (SELECT coalesce(json_agg(f), '[]'::json) FROM facet f) AS facets,
              (SELECT coalesce(json_agg(i ORDER BY i.ord), '[]'::json) FROM item i) AS items`,
      params,
    )) as { facets: (Record<Facet, string | null> & { g: number; n: number })[]; items: (Omit<SearchHitDto, 'snippet' | 'typeLabel' | 'stateLabel'> & { content: string; ord?: number })[] }[];
    const facetRows = result.facets;
    const rows = result.items.map(({ ord: _ord, ...r }) => r);

    let total = 0;
    const facets = Object.fromEntries(FACETS.map((f) => [f, [] as SearchFacetCountDto[]])) as unknown as SearchFacetsDto;
    for (const row of facetRows) {
      if (row.g === 2 ** FACETS.length - 1) {
        total = row.n;
        continue;
      }
      // GROUPING's bits: the first facet is the highest bit; the one set grouped is the one bit clear.
      const facet = FACETS.find((_, i) => (row.g & (1 << (FACETS.length - 1 - i))) === 0)!;
      const value = row[facet];
      if (value !== null) facets[facet].push({ value, label: null, count: row.n });
    }
    for (const f of FACETS) facets[f] = facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, FACET_VALUES);
    await this.labelUnits(facets.unit);
    for (const c of facets.type) c.label = this.typeLabel(c.value);
    for (const c of facets.state) c.label = this.stateLabel(c.value, facets.type.map((f) => f.value));

    const marked = { stems: new Set(root ? positiveStems(root) : []), words: new Set(marks) };
    const items: SearchHitDto[] = rows.map(({ content, ...r }) => ({
      ...r,
      typeLabel: this.typeLabel(r.type),
      stateLabel: this.stateLabel(r.state, [r.type]),
      score: Number(r.score),
      snippet: buildSnippet(content, marked),
    }));
    const capped = total > COUNT_CAP;
    return { items, total: capped ? COUNT_CAP : total, totalRelation: capped ? 'gte' : 'eq', facets, limit: query.limit, offset: query.offset };
  }

  /**
   * The WHERE fragment of the parsed query. Where a term is positive (`forgiving`), names and
   * the letters of numbers also match by trigram; a negated one excludes exact matches only.
   */
  private nodeSql(node: QueryNode, add: (v: unknown) => string, forgiving: boolean): string {
    switch (node.kind) {
      case 'word': {
        const exact = `s.document @@ to_tsquery('simple', ${add(quoteLexeme(node.stem))})`;
        return forgiving && node.word.length >= NAME_TYPO_MIN ? `(${exact} OR ${add(node.word)} <% s.names)` : exact;
      }
      case 'phrase':
        return `s.plain @@ to_tsquery('simple', ${add(phraseTsquery(node.words, node.gaps))})`;
      case 'number': {
        const exact = `s.numbers LIKE ${add(containsLikePattern(node.normalized))} ESCAPE '\\'`;
        if (!forgiving || node.normalized.length < NUMBER_TYPO_MIN) return exact;
        // Trigrams forgive the letters of a number (`DINKSE`), never its digits: each run of them must be there as typed (after the OCR fold).
        const digitRuns = (node.normalized.match(/\d+/g) ?? []).map((run) => `%${run}%`);
        return `(${exact} OR (${add(node.normalized)} <% s.numbers AND s.numbers LIKE ALL(${add(digitRuns)}::text[])))`;
      }
      case 'not':
        return `NOT coalesce(${this.nodeSql(node.child, add, false)}, false)`;
      case 'and':
      case 'or':
        return `(${node.children.map((c) => this.nodeSql(c, add, forgiving)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
  }

  private filterSql(query: SearchQuery, add: (v: unknown) => string): string[] {
    const out: string[] = [];
    if (query.type) out.push(`s.type = ${add(query.type)}`);
    if (query.classification) {
      const code = add(query.classification);
      out.push(`(s.classification_code = ${code} OR s.classification_code LIKE ${code} || '.%')`);
    }
    if (query.unitId) out.push(`s.unit_id = ${add(query.unitId)}::uuid`);
    if (query.sifat) out.push(`s.sifat = ${add(query.sifat)}`);
    if (query.state) out.push(`s.state = ${add(query.state)}`);
    if (query.from) out.push(`s.letter_date >= (${add(query.from)}::date)::timestamp AT TIME ZONE '${WIB_TIME_ZONE}'`);
    if (query.to) out.push(`s.letter_date < (${add(query.to)}::date + 1)::timestamp AT TIME ZONE '${WIB_TIME_ZONE}'`);
    return out;
  }


  /** The jenis naskah in words: the workflow file's name. */
  private typeLabel(type: string): string {
    return this.registry.latest(type)?.workflow.definition.name ?? type;
  }

  /** A state in words, from the first of the workflows given that names it (the current files). */
  private stateLabel(state: string, types: string[]): string {
    for (const type of types) {
      const label = this.registry.latest(type)?.workflow.definition.states[state]?.label;
      if (label) return label;
    }
    return state;
  }

  private async labelUnits(counts: SearchFacetCountDto[]): Promise<void> {
    if (counts.length === 0) return;
    const names: { id: string; name: string }[] = await this.db.query(`SELECT id::text, name FROM unit WHERE id = ANY($1::uuid[])`, [counts.map((c) => c.value)]);
    const byId = new Map(names.map((n) => [n.id, n.name]));
    for (const c of counts) c.label = byId.get(c.value) ?? null;
  }
}
