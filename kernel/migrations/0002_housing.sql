-- The housing domain: requests and their households, employment, consent, supporting documents,
-- offers and applications. Later issues add the workflow columns they need in new migrations.

CREATE TABLE housing_requests (
  id                   TEXT PRIMARY KEY,
  account_id           TEXT NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  unique_number        TEXT NOT NULL,
  department           TEXT NOT NULL,
  state                TEXT NOT NULL,
  couple_status        TEXT NOT NULL CHECK (couple_status IN ('none', 'married', 'pacs', 'cohabiting')),
  tax_income_n2        BIGINT NOT NULL,
  tax_income_n1        BIGINT,
  monthly_resources    BIGINT NOT NULL,
  housing_benefit      BIGINT NOT NULL DEFAULT 0,
  priority_flags       TEXT NOT NULL DEFAULT '',
  registered_on        TEXT,
  imported_at          BIGINT NOT NULL,
  refreshed_at         BIGINT,
  last_activity_at     BIGINT NOT NULL,
  submitted_at         BIGINT,
  company_validated_at BIGINT,
  adviser_validated_at BIGINT
);
CREATE INDEX housing_requests_by_department ON housing_requests (department, state);

CREATE TABLE household_members (
  request_id           TEXT NOT NULL REFERENCES housing_requests (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  role                 TEXT NOT NULL CHECK (role IN ('applicant', 'coApplicant', 'dependant', 'other')),
  last_name            TEXT NOT NULL,
  first_name           TEXT NOT NULL,
  birth_date           TEXT NOT NULL,
  disabled             INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (request_id, position)
);

CREATE TABLE wanted_communes (
  request_id           TEXT NOT NULL REFERENCES housing_requests (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  insee                TEXT NOT NULL,
  PRIMARY KEY (request_id, position)
);

CREATE TABLE employments (
  request_id           TEXT PRIMARY KEY REFERENCES housing_requests (id) ON DELETE CASCADE,
  employer_name        TEXT NOT NULL,
  employer_siret       TEXT NOT NULL,
  company_id           TEXT REFERENCES organisations (id),
  company_code         TEXT,
  employee_number      TEXT,
  hire_date            TEXT,
  cdii                 INTEGER NOT NULL DEFAULT 0,
  attach_to            TEXT NOT NULL CHECK (attach_to IN ('applicant', 'coApplicant'))
);

CREATE TABLE consents (
  request_id           TEXT PRIMARY KEY REFERENCES housing_requests (id) ON DELETE CASCADE,
  level                INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
  given_at             BIGINT NOT NULL
);

CREATE TABLE supporting_documents (
  request_id           TEXT NOT NULL REFERENCES housing_requests (id) ON DELETE CASCADE,
  kind                 TEXT NOT NULL,
  category             TEXT NOT NULL,
  socle                INTEGER NOT NULL DEFAULT 0,
  confirmed_at         BIGINT,
  valid_until          TEXT,
  PRIMARY KEY (request_id, kind)
);

CREATE TABLE offers (
  id                   TEXT PRIMARY KEY,
  landlord_id          TEXT NOT NULL REFERENCES organisations (id),
  programme            TEXT NOT NULL,
  reference            TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('classic', 'shortTermIdentified', 'shortTermType')),
  financing            TEXT NOT NULL CHECK (financing IN ('PLAI', 'PLUS', 'PLS', 'PLI')),
  typology             INTEGER NOT NULL CHECK (typology BETWEEN 1 AND 6),
  housing              TEXT NOT NULL CHECK (housing IN ('house', 'flat')),
  surface              INTEGER NOT NULL,
  rent                 INTEGER NOT NULL,
  charges              INTEGER NOT NULL,
  commune              TEXT NOT NULL,
  department           TEXT NOT NULL,
  address              TEXT NOT NULL,
  lat                  DOUBLE PRECISION NOT NULL,
  lon                  DOUBLE PRECISION NOT NULL,
  floor                INTEGER,
  reduced_mobility     INTEGER NOT NULL DEFAULT 0,
  available_from       TEXT NOT NULL,
  deadline             TEXT NOT NULL,
  showcase             INTEGER NOT NULL DEFAULT 0,
  state                TEXT NOT NULL,
  created_at           BIGINT NOT NULL,
  UNIQUE (landlord_id, reference)
);
CREATE INDEX offers_by_department ON offers (department, state);
CREATE INDEX offers_by_commune ON offers (commune, state);

CREATE TABLE applications (
  id                   TEXT PRIMARY KEY,
  request_id           TEXT NOT NULL REFERENCES housing_requests (id) ON DELETE CASCADE,
  offer_id             TEXT NOT NULL REFERENCES offers (id),
  state                TEXT NOT NULL,
  step                 INTEGER NOT NULL CHECK (step BETWEEN 1 AND 7),
  applied_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL
);
CREATE INDEX applications_by_request ON applications (request_id, state);
CREATE INDEX applications_by_offer ON applications (offer_id, state);
