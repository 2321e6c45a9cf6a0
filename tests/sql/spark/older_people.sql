-- ocf sql --dialect spark: the aggregates of "Older people's and adult community services"
-- Its result is read by `ocf run --aggregates` (docs/warehouse.md). Spans:
--   0 2015-04-01 to 2016-03-31
--   1 2016-04-01 to 2017-03-31
--   2 2017-04-01 to 2018-03-31
--   3 2018-04-01 to 2019-03-31
--   4 2019-04-01 to 2020-03-31
--   5 2015-04-01 to 2016-03-31 (2015/16)
--   6 2015-04-01 to 2020-03-31 (term)
--   7 2016-04-01 to 2017-03-31 (2016/17)
--   8 2017-04-01 to 2018-03-31 (2017/18)
--   9 2018-04-01 to 2019-03-31 (2018/19)
--   10 2019-04-01 to 2020-03-31 (2019/20)
SET spark.sql.ansi.enabled = true;
SET spark.sql.decimalOperations.allowPrecisionLoss = false;
WITH
ocf_rows_0 AS (
  SELECT CAST(CASE WHEN r.`admitted_on` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`admitted_on` < DATE '2017-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2016-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`admitted_on` <= DATE '2017-03-31' THEN 1 END END ELSE CASE WHEN r.`admitted_on` < DATE '2018-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2018-03-31' THEN 2 END ELSE CASE WHEN r.`admitted_on` < DATE '2019-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2019-03-31' THEN 3 END ELSE CASE WHEN r.`admitted_on` <= DATE '2020-03-31' THEN 4 END END END END END AS BIGINT) AS ocf_span,
    (r.`method` = 'emergency') AS ocf_a0_r,
    (r.`method` = 'emergency') AS ocf_a1_r,
    r.`length_of_stay` AS ocf_a1_v,
    (r.`method` = 'emergency') AS ocf_a2_r,
    r.`length_of_stay` AS ocf_a2_v,
    (r.`method` = 'emergency') AS ocf_a3_r,
    r.`nhs_number` AS ocf_a3_v
  FROM `admissions` r),
ocf_cells_0 AS (
  SELECT ocf_span, CASE WHEN ocf_a2_r THEN ocf_a2_v END AS ocf_k2, CASE WHEN ocf_a3_r THEN ocf_a3_v END AS ocf_k3, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a0_r) AS ocf_a0_rows,
    count(*) FILTER (WHERE ocf_a1_r) AS ocf_a1_rows,
    count(CASE WHEN ocf_a1_r THEN ocf_a1_v END) AS ocf_a1_n,
    count(*) FILTER (WHERE ocf_a1_r AND ocf_a1_v IS NULL) AS ocf_a1_skipped,
    sum(CAST(CASE WHEN ocf_a1_r THEN ocf_a1_v END AS DECIMAL(38,0))) AS ocf_a1_total,
    count(*) FILTER (WHERE ocf_a2_r) AS ocf_a2_rows,
    count(CASE WHEN ocf_a2_r THEN ocf_a2_v END) AS ocf_a2_n,
    count(*) FILTER (WHERE ocf_a3_r) AS ocf_a3_rows,
    count(CASE WHEN ocf_a3_r THEN ocf_a3_v END) AS ocf_a3_n
  FROM ocf_rows_0
  GROUP BY ocf_span, CASE WHEN ocf_a2_r THEN ocf_a2_v END, CASE WHEN ocf_a3_r THEN ocf_a3_v END),
ocf_sets_0 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a0_rows) AS BIGINT) AS ocf_a0_rows,
    CAST(sum(ocf_a1_rows) AS BIGINT) AS ocf_a1_rows,
    CAST(sum(ocf_a1_n) AS BIGINT) AS ocf_a1_n,
    CAST(sum(ocf_a1_skipped) AS BIGINT) AS ocf_a1_skipped,
    CAST(sum(ocf_a1_total) AS STRING) AS ocf_a1_total
  FROM ocf_cells_0
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_rows_1 AS (
  SELECT CAST(CASE WHEN r.`discharged_on` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`discharged_on` < DATE '2017-04-01' THEN CASE WHEN r.`discharged_on` < DATE '2016-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`discharged_on` <= DATE '2017-03-31' THEN 1 END END ELSE CASE WHEN r.`discharged_on` < DATE '2018-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2018-03-31' THEN 2 END ELSE CASE WHEN r.`discharged_on` < DATE '2019-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2019-03-31' THEN 3 END ELSE CASE WHEN r.`discharged_on` <= DATE '2020-03-31' THEN 4 END END END END END AS BIGINT) AS ocf_span,
    (r.`destination` <> 'died') AS ocf_a4_r,
    ((r.`readmitted_on` IS NOT NULL) AND (r.`readmitted_on` <= date_add(r.`discharged_on`, CAST(CAST(30 AS BIGINT) AS INT)))) AS ocf_a4_h
  FROM `discharges` r),
ocf_cells_1 AS (
  SELECT ocf_span, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a4_r) AS ocf_a4_rows,
    count(*) FILTER (WHERE ocf_a4_r AND ocf_a4_h) AS ocf_a4_hits
  FROM ocf_rows_1
  GROUP BY ocf_span),
