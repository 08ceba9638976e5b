DROP INDEX reports_fir;
ALTER TABLE reports DROP COLUMN phone_digits;
ALTER TABLE reports DROP COLUMN name_keys;
