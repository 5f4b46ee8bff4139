-- A PLI offer's zone (A bis, A, B1, B2/C: the intermediate-rent zoning, not the HLM one): the PLI
-- income ceilings depend on it and only the landlord, whose PLI agreement names it, knows it.
ALTER TABLE offers ADD COLUMN pli_zone TEXT;
