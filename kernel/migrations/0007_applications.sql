-- Applications driven by their workflow (workflows/application.json): the instance that moves
-- them, whether the applicant was in the target public when applying (ranking, T 7.3), the rank
-- they had when the offer closed, and what the landlord's plugin planned to receive (step 3).
ALTER TABLE applications ADD COLUMN instance_id TEXT;
ALTER TABLE applications ADD COLUMN target INTEGER NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN closing_rank INTEGER;
ALTER TABLE applications ADD COLUMN transmission TEXT;
-- The order of arrival: ties within one second of applied_at are ranked by it.
ALTER TABLE applications ADD COLUMN arrival BIGINT NOT NULL DEFAULT 0;
-- One live application per request and offer; a file not kept, refused or cancelled may apply again.
CREATE UNIQUE INDEX applications_one_live_per_offer ON applications (request_id, offer_id)
  WHERE state NOT IN ('invalidated', 'refused', 'lease_signed', 'cancelled', 'not_kept', 'withdrawn', 'closed');
