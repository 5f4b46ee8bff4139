-- SQLite: a revision of the rows hanging from a housing request (its household, wanted towns,
-- employment, consent and documents, and the employer's name the employment shows), moved by
-- triggers at every change of one of them. The applicant's offers keep those rows in memory by
-- request and revision (alin/requests/request_details_cache.hpp): a read checks the revision with
-- the request's row and reads the rest only when it moved, and no write path, a plugin's or a
-- hand-typed UPDATE included, can leave the cache behind. PostgreSQL: migration 0016.
ALTER TABLE housing_requests ADD COLUMN details_revision BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER household_members_inserted AFTER INSERT ON household_members
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = NEW.request_id;
END;
CREATE TRIGGER household_members_updated AFTER UPDATE ON household_members
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (OLD.request_id, NEW.request_id);
END;
CREATE TRIGGER household_members_deleted AFTER DELETE ON household_members
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = OLD.request_id;
END;

CREATE TRIGGER wanted_communes_inserted AFTER INSERT ON wanted_communes
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = NEW.request_id;
END;
CREATE TRIGGER wanted_communes_updated AFTER UPDATE ON wanted_communes
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (OLD.request_id, NEW.request_id);
END;
CREATE TRIGGER wanted_communes_deleted AFTER DELETE ON wanted_communes
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = OLD.request_id;
END;

CREATE TRIGGER employments_inserted AFTER INSERT ON employments
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = NEW.request_id;
END;
CREATE TRIGGER employments_updated AFTER UPDATE ON employments
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (OLD.request_id, NEW.request_id);
END;
CREATE TRIGGER employments_deleted AFTER DELETE ON employments
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = OLD.request_id;
END;

CREATE TRIGGER consents_inserted AFTER INSERT ON consents
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = NEW.request_id;
END;
CREATE TRIGGER consents_updated AFTER UPDATE ON consents
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (OLD.request_id, NEW.request_id);
END;
CREATE TRIGGER consents_deleted AFTER DELETE ON consents
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = OLD.request_id;
END;

CREATE TRIGGER supporting_documents_inserted AFTER INSERT ON supporting_documents
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = NEW.request_id;
END;
CREATE TRIGGER supporting_documents_updated AFTER UPDATE ON supporting_documents
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (OLD.request_id, NEW.request_id);
END;
CREATE TRIGGER supporting_documents_deleted AFTER DELETE ON supporting_documents
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = OLD.request_id;
END;

CREATE TRIGGER organisations_renamed AFTER UPDATE OF name ON organisations
WHEN OLD.name IS NOT NEW.name
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (SELECT request_id FROM employments WHERE company_id = NEW.id);
END;
