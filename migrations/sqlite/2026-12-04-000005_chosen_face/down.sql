ALTER TABLE photos DROP COLUMN chosen_face;
