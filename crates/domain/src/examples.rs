//! The request examples shown in the OpenAPI document.
//!
//! They describe one girl reported missing in Pune and found weeks later in Satara, written the way
//! two different officers would write her up: another spelling of the name, an age guessed by
//! appearance, a slightly different language list. Each is a valid request, and posting both makes
//! the matcher suggest the pair.

use serde_json::{Value, json};

/// Example body of `POST /api/v1/missing-reports`, filed by a police station in Pune.
pub fn missing_report_example() -> Value {
    json!({
        "child": {
            "name": "Aarti Sunil Jadhav",
            "aliases": ["Chinu"],
            "sex": "female",
            "age_years_min": 11,
            "age_years_max": 11,
            "age_basis": "stated",
            "height_cm": 138,
            "build": "thin",
            "complexion": "wheatish",
            "identification_marks": [
                {"type": "mole", "body_location": "left_cheek", "description": "small black mole below the eye"}
            ],
            "languages": ["mar", "hin"],
            "father_name": "Sunil Jadhav",
            "mother_name": "Sunita Jadhav",
            "dress": "green school uniform, black sandals"
        },
        "last_seen_date": "2026-10-12",
        "last_seen_place": {"state_code": 27, "district_code": 490, "text": "Pune railway station, platform 3"},
        "fir_number": "0412/2026",
        "fir_date": "2026-10-12",
        "circumstances": "lost",
        "complainant_relation": "mother",
        "complainant_phone": "+91 98220 12345"
    })
}

/// Example body of `POST /api/v1/found-reports`, registered by the CWC of Satara.
pub fn found_report_example() -> Value {
    json!({
        "child": {
            "name": "Arti Jadav",
            "sex": "female",
            "age_years_min": 10,
            "age_years_max": 13,
            "age_basis": "appearance",
            "height_cm": 140,
            "complexion": "wheatish",
            "identification_marks": [
                {"type": "mole", "body_location": "left_cheek"}
            ],
            "languages": ["mar"],
            "mother_name": "Sunita",
            "dress": "green uniform"
        },
        "found_date": "2026-11-08",
        "found_place": {"state_code": 27, "district_code": 494, "text": "Satara ST bus stand"},
        "found_by": "railway_police",
        "circumstances": "railway_or_bus_station"
    })
}
