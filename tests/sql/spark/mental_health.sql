-- ocf sql --dialect spark: the aggregates of "Oxfordshire adult mental health outcomes-based contract"
-- Its result is read by `ocf run --aggregates` (docs/warehouse.md). Spans:
--   0 2014-10-01 to 2015-09-30
--   1 2015-10-01 to 2015-12-31
--   2 2016-01-01 to 2016-03-31
--   3 2016-04-01 to 2016-06-30
--   4 2016-07-01 to 2016-09-30
--   5 2016-10-01 to 2016-12-31
--   6 2017-01-01 to 2017-03-31
--   7 2017-04-01 to 2017-06-30
--   8 2017-07-01 to 2017-09-30
--   9 2017-10-01 to 2017-12-31
--   10 2018-01-01 to 2018-03-31
--   11 2018-04-01 to 2018-06-30
--   12 2018-07-01 to 2018-09-30
--   13 2014-10-01 to 2015-09-30 (baseline)
--   14 2015-10-01 to 2015-12-31 (2015/16 Q1)
--   15 2015-10-01 to 2016-09-30 (2015/16)
--   16 2015-10-01 to 2018-09-30 (term)
--   17 2016-01-01 to 2016-03-31 (2015/16 Q2)
--   18 2016-04-01 to 2016-06-30 (2015/16 Q3)
--   19 2016-07-01 to 2016-09-30 (2015/16 Q4)
--   20 2016-10-01 to 2016-12-31 (2016/17 Q1)
--   21 2016-10-01 to 2017-09-30 (2016/17)
--   22 2017-01-01 to 2017-03-31 (2016/17 Q2)
--   23 2017-04-01 to 2017-06-30 (2016/17 Q3)
--   24 2017-07-01 to 2017-09-30 (2016/17 Q4)
--   25 2017-10-01 to 2017-12-31 (2017/18 Q1)
--   26 2017-10-01 to 2018-09-30 (2017/18)
--   27 2018-01-01 to 2018-03-31 (2017/18 Q2)
--   28 2018-04-01 to 2018-06-30 (2017/18 Q3)
--   29 2018-07-01 to 2018-09-30 (2017/18 Q4)
SET spark.sql.ansi.enabled = true;
SET spark.sql.decimalOperations.allowPrecisionLoss = false;
WITH
ocf_rows_0 AS (
  SELECT CAST(CASE WHEN r.`month` < DATE '2014-10-01' THEN NULL ELSE CASE WHEN r.`month` < DATE '2017-01-01' THEN CASE WHEN r.`month` < DATE '2016-04-01' THEN CASE WHEN r.`month` < DATE '2015-10-01' THEN CASE WHEN r.`month` <= DATE '2015-09-30' THEN 0 END ELSE CASE WHEN r.`month` < DATE '2016-01-01' THEN CASE WHEN r.`month` <= DATE '2015-12-31' THEN 1 END ELSE CASE WHEN r.`month` <= DATE '2016-03-31' THEN 2 END END END ELSE CASE WHEN r.`month` < DATE '2016-07-01' THEN CASE WHEN r.`month` <= DATE '2016-06-30' THEN 3 END ELSE CASE WHEN r.`month` < DATE '2016-10-01' THEN CASE WHEN r.`month` <= DATE '2016-09-30' THEN 4 END ELSE CASE WHEN r.`month` <= DATE '2016-12-31' THEN 5 END END END END ELSE CASE WHEN r.`month` < DATE '2017-10-01' THEN CASE WHEN r.`month` < DATE '2017-04-01' THEN CASE WHEN r.`month` <= DATE '2017-03-31' THEN 6 END ELSE CASE WHEN r.`month` < DATE '2017-07-01' THEN CASE WHEN r.`month` <= DATE '2017-06-30' THEN 7 END ELSE CASE WHEN r.`month` <= DATE '2017-09-30' THEN 8 END END END ELSE CASE WHEN r.`month` < DATE '2018-04-01' THEN CASE WHEN r.`month` < DATE '2018-01-01' THEN CASE WHEN r.`month` <= DATE '2017-12-31' THEN 9 END ELSE CASE WHEN r.`month` <= DATE '2018-03-31' THEN 10 END END ELSE CASE WHEN r.`month` < DATE '2018-07-01' THEN CASE WHEN r.`month` <= DATE '2018-06-30' THEN 11 END ELSE CASE WHEN r.`month` <= DATE '2018-09-30' THEN 12 END END END END END END AS BIGINT) AS ocf_span,
    r.`partner` AS ocf_g0,
    r.`people` AS ocf_a5_v,
    r.`people` AS ocf_a7_v
  FROM `caseload` r),
