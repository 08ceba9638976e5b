//! The background matcher: an in-memory index of open reports, kept current from the re-match
//! queue, and a worker thread that scores each written report against the open reports of the
//! other kind and stores the suggestions above the threshold.
//!
//! Work items live in the `match_jobs` table, written in the same transaction as the report, so a
//! restart loses none: the worker drains whatever is pending when it starts.

use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use chrono::Utc;
use trackchild_domain::codes::ReportKind;
use trackchild_domain::matching::{self, Features, MatchIndex, NameShares};
use trackchild_domain::wire::{NewFoundReport, NewMissingReport};
use trackchild_store::matcher_model::{self, StoredModel};
use trackchild_store::matches::{Scored, Upserted};
use trackchild_store::reports::{ReportRow, StoredReport};
use trackchild_store::{Store, StoreResult, jobs, matches, reports, sharing};
use uuid::Uuid;

/// Most suggestions stored per report and pass.
const MAX_SUGGESTIONS_PER_REPORT: usize = 20;
/// Candidates fetched per report before face evidence and the pair thresholds are applied.
const CANDIDATES_PER_REPORT: usize = 50;
/// The index is queried this far below the lowest threshold, so that face evidence can still
/// lift a pair over it.
const FACE_HEADROOM: f64 = 0.25;
/// Probability from which a same-kind report is shown as a possible duplicate. The same bound
/// decides which rivals are left out of a pair's rivals as other filings of one child.
pub const DUPLICATE_THRESHOLD: f64 = matching::DUPLICATE_THRESHOLD;
/// Most possible duplicates returned with a new report.
const MAX_DUPLICATES: usize = 5;
/// Jobs taken from the queue per pass.
const JOBS_PER_PASS: i64 = 256;
/// Written reports after which the model is fitted again; a decision counts as
/// [`DECISION_WEIGHT`] of them, since it is labelled evidence.
const REFIT_AFTER_CHANGES: usize = 1_000;
const DECISION_WEIGHT: usize = 20;

/// Summary of the last model fit, for `/metrics` and the logs. It contains no child data.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ModelInfo {
    /// Whether the weights are fitted to the open reports rather than hand-written.
    pub fitted: bool,
    pub prior_bits: f64,
    pub expected_true_pairs: f64,
    pub candidate_pairs: usize,
    pub decisions: usize,
    /// Log2-odds added to every pair before its rivals are weighed, so that the one-to-one
    /// probabilities expect as many true pairs as the model does (`matching::one_to_one_shift`).
    pub one_to_one_shift_bits: f64,
}

/// Open reports of both kinds, with their owners, indexed for matching.
#[derive(Default)]
struct Indexes {
    missing: MatchIndex<Uuid>,
    found: MatchIndex<Uuid>,
    owners: std::collections::HashMap<Uuid, String>,
    /// State of each report's owning unit, whose threshold applies to the report.
    owner_states: std::collections::HashMap<Uuid, u16>,
    /// Shares of the name tokens among the open reports, counted at start and at each fit. Each
    /// report indexed in between is raised with them.
    name_shares: NameShares,
}

/// Ids and features of every open report, in the order of the index entries.
struct OpenReports {
    missing_ids: Vec<Uuid>,
    missing: Vec<Features>,
    found_ids: Vec<Uuid>,
    found: Vec<Features>,
}

impl Indexes {
    /// Counts the name tokens of the open reports and raises each report's unlisted tokens to
    /// their observed shares, so a common name the lists lack proves little. Returns the reports.
    fn observe_name_shares(&mut self) -> OpenReports {
        let (missing_ids, mut missing): (Vec<Uuid>, Vec<Features>) =
            self.missing.entries().map(|(id, f)| (*id, f)).unzip();
        let (found_ids, mut found): (Vec<Uuid>, Vec<Features>) =
            self.found.entries().map(|(id, f)| (*id, f)).unzip();
        self.name_shares = NameShares::observe(&[&missing, &found]);
        if !self.name_shares.is_empty() {
            let kinds = [
                (&mut self.missing, &missing_ids, &mut missing),
                (&mut self.found, &found_ids, &mut found),
            ];
            for (index, ids, reports) in kinds {
                for (id, report) in ids.iter().zip(reports.iter_mut()) {
                    if self.name_shares.raise(report) {
                        index.insert(*id, report.clone());
                    }
                }
            }
        }
        OpenReports {
            missing_ids,
            missing,
            found_ids,
            found,
        }
    }
}

/// Handle to the matcher shared by handlers (to wake it) and the worker thread.
#[derive(Clone)]
pub struct Matcher {
    store: Store,
    indexes: Arc<RwLock<Indexes>>,
    wake: Arc<(Mutex<bool>, Condvar)>,
    stopped: Arc<std::sync::atomic::AtomicBool>,
    /// Threshold of States that set none.
    default_threshold: f64,
    /// Thresholds set by States.
    state_thresholds: Arc<RwLock<std::collections::HashMap<u16, f64>>>,
    model_info: Arc<RwLock<ModelInfo>>,
    /// Written reports and weighted decisions since the model was last fitted.
    changes_since_fit: Arc<std::sync::atomic::AtomicUsize>,
    /// Re-match jobs that fits queued to rescore stored suggestions and that have not run yet.
    /// They change no report, so they do not count towards the next fit. Counted, a fit could
    /// queue enough of them to trigger the next one, without end.
    rescores_queued: Arc<std::sync::atomic::AtomicUsize>,
}

/// Counters exposed on `/metrics`.
#[derive(Default)]
pub struct MatcherStats {
    pub passes: std::sync::atomic::AtomicU64,
    pub suggestions: std::sync::atomic::AtomicU64,
}

