-- Obtaining housing through the platform (a lease signed), kept when the request is deleted: a new
-- request within rehousing_delay_months (rules/data/parameters.csv, T 11.3) is refused when the
-- household has not changed. `situation` is the couple status and each member's role and birth
-- date, as kernel/src/requests/import.cpp compares them.
CREATE TABLE housings (
  account_id           TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  request_id           TEXT NOT NULL,
  unique_number        TEXT NOT NULL,
  housed_at            BIGINT NOT NULL,
  situation            TEXT NOT NULL,
  PRIMARY KEY (account_id, request_id)
);
