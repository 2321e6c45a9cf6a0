-- Not run by the benchmark: `ocf sql bench/episodes.ocf --dialect postgres`
-- (as of issue 14's first generator) reshaped by hand, to show the lead a
-- shape that returns the same rows (checked: identical sorted result on 1M
-- rows) in about the hand-written query's time instead of ~20 times it.
-- What changed, and why (bench/README.md, "warehouse_bench.sh"):
--  * the one scan of the table is a plain GROUP BY of (finest span, group,
--    the median's value), materialized: PostgreSQL aggregates it in
--    parallel, and everything after it reads ~76,000 rows, not 10 million
--    (the generator's ocf_rows_0 CTE is read three times, so PostgreSQL
--    writes all its rows to a temporary file first);
--  * GROUPING SETS (whole table and per group) run on that small result;
--  * the median comes from a histogram: counts per value, joined to
--    ocf_span_map (so the term's span duplicates histogram rows, not table
--    rows), running sums over the values, the values at ranks lo and lo+1
--    picked with min(v) FILTER (WHERE cum > rank) -- no sort of the table.
WITH
ocf_rows_0 AS (
  SELECT CAST(CASE WHEN r.admission_date < DATE '2019-01-01' THEN NULL ELSE
     CASE WHEN r.admission_date < DATE '2021-01-01' THEN
        CASE WHEN r.admission_date < DATE '2020-01-01' THEN CASE WHEN r.admission_date <= DATE '2019-12-31' THEN 0 END ELSE CASE WHEN r.admission_date <= DATE '2020-12-31' THEN 1 END END
     ELSE CASE WHEN r.admission_date < DATE '2022-01-01' THEN CASE WHEN r.admission_date <= DATE '2021-12-31' THEN 2 END ELSE
        CASE WHEN r.admission_date < DATE '2023-01-01' THEN CASE WHEN r.admission_date <= DATE '2022-12-31' THEN 3 END ELSE CASE WHEN r.admission_date <= DATE '2023-12-31' THEN 4 END END END END END AS BIGINT) AS ocf_span,
    r.provider AS ocf_g0,
    (r.emergency AND (r.age >= 65)) AS ocf_a0_r,
    TRUE AS ocf_a1_r, r.readmitted_30d AS ocf_a1_h,
    TRUE AS ocf_a2_r, r.length_of_stay AS ocf_a2_v,
    r.emergency AS ocf_a4_r, r.cost AS ocf_a4_v,
    TRUE AS ocf_a3_r, r.length_of_stay AS ocf_a3_v
  FROM episodes r),
ocf_fine_0 AS MATERIALIZED (
  SELECT ocf_span, ocf_g0, CASE WHEN ocf_a3_r THEN ocf_a3_v END AS ocf_a3_v, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a3_r) AS ocf_a3_rows,
    sum(CASE WHEN ocf_a0_r THEN 1 ELSE 0 END) AS ocf_a0_rows,
    sum(CASE WHEN ocf_a1_r THEN 1 ELSE 0 END) AS ocf_a1_rows,
    sum(CASE WHEN ocf_a1_r AND ocf_a1_h THEN 1 ELSE 0 END) AS ocf_a1_hits,
    sum(CASE WHEN ocf_a2_r THEN 1 ELSE 0 END) AS ocf_a2_rows,
    count(CASE WHEN ocf_a2_r THEN ocf_a2_v END) AS ocf_a2_n,
    sum(CASE WHEN ocf_a2_r AND ocf_a2_v IS NULL THEN 1 ELSE 0 END) AS ocf_a2_skipped,
    sum(CASE WHEN ocf_a2_r THEN ocf_a2_v END) AS ocf_a2_total,
    sum(CASE WHEN ocf_a4_r THEN 1 ELSE 0 END) AS ocf_a4_rows,
    count(CASE WHEN ocf_a4_r THEN ocf_a4_v END) AS ocf_a4_n,
    sum(CASE WHEN ocf_a4_r AND ocf_a4_v IS NULL THEN 1 ELSE 0 END) AS ocf_a4_skipped,
    sum(CASE WHEN ocf_a4_r THEN ocf_a4_v END) AS ocf_a4_total
  FROM ocf_rows_0
  GROUP BY 1, 2, 3),
ocf_cells_0 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g,
    CAST(sum(ocf_all) AS BIGINT) AS ocf_all,
    CAST(sum(ocf_a0_rows) AS BIGINT) AS ocf_a0_rows, CAST(sum(ocf_a1_rows) AS BIGINT) AS ocf_a1_rows,
    CAST(sum(ocf_a1_hits) AS BIGINT) AS ocf_a1_hits, CAST(sum(ocf_a2_rows) AS BIGINT) AS ocf_a2_rows,
    CAST(sum(ocf_a2_n) AS BIGINT) AS ocf_a2_n, CAST(sum(ocf_a2_skipped) AS BIGINT) AS ocf_a2_skipped,
    CAST(sum(ocf_a2_total) AS TEXT) AS ocf_a2_total, CAST(sum(ocf_a4_rows) AS BIGINT) AS ocf_a4_rows,
    CAST(sum(ocf_a4_n) AS BIGINT) AS ocf_a4_n, CAST(sum(ocf_a4_skipped) AS BIGINT) AS ocf_a4_skipped,
    CAST(sum(ocf_a4_total) AS TEXT) AS ocf_a4_total
  FROM ocf_fine_0
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0))),
ocf_span_map AS (SELECT CAST(f AS BIGINT) AS f, CAST(x AS BIGINT) AS x FROM (VALUES (0,5),(0,6),(1,6),(1,7),(2,6),(2,8),(3,6),(3,9),(4,6),(4,10)) AS v(f, x)),
ocf_hist_0_3 AS (
  SELECT m.x, CASE WHEN GROUPING(f.ocf_g0) = 0 THEN 1 ELSE 0 END AS is_group, f.ocf_g0 AS g, f.ocf_a3_v AS v, sum(f.ocf_a3_rows) AS c
  FROM ocf_fine_0 f JOIN ocf_span_map m ON m.f = f.ocf_span
  GROUP BY GROUPING SETS ((m.x, f.ocf_g0, f.ocf_a3_v), (m.x, f.ocf_a3_v))),