/// Returns the model the last fit stored, with its summary, when there is one and it still fits
/// this version's fields. A model stored by a version with other fields or levels is ignored, and the
/// worker fits a new one.
fn restored_model(store: &Store) -> StoreResult<Option<(matching::Model, ModelInfo)>> {
    let Some(stored) = store.read(matcher_model::load)? else {
        return Ok(None);
    };
    let model = serde_json::from_str::<matching::Model>(&stored.model_json)
        .ok()
        .and_then(matching::Model::validated);
    let Some(model) = model else {
        tracing::warn!("the stored matcher model does not fit this version; fitting a new one");
        return Ok(None);
    };
    let info = ModelInfo {
        fitted: true,
        prior_bits: model.prior_bits,
        expected_true_pairs: stored.expected_true_pairs,
        candidate_pairs: usize::try_from(stored.candidate_pairs).unwrap_or(0),
        decisions: usize::try_from(stored.decisions).unwrap_or(0),
        one_to_one_shift_bits: stored.shift_bits,
    };
    Ok(Some((model, info)))
}

impl Matcher {
    /// Loads every open report into the index, and the last fitted model when one is stored.
    pub fn load(store: Store, threshold: f64) -> StoreResult<Matcher> {
        let rows = store.read(reports::open_reports)?;
        let state_thresholds = store
            .read(trackchild_store::settings::thresholds)?
            .into_iter()
            .collect();
        let mut indexes = Indexes::default();
        for row in &rows {
            if let Err(error) = index_row(&mut indexes, row) {
                tracing::warn!(report.id = %row.id, error = %error, "report skipped while loading the matcher index");
            }
        }
        // Only the counts are kept, because the open reports' features would double the memory.
        drop(indexes.observe_name_shares());
        tracing::info!(
            missing = indexes.missing.len(),
            found = indexes.found.len(),
            "matcher index loaded"
        );
        let mut model_info = ModelInfo {
            prior_bits: matching::PRIOR_BITS,
            ..ModelInfo::default()
        };
        if let Some((model, info)) = restored_model(&store)? {
            indexes.missing.set_model(model.clone());
            indexes.found.set_model(model);
            model_info = info;
            tracing::info!(
                prior_bits = info.prior_bits,
                one_to_one_shift_bits = info.one_to_one_shift_bits,
                "matcher model restored from the database"
            );
        }
        Ok(Matcher {
            store,
            indexes: Arc::new(RwLock::new(indexes)),
            wake: Arc::new((Mutex::new(false), Condvar::new())),
            stopped: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            default_threshold: threshold,
            state_thresholds: Arc::new(RwLock::new(state_thresholds)),
            model_info: Arc::new(RwLock::new(model_info)),
            changes_since_fit: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            rescores_queued: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
        })
    }

