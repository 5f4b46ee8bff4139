-- The people a company supported, for its yearly quota (docs/integrators.md, yearly_quota): kept
-- apart from the requests, so that a request deleted (to re-import it) or moved to another
-- employer still counts for the company that validated it. One row per company and account, at
-- its latest validation: a person validated again (after a rejection, or a re-import) counts once.
CREATE TABLE company_supports (
  company_id   TEXT NOT NULL,
  account_id   TEXT NOT NULL,
  validated_at BIGINT NOT NULL,
  PRIMARY KEY (company_id, account_id)
);
INSERT INTO company_supports (company_id, account_id, validated_at)
  SELECT e.company_id, r.account_id, MAX(r.company_validated_at)
  FROM housing_requests r JOIN employments e ON e.request_id = r.id
  WHERE r.company_validated_at IS NOT NULL AND e.company_id IS NOT NULL AND e.company_id <> ''
  GROUP BY e.company_id, r.account_id;