ocf_cells_0 AS (
  SELECT ocf_span, ocf_g0, count(*) AS ocf_all,
    count(*) AS ocf_a5_rows,
    count(ocf_a5_v) AS ocf_a5_n,
    count(*) FILTER (WHERE ocf_a5_v IS NULL) AS ocf_a5_skipped,
    sum(CAST(ocf_a5_v AS DECIMAL(38,0))) AS ocf_a5_total,
    count(*) AS ocf_a7_rows,
    count(ocf_a7_v) AS ocf_a7_n,
    count(*) FILTER (WHERE ocf_a7_v IS NULL) AS ocf_a7_skipped,
    sum(CAST(ocf_a7_v AS DECIMAL(38,0))) AS ocf_a7_total
  FROM ocf_rows_0
  GROUP BY ocf_span, ocf_g0),
ocf_sets_0 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a5_rows) AS BIGINT) AS ocf_a5_rows,
    CAST(sum(ocf_a5_n) AS BIGINT) AS ocf_a5_n,
    CAST(sum(ocf_a5_skipped) AS BIGINT) AS ocf_a5_skipped,
    CAST(sum(ocf_a5_total) AS STRING) AS ocf_a5_total,
    CAST(sum(ocf_a7_rows) AS BIGINT) AS ocf_a7_rows,
    CAST(sum(ocf_a7_n) AS BIGINT) AS ocf_a7_n,
    CAST(sum(ocf_a7_skipped) AS BIGINT) AS ocf_a7_skipped,
    CAST(sum(ocf_a7_total) AS STRING) AS ocf_a7_total
  FROM ocf_cells_0
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_1 AS (
  SELECT CAST(CASE WHEN r.`reviewed_on` < DATE '2014-10-01' THEN NULL ELSE CASE WHEN r.`reviewed_on` < DATE '2017-01-01' THEN CASE WHEN r.`reviewed_on` < DATE '2016-04-01' THEN CASE WHEN r.`reviewed_on` < DATE '2015-10-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2015-09-30' THEN 0 END ELSE CASE WHEN r.`reviewed_on` < DATE '2016-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2015-12-31' THEN 1 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2016-03-31' THEN 2 END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2016-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2016-06-30' THEN 3 END ELSE CASE WHEN r.`reviewed_on` < DATE '2016-10-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2016-09-30' THEN 4 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2016-12-31' THEN 5 END END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2017-10-01' THEN CASE WHEN r.`reviewed_on` < DATE '2017-04-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2017-03-31' THEN 6 END ELSE CASE WHEN r.`reviewed_on` < DATE '2017-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2017-06-30' THEN 7 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2017-09-30' THEN 8 END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2018-04-01' THEN CASE WHEN r.`reviewed_on` < DATE '2018-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2017-12-31' THEN 9 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2018-03-31' THEN 10 END END ELSE CASE WHEN r.`reviewed_on` < DATE '2018-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2018-06-30' THEN 11 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2018-09-30' THEN 12 END END END END END END AS BIGINT) AS ocf_span,
    r.`partner` AS ocf_g0,
    COALESCE((r.`accommodation` IN ('own tenancy', 'family home', 'supported housing')), FALSE) AS ocf_a1_h,
    COALESCE((r.`employment` = 'paid'), FALSE) AS ocf_a2_h,
    ((r.`star` IS NOT NULL) AND (r.`star_at_start` IS NOT NULL)) AS ocf_a3_r,
    (r.`star` >= (r.`star_at_start` + CAST(10 AS BIGINT))) AS ocf_a3_h,
    (((r.`nhs_number` IS NOT NULL) AND (r.`accommodation` IS NOT NULL)) AND (r.`employment` IS NOT NULL)) AS ocf_a10_h,
    r.`nhs_number` AS ocf_a0_v
  FROM `reviews` r),