    /// Returns the summary of the last model fit.
    pub fn model_info(&self) -> ModelInfo {
        *self.model_info.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Returns the re-matched reports and weighted decisions counted towards the next model fit.
    pub fn changes_since_fit(&self) -> usize {
        self.changes_since_fit
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Counts an officer's decision towards the next model fit.
    pub fn note_decision(&self) {
        self.changes_since_fit
            .fetch_add(DECISION_WEIGHT, std::sync::atomic::Ordering::Relaxed);
    }

    /// Fits the model to the open reports and every decision, and scores with it from now on.
    ///
    /// u is measured on random pairs of open reports and m by EM over the pairs blocking brings
    /// together, with confirmed pairs labelled true and rejected or unlinked pairs false (see
    /// `trackchild_domain::matching::estimate`). With fewer than
    /// [`matching::MIN_REPORTS_TO_FIT`] open reports of either kind the hand-written model stays.
    /// Stored suggestions keep their probability until their reports are matched again.
    pub fn refit(&self) -> StoreResult<ModelInfo> {
        self.changes_since_fit
            .store(0, std::sync::atomic::Ordering::Relaxed);
        let decided = self.store.read(matches::decided_pairs)?;
        let (open, name_shares) = {
            let mut indexes = self.indexes.write().unwrap_or_else(|p| p.into_inner());
            let open = indexes.observe_name_shares();
            (open, indexes.name_shares.clone())
        };
        let OpenReports {
            missing_ids,
            mut missing,
            found_ids,
            mut found,
        } = open;
        let candidates: Vec<(u32, u32)> = {
            let position: std::collections::HashMap<Uuid, u32> = missing_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, i as u32))
                .collect();
            let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
            indexes
                .missing
                .fit_candidates(&found)
                .into_iter()
                .filter_map(|(id, j)| Some((*position.get(&id)?, j)))
                .collect()
        };
        let (open_missing, open_found) = (missing.len(), found.len());
        // Decided pairs, with the features of reports no longer open (a confirmed pair's reports
        // are closed) appended after the open ones; they count as labelled pairs only.
        let mut positions: std::collections::HashMap<Uuid, u32> = std::collections::HashMap::new();
        for (i, id) in missing_ids.iter().enumerate() {
            positions.insert(*id, i as u32);
        }
        for (j, id) in found_ids.iter().enumerate() {
            positions.insert(*id, j as u32);
        }
        let mut decisions = Vec::with_capacity(decided.len());
        for (missing_id, found_id, confirmed) in decided {
            let (Ok(m), Ok(f)) = (
                trackchild_store::parse_uuid(&missing_id),
                trackchild_store::parse_uuid(&found_id),
            ) else {
                continue;
            };
            let mut position_of = |id: Uuid, kind: ReportKind| -> StoreResult<Option<u32>> {
                if let Some(p) = positions.get(&id) {
                    return Ok(Some(*p));
                }
                let report = self.store.read(|conn| reports::get_any(conn, id))?;
                let Ok((stored_kind, mut features)) = features_of_row(&report.row) else {
                    return Ok(None);
                };
                name_shares.raise(&mut features);
                if stored_kind != kind {
                    return Ok(None);
                }
                let list = match kind {
                    ReportKind::Missing => &mut missing,
                    ReportKind::Found => &mut found,
                };
                list.push(features);
                let p = (list.len() - 1) as u32;
                positions.insert(id, p);
                Ok(Some(p))
            };
            let (Some(m), Some(f)) = (
                position_of(m, ReportKind::Missing)?,
                position_of(f, ReportKind::Found)?,
            ) else {
                continue;
            };
            decisions.push((m, f, confirmed));
        }
        let mut info = if open_missing < matching::MIN_REPORTS_TO_FIT
            || open_found < matching::MIN_REPORTS_TO_FIT
        {
            ModelInfo {
                prior_bits: matching::PRIOR_BITS,
                decisions: decisions.len(),
                ..ModelInfo::default()
            }
        } else {
            let fit = matching::estimate(
                &missing,
                &found,
                &candidates,
                &decisions,
                matching::EstimateOptions::default(),
            );
            let info = ModelInfo {
                fitted: fit.rounds > 0,
                prior_bits: fit.model.prior_bits,
                expected_true_pairs: fit.expected_true_pairs,
                candidate_pairs: fit.candidate_pairs,
                decisions: decisions.len(),
                one_to_one_shift_bits: 0.0,
            };
            let mut indexes = self.indexes.write().unwrap_or_else(|p| p.into_inner());
            indexes.missing.set_model(fit.model.clone());
            indexes.found.set_model(fit.model);
            info
        };
        // The hand-written model's pairwise probabilities count no true pairs worth keeping.
        info.one_to_one_shift_bits = if !info.fitted {
            0.0
        } else {
            let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
            let model = indexes.missing.model();
            let pairs: Vec<matching::PairBits> = candidates
                .iter()
                .map(|&(m, f)| matching::PairBits {
                    missing: m,
                    found: f,
                    bits: model.log_odds(&missing[m as usize], &found[f as usize]),
                })
                .collect();
            let same = matching::SameChild::among(&pairs, &missing, &found, model);
            matching::one_to_one_shift(&pairs, &same)
        };
        tracing::info!(
            fitted = info.fitted,
            open_missing,
            open_found,
            candidate_pairs = info.candidate_pairs,
            decisions = info.decisions,
            expected_true_pairs = info.expected_true_pairs,
            prior_bits = info.prior_bits,
            one_to_one_shift_bits = info.one_to_one_shift_bits,
            "matcher model fitted"
        );
        *self.model_info.write().unwrap_or_else(|p| p.into_inner()) = info;
        if info.fitted {
            let model_json = {
                let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
                serde_json::to_string(indexes.missing.model())
            };
            match model_json {
                Ok(model_json) => {
                    let stored = StoredModel {
                        model_json,
                        shift_bits: info.one_to_one_shift_bits,
                        expected_true_pairs: info.expected_true_pairs,
                        candidate_pairs: i64::try_from(info.candidate_pairs).unwrap_or(i64::MAX),
                        decisions: i64::try_from(info.decisions).unwrap_or(i64::MAX),
                    };
                    self.store
                        .write(|conn| matcher_model::save(conn, &stored, Utc::now()))?;
                }
                Err(error) => {
                    tracing::error!(error = %error, "the fitted model could not be written as JSON; it is not stored");
                }
            }
            // Stored suggestions were scored under the previous model. Re-matching their found
            // reports rescores them and withdraws those that no longer pass.
            let now = Utc::now();
            let queued = self.store.write(|conn| {
                let pending = jobs::pending_reports(conn)?;
                let mut queued = 0;
                for id in matches::found_with_open_suggestions(conn)? {
                    if !pending.contains(&id) {
                        jobs::enqueue(conn, id, now)?;
                        queued += 1;
                    }
                }
                Ok(queued)
            })?;
            self.rescores_queued
                .fetch_add(queued, std::sync::atomic::Ordering::Relaxed);
            tracing::info!(
                queued,
                "re-matching found reports with open suggestions under the new model"
            );
        }
        Ok(info)
    }

    /// Wakes the worker after a write enqueued a job.
    pub fn notify(&self) {
        let (flag, condvar) = &*self.wake;
        *flag.lock().unwrap_or_else(|p| p.into_inner()) = true;
        condvar.notify_one();
    }

    /// Number of open reports in the index, as (missing, found).
    pub fn sizes(&self) -> (usize, usize) {
        let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
        (indexes.missing.len(), indexes.found.len())
    }

    /// Starts the worker thread; it runs until the process exits.
    pub fn spawn_worker(&self, stats: Arc<MatcherStats>) {
        let matcher = self.clone();
        std::thread::Builder::new()
            .name("matcher".into())
            .spawn(move || matcher.run(&stats))
            .expect("the operating system can start the matcher thread");
    }

    /// The suggestion threshold of a State: its own setting, else the default.
    pub fn threshold_for(&self, state: u16) -> f64 {
        let thresholds = self
            .state_thresholds
            .read()
            .unwrap_or_else(|p| p.into_inner());
        thresholds
            .get(&state)
            .copied()
            .unwrap_or(self.default_threshold)
    }

    /// Whether the State set its own threshold.
    pub fn has_own_threshold(&self, state: u16) -> bool {
        self.state_thresholds
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(&state)
    }

    /// Applies a State's new threshold to later matching passes.
    pub fn set_threshold(&self, state: u16, threshold: f64) {
        self.state_thresholds
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(state, threshold);
    }

