-- Two tables as `ocf sql --schema --dialect duckdb` writes them.
CREATE TABLE "visits" (
  "patient" VARCHAR NOT NULL,
  "seen" DATE NOT NULL,
  "visits" BIGINT,
  "cost" DECIMAL(38,18),
  "urgent" BOOLEAN,
  "note" VARCHAR
);
CREATE TABLE "ledger" (
  "amount" DECIMAL(38,18) NOT NULL
);
