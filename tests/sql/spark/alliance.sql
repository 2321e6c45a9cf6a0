-- ocf sql --dialect spark: the aggregates of "East Staffordshire long-term conditions and frailty alliance"
-- Its result is read by `ocf run --aggregates` (docs/warehouse.md). Spans:
--   0 2015-04-01 to 2016-03-31
--   1 2016-04-01 to 2016-06-30
--   2 2016-07-01 to 2016-09-30
--   3 2016-10-01 to 2016-12-31
--   4 2017-01-01 to 2017-03-31
--   5 2017-04-01 to 2017-06-30
--   6 2017-07-01 to 2017-09-30
--   7 2017-10-01 to 2017-12-31
--   8 2018-01-01 to 2018-03-31
--   9 2018-04-01 to 2018-06-30
--   10 2018-07-01 to 2018-09-30
--   11 2018-10-01 to 2018-12-31
--   12 2019-01-01 to 2019-03-31
--   13 2019-04-01 to 2019-06-30
--   14 2019-07-01 to 2019-09-30
--   15 2019-10-01 to 2019-12-31
--   16 2020-01-01 to 2020-03-31
--   17 2020-04-01 to 2020-06-30
--   18 2020-07-01 to 2020-09-30
--   19 2020-10-01 to 2020-12-31
--   20 2021-01-01 to 2021-03-31
--   21 2021-04-01 to 2021-06-30
--   22 2021-07-01 to 2021-09-30
--   23 2021-10-01 to 2021-12-31
--   24 2022-01-01 to 2022-03-31
--   25 2022-04-01 to 2022-06-30
--   26 2022-07-01 to 2022-09-30
--   27 2022-10-01 to 2022-12-31
--   28 2023-01-01 to 2023-03-31
--   29 2015-04-01 to 2016-03-31 (baseline)
--   30 2016-04-01 to 2016-06-30 (2016/17 Q1)
--   31 2016-04-01 to 2017-03-31 (2016/17)
--   32 2016-04-01 to 2023-03-31 (term)
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
--   46 2019-04-01 to 2019-06-30 (2019/20 Q1)
--   47 2019-04-01 to 2020-03-31 (2019/20)
--   48 2019-07-01 to 2019-09-30 (2019/20 Q2)
--   49 2019-10-01 to 2019-12-31 (2019/20 Q3)
--   50 2020-01-01 to 2020-03-31 (2019/20 Q4)
--   51 2020-04-01 to 2020-06-30 (2020/21 Q1)
--   52 2020-04-01 to 2021-03-31 (2020/21)
--   53 2020-07-01 to 2020-09-30 (2020/21 Q2)
--   54 2020-10-01 to 2020-12-31 (2020/21 Q3)
--   55 2021-01-01 to 2021-03-31 (2020/21 Q4)
--   56 2021-04-01 to 2021-06-30 (2021/22 Q1)
--   57 2021-04-01 to 2022-03-31 (2021/22)
--   58 2021-07-01 to 2021-09-30 (2021/22 Q2)
--   59 2021-10-01 to 2021-12-31 (2021/22 Q3)
--   60 2022-01-01 to 2022-03-31 (2021/22 Q4)
--   61 2022-04-01 to 2022-06-30 (2022/23 Q1)
--   62 2022-04-01 to 2023-03-31 (2022/23)
--   63 2022-07-01 to 2022-09-30 (2022/23 Q2)
--   64 2022-10-01 to 2022-12-31 (2022/23 Q3)
--   65 2023-01-01 to 2023-03-31 (2022/23 Q4)
SET spark.sql.ansi.enabled = true;
SET spark.sql.decimalOperations.allowPrecisionLoss = false;
WITH
ocf_rows_0 AS (
  SELECT CAST(CASE WHEN r.`reviewed_on` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`reviewed_on` < DATE '2019-07-01' THEN CASE WHEN r.`reviewed_on` < DATE '2017-10-01' THEN CASE WHEN r.`reviewed_on` < DATE '2016-10-01' THEN CASE WHEN r.`reviewed_on` < DATE '2016-04-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`reviewed_on` < DATE '2016-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2016-06-30' THEN 1 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2016-09-30' THEN 2 END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2017-04-01' THEN CASE WHEN r.`reviewed_on` < DATE '2017-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2016-12-31' THEN 3 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2017-03-31' THEN 4 END END ELSE CASE WHEN r.`reviewed_on` < DATE '2017-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2017-06-30' THEN 5 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2017-09-30' THEN 6 END END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2018-07-01' THEN CASE WHEN r.`reviewed_on` < DATE '2018-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2017-12-31' THEN 7 END ELSE CASE WHEN r.`reviewed_on` < DATE '2018-04-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2018-03-31' THEN 8 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2018-06-30' THEN 9 END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2019-01-01' THEN CASE WHEN r.`reviewed_on` < DATE '2018-10-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2018-09-30' THEN 10 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2018-12-31' THEN 11 END END ELSE CASE WHEN r.`reviewed_on` < DATE '2019-04-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2019-03-31' THEN 12 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2019-06-30' THEN 13 END END END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2021-04-01' THEN CASE WHEN r.`reviewed_on` < DATE '2020-04-01' THEN CASE WHEN r.`reviewed_on` < DATE '2019-10-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2019-09-30' THEN 14 END ELSE CASE WHEN r.`reviewed_on` < DATE '2020-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2019-12-31' THEN 15 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2020-03-31' THEN 16 END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2020-10-01' THEN CASE WHEN r.`reviewed_on` < DATE '2020-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2020-06-30' THEN 17 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2020-09-30' THEN 18 END END ELSE CASE WHEN r.`reviewed_on` < DATE '2021-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2020-12-31' THEN 19 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2021-03-31' THEN 20 END END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2022-04-01' THEN CASE WHEN r.`reviewed_on` < DATE '2021-10-01' THEN CASE WHEN r.`reviewed_on` < DATE '2021-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2021-06-30' THEN 21 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2021-09-30' THEN 22 END END ELSE CASE WHEN r.`reviewed_on` < DATE '2022-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2021-12-31' THEN 23 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2022-03-31' THEN 24 END END END ELSE CASE WHEN r.`reviewed_on` < DATE '2022-10-01' THEN CASE WHEN r.`reviewed_on` < DATE '2022-07-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2022-06-30' THEN 25 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2022-09-30' THEN 26 END END ELSE CASE WHEN r.`reviewed_on` < DATE '2023-01-01' THEN CASE WHEN r.`reviewed_on` <= DATE '2022-12-31' THEN 27 END ELSE CASE WHEN r.`reviewed_on` <= DATE '2023-03-31' THEN 28 END END END END END END END AS BIGINT) AS ocf_span,
    r.`provider` AS ocf_g0,
    r.`care_plan_agreed` AS ocf_a1_h,
    (r.`condition` = 'diabetes') AS ocf_a2_r,
    COALESCE(r.`foot_check`, FALSE) AS ocf_a2_h,
    (r.`condition` = 'diabetes') AS ocf_a3_r,
    ((r.`hba1c` IS NOT NULL) AND (r.`hba1c` <= CAST(58.0 AS DECIMAL(3,1)))) AS ocf_a3_h,
    (r.`condition` = 'diabetes') AS ocf_a4_r,
    (r.`hba1c` IS NOT NULL) AS ocf_a4_h,
    r.`nhs_number` AS ocf_a0_v,
    (r.`condition` = 'diabetes') AS ocf_a5_r,
    r.`hba1c` AS ocf_a5_v
  FROM `reviews` r),
ocf_cells_0 AS (
  SELECT ocf_span, ocf_g0, ocf_a0_v AS ocf_k0, CASE WHEN ocf_a5_r THEN ocf_a5_v END AS ocf_k5, count(*) AS ocf_all,
    count(*) AS ocf_a1_rows,
    count(*) FILTER (WHERE ocf_a1_h) AS ocf_a1_hits,
    count(*) FILTER (WHERE ocf_a2_r) AS ocf_a2_rows,
    count(*) FILTER (WHERE ocf_a2_r AND ocf_a2_h) AS ocf_a2_hits,
    count(*) FILTER (WHERE ocf_a3_r) AS ocf_a3_rows,
    count(*) FILTER (WHERE ocf_a3_r AND ocf_a3_h) AS ocf_a3_hits,
    count(*) FILTER (WHERE ocf_a4_r) AS ocf_a4_rows,
    count(*) FILTER (WHERE ocf_a4_r AND ocf_a4_h) AS ocf_a4_hits,
    count(*) AS ocf_a0_rows,
    count(ocf_a0_v) AS ocf_a0_n,
    count(*) FILTER (WHERE ocf_a5_r) AS ocf_a5_rows,
    count(CASE WHEN ocf_a5_r THEN ocf_a5_v END) AS ocf_a5_n
  FROM ocf_rows_0
  GROUP BY ocf_span, ocf_g0, ocf_a0_v, CASE WHEN ocf_a5_r THEN ocf_a5_v END),
ocf_sets_0 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a1_rows) AS BIGINT) AS ocf_a1_rows,
    CAST(sum(ocf_a1_hits) AS BIGINT) AS ocf_a1_hits,
    CAST(sum(ocf_a2_rows) AS BIGINT) AS ocf_a2_rows,
    CAST(sum(ocf_a2_hits) AS BIGINT) AS ocf_a2_hits,
    CAST(sum(ocf_a3_rows) AS BIGINT) AS ocf_a3_rows,
    CAST(sum(ocf_a3_hits) AS BIGINT) AS ocf_a3_hits,
    CAST(sum(ocf_a4_rows) AS BIGINT) AS ocf_a4_rows,
    CAST(sum(ocf_a4_hits) AS BIGINT) AS ocf_a4_hits
  FROM ocf_cells_0
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_1 AS (
  SELECT CAST(CASE WHEN r.`admitted_on` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`admitted_on` < DATE '2019-07-01' THEN CASE WHEN r.`admitted_on` < DATE '2017-10-01' THEN CASE WHEN r.`admitted_on` < DATE '2016-10-01' THEN CASE WHEN r.`admitted_on` < DATE '2016-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`admitted_on` < DATE '2016-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2016-06-30' THEN 1 END ELSE CASE WHEN r.`admitted_on` <= DATE '2016-09-30' THEN 2 END END END ELSE CASE WHEN r.`admitted_on` < DATE '2017-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2017-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2016-12-31' THEN 3 END ELSE CASE WHEN r.`admitted_on` <= DATE '2017-03-31' THEN 4 END END ELSE CASE WHEN r.`admitted_on` < DATE '2017-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2017-06-30' THEN 5 END ELSE CASE WHEN r.`admitted_on` <= DATE '2017-09-30' THEN 6 END END END END ELSE CASE WHEN r.`admitted_on` < DATE '2018-07-01' THEN CASE WHEN r.`admitted_on` < DATE '2018-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2017-12-31' THEN 7 END ELSE CASE WHEN r.`admitted_on` < DATE '2018-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2018-03-31' THEN 8 END ELSE CASE WHEN r.`admitted_on` <= DATE '2018-06-30' THEN 9 END END END ELSE CASE WHEN r.`admitted_on` < DATE '2019-01-01' THEN CASE WHEN r.`admitted_on` < DATE '2018-10-01' THEN CASE WHEN r.`admitted_on` <= DATE '2018-09-30' THEN 10 END ELSE CASE WHEN r.`admitted_on` <= DATE '2018-12-31' THEN 11 END END ELSE CASE WHEN r.`admitted_on` < DATE '2019-04-01' THEN CASE WHEN r.`admitted_on` <= DATE '2019-03-31' THEN 12 END ELSE CASE WHEN r.`admitted_on` <= DATE '2019-06-30' THEN 13 END END END END END ELSE CASE WHEN r.`admitted_on` < DATE '2021-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2020-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2019-10-01' THEN CASE WHEN r.`admitted_on` <= DATE '2019-09-30' THEN 14 END ELSE CASE WHEN r.`admitted_on` < DATE '2020-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2019-12-31' THEN 15 END ELSE CASE WHEN r.`admitted_on` <= DATE '2020-03-31' THEN 16 END END END ELSE CASE WHEN r.`admitted_on` < DATE '2020-10-01' THEN CASE WHEN r.`admitted_on` < DATE '2020-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2020-06-30' THEN 17 END ELSE CASE WHEN r.`admitted_on` <= DATE '2020-09-30' THEN 18 END END ELSE CASE WHEN r.`admitted_on` < DATE '2021-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2020-12-31' THEN 19 END ELSE CASE WHEN r.`admitted_on` <= DATE '2021-03-31' THEN 20 END END END END ELSE CASE WHEN r.`admitted_on` < DATE '2022-04-01' THEN CASE WHEN r.`admitted_on` < DATE '2021-10-01' THEN CASE WHEN r.`admitted_on` < DATE '2021-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2021-06-30' THEN 21 END ELSE CASE WHEN r.`admitted_on` <= DATE '2021-09-30' THEN 22 END END ELSE CASE WHEN r.`admitted_on` < DATE '2022-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2021-12-31' THEN 23 END ELSE CASE WHEN r.`admitted_on` <= DATE '2022-03-31' THEN 24 END END END ELSE CASE WHEN r.`admitted_on` < DATE '2022-10-01' THEN CASE WHEN r.`admitted_on` < DATE '2022-07-01' THEN CASE WHEN r.`admitted_on` <= DATE '2022-06-30' THEN 25 END ELSE CASE WHEN r.`admitted_on` <= DATE '2022-09-30' THEN 26 END END ELSE CASE WHEN r.`admitted_on` < DATE '2023-01-01' THEN CASE WHEN r.`admitted_on` <= DATE '2022-12-31' THEN 27 END ELSE CASE WHEN r.`admitted_on` <= DATE '2023-03-31' THEN 28 END END END END END END END AS BIGINT) AS ocf_span,
    r.`provider` AS ocf_g0,
    (r.`condition` = 'diabetes') AS ocf_a6_r,
    r.`amputation` AS ocf_a6_h,
    (r.`discharged_on` IS NOT NULL) AS ocf_a7_r,
    CAST(datediff(r.`discharged_on`, r.`admitted_on`) AS BIGINT) AS ocf_a7_v
  FROM `admissions` r),
ocf_cells_1 AS (
  SELECT ocf_span, ocf_g0, count(*) AS ocf_all,
    count(*) FILTER (WHERE ocf_a6_r) AS ocf_a6_rows,
    count(*) FILTER (WHERE ocf_a6_r AND ocf_a6_h) AS ocf_a6_hits,
    count(*) FILTER (WHERE ocf_a7_r) AS ocf_a7_rows,
    count(CASE WHEN ocf_a7_r THEN ocf_a7_v END) AS ocf_a7_n,
    count(*) FILTER (WHERE ocf_a7_r AND ocf_a7_v IS NULL) AS ocf_a7_skipped,
    sum(CAST(CASE WHEN ocf_a7_r THEN ocf_a7_v END AS DECIMAL(38,0))) AS ocf_a7_total,
    count(*) AS ocf_a8_rows
  FROM ocf_rows_1
  GROUP BY ocf_span, ocf_g0),
ocf_sets_1 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a6_rows) AS BIGINT) AS ocf_a6_rows,
    CAST(sum(ocf_a6_hits) AS BIGINT) AS ocf_a6_hits,
    CAST(sum(ocf_a7_rows) AS BIGINT) AS ocf_a7_rows,
    CAST(sum(ocf_a7_n) AS BIGINT) AS ocf_a7_n,
    CAST(sum(ocf_a7_skipped) AS BIGINT) AS ocf_a7_skipped,
    CAST(sum(ocf_a7_total) AS STRING) AS ocf_a7_total,
    CAST(sum(ocf_a8_rows) AS BIGINT) AS ocf_a8_rows
  FROM ocf_cells_1
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_rows_2 AS (
  SELECT CAST(CASE WHEN r.`month` < DATE '2015-04-01' THEN NULL ELSE CASE WHEN r.`month` < DATE '2019-07-01' THEN CASE WHEN r.`month` < DATE '2017-10-01' THEN CASE WHEN r.`month` < DATE '2016-10-01' THEN CASE WHEN r.`month` < DATE '2016-04-01' THEN CASE WHEN r.`month` <= DATE '2016-03-31' THEN 0 END ELSE CASE WHEN r.`month` < DATE '2016-07-01' THEN CASE WHEN r.`month` <= DATE '2016-06-30' THEN 1 END ELSE CASE WHEN r.`month` <= DATE '2016-09-30' THEN 2 END END END ELSE CASE WHEN r.`month` < DATE '2017-04-01' THEN CASE WHEN r.`month` < DATE '2017-01-01' THEN CASE WHEN r.`month` <= DATE '2016-12-31' THEN 3 END ELSE CASE WHEN r.`month` <= DATE '2017-03-31' THEN 4 END END ELSE CASE WHEN r.`month` < DATE '2017-07-01' THEN CASE WHEN r.`month` <= DATE '2017-06-30' THEN 5 END ELSE CASE WHEN r.`month` <= DATE '2017-09-30' THEN 6 END END END END ELSE CASE WHEN r.`month` < DATE '2018-07-01' THEN CASE WHEN r.`month` < DATE '2018-01-01' THEN CASE WHEN r.`month` <= DATE '2017-12-31' THEN 7 END ELSE CASE WHEN r.`month` < DATE '2018-04-01' THEN CASE WHEN r.`month` <= DATE '2018-03-31' THEN 8 END ELSE CASE WHEN r.`month` <= DATE '2018-06-30' THEN 9 END END END ELSE CASE WHEN r.`month` < DATE '2019-01-01' THEN CASE WHEN r.`month` < DATE '2018-10-01' THEN CASE WHEN r.`month` <= DATE '2018-09-30' THEN 10 END ELSE CASE WHEN r.`month` <= DATE '2018-12-31' THEN 11 END END ELSE CASE WHEN r.`month` < DATE '2019-04-01' THEN CASE WHEN r.`month` <= DATE '2019-03-31' THEN 12 END ELSE CASE WHEN r.`month` <= DATE '2019-06-30' THEN 13 END END END END END ELSE CASE WHEN r.`month` < DATE '2021-04-01' THEN CASE WHEN r.`month` < DATE '2020-04-01' THEN CASE WHEN r.`month` < DATE '2019-10-01' THEN CASE WHEN r.`month` <= DATE '2019-09-30' THEN 14 END ELSE CASE WHEN r.`month` < DATE '2020-01-01' THEN CASE WHEN r.`month` <= DATE '2019-12-31' THEN 15 END ELSE CASE WHEN r.`month` <= DATE '2020-03-31' THEN 16 END END END ELSE CASE WHEN r.`month` < DATE '2020-10-01' THEN CASE WHEN r.`month` < DATE '2020-07-01' THEN CASE WHEN r.`month` <= DATE '2020-06-30' THEN 17 END ELSE CASE WHEN r.`month` <= DATE '2020-09-30' THEN 18 END END ELSE CASE WHEN r.`month` < DATE '2021-01-01' THEN CASE WHEN r.`month` <= DATE '2020-12-31' THEN 19 END ELSE CASE WHEN r.`month` <= DATE '2021-03-31' THEN 20 END END END END ELSE CASE WHEN r.`month` < DATE '2022-04-01' THEN CASE WHEN r.`month` < DATE '2021-10-01' THEN CASE WHEN r.`month` < DATE '2021-07-01' THEN CASE WHEN r.`month` <= DATE '2021-06-30' THEN 21 END ELSE CASE WHEN r.`month` <= DATE '2021-09-30' THEN 22 END END ELSE CASE WHEN r.`month` < DATE '2022-01-01' THEN CASE WHEN r.`month` <= DATE '2021-12-31' THEN 23 END ELSE CASE WHEN r.`month` <= DATE '2022-03-31' THEN 24 END END END ELSE CASE WHEN r.`month` < DATE '2022-10-01' THEN CASE WHEN r.`month` < DATE '2022-07-01' THEN CASE WHEN r.`month` <= DATE '2022-06-30' THEN 25 END ELSE CASE WHEN r.`month` <= DATE '2022-09-30' THEN 26 END END ELSE CASE WHEN r.`month` < DATE '2023-01-01' THEN CASE WHEN r.`month` <= DATE '2022-12-31' THEN 27 END ELSE CASE WHEN r.`month` <= DATE '2023-03-31' THEN 28 END END END END END END END AS BIGINT) AS ocf_span,
    r.`provider` AS ocf_g0,
    r.`spend` AS ocf_a9_v
  FROM `ledger` r),
