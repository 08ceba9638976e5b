-- Search keys: phonetic keys of the child's names (space-delimited, with spaces at both ends)
-- and the digits of the complainant's phone number.
ALTER TABLE reports ADD COLUMN name_keys TEXT NOT NULL DEFAULT ' ';
ALTER TABLE reports ADD COLUMN phone_digits TEXT;
CREATE INDEX reports_fir ON reports (fir_number);
