DROP TABLE matching_settings;