ocf_cells_2 AS (
  SELECT ocf_span, ocf_g0, count(*) AS ocf_all,
    count(*) AS ocf_a9_rows,
    count(ocf_a9_v) AS ocf_a9_n,
    count(*) FILTER (WHERE ocf_a9_v IS NULL) AS ocf_a9_skipped,
    sum(ocf_a9_v) AS ocf_a9_total
  FROM ocf_rows_2
  GROUP BY ocf_span, ocf_g0),
ocf_sets_2 AS (
  SELECT ocf_span, CASE WHEN GROUPING(ocf_span) = 1 THEN -3 WHEN GROUPING(ocf_g0) = 0 THEN 0 ELSE -1 END AS ocf_gs, CASE WHEN GROUPING(ocf_g0) = 0 THEN ocf_g0 END AS ocf_g, COALESCE(CAST(sum(ocf_all) AS BIGINT), 0) AS ocf_all,
    CAST(sum(ocf_a9_rows) AS BIGINT) AS ocf_a9_rows,
    CAST(sum(ocf_a9_n) AS BIGINT) AS ocf_a9_n,
    CAST(sum(ocf_a9_skipped) AS BIGINT) AS ocf_a9_skipped,
    CAST(sum(ocf_a9_total) AS STRING) AS ocf_a9_total
  FROM ocf_cells_2
  GROUP BY GROUPING SETS ((ocf_span), (ocf_span, ocf_g0), ())),
