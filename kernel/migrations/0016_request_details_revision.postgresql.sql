-- PostgreSQL: the revision of migration 0015 (SQLite), its triggers as plpgsql functions.
ALTER TABLE housing_requests ADD COLUMN details_revision BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION request_details_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = OLD.request_id;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.request_id IS DISTINCT FROM OLD.request_id) THEN
    UPDATE housing_requests SET details_revision = details_revision + 1 WHERE id = NEW.request_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER household_members_changed AFTER INSERT OR UPDATE OR DELETE ON household_members
  FOR EACH ROW EXECUTE FUNCTION request_details_changed();
CREATE TRIGGER wanted_communes_changed AFTER INSERT OR UPDATE OR DELETE ON wanted_communes
  FOR EACH ROW EXECUTE FUNCTION request_details_changed();
CREATE TRIGGER employments_changed AFTER INSERT OR UPDATE OR DELETE ON employments
  FOR EACH ROW EXECUTE FUNCTION request_details_changed();
CREATE TRIGGER consents_changed AFTER INSERT OR UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION request_details_changed();
CREATE TRIGGER supporting_documents_changed AFTER INSERT OR UPDATE OR DELETE ON supporting_documents
  FOR EACH ROW EXECUTE FUNCTION request_details_changed();

CREATE FUNCTION company_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE housing_requests SET details_revision = details_revision + 1
   WHERE id IN (SELECT request_id FROM employments WHERE company_id = NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER organisations_renamed AFTER UPDATE OF name ON organisations
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION company_renamed();