    /// The lowest threshold in force anywhere, for the index query; each pair is then held to
    /// the stricter threshold of its two States.
    fn lowest_threshold(&self) -> f64 {
        let thresholds = self
            .state_thresholds
            .read()
            .unwrap_or_else(|p| p.into_inner());
        thresholds
            .values()
            .copied()
            .fold(self.default_threshold, f64::min)
    }

    /// Adds the face comparison to each candidate's score and explanation, then keeps those that
    /// pass their pair threshold, best first, at most [`MAX_SUGGESTIONS_PER_REPORT`]. Also returns
    /// the keys of the candidates that fell below their threshold.
    #[expect(
        clippy::type_complexity,
        reason = "pairs of candidate lists flow straight through"
    )]
    fn with_face_evidence(
        &self,
        report: &StoredReport,
        kind: ReportKind,
        candidates: Vec<((Uuid, matching::Scored), f64)>,
        owners: Vec<String>,
    ) -> StoreResult<(Vec<(Uuid, matching::Scored)>, Vec<String>, Vec<Uuid>)> {
        let own = self.face_side(&report.row.id)?;
        let mut kept: Vec<((Uuid, matching::Scored), String)> = Vec::new();
        let mut dropped = Vec::new();
        for (((key, mut scored), threshold), owner) in candidates.into_iter().zip(owners) {
            // Without photos on this side the comparison is neutral whatever the other side has,
            // so the other side's photos need not be read.
            let other = if own.has_photos {
                self.face_side(&key.to_string())?
            } else {
                crate::faces::FaceSide {
                    embeddings: Vec::new(),
                    has_photos: false,
                }
            };
            let face = match kind {
                ReportKind::Missing => crate::faces::compare(&own, &other),
                ReportKind::Found => crate::faces::compare(&other, &own),
            };
            scored.probability = crate::faces::adjust(scored.probability, face.weight);
            scored.explanation.push(face);
            if scored.probability >= threshold {
                kept.push(((key, scored), owner));
            } else {
                dropped.push(key);
            }
        }
        kept.sort_by(|a, b| b.0.1.probability.total_cmp(&a.0.1.probability));
        kept.truncate(MAX_SUGGESTIONS_PER_REPORT);
        let (kept, owners) = kept.into_iter().unzip();
        Ok((kept, owners, dropped))
    }

    /// The face comparison of two stored reports, for pairs scored outside the worker.
    pub fn face_contribution(
        &self,
        missing_id: &str,
        found_id: &str,
    ) -> StoreResult<trackchild_domain::wire::FieldContribution> {
        Ok(crate::faces::compare(
            &self.face_side(missing_id)?,
            &self.face_side(found_id)?,
        ))
    }

    fn face_side(&self, report_id: &str) -> StoreResult<crate::faces::FaceSide> {
        let (embeddings, has_photos) = self
            .store
            .read(|conn| trackchild_store::photos::embeddings_of_report(conn, report_id))?;
        Ok(crate::faces::FaceSide {
            embeddings,
            has_photos,
        })
    }

    /// Open reports of the same kind as `body` that likely describe the same child, best first.
    ///
    /// The new report is restated as a report of the other kind (its last-seen place and date
    /// become a found place and date, or the reverse) and scored against the index of its own
    /// kind, so the same comparisons apply. Dates more than the matcher's tolerance apart count
    /// against the pair, which suits duplicates: they describe one disappearance.
    pub fn possible_duplicates(
        &self,
        kind: ReportKind,
        body: &serde_json::Value,
        exclude: Uuid,
    ) -> Vec<(Uuid, f64)> {
        let query = match kind {
            ReportKind::Missing => serde_json::from_value::<NewMissingReport>(body.clone())
                .ok()
                .map(|m| {
                    matching::features_of_found(&NewFoundReport {
                        child: m.child,
                        found_date: m.last_seen_date,
                        found_place: m.last_seen_place,
                        found_by: None,
                        circumstances: None,
                    })
                }),
            ReportKind::Found => serde_json::from_value::<NewFoundReport>(body.clone())
                .ok()
                .map(|f| {
                    matching::features_of_missing(&NewMissingReport {
                        child: f.child,
                        last_seen_date: f.found_date,
                        last_seen_place: f.found_place,
                        fir_number: None,
                        fir_date: None,
                        circumstances: None,
                        complainant_relation: None,
                        complainant_phone: None,
                    })
                }),
        };
        let Some(query) = query else {
            return Vec::new();
        };
        let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
        let same_kind = match kind {
            ReportKind::Missing => &indexes.missing,
            ReportKind::Found => &indexes.found,
        };
        same_kind
            .best_matches(&query, DUPLICATE_THRESHOLD, MAX_DUPLICATES + 1)
            .into_iter()
            .filter(|(id, _)| *id != exclude)
            .take(MAX_DUPLICATES)
            .map(|(id, scored)| (id, scored.probability))
            .collect()
    }

    /// Asks the worker thread to finish after its current pass.
    pub fn stop(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.notify();
    }

    fn run(&self, stats: &MatcherStats) {
        // A model restored from the database was fitted to nearly these reports; the next fit
        // comes after the usual number of changes.
        if !self.model_info().fitted
            && let Err(error) = self.refit()
        {
            tracing::error!(error = %error, "fitting the matcher model failed; the hand-written model stays");
        }
        while !self.stopped.load(std::sync::atomic::Ordering::Relaxed) {
            let changes = self
                .changes_since_fit
                .load(std::sync::atomic::Ordering::Relaxed);
            if changes >= REFIT_AFTER_CHANGES
                && let Err(error) = self.refit()
            {
                tracing::error!(error = %error, "fitting the matcher model failed; the last model stays");
            }
            match self.drain_once(stats) {
                Ok(0) => self.wait(Duration::from_secs(2)),
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(error = %error, "matcher pass failed; retrying in 5 s");
                    std::thread::sleep(Duration::from_secs(5));
                }
            }
        }
    }

    fn wait(&self, timeout: Duration) {
        let (flag, condvar) = &*self.wake;
        let guard = flag.lock().unwrap_or_else(|p| p.into_inner());
        let (mut guard, _) = condvar
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .unwrap_or_else(|p| p.into_inner());
        *guard = false;
    }

    /// Processes one batch of pending jobs; returns how many were processed.
    pub fn drain_once(&self, stats: &MatcherStats) -> StoreResult<usize> {
        let pending = self.store.read(|conn| jobs::pending(conn, JOBS_PER_PASS))?;
        if pending.is_empty() {
            return Ok(0);
        }
        let mut job_ids = Vec::with_capacity(pending.len());
        let mut report_ids: Vec<Uuid> = Vec::with_capacity(pending.len());
        for (job, report) in pending {
            job_ids.push(job);
            if !report_ids.contains(&report) {
                report_ids.push(report);
            }
        }
        for id in &report_ids {
            let report = self.store.read(|conn| reports::get_any(conn, *id))?;
            let new = self.rematch(&report)?;
            stats
                .suggestions
                .fetch_add(new as u64, std::sync::atomic::Ordering::Relaxed);
        }
        self.store
            .write(|conn| jobs::complete(conn, &job_ids, Utc::now()))?;
        // Rescoring jobs queued by a fit run in queue order like any other job, so the first jobs
        // drained after a fit stand for them.
        let rescores = self
            .rescores_queued
            .fetch_update(
                std::sync::atomic::Ordering::Relaxed,
                std::sync::atomic::Ordering::Relaxed,
                |queued| Some(queued.saturating_sub(job_ids.len())),
            )
            .unwrap_or(0)
            .min(job_ids.len());
        self.changes_since_fit.fetch_add(
            report_ids.len().saturating_sub(rescores),
            std::sync::atomic::Ordering::Relaxed,
        );
        stats
            .passes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(job_ids.len())
    }

    /// Re-indexes one report and stores its suggestions; returns how many are new.
    fn rematch(&self, report: &StoredReport) -> StoreResult<usize> {
        let id = report.id()?;
        let kind = report.kind()?;
        let features = {
            let mut indexes = self.indexes.write().unwrap_or_else(|p| p.into_inner());
            if report.row.linked_report_id.is_some() {
                remove(&mut indexes, kind, id);
                return Ok(0);
            }
            index_row(&mut indexes, &report.row)?
        };
        let open_partners = self
            .store
            .read(|conn| matches::open_partners(conn, &report.row.id))?;
        let (candidates, owners) = {
            let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
            let other = match kind {
                ReportKind::Missing => &indexes.found,
                ReportKind::Found => &indexes.missing,
            };
            let own_threshold =
                self.threshold_for(u16::try_from(report.row.owner_state_code).unwrap_or(0));
            let own = match kind {
                ReportKind::Missing => &indexes.missing,
                ReportKind::Found => &indexes.found,
            };
            let mut candidates = other.best_matches(
                &features,
                self.lowest_threshold() * FACE_HEADROOM,
                CANDIDATES_PER_REPORT,
            );
            // Open suggestions the index query no longer returns are scored directly, so that a
            // pair that fell below its threshold is withdrawn and one that still passes is
            // rescored. A partner no longer in the index is closed, and its pair is left as it is.
            for partner in &open_partners {
                let Ok(key) = Uuid::parse_str(partner) else {
                    continue;
                };
                if candidates.iter().any(|(k, _)| *k == key) {
                    continue;
                }
                if let Some(partner_features) = other.features(&key) {
                    candidates.push((key, other.model().score(&features, &partner_features)));
                }
            }
            let shift = self.model_info().one_to_one_shift_bits;
            weigh_rivals(kind, (id, &features), own, other, shift, &mut candidates);
            let thresholds: Vec<f64> = candidates
                .iter()
                .map(|(key, _)| {
                    own_threshold.max(
                        indexes
                            .owner_states
                            .get(key)
                            .map_or(self.default_threshold, |s| self.threshold_for(*s)),
                    )
                })
                .collect();
            let owners: Vec<String> = candidates
                .iter()
                .map(|(key, _)| indexes.owners.get(key).cloned().unwrap_or_default())
                .collect();
            (
                candidates.into_iter().zip(thresholds).collect::<Vec<_>>(),
                owners,
            )
        };
        let (candidates, owners, dropped) =
            self.with_face_evidence(report, kind, candidates, owners)?;
        let withdrawn: Vec<Uuid> = dropped
            .into_iter()
            .filter(|key| open_partners.contains(&key.to_string()))
            .collect();
        if candidates.is_empty() && withdrawn.is_empty() {
            return Ok(0);
        }
        let now = Utc::now();
        self.store.write(|conn| {
            for key in &withdrawn {
                let key = key.to_string();
                let (missing_id, found_id) = match kind {
                    ReportKind::Missing => (report.row.id.as_str(), key.as_str()),
                    ReportKind::Found => (key.as_str(), report.row.id.as_str()),
                };
                matches::withdraw_open(conn, missing_id, found_id)?;
            }
            let mut new = 0;
            for ((other_id, scored), other_owner) in candidates.iter().zip(&owners) {
                let other_id = other_id.to_string();
                let (missing_id, found_id, missing_owner, found_owner) = match kind {
                    ReportKind::Missing => (report.row.id.as_str(), other_id.as_str(), report.row.owner_org_id.as_str(), other_owner.as_str()),
                    ReportKind::Found => (other_id.as_str(), report.row.id.as_str(), other_owner.as_str(), report.row.owner_org_id.as_str()),
                };
                let pair = Scored {
                    missing_report_id: missing_id,
                    found_report_id: found_id,
                    missing_owner_org_id: missing_owner,
                    found_owner_org_id: found_owner,
                    probability: scored.probability,
                    explanation: &scored.explanation,
                };
                if matches::upsert(conn, &pair, now)? == Upserted::New {
                    new += 1;
                    let detail = serde_json::json!({"missing_report_id": missing_id, "found_report_id": found_id, "probability": scored.probability});
                    for owner in [missing_owner, found_owner] {
                        sharing::notify(conn, owner, "match_suggested", Some(report.row.id.as_str()), None, &detail, now)?;
                    }
                }
            }
            Ok(new)
        })
    }
}