ocf_cells_1 AS (
  SELECT ocf_span, ocf_g0, ocf_a0_v AS ocf_k0, count(*) AS ocf_all,
    count(*) AS ocf_a1_rows,
    count(*) FILTER (WHERE ocf_a1_h) AS ocf_a1_hits,
    count(*) AS ocf_a2_rows,
    count(*) FILTER (WHERE ocf_a2_h) AS ocf_a2_hits,
    count(*) FILTER (WHERE ocf_a3_r) AS ocf_a3_rows,
    count(*) FILTER (WHERE ocf_a3_r AND ocf_a3_h) AS ocf_a3_hits,
    count(*) AS ocf_a10_rows,
    count(*) FILTER (WHERE ocf_a10_h) AS ocf_a10_hits,
    count(*) AS ocf_a0_rows,
    count(ocf_a0_v) AS ocf_a0_n
  FROM ocf_rows_1
  GROUP BY ocf_span, ocf_g0, ocf_a0_v),
ocf_sets_1 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a1_rows) AS BIGINT) AS ocf_a1_rows,
    CAST(sum(ocf_a1_hits) AS BIGINT) AS ocf_a1_hits,
    CAST(sum(ocf_a2_rows) AS BIGINT) AS ocf_a2_rows,
    CAST(sum(ocf_a2_hits) AS BIGINT) AS ocf_a2_hits,
    CAST(sum(ocf_a3_rows) AS BIGINT) AS ocf_a3_rows,
    CAST(sum(ocf_a3_hits) AS BIGINT) AS ocf_a3_hits,
    CAST(sum(ocf_a10_rows) AS BIGINT) AS ocf_a10_rows,
    CAST(sum(ocf_a10_hits) AS BIGINT) AS ocf_a10_hits
  FROM ocf_cells_1
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_2 AS (
  SELECT CAST(CASE WHEN r.`admitted_on` < DATE '2014-10-01' THEN NULL ELSE CASE WHEN r.`admitted_on` < DATE '2017-01-01' THEN CASE WHEN r.`admitted_on` < DATE '2016-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2015-10-01' THEN CASE WHEN r.`admitted_on` <= DATE '2015-09-30' THEN 0 END ELSE CASE WHEN r.`admitted_on` < DATE '2016-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2015-12-31' THEN 1 END ELSE CASE WHEN r.`admitted_on` <= DATE '2016-03-31' THEN 2 END END END ELSE CASE WHEN r.`admitted_on` < DATE '2016-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2016-06-30' THEN 3 END ELSE CASE WHEN r.`admitted_on` < DATE '2016-10-01' THEN CASE WHEN r.`admitted_on` <= DATE '2016-09-30' THEN 4 END ELSE CASE WHEN r.`admitted_on` <= DATE '2016-12-31' THEN 5 END END END END ELSE CASE WHEN r.`admitted_on` < DATE '2017-10-01' THEN CASE WHEN r.`admitted_on` < DATE '2017-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2017-03-31' THEN 6 END ELSE CASE WHEN r.`admitted_on` < DATE '2017-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2017-06-30' THEN 7 END ELSE CASE WHEN r.`admitted_on` <= DATE '2017-09-30' THEN 8 END END END ELSE CASE WHEN r.`admitted_on` < DATE '2018-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2018-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2017-12-31' THEN 9 END ELSE CASE WHEN r.`admitted_on` <= DATE '2018-03-31' THEN 10 END END ELSE CASE WHEN r.`admitted_on` < DATE '2018-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2018-06-30' THEN 11 END ELSE CASE WHEN r.`admitted_on` <= DATE '2018-09-30' THEN 12 END END END END END END AS BIGINT) AS ocf_span,
    r.`partner` AS ocf_g0,
    (r.`route` = 'crisis') AS ocf_a4_r,
    (r.`route` = 'crisis') AS ocf_a6_r
  FROM `admissions` r),
