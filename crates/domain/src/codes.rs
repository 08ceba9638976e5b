//! Closed value lists carried on the wire as lowercase snake_case codes.
//!
//! Labels for these codes live in the SPA's translation catalogue, never here. Each list follows the
//! data dictionary of the child-protection domain: DOMAIN.md's upper-case codes map by lowercasing,
//! with `/` read as `_or_`.


/// Declares a wire enum with its codes, `as_str`, `parse` and the list of all values.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire code.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a wire code; `None` for anything else.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use code_enum;

code_enum!(
    /// Sex as recorded on the report.
    Sex { Male = "male", Female = "female", Transgender = "transgender", Unknown = "unknown" }
);

code_enum!(
    /// How the age was established.
    AgeBasis { Document = "document", Stated = "stated", Appearance = "appearance", Medical = "medical" }
);

code_enum!(
    /// Body build.
    Build { Thin = "thin", Medium = "medium", Heavy = "heavy", Athletic = "athletic" }
);

code_enum!(
    /// Skin complexion, on the scale used by Indian police forms.
    Complexion {
        VeryFair = "very_fair",
        Fair = "fair",
        Wheatish = "wheatish",
        Dark = "dark",
        VeryDark = "very_dark",
    }
);

impl Complexion {
    /// Position on the light-to-dark scale, for comparing neighbouring values.
    pub fn rank(self) -> i8 {
        match self {
            Complexion::VeryFair => 0,
            Complexion::Fair => 1,
            Complexion::Wheatish => 2,
            Complexion::Dark => 3,
            Complexion::VeryDark => 4,
        }
    }
}

code_enum!(
    /// Kind of identification mark.
    MarkType {
        Mole = "mole",
        Scar = "scar",
        Birthmark = "birthmark",
        Tattoo = "tattoo",
        Burn = "burn",
        Deformity = "deformity",
        MissingTooth = "missing_tooth",
        Other = "other",
    }
);

code_enum!(
    /// Where on the body an identification mark is.
    BodyLocation {
        Head = "head",
        Forehead = "forehead",
        Face = "face",
        LeftCheek = "left_cheek",
        RightCheek = "right_cheek",
        Nose = "nose",
        Chin = "chin",
        LeftEar = "left_ear",
        RightEar = "right_ear",
        Neck = "neck",
        Chest = "chest",
        Abdomen = "abdomen",
        Back = "back",
        LeftArm = "left_arm",
        RightArm = "right_arm",
        LeftHand = "left_hand",
        RightHand = "right_hand",
        LeftLeg = "left_leg",
        RightLeg = "right_leg",
        LeftFoot = "left_foot",
        RightFoot = "right_foot",
        Other = "other",
    }
);

code_enum!(
    /// Probable cause given on a missing report.
    MissingCircumstances {
        Lost = "lost",
        RanAway = "ran_away",
        Eloped = "eloped",
        KidnappingSuspected = "kidnapping_suspected",
        TraffickingSuspected = "trafficking_suspected",
        Unknown = "unknown",
    }
);

code_enum!(
    /// Who found or produced the child.
    FoundBy {
        Police = "police",
        RailwayPolice = "railway_police",
        Childline = "childline",
        Ngo = "ngo",
        Cci = "cci",
        Hospital = "hospital",
        PublicServant = "public_servant",
        Citizen = "citizen",
        SelfReported = "self",
        Other = "other",
    }
);

code_enum!(
    /// Circumstances in which a child was found (Form 17 and system codes).
    FoundCircumstances {
        LostSeparated = "lost_separated",
        Runaway = "runaway",
        Abandoned = "abandoned",
        Begging = "begging",
        ChildLabour = "child_labour",
        TraffickingRescue = "trafficking_rescue",
        SexualExploitationRescue = "sexual_exploitation_rescue",
        ChildMarriageRescue = "child_marriage_rescue",
        StreetConnected = "street_connected",
        RailwayOrBusStation = "railway_or_bus_station",
        DisasterOrConflict = "disaster_or_conflict",
        Other = "other",
    }
);

code_enum!(
    /// Evidence on which an officer confirms that a found child is a missing child.
    ConfirmBasis {
        Photo = "photo",
        ParentsIdentified = "parents_identified",
        IdentificationMarks = "identification_marks",
        Documents = "documents",
        ChildStatement = "child_statement",
        Dna = "dna",
    }
);

code_enum!(
    /// Why an officer rejects a suggested pair.
    RejectReason {
        DifferentChild = "different_child",
        SexDiffers = "sex_differs",
        AgeDiffers = "age_differs",
        ChildLocatedElsewhere = "child_located_elsewhere",
        Other = "other",
    }
);

code_enum!(
    /// Lifecycle of a missing-child e-file (the skeleton subset of the full state machine).
    MissingStatus {
        Reported = "reported",
        FirRegistered = "fir_registered",
        Traced = "traced",
    }
);

code_enum!(
    /// Lifecycle of a found-child e-file (the skeleton subset of the full state machine).
    FoundStatus { Reported = "reported", FamilyTraced = "family_traced" }
);

code_enum!(
    /// State of a suggested pair.
    MatchStatus { Suggested = "suggested", Confirmed = "confirmed", Rejected = "rejected", Unlinked = "unlinked" }
);

code_enum!(
    /// Which kind of report a record is.
    ReportKind { Missing = "missing", Found = "found" }
);

/// ISO 639-3 codes accepted in `languages`: the 22 Eighth-Schedule languages plus English.
pub const LANGUAGE_CODES: &[&str] = &[
    "asm", "ben", "brx", "doi", "guj", "hin", "kan", "kas", "kok", "mai", "mal", "mni", "mar", "nep",
    "ory", "pan", "san", "sat", "snd", "tam", "tel", "urd", "eng",
];

/// Returns whether `code` is an accepted language code.
pub fn is_language_code(code: &str) -> bool {
    LANGUAGE_CODES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_parse() {
        for sex in Sex::ALL {
            assert_eq!(Sex::parse(sex.as_str()), Some(*sex));
        }
        for place in FoundCircumstances::ALL {
            assert_eq!(FoundCircumstances::parse(place.as_str()), Some(*place));
        }
        assert_eq!(FoundBy::parse("self"), Some(FoundBy::SelfReported));
        assert_eq!(Sex::parse("M"), None);
    }

    #[test]
    fn codes_serialise_as_snake_case() {
        let json = serde_json::to_string(&FoundCircumstances::RailwayOrBusStation).unwrap();
        assert_eq!(json, "\"railway_or_bus_station\"");
        let back: Complexion = serde_json::from_str("\"very_dark\"").unwrap();
        assert_eq!(back, Complexion::VeryDark);
    }
}
