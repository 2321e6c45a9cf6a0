-- bench/episodes.ocf's questions written by hand for PostgreSQL, the baseline
-- of bench/warehouse_bench.sh: every measure, for each of the 250 providers
-- and for all of them, in each contract year (2019 .. 2023) and over the term.
--
-- One scan of the table into a histogram of lengths of stay per provider and
-- year (about 76,000 groups at most, since a stay is 0 to 60 whole days) with
-- the filtered counts and sums beside each bucket; everything else is worked
-- out from that small histogram: the roll-ups to all providers and to the
-- term by GROUPING SETS, the mean from the stays' sum, the median
-- (PERCENTILE.INC at 0.5, ocf's) from the cumulative counts. The scan is a
-- plain GROUP BY, so PostgreSQL can run it in parallel (GROUPING SETS cannot
-- be aggregated partially by parallel workers).
--
-- Exact, as ocf is: costs are NUMERIC, counts integers, and a mean or a
-- rate is an integer ratio rounded to 18 decimals, half to even.
CREATE FUNCTION pg_temp.ratio18(n numeric, d numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED AS $$
  SELECT CASE WHEN d = 0 THEN NULL
         ELSE (q + CASE WHEN 2 * r > d OR (2 * r = d AND mod(q, 2) = 1) THEN 1 ELSE 0 END) * 0.000000000000000001 END
  FROM (SELECT div(n * 1000000000000000000, d) AS q, mod(n * 1000000000000000000, d) AS r) AS x $$;

WITH histogram AS (
  SELECT provider,
         CASE WHEN admission_date < DATE '2020-01-01' THEN 2019
              WHEN admission_date < DATE '2021-01-01' THEN 2020
              WHEN admission_date < DATE '2022-01-01' THEN 2021
              WHEN admission_date < DATE '2023-01-01' THEN 2022
              ELSE 2023 END AS year,
         length_of_stay AS stay,
         count(*) AS episodes,
         count(*) FILTER (WHERE emergency AND age >= 65) AS older_emergencies,
         count(*) FILTER (WHERE readmitted_30d) AS readmitted,
         sum(cost) FILTER (WHERE emergency) AS emergency_cost
  FROM episodes
  WHERE admission_date BETWEEN DATE '2019-01-01' AND DATE '2023-12-31'
  GROUP BY 1, 2, 3
), rolled AS (  -- provider null: all providers; period 'term': the whole term
  SELECT CASE WHEN GROUPING(provider) = 1 THEN NULL ELSE provider END AS provider,
         CASE WHEN GROUPING(year) = 1 THEN 'term' ELSE year::text END AS period,
         stay, sum(episodes) AS episodes, sum(older_emergencies) AS older_emergencies,
         sum(readmitted) AS readmitted, sum(emergency_cost) AS emergency_cost
  FROM histogram
  GROUP BY GROUPING SETS ((provider, year, stay), (provider, stay), (year, stay), (stay))
), ranked AS (  -- up_to: episodes with this stay or a shorter one; total: all of them
  SELECT *, sum(episodes) OVER (PARTITION BY provider, period ORDER BY stay) AS up_to,
         sum(episodes) OVER (PARTITION BY provider, period) AS total
  FROM rolled
)
SELECT provider, period,
       sum(older_emergencies) AS older_emergencies,
       pg_temp.ratio18(sum(readmitted), total) AS readmission_rate,
       pg_temp.ratio18(sum(stay * episodes), total) AS mean_stay,
       -- the values at ranks floor((n-1)/2) and floor(n/2), counted from 0, halved
       (min(stay) FILTER (WHERE up_to > (total - 1) / 2) + min(stay) FILTER (WHERE up_to > total / 2)) / 2.0
         AS median_stay,
       coalesce(sum(emergency_cost), 0) AS emergency_cost
FROM ranked
GROUP BY provider, period, total;