ocf_cells_2 AS (
  SELECT ocf_span, ocf_g0, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a4_r) AS ocf_a4_rows,
    count(*) FILTER (WHERE ocf_a6_r) AS ocf_a6_rows
  FROM ocf_rows_2
  GROUP BY ocf_span, ocf_g0),
ocf_sets_2 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a4_rows) AS BIGINT) AS ocf_a4_rows,
    CAST(sum(ocf_a6_rows) AS BIGINT) AS ocf_a6_rows
  FROM ocf_cells_2
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_3 AS (
  SELECT CAST(CASE WHEN r.`discharged_on` < DATE '2014-10-01' THEN NULL ELSE CASE WHEN r.`discharged_on` < DATE '2017-01-01' THEN CASE WHEN r.`discharged_on` < DATE '2016-04-01' THEN CASE WHEN r.`discharged_on` < DATE '2015-10-01' THEN CASE WHEN r.`discharged_on` <= DATE '2015-09-30' THEN 0 END ELSE CASE WHEN r.`discharged_on` < DATE '2016-01-01' THEN CASE WHEN r.`discharged_on` <= DATE '2015-12-31' THEN 1 END ELSE CASE WHEN r.`discharged_on` <= DATE '2016-03-31' THEN 2 END END END ELSE CASE WHEN r.`discharged_on` < DATE '2016-07-01' THEN CASE WHEN r.`discharged_on` <= DATE '2016-06-30' THEN 3 END ELSE CASE WHEN r.`discharged_on` < DATE '2016-10-01' THEN CASE WHEN r.`discharged_on` <= DATE '2016-09-30' THEN 4 END ELSE CASE WHEN r.`discharged_on` <= DATE '2016-12-31' THEN 5 END END END END ELSE CASE WHEN r.`discharged_on` < DATE '2017-10-01' THEN CASE WHEN r.`discharged_on` < DATE '2017-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2017-03-31' THEN 6 END ELSE CASE WHEN r.`discharged_on` < DATE '2017-07-01' THEN CASE WHEN r.`discharged_on` <= DATE '2017-06-30' THEN 7 END ELSE CASE WHEN r.`discharged_on` <= DATE '2017-09-30' THEN 8 END END END ELSE CASE WHEN r.`discharged_on` < DATE '2018-04-01' THEN CASE WHEN r.`discharged_on` < DATE '2018-01-01' THEN CASE WHEN r.`discharged_on` <= DATE '2017-12-31' THEN 9 END ELSE CASE WHEN r.`discharged_on` <= DATE '2018-03-31' THEN 10 END END ELSE CASE WHEN r.`discharged_on` < DATE '2018-07-01' THEN CASE WHEN r.`discharged_on` <= DATE '2018-06-30' THEN 11 END ELSE CASE WHEN r.`discharged_on` <= DATE '2018-09-30' THEN 12 END END END END END END AS BIGINT) AS ocf_span,
    r.`partner` AS ocf_g0,
    (r.`destination` IN ('home', 'supported housing')) AS ocf_a8_r,
    EXISTS (SELECT 1 FROM `contacts` l0 WHERE l0.`nhs_number` = r.`nhs_number` AND (((l0.`contact_on` > r.`discharged_on`) AND (l0.`contact_on` <= date_add(r.`discharged_on`, CAST(CAST(7 AS BIGINT) AS INT)))) AND (l0.`mode` IN ('face to face', 'telephone')))) AS ocf_a8_h,
    (r.`destination` IN ('home', 'supported housing')) AS ocf_a9_r,
    EXISTS (SELECT 1 FROM `contacts` l0 WHERE l0.`nhs_number` = r.`nhs_number` AND (((l0.`contact_on` > r.`discharged_on`) AND (l0.`contact_on` <= date_add(r.`discharged_on`, CAST(CAST(3 AS BIGINT) AS INT)))) AND (l0.`mode` IN ('face to face', 'telephone')))) AS ocf_a9_h,
    (r.`nhs_number` IS NOT NULL) AS ocf_a11_h
  FROM `discharges` r),
