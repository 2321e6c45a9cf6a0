-- ocf sql --dialect spark: the aggregates of "Bedfordshire MSK prime contract"
-- Its result is read by `ocf run --aggregates` (docs/warehouse.md). Spans:
--   0 2014-04-01 to 2014-06-30
--   1 2014-07-01 to 2014-09-30
--   2 2014-10-01 to 2014-12-31
--   3 2015-01-01 to 2015-03-31
--   4 2015-04-01 to 2015-06-30
--   5 2015-07-01 to 2015-09-30
--   6 2015-10-01 to 2015-12-31
--   7 2016-01-01 to 2016-03-31
--   8 2016-04-01 to 2016-06-30
--   9 2016-07-01 to 2016-09-30
--   10 2016-10-01 to 2016-12-31
--   11 2017-01-01 to 2017-03-31
--   12 2017-04-01 to 2017-06-30
--   13 2017-07-01 to 2017-09-30
--   14 2017-10-01 to 2017-12-31
--   15 2018-01-01 to 2018-03-31
--   16 2018-04-01 to 2018-06-30
--   17 2018-07-01 to 2018-09-30
--   18 2018-10-01 to 2018-12-31
--   19 2019-01-01 to 2019-03-31
--   20 2014-04-01 to 2014-06-30 (2014/15 Q1)
--   21 2014-04-01 to 2015-03-31 (2014/15)
--   22 2014-04-01 to 2019-03-31 (term)
--   23 2014-07-01 to 2014-09-30 (2014/15 Q2)
--   24 2014-10-01 to 2014-12-31 (2014/15 Q3)
--   25 2015-01-01 to 2015-03-31 (2014/15 Q4)
--   26 2015-04-01 to 2015-06-30 (2015/16 Q1)
--   27 2015-04-01 to 2016-03-31 (2015/16)
--   28 2015-07-01 to 2015-09-30 (2015/16 Q2)
--   29 2015-10-01 to 2015-12-31 (2015/16 Q3)
--   30 2016-01-01 to 2016-03-31 (2015/16 Q4)
--   31 2016-04-01 to 2016-06-30 (2016/17 Q1)
--   32 2016-04-01 to 2017-03-31 (2016/17)
--   33 2016-07-01 to 2016-09-30 (2016/17 Q2)
--   34 2016-10-01 to 2016-12-31 (2016/17 Q3)
--   35 2017-01-01 to 2017-03-31 (2016/17 Q4)
--   36 2017-04-01 to 2017-06-30 (2017/18 Q1)
--   37 2017-04-01 to 2018-03-31 (2017/18)
--   38 2017-07-01 to 2017-09-30 (2017/18 Q2)
--   39 2017-10-01 to 2017-12-31 (2017/18 Q3)
--   40 2018-01-01 to 2018-03-31 (2017/18 Q4)
--   41 2018-04-01 to 2018-06-30 (2018/19 Q1)
--   42 2018-04-01 to 2019-03-31 (2018/19)
--   43 2018-07-01 to 2018-09-30 (2018/19 Q2)
--   44 2018-10-01 to 2018-12-31 (2018/19 Q3)
--   45 2019-01-01 to 2019-03-31 (2018/19 Q4)
SET spark.sql.ansi.enabled = true;
SET spark.sql.decimalOperations.allowPrecisionLoss = false;
WITH
ocf_rows_0 AS (
  SELECT CAST(CASE WHEN r.`referred_on` < DATE '2014-04-01' THEN NULL ELSE CASE WHEN r.`referred_on` < DATE '2016-10-01' THEN CASE WHEN r.`referred_on` < DATE '2015-07-01' THEN CASE WHEN r.`referred_on` < DATE '2014-10-01' THEN CASE WHEN r.`referred_on` < DATE '2014-07-01' THEN CASE WHEN r.`referred_on` <= DATE '2014-06-30' THEN 0 END ELSE CASE WHEN r.`referred_on` <= DATE '2014-09-30' THEN 1 END END ELSE CASE WHEN r.`referred_on` < DATE '2015-01-01' THEN CASE WHEN r.`referred_on` <= DATE '2014-12-31' THEN 2 END ELSE CASE WHEN r.`referred_on` < DATE '2015-04-01' THEN CASE WHEN r.`referred_on` <= DATE '2015-03-31' THEN 3 END ELSE CASE WHEN r.`referred_on` <= DATE '2015-06-30' THEN 4 END END END END ELSE CASE WHEN r.`referred_on` < DATE '2016-01-01' THEN CASE WHEN r.`referred_on` < DATE '2015-10-01' THEN CASE WHEN r.`referred_on` <= DATE '2015-09-30' THEN 5 END ELSE CASE WHEN r.`referred_on` <= DATE '2015-12-31' THEN 6 END END ELSE CASE WHEN r.`referred_on` < DATE '2016-04-01' THEN CASE WHEN r.`referred_on` <= DATE '2016-03-31' THEN 7 END ELSE CASE WHEN r.`referred_on` < DATE '2016-07-01' THEN CASE WHEN r.`referred_on` <= DATE '2016-06-30' THEN 8 END ELSE CASE WHEN r.`referred_on` <= DATE '2016-09-30' THEN 9 END END END END END ELSE CASE WHEN r.`referred_on` < DATE '2018-01-01' THEN CASE WHEN r.`referred_on` < DATE '2017-04-01' THEN CASE WHEN r.`referred_on` < DATE '2017-01-01' THEN CASE WHEN r.`referred_on` <= DATE '2016-12-31' THEN 10 END ELSE CASE WHEN r.`referred_on` <= DATE '2017-03-31' THEN 11 END END ELSE CASE WHEN r.`referred_on` < DATE '2017-07-01' THEN CASE WHEN r.`referred_on` <= DATE '2017-06-30' THEN 12 END ELSE CASE WHEN r.`referred_on` < DATE '2017-10-01' THEN CASE WHEN r.`referred_on` <= DATE '2017-09-30' THEN 13 END ELSE CASE WHEN r.`referred_on` <= DATE '2017-12-31' THEN 14 END END END END ELSE CASE WHEN r.`referred_on` < DATE '2018-07-01' THEN CASE WHEN r.`referred_on` < DATE '2018-04-01' THEN CASE WHEN r.`referred_on` <= DATE '2018-03-31' THEN 15 END ELSE CASE WHEN r.`referred_on` <= DATE '2018-06-30' THEN 16 END END ELSE CASE WHEN r.`referred_on` < DATE '2018-10-01' THEN CASE WHEN r.`referred_on` <= DATE '2018-09-30' THEN 17 END ELSE CASE WHEN r.`referred_on` < DATE '2019-01-01' THEN CASE WHEN r.`referred_on` <= DATE '2018-12-31' THEN 18 END ELSE CASE WHEN r.`referred_on` <= DATE '2019-03-31' THEN 19 END END END END END END END AS BIGINT) AS ocf_span,
    r.`pathway` AS ocf_g0,
    (r.`age` >= CAST(18 AS BIGINT)) AS ocf_a2_r,
    ((r.`first_seen_on` IS NOT NULL) AND (r.`first_seen_on` <= date_add(r.`referred_on`, CAST(CAST(126 AS BIGINT) AS INT)))) AS ocf_a2_h,
    ((r.`age` >= CAST(18 AS BIGINT)) AND (r.`first_seen_on` IS NOT NULL)) AS ocf_a5_r,
    CAST(datediff(r.`first_seen_on`, r.`referred_on`) AS BIGINT) AS ocf_a5_v,
    r.`nhs_number` AS ocf_a1_v,
    ((r.`age` >= CAST(18 AS BIGINT)) AND (r.`first_seen_on` IS NOT NULL)) AS ocf_a3_r,
    CAST(datediff(r.`first_seen_on`, r.`referred_on`) AS BIGINT) AS ocf_a3_v,
    ((r.`age` >= CAST(18 AS BIGINT)) AND (r.`first_seen_on` IS NOT NULL)) AS ocf_a4_r,
    CAST(datediff(r.`first_seen_on`, r.`referred_on`) AS BIGINT) AS ocf_a4_v
  FROM `referrals` r),
