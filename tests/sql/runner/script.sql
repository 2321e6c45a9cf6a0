-- One SELECT: every kind of value the runner must write exactly.
SELECT
  patient,
  seen,
  visits,
  cost,
  urgent,
  note,
  note IS NULL AS note_missing,
  length(note) AS note_length,
  CAST(NULL AS VARCHAR) AS nothing,
  sum(visits) OVER () AS all_visits,
  (SELECT sum(amount) FROM "ledger") AS ledger_total,
  CAST(cost AS VARCHAR) AS cost_text,
  CAST(7 AS INTEGER) AS small
FROM "visits"
ORDER BY seen