ocf_rank_0_3 AS (
  SELECT x, is_group, g, v, c,
    sum(c) FILTER (WHERE v IS NOT NULL) OVER (PARTITION BY x, is_group, g ORDER BY v NULLS LAST) AS cum,
    sum(c) FILTER (WHERE v IS NOT NULL) OVER (PARTITION BY x, is_group, g) AS cnt
  FROM ocf_hist_0_3 WHERE is_group = 0 OR g IS NOT NULL)

SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp,
  CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 0 THEN c.ocf_a0_rows WHEN 1 THEN c.ocf_a1_rows WHEN 2 THEN c.ocf_a2_rows WHEN 4 THEN c.ocf_a4_rows END AS BIGINT), 0) AS rows,
  COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_hits END AS BIGINT), 0) AS hits,
  COALESCE(CAST(CASE k.i WHEN 2 THEN c.ocf_a2_n WHEN 4 THEN c.ocf_a4_n END AS BIGINT), 0) AS n,
  COALESCE(CAST(CASE k.i WHEN 2 THEN c.ocf_a2_skipped WHEN 4 THEN c.ocf_a4_skipped END AS BIGINT), 0) AS skipped,
  CASE k.i WHEN 2 THEN c.ocf_a2_total WHEN 4 THEN c.ocf_a4_total END AS total, CAST(NULL AS TEXT) AS v1, CAST(NULL AS TEXT) AS v2
FROM ocf_cells_0 c CROSS JOIN (VALUES (0, 0), (1, 0), (2, 0), (4, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'agg', CAST(3 AS BIGINT), CAST(NULL AS BIGINT), x, g, is_group, CAST(sum(c) AS BIGINT), CAST(0 AS BIGINT),
  CAST(COALESCE(max(cnt), 0) AS BIGINT), CAST(COALESCE(sum(c) FILTER (WHERE v IS NULL), 0) AS BIGINT), CAST(NULL AS TEXT),
  CAST(min(v) FILTER (WHERE cum > (cnt - 1) * 50 / 100) AS TEXT), CAST(min(v) FILTER (WHERE cum > (cnt - 1) * 50 / 100 + 1) AS TEXT)
FROM ocf_rank_0_3 GROUP BY x, is_group, g HAVING sum(c) > 0
UNION ALL
SELECT 'presence', CAST(0 AS BIGINT), CAST(9 AS BIGINT), c.ocf_span, c.ocf_g, 1, c.ocf_all, CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
FROM ocf_cells_0 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table', CAST(0 AS BIGINT), CAST(NULL AS BIGINT), c.ocf_span, CAST(NULL AS TEXT), 0, c.ocf_all, CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT)
FROM ocf_cells_0 c WHERE c.ocf_gs = -1;