ocf_cells_0 AS (
  SELECT ocf_span, ocf_g0, ocf_a1_v AS ocf_k1, CASE WHEN ocf_a3_r THEN ocf_a3_v END AS ocf_k3, CASE WHEN ocf_a4_r THEN ocf_a4_v END AS ocf_k4, count(*) AS ocf_all,
    count(*) AS ocf_a0_rows,
    count(*) FILTER (WHERE ocf_a2_r) AS ocf_a2_rows,
    count(*) FILTER (WHERE ocf_a2_r AND ocf_a2_h) AS ocf_a2_hits,
    count(*) FILTER (WHERE ocf_a5_r) AS ocf_a5_rows,
    count(CASE WHEN ocf_a5_r THEN ocf_a5_v END) AS ocf_a5_n,
    count(*) FILTER (WHERE ocf_a5_r AND ocf_a5_v IS NULL) AS ocf_a5_skipped,
    max(CASE WHEN ocf_a5_r THEN ocf_a5_v END) AS ocf_a5_v1,
    count(*) AS ocf_a1_rows,
    count(ocf_a1_v) AS ocf_a1_n,
    count(*) FILTER (WHERE ocf_a3_r) AS ocf_a3_rows,
    count(CASE WHEN ocf_a3_r THEN ocf_a3_v END) AS ocf_a3_n,
    count(*) FILTER (WHERE ocf_a4_r) AS ocf_a4_rows,
    count(CASE WHEN ocf_a4_r THEN ocf_a4_v END) AS ocf_a4_n
  FROM ocf_rows_0
  GROUP BY ocf_span, ocf_g0, ocf_a1_v, CASE WHEN ocf_a3_r THEN ocf_a3_v END, CASE WHEN ocf_a4_r THEN ocf_a4_v END),
