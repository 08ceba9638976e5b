//! Diesel table definitions, written by hand to match both migration folders.

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        org_type -> Text,
        state_code -> Nullable<Integer>,
        district_code -> Nullable<Integer>,
        created_at -> Text,
        parent_id -> Nullable<Text>,
        status -> Text,
        sub_division_code -> Nullable<Integer>,
        block_code -> Nullable<Integer>,
        village_code -> Nullable<Integer>,
        registration -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Text>,
        decision_note -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        organisation_id -> Text,
        role -> Text,
        is_demo -> Integer,
        failed_logins -> Integer,
        locked_until -> Nullable<Text>,
        created_at -> Text,
        kind -> Text,
        scopes -> Nullable<Text>,
        disabled -> Integer,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        expires_at -> Text,
        used_at -> Nullable<Text>,
        revoked_at -> Nullable<Text>,
        created_at -> Text,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        kind -> Text,
        case_number -> Text,
        version -> BigInt,
        status -> Text,
        owner_org_id -> Text,
        owner_state_code -> Integer,
        owner_district_code -> Nullable<Integer>,
        event_date -> Text,
        name_latin -> Nullable<Text>,
        fir_number -> Nullable<Text>,
        body -> Text,
        linked_report_id -> Nullable<Text>,
        created_by -> Text,
        created_at -> Text,
        updated_at -> Text,
        name_keys -> Text,
        phone_digits -> Nullable<Text>,
    }
}

diesel::table! {
    case_sequences (district_code, year, kind) {
        district_code -> Integer,
        year -> Integer,
        kind -> Text,
        last_value -> BigInt,
    }
}

diesel::table! {
    matches (id) {
        id -> Text,
        missing_report_id -> Text,
        found_report_id -> Text,
        missing_owner_org_id -> Text,
        found_owner_org_id -> Text,
        probability -> Double,
        status -> Text,
        explanation -> Text,
        basis -> Nullable<Text>,
        reason_code -> Nullable<Text>,
        note -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Text>,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    case_events (id) {
        id -> Text,
        report_id -> Text,
        actor_user_id -> Nullable<Text>,
        action -> Text,
        detail -> Text,
        at -> Text,
    }
}

diesel::table! {
    match_jobs (id) {
        id -> Text,
        report_id -> Text,
        enqueued_at -> Text,
        done_at -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (user_id, route, idem_key) {
        user_id -> Text,
        route -> Text,
        idem_key -> Text,
        status -> Integer,
        response -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    report_shares (report_id, organisation_id) {
        report_id -> Text,
        organisation_id -> Text,
        shared_by -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    access_grants (id) {
        id -> Text,
        report_id -> Text,
        user_id -> Text,
        reason -> Text,
        expires_at -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    inbox (id) {
        id -> Text,
        organisation_id -> Text,
        kind -> Text,
        report_id -> Nullable<Text>,
        match_id -> Nullable<Text>,
        detail -> Text,
        created_at -> Text,
        read_at -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        id -> Text,
        at -> Text,
        actor_user_id -> Nullable<Text>,
        actor_org_id -> Nullable<Text>,
        action -> Text,
        resource_kind -> Nullable<Text>,
        resource_id -> Nullable<Text>,
        outcome -> Text,
        detail -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    matcher_models (id) {
        id -> Integer,
        model -> Text,
        shift_bits -> Double,
        expected_true_pairs -> Double,
        candidate_pairs -> BigInt,
        decisions -> BigInt,
        fitted_at -> Text,
    }
}

diesel::table! {
    matching_settings (state_code) {
        state_code -> Integer,
        threshold -> Double,
        updated_by -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    photos (id) {
        id -> Text,
        report_id -> Text,
        uploaded_by -> Text,
        created_at -> Text,
        taken_on -> Nullable<Text>,
        source -> Nullable<Text>,
        consent -> Text,
        width -> Integer,
        height -> Integer,
        phash -> Text,
        source_kind -> Text,
        duplicate_of -> Nullable<Text>,
        faces -> Text,
        face_evidence -> Text,
        hidden_at -> Nullable<Text>,
        hidden_by -> Nullable<Text>,
        erased_at -> Nullable<Text>,
        chosen_face -> Nullable<Integer>,
    }
}

diesel::table! {
    face_embeddings (photo_id, face_index) {
        photo_id -> Text,
        face_index -> Integer,
        embedding -> Text,
    }
}

diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(reports -> organisations (owner_org_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    users,
    refresh_tokens,
    reports,
    case_sequences,
    matches,
    case_events,
    match_jobs,
    idempotency_keys,
    report_shares,
    access_grants,
    inbox,
    audit_log,
    matcher_models,
    matching_settings,
    photos,
    face_embeddings,
);