ocf_cells_3 AS (
  SELECT ocf_span, ocf_g0, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a8_r) AS ocf_a8_rows,
    count(*) FILTER (WHERE ocf_a8_r AND ocf_a8_h) AS ocf_a8_hits,
    count(*) FILTER (WHERE ocf_a9_r) AS ocf_a9_rows,
    count(*) FILTER (WHERE ocf_a9_r AND ocf_a9_h) AS ocf_a9_hits,
    count(*) AS ocf_a11_rows,
    count(*) FILTER (WHERE ocf_a11_h) AS ocf_a11_hits
  FROM ocf_rows_3
  GROUP BY ocf_span, ocf_g0),
ocf_sets_3 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a8_rows) AS BIGINT) AS ocf_a8_rows,
    CAST(sum(ocf_a8_hits) AS BIGINT) AS ocf_a8_hits,
    CAST(sum(ocf_a9_rows) AS BIGINT) AS ocf_a9_rows,
    CAST(sum(ocf_a9_hits) AS BIGINT) AS ocf_a9_hits,
    CAST(sum(ocf_a11_rows) AS BIGINT) AS ocf_a11_rows,
    CAST(sum(ocf_a11_hits) AS BIGINT) AS ocf_a11_hits
  FROM ocf_cells_3
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_4 AS (
  SELECT CAST(CASE WHEN r.`contact_on` < DATE '2014-10-01' THEN NULL ELSE CASE WHEN r.`contact_on` < DATE '2017-01-01' THEN CASE WHEN r.`contact_on` < DATE '2016-04-01' THEN CASE WHEN r.`contact_on` < DATE '2015-10-01' THEN CASE WHEN r.`contact_on` <= DATE '2015-09-30' THEN 0 END ELSE CASE WHEN r.`contact_on` < DATE '2016-01-01' THEN CASE WHEN r.`contact_on` <= DATE '2015-12-31' THEN 1 END ELSE CASE WHEN r.`contact_on` <= DATE '2016-03-31' THEN 2 END END END ELSE CASE WHEN r.`contact_on` < DATE '2016-07-01' THEN CASE WHEN r.`contact_on` <= DATE '2016-06-30' THEN 3 END ELSE CASE WHEN r.`contact_on` < DATE '2016-10-01' THEN CASE WHEN r.`contact_on` <= DATE '2016-09-30' THEN 4 END ELSE CASE WHEN r.`contact_on` <= DATE '2016-12-31' THEN 5 END END END END ELSE CASE WHEN r.`contact_on` < DATE '2017-10-01' THEN CASE WHEN r.`contact_on` < DATE '2017-04-01' THEN CASE WHEN r.`contact_on` <= DATE '2017-03-31' THEN 6 END ELSE CASE WHEN r.`contact_on` < DATE '2017-07-01' THEN CASE WHEN r.`contact_on` <= DATE '2017-06-30' THEN 7 END ELSE CASE WHEN r.`contact_on` <= DATE '2017-09-30' THEN 8 END END END ELSE CASE WHEN r.`contact_on` < DATE '2018-04-01' THEN CASE WHEN r.`contact_on` < DATE '2018-01-01' THEN CASE WHEN r.`contact_on` <= DATE '2017-12-31' THEN 9 END ELSE CASE WHEN r.`contact_on` <= DATE '2018-03-31' THEN 10 END END ELSE CASE WHEN r.`contact_on` < DATE '2018-07-01' THEN CASE WHEN r.`contact_on` <= DATE '2018-06-30' THEN 11 END ELSE CASE WHEN r.`contact_on` <= DATE '2018-09-30' THEN 12 END END END END END END AS BIGINT) AS ocf_span
  FROM `contacts` r),