ocf_sets_0 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a0_rows) AS BIGINT) AS ocf_a0_rows,
    CAST(sum(ocf_a2_rows) AS BIGINT) AS ocf_a2_rows,
    CAST(sum(ocf_a2_hits) AS BIGINT) AS ocf_a2_hits,
    CAST(sum(ocf_a5_rows) AS BIGINT) AS ocf_a5_rows,
    CAST(sum(ocf_a5_n) AS BIGINT) AS ocf_a5_n,
    CAST(sum(ocf_a5_skipped) AS BIGINT) AS ocf_a5_skipped,
    CAST(max(ocf_a5_v1) AS STRING) AS ocf_a5_v1
  FROM ocf_cells_0
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_1 AS (
  SELECT CAST(CASE WHEN r.`discharged_on` < DATE '2014-04-01' THEN NULL ELSE CASE WHEN r.`discharged_on` < DATE '2016-10-01' THEN CASE WHEN r.`discharged_on` < DATE '2015-07-01' THEN CASE WHEN r.`discharged_on` < DATE '2014-10-01' THEN CASE WHEN r.`discharged_on` < DATE '2014-07-01' THEN CASE WHEN r.`discharged_on` <= DATE '2014-06-30' THEN 0 END ELSE CASE WHEN r.`discharged_on` <= DATE '2014-09-30' THEN 1 END END ELSE CASE WHEN r.`discharged_on` < DATE '2015-01-01' THEN CASE WHEN r.`discharged_on` <= DATE '2014-12-31' THEN 2 END ELSE CASE WHEN r.`discharged_on` < DATE '2015-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2015-03-31' THEN 3 END ELSE CASE WHEN r.`discharged_on` <= DATE '2015-06-30' THEN 4 END END END END ELSE CASE WHEN r.`discharged_on` < DATE '2016-01-01' THEN CASE WHEN r.`discharged_on` < DATE '2015-10-01' THEN CASE WHEN r.`discharged_on` <= DATE '2015-09-30' THEN 5 END ELSE CASE WHEN r.`discharged_on` <= DATE '2015-12-31' THEN 6 END END ELSE CASE WHEN r.`discharged_on` < DATE '2016-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2016-03-31' THEN 7 END ELSE CASE WHEN r.`discharged_on` < DATE '2016-07-01' THEN CASE WHEN r.`discharged_on` <= DATE '2016-06-30' THEN 8 END ELSE CASE WHEN r.`discharged_on` <= DATE '2016-09-30' THEN 9 END END END END END ELSE CASE WHEN r.`discharged_on` < DATE '2018-01-01' THEN CASE WHEN r.`discharged_on` < DATE '2017-04-01' THEN CASE WHEN r.`discharged_on` < DATE '2017-01-01' THEN CASE WHEN r.`discharged_on` <= DATE '2016-12-31' THEN 10 END ELSE CASE WHEN r.`discharged_on` <= DATE '2017-03-31' THEN 11 END END ELSE CASE WHEN r.`discharged_on` < DATE '2017-07-01' THEN CASE WHEN r.`discharged_on` <= DATE '2017-06-30' THEN 12 END ELSE CASE WHEN r.`discharged_on` < DATE '2017-10-01' THEN CASE WHEN r.`discharged_on` <= DATE '2017-09-30' THEN 13 END ELSE CASE WHEN r.`discharged_on` <= DATE '2017-12-31' THEN 14 END END END END ELSE CASE WHEN r.`discharged_on` < DATE '2018-07-01' THEN CASE WHEN r.`discharged_on` < DATE '2018-04-01' THEN CASE WHEN r.`discharged_on` <= DATE '2018-03-31' THEN 15 END ELSE CASE WHEN r.`discharged_on` <= DATE '2018-06-30' THEN 16 END END ELSE CASE WHEN r.`discharged_on` < DATE '2018-10-01' THEN CASE WHEN r.`discharged_on` <= DATE '2018-09-30' THEN 17 END ELSE CASE WHEN r.`discharged_on` < DATE '2019-01-01' THEN CASE WHEN r.`discharged_on` <= DATE '2018-12-31' THEN 18 END ELSE CASE WHEN r.`discharged_on` <= DATE '2019-03-31' THEN 19 END END END END END END END AS BIGINT) AS ocf_span,
    (r.`msk_hq_after` IS NOT NULL) AS ocf_a6_r,
    ((r.`msk_hq_after` IS NOT NULL) AND ((r.`msk_hq_after` - r.`msk_hq_before`) >= CAST(7 AS BIGINT))) AS ocf_a6_h,
    (r.`msk_hq_after` IS NOT NULL) AS ocf_a7_r,
    (r.`msk_hq_after` - r.`msk_hq_before`) AS ocf_a7_v,
    (r.`msk_hq_after` IS NOT NULL) AS ocf_a8_r,
    COALESCE(r.`would_recommend`, FALSE) AS ocf_a8_h,
    r.`msk_hq_before` AS ocf_a9_v
  FROM `proms` r),