ocf_span_map AS (SELECT CAST(f AS BIGINT) AS f, CAST(x AS BIGINT) AS x FROM (VALUES (0, 29), (1, 30), (1, 31), (2, 31), (3, 31), (4, 31), (1, 32), (2, 32), (3, 32), (4, 32), (5, 32), (6, 32), (7, 32), (8, 32), (9, 32), (10, 32), (11, 32), (12, 32), (13, 32), (14, 32), (15, 32), (16, 32), (17, 32), (18, 32), (19, 32), (20, 32), (21, 32), (22, 32), (23, 32), (24, 32), (25, 32), (26, 32), (27, 32), (28, 32), (2, 33), (3, 34), (4, 35), (5, 36), (5, 37), (6, 37), (7, 37), (8, 37), (6, 38), (7, 39), (8, 40), (9, 41), (9, 42), (10, 42), (11, 42), (12, 42), (10, 43), (11, 44), (12, 45), (13, 46), (13, 47), (14, 47), (15, 47), (16, 47), (14, 48), (15, 49), (16, 50), (17, 51), (17, 52), (18, 52), (19, 52), (20, 52), (18, 53), (19, 54), (20, 55), (21, 56), (21, 57), (22, 57), (23, 57), (24, 57), (22, 58), (23, 59), (24, 60), (25, 61), (25, 62), (26, 62), (27, 62), (28, 62), (26, 63), (27, 64), (28, 65)) AS v(f, x))
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_rows WHEN 2 THEN c.ocf_a2_rows WHEN 3 THEN c.ocf_a3_rows WHEN 4 THEN c.ocf_a4_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 1 THEN c.ocf_a1_hits WHEN 2 THEN c.ocf_a2_hits WHEN 3 THEN c.ocf_a3_hits WHEN 4 THEN c.ocf_a4_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS n, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c CROSS JOIN (VALUES (1, 0), (2, 0), (3, 0), (4, -2)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'agg' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(count(q.v) AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k0 AS v, sum(c.ocf_a0_rows) AS r, sum(c.ocf_a0_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k0) q GROUP BY q.x, q.g
UNION ALL
SELECT 'agg' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 1 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(count(q.v) AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM (SELECT m.x AS x, c.ocf_g0 AS g, c.ocf_k0 AS v, sum(c.ocf_a0_rows) AS r, sum(c.ocf_a0_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span WHERE c.ocf_g0 IS NOT NULL GROUP BY m.x, c.ocf_g0, c.ocf_k0) q GROUP BY q.x, q.g
UNION ALL
SELECT 'agg' AS kind, CAST(5 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, 0 AS is_group, CAST(sum(q.r) AS BIGINT) AS rows, CAST(0 AS BIGINT) AS hits, CAST(sum(q.nn) AS BIGINT) AS n, CAST(sum(q.r) - sum(q.nn) AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 50) div (100) THEN q.v END) AS STRING) AS v1, CAST(min(CASE WHEN q.v IS NOT NULL AND q.cum > ((q.tot - 1) * 50) div (100) + 1 THEN q.v END) AS STRING) AS v2
FROM (SELECT h.x, h.g, h.v, h.r, h.nn, sum(h.nn) OVER (PARTITION BY h.x, h.g ORDER BY h.v ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, sum(h.nn) OVER (PARTITION BY h.x, h.g) AS tot FROM (SELECT m.x AS x, CAST(NULL AS STRING) AS g, c.ocf_k5 AS v, sum(c.ocf_a5_rows) AS r, sum(c.ocf_a5_n) AS nn FROM ocf_cells_0 c JOIN ocf_span_map m ON m.f = c.ocf_span GROUP BY m.x, c.ocf_k5) h) q GROUP BY q.x, q.g
UNION ALL
SELECT 'presence' AS kind, CAST(0 AS BIGINT) AS item, CAST(2 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(0 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_0 c WHERE c.ocf_gs = -3
UNION ALL
SELECT 'agg' AS kind, CAST(k.i AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,
  COALESCE(CAST(CASE k.i WHEN 6 THEN c.ocf_a6_rows WHEN 7 THEN c.ocf_a7_rows WHEN 8 THEN c.ocf_a8_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CASE k.i WHEN 6 THEN c.ocf_a6_hits END AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 7 THEN c.ocf_a7_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 7 THEN c.ocf_a7_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 7 THEN c.ocf_a7_total END AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_1 c CROSS JOIN (VALUES (6, -2), (7, -2), (8, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
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
  COALESCE(CAST(CASE k.i WHEN 9 THEN c.ocf_a9_rows END AS BIGINT), 0) AS rows, COALESCE(CAST(CAST(0 AS BIGINT) AS BIGINT), 0) AS hits, COALESCE(CAST(CASE k.i WHEN 9 THEN c.ocf_a9_n END AS BIGINT), 0) AS n, COALESCE(CAST(CASE k.i WHEN 9 THEN c.ocf_a9_skipped END AS BIGINT), 0) AS skipped, CASE k.i WHEN 9 THEN c.ocf_a9_total END AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c CROSS JOIN (VALUES (9, 0)) AS k(i, g)
WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))
UNION ALL
SELECT 'presence' AS kind, CAST(2 AS BIGINT) AS item, CAST(0 AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = 0 AND c.ocf_g IS NOT NULL
UNION ALL
SELECT 'table' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -1
UNION ALL
SELECT 'total' AS kind, CAST(2 AS BIGINT) AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, CAST(NULL AS STRING) AS grp, 0 AS is_group, c.ocf_all AS rows, CAST(0 AS BIGINT) AS hits, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS skipped, CAST(NULL AS STRING) AS total, CAST(NULL AS STRING) AS v1, CAST(NULL AS STRING) AS v2
FROM ocf_sets_2 c WHERE c.ocf_gs = -3