ocf_sets_1 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a4_rows) AS BIGINT) AS ocf_a4_rows,
    CAST(sum(ocf_a4_hits) AS BIGINT) AS ocf_a4_hits
  FROM ocf_cells_1
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_rows_2 AS (
  SELECT CAST(CASE WHEN r.`ended_on` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`ended_on` < DATE '2017-04-01' THEN CASE WHEN r.`ended_on` < DATE '2016-04-01' THEN CASE WHEN r.`ended_on` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`ended_on` <= DATE '2017-03-31' THEN 1 END END ELSE CASE WHEN r.`ended_on` < DATE '2018-04-01' THEN CASE WHEN r.`ended_on` <= DATE '2018-03-31' THEN 2 END ELSE CASE WHEN r.`ended_on` < DATE '2019-04-01' THEN CASE WHEN r.`ended_on` <= DATE '2019-03-31' THEN 3 END ELSE CASE WHEN r.`ended_on` <= DATE '2020-03-31' THEN 4 END END END END END AS BIGINT) AS ocf_span,
    (r.`score_after` IS NOT NULL) AS ocf_a5_r,
    ((r.`score_after` IS NOT NULL) AND (r.`score_after` > r.`score_before`)) AS ocf_a5_h,
    (r.`score_after` IS NOT NULL) AS ocf_a6_r,
    (r.`score_after` - r.`score_before`) AS ocf_a6_v,
    ((r.`reviewed_on` IS NOT NULL) AND (r.`reviewed_on` <= add_months(r.`ended_on`, CAST(CAST(3 AS BIGINT) AS INT)))) AS ocf_a7_h
  FROM `reablement` r),
ocf_cells_2 AS (
  SELECT ocf_span, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a5_r) AS ocf_a5_rows,
    count(*) FILTER (WHERE ocf_a5_r AND ocf_a5_h) AS ocf_a5_hits,
    count(*) FILTER (WHERE ocf_a6_r) AS ocf_a6_rows,
    count(CASE WHEN ocf_a6_r THEN ocf_a6_v END) AS ocf_a6_n,
    count(*) FILTER (WHERE ocf_a6_r AND ocf_a6_v IS NULL) AS ocf_a6_skipped,
    sum(CAST(CASE WHEN ocf_a6_r THEN ocf_a6_v END AS DECIMAL(38,0))) AS ocf_a6_total,
    count(*) AS ocf_a7_rows,
    count(*) FILTER (WHERE ocf_a7_h) AS ocf_a7_hits
  FROM ocf_rows_2
  GROUP BY ocf_span),
ocf_sets_2 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a5_rows) AS BIGINT) AS ocf_a5_rows,
    CAST(sum(ocf_a5_hits) AS BIGINT) AS ocf_a5_hits,
    CAST(sum(ocf_a6_rows) AS BIGINT) AS ocf_a6_rows,
    CAST(sum(ocf_a6_n) AS BIGINT) AS ocf_a6_n,
    CAST(sum(ocf_a6_skipped) AS BIGINT) AS ocf_a6_skipped,
    CAST(sum(ocf_a6_total) AS STRING) AS ocf_a6_total,
    CAST(sum(ocf_a7_rows) AS BIGINT) AS ocf_a7_rows,
    CAST(sum(ocf_a7_hits) AS BIGINT) AS ocf_a7_hits
  FROM ocf_cells_2
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_rows_3 AS (
  SELECT CAST(CASE WHEN r.`died_on` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`died_on` < DATE '2017-04-01' THEN CASE WHEN r.`died_on` < DATE '2016-04-01' THEN CASE WHEN r.`died_on` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`died_on` <= DATE '2017-03-31' THEN 1 END END ELSE CASE WHEN r.`died_on` < DATE '2018-04-01' THEN CASE WHEN r.`died_on` <= DATE '2018-03-31' THEN 2 END ELSE CASE WHEN r.`died_on` < DATE '2019-04-01' THEN CASE WHEN r.`died_on` <= DATE '2019-03-31' THEN 3 END ELSE CASE WHEN r.`died_on` <= DATE '2020-03-31' THEN 4 END END END END END AS BIGINT) AS ocf_span,
    (r.`preferred_place` IS NOT NULL) AS ocf_a8_r,
    COALESCE(r.`died_in_preferred_place`, FALSE) AS ocf_a8_h,
    r.`on_eol_register` AS ocf_a9_h,
    (r.`place_of_death` IN ('home', 'care home')) AS ocf_a10_h,
    (NOT (r.`place_of_death` IN ('hospital'))) AS ocf_a11_h
  FROM `deaths` r),