ocf_cells_1 AS (
  SELECT ocf_span, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a6_r) AS ocf_a6_rows,
    count(*) FILTER (WHERE ocf_a6_r AND ocf_a6_h) AS ocf_a6_hits,
    count(*) FILTER (WHERE ocf_a7_r) AS ocf_a7_rows,
    count(CASE WHEN ocf_a7_r THEN ocf_a7_v END) AS ocf_a7_n,
    count(*) FILTER (WHERE ocf_a7_r AND ocf_a7_v IS NULL) AS ocf_a7_skipped,
    sum(CAST(CASE WHEN ocf_a7_r THEN ocf_a7_v END AS DECIMAL(38,0))) AS ocf_a7_total,
    count(*) FILTER (WHERE ocf_a8_r) AS ocf_a8_rows,
    count(*) FILTER (WHERE ocf_a8_r AND ocf_a8_h) AS ocf_a8_hits,
    count(*) AS ocf_a9_rows,
    count(ocf_a9_v) AS ocf_a9_n,
    count(*) FILTER (WHERE ocf_a9_v IS NULL) AS ocf_a9_skipped,
    min(ocf_a9_v) AS ocf_a9_v1
  FROM ocf_rows_1
  GROUP BY ocf_span),
ocf_sets_1 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a6_rows) AS BIGINT) AS ocf_a6_rows,
    CAST(sum(ocf_a6_hits) AS BIGINT) AS ocf_a6_hits,
    CAST(sum(ocf_a7_rows) AS BIGINT) AS ocf_a7_rows,
    CAST(sum(ocf_a7_n) AS BIGINT) AS ocf_a7_n,
    CAST(sum(ocf_a7_skipped) AS BIGINT) AS ocf_a7_skipped,
    CAST(sum(ocf_a7_total) AS STRING) AS ocf_a7_total,
    CAST(sum(ocf_a8_rows) AS BIGINT) AS ocf_a8_rows,
    CAST(sum(ocf_a8_hits) AS BIGINT) AS ocf_a8_hits,
    CAST(sum(ocf_a9_rows) AS BIGINT) AS ocf_a9_rows,
    CAST(sum(ocf_a9_n) AS BIGINT) AS ocf_a9_n,
    CAST(sum(ocf_a9_skipped) AS BIGINT) AS ocf_a9_skipped,
    CAST(min(ocf_a9_v1) AS STRING) AS ocf_a9_v1
  FROM ocf_cells_1
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_rows_2 AS (
  SELECT CAST(CASE WHEN r.`month` < DATE '2014-04-01' THEN NULL ELSE CASE WHEN r.`month` < DATE '2016-10-01' THEN CASE WHEN r.`month` < DATE '2015-07-01' THEN CASE WHEN r.`month` < DATE '2014-10-01' THEN CASE WHEN r.`month` < DATE '2014-07-01' THEN CASE WHEN r.`month` <= DATE '2014-06-30' THEN 0 END ELSE CASE WHEN r.`month` <= DATE '2014-09-30' THEN 1 END END ELSE CASE WHEN r.`month` < DATE '2015-01-01' THEN CASE WHEN r.`month` <= DATE '2014-12-31' THEN 2 END ELSE CASE WHEN r.`month` < DATE '2015-04-01' THEN CASE WHEN r.`month` <= DATE '2015-03-31' THEN 3 END ELSE CASE WHEN r.`month` <= DATE '2015-06-30' THEN 4 END END END END ELSE CASE WHEN r.`month` < DATE '2016-01-01' THEN CASE WHEN r.`month` < DATE '2015-10-01' THEN CASE WHEN r.`month` <= DATE '2015-09-30' THEN 5 END ELSE CASE WHEN r.`month` <= DATE '2015-12-31' THEN 6 END END ELSE CASE WHEN r.`month` < DATE '2016-04-01' THEN CASE WHEN r.`month` <= DATE '2016-03-31' THEN 7 END ELSE CASE WHEN r.`month` < DATE '2016-07-01' THEN CASE WHEN r.`month` <= DATE '2016-06-30' THEN 8 END ELSE CASE WHEN r.`month` <= DATE '2016-09-30' THEN 9 END END END END END ELSE CASE WHEN r.`month` < DATE '2018-01-01' THEN CASE WHEN r.`month` < DATE '2017-04-01' THEN CASE WHEN r.`month` < DATE '2017-01-01' THEN CASE WHEN r.`month` <= DATE '2016-12-31' THEN 10 END ELSE CASE WHEN r.`month` <= DATE '2017-03-31' THEN 11 END END ELSE CASE WHEN r.`month` < DATE '2017-07-01' THEN CASE WHEN r.`month` <= DATE '2017-06-30' THEN 12 END ELSE CASE WHEN r.`month` < DATE '2017-10-01' THEN CASE WHEN r.`month` <= DATE '2017-09-30' THEN 13 END ELSE CASE WHEN r.`month` <= DATE '2017-12-31' THEN 14 END END END END ELSE CASE WHEN r.`month` < DATE '2018-07-01' THEN CASE WHEN r.`month` < DATE '2018-04-01' THEN CASE WHEN r.`month` <= DATE '2018-03-31' THEN 15 END ELSE CASE WHEN r.`month` <= DATE '2018-06-30' THEN 16 END END ELSE CASE WHEN r.`month` < DATE '2018-10-01' THEN CASE WHEN r.`month` <= DATE '2018-09-30' THEN 17 END ELSE CASE WHEN r.`month` < DATE '2019-01-01' THEN CASE WHEN r.`month` <= DATE '2018-12-31' THEN 18 END ELSE CASE WHEN r.`month` <= DATE '2019-03-31' THEN 19 END END END END END END END AS BIGINT) AS ocf_span,
    r.`spend` AS ocf_a10_v,
    r.`spend` AS ocf_a11_v
  FROM `finance` r),
