-- The landlord's own reference for a transmitted file (sdk::Receipt), as its plugin answered
-- transmit(): what the landlord quotes when it reports back, shown beside the file.
ALTER TABLE applications ADD COLUMN landlord_reference TEXT;