ocf_cells_4 AS (
  SELECT ocf_span, count(*) AS ocf_all
  FROM ocf_rows_4
  GROUP BY ocf_span),
ocf_sets_4 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all
  FROM ocf_cells_4
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_span_map AS (SELECT CAST(f AS BIGINT) AS f, CAST(x AS BIGINT) AS x FROM (VALUES (0, 13), (1, 14), (1, 15), (2, 15), (3, 15), (4, 15), (1, 16), (2, 16), (3, 16), (4, 16), (5, 16), (6, 16), (7, 16), (8, 16), (9, 16), (10, 16), (11, 16), (12, 16), (2, 17), (3, 18), (4, 19), (5, 20), (5, 21), (6, 21), (7, 21), (8, 21), (6, 22), (7, 23), (8, 24), (9, 25), (9, 26), (10, 26), (11, 26), (12, 26), (10, 27), (11, 28), (12, 29)) AS v(f, x))
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_rows WHEN 7 THEN c.ocf_a7_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_n WHEN 7 THEN c.ocf_a7_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_skipped WHEN 7 THEN c.ocf_a7_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 5 THEN c.ocf_a5_total WHEN 7 THEN c.ocf_a7_total END AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c CROSS JOIN (VALUES (5, 0), (7, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'presence' AS kind, CAST(0 AS BIGINT) AS item, CAST(0 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_rows WHEN 2 THEN c.ocf_a2_rows WHEN 3 THEN c.ocf_a3_rows WHEN 10 THEN c.ocf_a10_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_hits WHEN 2 THEN c.ocf_a2_hits WHEN 3 THEN c.ocf_a3_hits WHEN 10 THEN c.ocf_a10_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS n, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c CROSS JOIN (VALUES (1, 0), (2, 0), (3, 0), (10, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'agg' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(count(q.v) AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k0 AS v, sum(c.ocf_a0_rows) AS r, sum(c.ocf_a0_n) AS nn FROM ocf_cells_1 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k0) q GROUP BY q.x, q.g
UNION ALL
SELECT 'agg' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 1 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(count(q.v) AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM (SELECT m.x AS x, c.ocf_g0 AS g, c.ocf_k0 AS v, sum(c.ocf_a0_rows) AS r, sum(c.ocf_a0_n) AS nn FROM ocf_cells_1 c JOIN ocf_span_map m ON m.f = c.ocf_span WHERE c.ocf_g0 IS NOT NULL GROUP BY m.x, c.ocf_g0, c.ocf_k0) q GROUP BY q.x, q.g
UNION ALL
SELECT 'presence' AS kind, CAST(1 AS BIGINT) AS item, CAST(2 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 4 THEN c.ocf_a4_rows WHEN 6 THEN c.ocf_a6_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS hits, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS n, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c CROSS JOIN (VALUES (4, 0), (6, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'presence' AS kind, CAST(2 AS BIGINT) AS item, CAST(2 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 8 THEN c.ocf_a8_rows WHEN 9 THEN c.ocf_a9_rows WHEN 11 THEN c.ocf_a11_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 8 THEN c.ocf_a8_hits WHEN 9 THEN c.ocf_a9_hits WHEN 11 THEN c.ocf_a11_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS n, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c CROSS JOIN (VALUES (8, 0), (9, 0), (11, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'presence' AS kind, CAST(3 AS BIGINT) AS item, CAST(2 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(3 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(3 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_3 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'table' AS kind, CAST(4 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_4 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(4 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_4 c WHERE c.ocf_gs = -3