ocf_cells_2 AS (
  SELECT ocf_span, count(*) AS ocf_all,
    count(*) AS ocf_a10_rows,
    count(ocf_a10_v) AS ocf_a10_n,
    count(*) FILTER (WHERE ocf_a10_v IS NULL) AS ocf_a10_skipped,
    sum(ocf_a10_v) AS ocf_a10_total,
    count(*) AS ocf_a11_rows,
    count(ocf_a11_v) AS ocf_a11_n,
    count(*) FILTER (WHERE ocf_a11_v IS NULL) AS ocf_a11_skipped,
    sum(ocf_a11_v) AS ocf_a11_total
  FROM ocf_rows_2
  GROUP BY ocf_span),
ocf_sets_2 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 ELSE -1 END AS ocf_gs, CAST(NULL AS STRING) AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a10_rows) AS BIGINT) AS ocf_a10_rows,
    CAST(sum(ocf_a10_n) AS BIGINT) AS ocf_a10_n,
    CAST(sum(ocf_a10_skipped) AS BIGINT) AS ocf_a10_skipped,
    CAST(sum(ocf_a10_total) AS STRING) AS ocf_a10_total,
    CAST(sum(ocf_a11_rows) AS BIGINT) AS ocf_a11_rows,
    CAST(sum(ocf_a11_n) AS BIGINT) AS ocf_a11_n,
    CAST(sum(ocf_a11_skipped) AS BIGINT) AS ocf_a11_skipped,
    CAST(sum(ocf_a11_total) AS STRING) AS ocf_a11_total
  FROM ocf_cells_2
  GROUP BY GROUPING SETS ((ocf_span), ())),