/// Pairwise probability below which a candidate is left out of the rival sums.
const RIVAL_FLOOR: f64 = 1e-12;

/// Weighs each candidate against its rivals on both sides: the other candidates of `query`, and
/// the other reports of `query`'s kind that fit the candidate. A found child is at most one
/// missing child, so two reports that fit one child equally well cannot both be right
/// (`matching::one_to_one` does the same for a whole batch). Every pair first gains `shift`
/// bits, which keeps the number of true pairs the model expects. The gain and the loss to rivals
/// are shown together as one line of the explanation.
///
/// A rival that is likely a second filing of the same child, for instance one child reported at
/// two police stations, does not count against the pair: both filings are then the right match.
fn weigh_rivals(
    kind: ReportKind,
    (query_key, query): (Uuid, &Features),
    own: &MatchIndex<Uuid>,
    other: &MatchIndex<Uuid>,
    shift: f64,
    candidates: &mut [(Uuid, matching::Scored)],
) {
    if candidates.is_empty() {
        return;
    }
    let query_side = other.candidate_log_odds(query, RIVAL_FLOOR);
    for (key, scored) in candidates.iter_mut() {
        let Some(candidate) = other.features(key) else {
            continue;
        };
        let candidate_side = own.candidate_log_odds(&candidate, RIVAL_FLOOR);
        let bits = scored.log_odds + shift;
        let query_side = without_duplicates(&query_side, (*key, &candidate), other, shift);
        let candidate_side = without_duplicates(&candidate_side, (query_key, query), own, shift);
        let from_query_side = matching::rival_penalty(bits, &query_side, &[]);
        let from_candidate_side = matching::rival_penalty(bits, &[], &candidate_side);
        // Which reports compete, named from the pair's point of view: rivals of the found child
        // are other missing reports, and the reverse.
        let (rivals_of_found, rivals_of_missing) = match kind {
            ReportKind::Found => (from_query_side, from_candidate_side),
            ReportKind::Missing => (from_candidate_side, from_query_side),
        };
        let level = match (rivals_of_found >= 0.005, rivals_of_missing >= 0.005) {
            (false, false) if shift == 0.0 => continue,
            (false, false) => "no_other_reports",
            (true, false) => "other_missing_reports",
            (false, true) => "other_found_reports",
            (true, true) => "other_reports_both",
        };
        let weight = shift - rivals_of_found - rivals_of_missing;
        scored.log_odds += weight;
        scored.probability = 1.0 / (1.0 + (-scored.log_odds).exp2());
        scored
            .explanation
            .push(trackchild_domain::wire::FieldContribution {
                field: "other_candidates".to_string(),
                level: level.to_string(),
                weight: (weight * 100.0).round() / 100.0,
            });
    }
    candidates.sort_by(|a, b| b.1.probability.total_cmp(&a.1.probability));
}

