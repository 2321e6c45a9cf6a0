-- bench/episodes.ocf's questions written by hand for PostgreSQL, the plain
-- way (bench/warehouse_bench.sh times it beside handwritten.sql): one GROUP BY
-- GROUPING SETS query over the table, a FILTER clause per condition, the
-- median by percentile_cont.
--
-- percentile_cont computes in float8, which is exact here only because a
-- length of stay is a whole number of days below 2^53 (the median is then a
-- multiple of 1/2); ocf's generated SQL cannot assume that. Costs are
-- NUMERIC; a mean or a rate is an integer ratio rounded to 18 decimals, half
-- to even, as ocf does.
CREATE FUNCTION pg_temp.ratio18(n numeric, d numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED AS $$
  SELECT CASE WHEN d = 0 THEN NULL
         ELSE (q + CASE WHEN 2 * r > d OR (2 * r = d AND mod(q, 2) = 1) THEN 1 ELSE 0 END) * 0.000000000000000001 END
  FROM (SELECT div(n * 1000000000000000000, d) AS q, mod(n * 1000000000000000000, d) AS r) AS x $$;

SELECT provider, period, older_emergencies,
       pg_temp.ratio18(readmitted, episodes) AS readmission_rate,
       pg_temp.ratio18(stay_days, episodes) AS mean_stay,
       median_stay::numeric AS median_stay,
       emergency_cost
FROM (
  SELECT CASE WHEN GROUPING(provider) = 1 THEN NULL ELSE provider END AS provider,
         CASE WHEN GROUPING(year) = 1 THEN 'term' ELSE year::text END AS period,
         count(*) FILTER (WHERE emergency AND age >= 65) AS older_emergencies,
         count(*) FILTER (WHERE readmitted_30d) AS readmitted,
         count(*) AS episodes,
         sum(length_of_stay) AS stay_days,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY length_of_stay) AS median_stay,
         coalesce(sum(cost) FILTER (WHERE emergency), 0) AS emergency_cost
  FROM (SELECT *, CASE WHEN admission_date < DATE '2020-01-01' THEN 2019
                       WHEN admission_date < DATE '2021-01-01' THEN 2020
                       WHEN admission_date < DATE '2022-01-01' THEN 2021
                       WHEN admission_date < DATE '2023-01-01' THEN 2022
                       ELSE 2023 END AS year
        FROM episodes
        WHERE admission_date BETWEEN DATE '2019-01-01' AND DATE '2023-12-31') AS e
  GROUP BY GROUPING SETS ((provider, year), (provider), (year), ())
) AS totals;
