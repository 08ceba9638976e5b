DROP TABLE matcher_models;