ocf_cells_3 AS (
  SELECT ocf_span, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a8_r) AS ocf_a8_rows,
    count(*) FILTER (WHERE ocf_a8_r AND ocf_a8_h) AS ocf_a8_hits,
    count(*) AS ocf_a9_rows,
    count(*) FILTER (WHERE ocf_a9_h) AS ocf_a9_hits,
    count(*) AS ocf_a10_rows,
    count(*) FILTER (WHERE ocf_a10_h) AS ocf_a10_hits,
    count(*) AS ocf_a11_rows,
    count(*) FILTER (WHERE ocf_a11_h) AS ocf_a11_hits
  FROM ocf_rows_3
  GROUP BY ocf_span),
ocf_sets_3 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a8_rows) AS BIGINT) AS ocf_a8_rows,
    CAST(sum(ocf_a8_hits) AS BIGINT) AS ocf_a8_hits,
    CAST(sum(ocf_a9_rows) AS BIGINT) AS ocf_a9_rows,
    CAST(sum(ocf_a9_hits) AS BIGINT) AS ocf_a9_hits,
    CAST(sum(ocf_a10_rows) AS BIGINT) AS ocf_a10_rows,
    CAST(sum(ocf_a10_hits) AS BIGINT) AS ocf_a10_hits,
    CAST(sum(ocf_a11_rows) AS BIGINT) AS ocf_a11_rows,
    CAST(sum(ocf_a11_hits) AS BIGINT) AS ocf_a11_hits
  FROM ocf_cells_3
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_span_map AS (SELECT CAST(f AS BIGINT) AS f, CAST(x AS BIGINT) AS x FROM (VALUES (0, 5), (0, 6), (1, 6), (2, 6), (3, 6), (4, 6), (1, 7), (2, 8), (3, 9), (4, 10)) AS v(f, x))
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 0 THEN c.ocf_a0_rows WHEN 1 THEN c.ocf_a1_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 1 THEN c.ocf_a1_total END AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c CROSS JOIN (VALUES (0, -2), (1, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'agg' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 50) div (100) THEN q.v END) AS STRING) AS v1, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 50) div (100) + 1 THEN q.v END) AS STRING) AS v2
FROM (SELECT h.x, h.g, h.v, h.r, h.nn, sum(h.nn) OVER (PARTITION BY h.x, h.g ORDER BY h.v ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, sum(h.nn) OVER (PARTITION BY h.x, h.g) AS tot FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k2 AS v, sum(c.ocf_a2_rows) AS r, sum(c.ocf_a2_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k2) h) q GROUP BY q.x, q.g
UNION ALL
SELECT 'agg' AS kind, CAST(3 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(count(q.v) AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k3 AS v, sum(c.ocf_a3_rows) AS r, sum(c.ocf_a3_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k3) q GROUP BY q.x, q.g
UNION ALL
SELECT 'table' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 4 THEN c.ocf_a4_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 4 THEN c.ocf_a4_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS n, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c CROSS JOIN (VALUES (4, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'table' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_rows WHEN 6 THEN c.ocf_a6_rows WHEN 7 THEN c.ocf_a7_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_hits WHEN 7 THEN c.ocf_a7_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 6 THEN c.ocf_a6_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 6 THEN c.ocf_a6_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 6 THEN c.ocf_a6_total END AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c CROSS JOIN (VALUES (5, -2), (6, -2), (7, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'table' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 8 THEN c.ocf_a8_rows WHEN 9 THEN c.ocf_a9_rows WHEN 10 THEN c.ocf_a10_rows WHEN 11 THEN c.ocf_a11_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 8 THEN c.ocf_a8_hits WHEN 9 THEN c.ocf_a9_hits WHEN 10 THEN c.ocf_a10_hits WHEN 11 THEN c.ocf_a11_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS n, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c CROSS JOIN (VALUES (8, -2), (9, -2), (10, -2), (11, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'table' AS kind, CAST(3 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(3 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c WHERE c.ocf_gs = -3
