-- The face the uploader marked as the child's, in a photo with several faces.
ALTER TABLE photos ADD COLUMN chosen_face INTEGER;