ocf_span_map AS (SELECT CAST(f AS BIGINT) AS f, CAST(x AS BIGINT) AS x FROM (VALUES (0, 20), (0, 21), (1, 21), (2, 21), (3, 21), (0, 22), (1, 22), (2, 22), (3, 22), (4, 22), (5, 22), (6, 22), (7, 22), (8, 22), (9, 22), (10, 22), (11, 22), (12, 22), (13, 22), (14, 22), (15, 22), (16, 22), (17, 22), (18, 22), (19, 22), (1, 23), (2, 24), (3, 25), (4, 26), (4, 27), (5, 27), (6, 27), (7, 27), (5, 28), (6, 29), (7, 30), (8, 31), (8, 32), (9, 32), (10, 32), (11, 32), (9, 33), (10, 34), (11, 35), (12, 36), (12, 37), (13, 37), (14, 37), (15, 37), (13, 38), (14, 39), (15, 40), (16, 41), (16, 42), (17, 42), (18, 42), (19, 42), (17, 43), (18, 44), (19, 45)) AS v(f, x))
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 0 THEN c.ocf_a0_rows WHEN 2 THEN c.ocf_a2_rows WHEN 5 THEN c.ocf_a5_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 2 THEN c.ocf_a2_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 5 THEN c.ocf_a5_skipped END AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CASE k.i WHEN 5 THEN c.ocf_a5_v1 END AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c CROSS JOIN (VALUES (0, -2), (2, 0), (5, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'agg' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(count(q.v) AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k1 AS v, sum(c.ocf_a1_rows) AS r, sum(c.ocf_a1_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k1) q GROUP BY q.x, q.g
UNION ALL
SELECT 'agg' AS kind, CAST(3 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 90) div (100) THEN q.v END) AS STRING) AS v1, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 90) div (100) + 1 THEN q.v END) AS STRING) AS v2
FROM (SELECT h.x, h.g, h.v, h.r, h.nn, sum(h.nn) OVER (PARTITION BY h.x, h.g ORDER BY h.v ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, sum(h.nn) OVER (PARTITION BY h.x, h.g) AS tot FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k3 AS v, sum(c.ocf_a3_rows) AS r, sum(c.ocf_a3_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k3) h) q GROUP BY q.x, q.g
UNION ALL
SELECT 'agg' AS kind, CAST(4 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 50) div (100) THEN q.v END) AS STRING) AS v1, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 50) div (100) + 1 THEN q.v END) AS STRING) AS v2
FROM (SELECT h.x, h.g, h.v, h.r, h.nn, sum(h.nn) OVER (PARTITION BY h.x, h.g ORDER BY h.v ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, sum(h.nn) OVER (PARTITION BY h.x, h.g) AS tot FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k4 AS v, sum(c.ocf_a4_rows) AS r, sum(c.ocf_a4_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k4) h) q GROUP BY q.x, q.g
UNION ALL
SELECT 'presence' AS kind, CAST(0 AS BIGINT) AS item, CAST(5 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 6 THEN c.ocf_a6_rows WHEN 7 THEN c.ocf_a7_rows WHEN 8 THEN c.ocf_a8_rows WHEN 9 THEN c.ocf_a9_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 6 THEN c.ocf_a6_hits WHEN 8 THEN c.ocf_a8_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 7 THEN c.ocf_a7_n WHEN 9 THEN c.ocf_a9_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 7 THEN c.ocf_a7_skipped WHEN 9 THEN c.ocf_a9_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 7 THEN c.ocf_a7_total END AS total, CASE k.i WHEN 9 THEN c.ocf_a9_v1 END AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c CROSS JOIN (VALUES (6, -2), (7, -2), (8, -2), (9, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'table' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(1 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 10 THEN c.ocf_a10_rows WHEN 11 THEN c.ocf_a11_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 10 THEN c.ocf_a10_n WHEN 11 THEN c.ocf_a11_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 10 THEN c.ocf_a10_skipped WHEN 11 THEN c.ocf_a11_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 10 THEN c.ocf_a10_total WHEN 11 THEN c.ocf_a11_total END AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c CROSS JOIN (VALUES (10, -2), (11, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'table' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -3
