DROP TABLE face_embeddings;
DROP TABLE photos;