/// Returns the shifted log2-odds of the reports in `side`, which lists one report's candidates
/// from `index`. Reports likely to be another filing of `report` are left out. `report`'s own
/// entry stays, because `matching::rival_penalty` finds the pair itself by value. Only rivals that
/// weigh at least `matching::DUPLICATE_CHECK_BITS` are compared, because weaker ones barely move
/// the sum.
fn without_duplicates(
    side: &[(Uuid, f64)],
    (report_key, report): (Uuid, &Features),
    index: &MatchIndex<Uuid>,
    shift: f64,
) -> Vec<f64> {
    side.iter()
        .filter(|&&(key, bits)| {
            key == report_key
                || bits + shift < matching::DUPLICATE_CHECK_BITS
                || index.features(&key).is_none_or(|rival| {
                    index.model().duplicate_probability(report, &rival) < DUPLICATE_THRESHOLD
                })
        })
        .map(|&(_, bits)| bits + shift)
        .collect()
}

fn remove(indexes: &mut Indexes, kind: ReportKind, id: Uuid) {
    match kind {
        ReportKind::Missing => indexes.missing.remove(&id),
        ReportKind::Found => indexes.found.remove(&id),
    }
    indexes.owners.remove(&id);
    indexes.owner_states.remove(&id);
}

/// Computes the features of a stored report and puts them in the index of its kind.
fn index_row(indexes: &mut Indexes, row: &ReportRow) -> StoreResult<Features> {
    let id = trackchild_store::parse_uuid(&row.id)?;
    let (kind, mut features) = features_of_row(row)?;
    indexes.name_shares.raise(&mut features);
    match kind {
        ReportKind::Missing => indexes.missing.insert(id, features.clone()),
        ReportKind::Found => indexes.found.insert(id, features.clone()),
    }
    indexes.owners.insert(id, row.owner_org_id.clone());
    indexes
        .owner_states
        .insert(id, u16::try_from(row.owner_state_code).unwrap_or(0));
    Ok(features)
}

/// Computes the kind and features of a stored report.
fn features_of_row(row: &ReportRow) -> StoreResult<(ReportKind, Features)> {
    let bad_body = |e: serde_json::Error| {
        trackchild_store::StoreError::Internal(anyhow::anyhow!("report {} body: {e}", row.id))
    };
    let (kind, features) = match row.kind.as_str() {
        "missing" => (
            ReportKind::Missing,
            matching::features_of_missing(
                &serde_json::from_str::<NewMissingReport>(&row.body).map_err(bad_body)?,
            ),
        ),
        _ => (
            ReportKind::Found,
            matching::features_of_found(
                &serde_json::from_str::<NewFoundReport>(&row.body).map_err(bad_body)?,
            ),
        ),
    };
    Ok((kind, features))
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackchild_domain::examples::{found_report_example, missing_report_example};

    fn reports() -> (Features, Features) {
        let missing: NewMissingReport =
            serde_json::from_value(missing_report_example()).expect("the example is valid");
        let found: NewFoundReport =
            serde_json::from_value(found_report_example()).expect("the example is valid");
        (
            matching::features_of_missing(&missing),
            matching::features_of_found(&found),
        )
    }

    fn rival_line(scored: &matching::Scored) -> Option<(&str, f64)> {
        scored
            .explanation
            .iter()
            .find(|c| c.field == "other_candidates")
            .map(|c| (c.level.as_str(), c.weight))
    }

    /// Returns every candidate of `query` in `other`, weighed against its rivals with `shift`.
    fn weighed(
        (key, query): (Uuid, &Features),
        own: &MatchIndex<Uuid>,
        other: &MatchIndex<Uuid>,
        shift: f64,
    ) -> Vec<(Uuid, matching::Scored)> {
        let mut candidates = other.best_matches(query, 0.0, 10);
        weigh_rivals(
            query.kind(),
            (key, query),
            own,
            other,
            shift,
            &mut candidates,
        );
        candidates
    }

    /// Builds the example found child as a sparse report: a first name, sex, age and district only,
    /// with no place text.
    fn sparse_found_report() -> Features {
        let mut body = found_report_example();
        body["found_place"]
            .as_object_mut()
            .expect("an object")
            .remove("text");
        let child = &mut body["child"];
        child["name"] = "Arti".into();
        for field in [
            "height_cm",
            "complexion",
            "identification_marks",
            "mother_name",
            "dress",
        ] {
            child.as_object_mut().expect("an object").remove(field);
        }
        let report: NewFoundReport = serde_json::from_value(body).expect("the report is valid");
        matching::features_of_found(&report)
    }

    /// Builds the report of another girl called Aarti, of another family, missing from the found
    /// child's district. She fits the sparse found report about as well as the example missing
    /// child does.
    fn rival_missing_report() -> Features {
        let mut body = missing_report_example();
        let child = &mut body["child"];
        child["name"] = "Aarti Rajesh Pawar".into();
        child["aliases"] = serde_json::json!([]);
        child["father_name"] = "Rajesh Pawar".into();
        child["mother_name"] = "Kavita Pawar".into();
        child["age_years_min"] = 12.into();
        child["age_years_max"] = 12.into();
        child["height_cm"] = 150.into();
        child["identification_marks"] =
            serde_json::json!([{"type": "scar", "body_location": "right_hand"}]);
        child["dress"] = "red frock".into();
        body["last_seen_date"] = "2026-10-20".into();
        body["last_seen_place"]["district_code"] = 494.into();
        let report: NewMissingReport = serde_json::from_value(body).expect("the rival is valid");
        matching::features_of_missing(&report)
    }

    #[test]
    fn rival_child_lowers_pair_from_either_side() {
        let (missing, _) = reports();
        let found = sparse_found_report();
        let rival = rival_missing_report();
        let (first, second, found_id) =
            (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let mut missing_index = MatchIndex::new();
        let mut found_index = MatchIndex::new();
        missing_index.insert(first, missing.clone());
        found_index.insert(found_id, found.clone());
        let model = missing_index.model();
        let duplicate = model.duplicate_probability(&missing, &rival);
        assert!(
            duplicate < DUPLICATE_THRESHOLD,
            "the rival is a duplicate at {duplicate}"
        );

        let alone = weighed((found_id, &found), &found_index, &missing_index, 0.0);
        assert_eq!(alone.len(), 1);
        assert!(rival_line(&alone[0].1).is_none(), "{:?}", alone[0].1);
        let pairwise = alone[0].1.probability;
        assert!(pairwise > 0.2, "the example pair scores {pairwise}");

        // Another child fits the found child too: the found child can be only one of them.
        missing_index.insert(second, rival.clone());
        let rival_pairwise = missing_index
            .best_matches(&found, 0.0, 10)
            .iter()
            .find(|(key, _)| *key == second)
            .map(|(_, scored)| scored.probability)
            .expect("the rival is a candidate");
        assert!(
            rival_pairwise > 0.2,
            "the rival pair scores {rival_pairwise}"
        );
        let found_side = weighed((found_id, &found), &found_index, &missing_index, 0.0);
        assert_eq!(found_side.len(), 2);
        let weighed_first = found_side
            .iter()
            .find(|(key, _)| *key == first)
            .map(|(_, scored)| scored.clone())
            .expect("the first report stays a candidate");
        assert!(
            weighed_first.probability < pairwise - 0.02,
            "{} against {pairwise} alone, the rival at {rival_pairwise}",
            weighed_first.probability
        );
        for (_, scored) in &found_side {
            let (level, weight) = rival_line(scored).expect("a line for the rival");
            assert_eq!(level, "other_missing_reports");
            assert!(weight < -0.1, "{weight}");
        }

        // Scored from the missing report's side, the rival sits behind the candidate.
        let missing_side = weighed((first, &missing), &missing_index, &found_index, 0.0);
        assert_eq!(missing_side.len(), 1);
        let scored = &missing_side[0].1;
        assert!((scored.probability - weighed_first.probability).abs() < 1e-9);
        assert_eq!(
            rival_line(scored).map(|(level, _)| level),
            Some("other_missing_reports")
        );
    }

    #[test]
    fn second_filing_is_no_rival() {
        let (missing, found) = reports();
        let (first, copy, found_id) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let mut missing_index = MatchIndex::new();
        let mut found_index = MatchIndex::new();
        missing_index.insert(first, missing.clone());
        missing_index.insert(copy, missing.clone());
        found_index.insert(found_id, found.clone());

        // From the found child's side: both filings keep the probability of the pair alone.
        let pairwise = missing_index.best_matches(&found, 0.0, 10)[0].1.probability;
        let found_side = weighed((found_id, &found), &found_index, &missing_index, 0.0);
        assert_eq!(found_side.len(), 2);
        for (_, scored) in &found_side {
            assert!(
                (scored.probability - pairwise).abs() < 1e-9,
                "{} against {pairwise} alone",
                scored.probability
            );
            assert!(rival_line(scored).is_none(), "{:?}", scored.explanation);
        }

        // From one filing's side the other filing is no rival either.
        let missing_side = weighed((first, &missing), &missing_index, &found_index, 0.0);
        assert_eq!(missing_side.len(), 1);
        assert!((missing_side[0].1.probability - pairwise).abs() < 1e-9);
    }

    #[test]
    fn fitted_shift_raises_lone_pair() {
        let (missing, found) = reports();
        let (missing_id, found_id) = (Uuid::from_u128(1), Uuid::from_u128(3));
        let mut missing_index = MatchIndex::new();
        let mut found_index = MatchIndex::new();
        missing_index.insert(missing_id, missing.clone());
        found_index.insert(found_id, found.clone());

        let before = missing_index.best_matches(&found, 0.0, 10)[0].1.log_odds;
        let shifted = weighed((found_id, &found), &found_index, &missing_index, 1.5);
        assert!((shifted[0].1.log_odds - before - 1.5).abs() < 1e-9);
        assert_eq!(rival_line(&shifted[0].1), Some(("no_other_reports", 1.5)));
    }

    /// Builds a stored report of one of the example children under another name.
    fn report_row(id: Uuid, kind: ReportKind, name: &str) -> ReportRow {
        let (mut body, kind, label) = match kind {
            ReportKind::Missing => (missing_report_example(), "missing", "MIS"),
            ReportKind::Found => (found_report_example(), "found", "FND"),
        };
        body["child"]["name"] = name.into();
        ReportRow {
            id: id.to_string(),
            kind: kind.into(),
            case_number: format!("MH-490-2026-{label}-{:06}", id.as_u128()),
            version: 1,
            status: "reported".into(),
            owner_org_id: "unit".into(),
            owner_state_code: 27,
            owner_district_code: Some(490),
            event_date: "2026-11-02".into(),
            name_latin: Some(name.into()),
            fir_number: None,
            body: body.to_string(),
            linked_report_id: None,
            created_by: "officer".into(),
            created_at: "2026-11-02T10:00:00Z".into(),
            updated_at: "2026-11-02T10:00:00Z".into(),
            name_keys: String::new(),
            phone_digits: None,
        }
    }

    /// Returns the weight of the child's name between an indexed found report and the best
    /// missing report.
    fn name_weight(indexes: &Indexes, found_id: u128) -> f64 {
        let query = indexes
            .found
            .features(&Uuid::from_u128(found_id))
            .expect("the report is indexed");
        let best = indexes.missing.best_matches(&query, 0.0, 1);
        best[0]
            .1
            .explanation
            .iter()
            .find(|c| c.field == "name")
            .expect("the name is compared")
            .weight
    }

    #[test]
    fn common_unlisted_name_proves_little() {
        let mut indexes = Indexes::default();
        let missing_id = Uuid::from_u128(10_000);
        let missing_row = report_row(missing_id, ReportKind::Missing, "Ravi Whitbourne");
        index_row(&mut indexes, &missing_row).expect("indexed");
        // 101 of 1,000 found children share a family name the name lists lack; every other
        // child has a family name of its own.
        for i in 0..matching::MIN_REPORTS_TO_OBSERVE as u128 {
            let name = if i < 101 {
                "Ravi Whitbourne".to_string()
            } else {
                let letters: String = [i / 676, i / 26 % 26, i % 26]
                    .iter()
                    .map(|&d| char::from(b'a' + d as u8))
                    .collect();
                format!("Ravi Zq{letters}")
            };
            let row = report_row(Uuid::from_u128(i), ReportKind::Found, &name);
            index_row(&mut indexes, &row).expect("indexed");
        }
        let unlisted = name_weight(&indexes, 0);

        drop(indexes.observe_name_shares());

        // One found child in ten has the name, so sharing it proves far less.
        let observed = name_weight(&indexes, 0);
        assert!(
            observed < unlisted - 2.0,
            "name weight {observed} after counting, {unlisted} before"
        );
        // Reports indexed after the count are raised with the same shares.
        remove(&mut indexes, ReportKind::Missing, missing_id);
        index_row(&mut indexes, &missing_row).expect("indexed");
        let later = report_row(Uuid::from_u128(5_000), ReportKind::Found, "Ravi Whitbourne");
        index_row(&mut indexes, &later).expect("indexed");
        assert_eq!(name_weight(&indexes, 5_000), observed);
    }
}
