//! The `trackchild` command: `serve` runs the server, `spec` prints the OpenAPI document, and
//! `match-files`, `synth` and `eval` run the matcher on files without a server.

mod batch;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use trackchild_server::app::{self, Settings};
use trackchild_server::auth::TokenKeys;
use trackchild_server::{demo, openapi};
use trackchild_store::{Store, orgs};

#[derive(Parser)]
#[command(
    name = "trackchild",
    version,
    about = "TrackChild: national tracking of missing and found children"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server: the API under /api/v1, the API explorer at /docs and the SPA at /.
    Serve(ServeArgs),
    /// Print the OpenAPI document as JSON.
    Spec,
    /// Audit trail tools.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Match missing against found reports in JSON Lines files, or find duplicates in one file,
    /// and write the pairs as CSV. Exits 2 when any input line was skipped.
    MatchFiles(batch::MatchFilesArgs),
    /// Write a synthetic cohort: missing.jsonl, found.jsonl and truth.csv.
    Synth(batch::SynthArgs),
    /// Measure the matcher on files with known true pairs. Exits 2 when any input line was skipped.
    Eval(batch::EvalArgs),
    /// Create the first system administrator of a new deployment (password from
    /// TRACKCHILD_ADMIN_PASSWORD); refused when one exists.
    BootstrapAdmin(BootstrapArgs),
}

#[derive(clap::Args)]
struct BootstrapArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// User name of the administrator.
    #[arg(long)]
    username: String,
    /// Password of the administrator (at least 12 characters).
    #[arg(long, env = "TRACKCHILD_ADMIN_PASSWORD", hide_env_values = true)]
    password: String,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain of the audit log; exits 0 when intact, 1 at the first broken entry.
    Verify(DatabaseArgs),
}

#[derive(clap::Args)]
struct DatabaseArgs {
    /// Directory of the SQLite database, used when DATABASE_URL is not set.
    #[arg(long, env = "TRACKCHILD_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// PostgreSQL URL (postgres://…).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
}

impl DatabaseArgs {
    fn open(&self) -> anyhow::Result<Store> {
        match &self.database_url {
            Some(url) => Store::open_url(url)
                .context("opening the PostgreSQL database named by DATABASE_URL"),
            None => Store::open_sqlite(&self.data_dir).with_context(|| {
                format!("opening the SQLite database in {}", self.data_dir.display())
            }),
        }
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Create demo accounts and demo reports when the database is empty.
    #[arg(long)]
    demo: bool,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Directory of the SQLite database and photos, used when DATABASE_URL is not set.
    #[arg(long, env = "TRACKCHILD_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// Directory of the built SPA; defaults to frontend/dist.
    #[arg(long, default_value = "frontend/dist")]
    static_dir: PathBuf,
    /// PostgreSQL URL (postgres://…); when set, the data directory's SQLite file is not used.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Password of the demo accounts.
    #[arg(
        long,
        env = "TRACKCHILD_DEMO_PASSWORD",
        default_value = "trackchild-demo",
        hide_env_values = true,
        hide_default_value = true
    )]
    demo_password: String,
    /// Worker threads for HTTP requests.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// Failed logins an account may make before it has to wait.
    #[arg(long, env = "TRACKCHILD_LOGIN_FREE_FAILURES", default_value_t = 5)]
    login_free_failures: i32,
    /// First wait, in seconds, after the free failures; it doubles with each further failure.
    #[arg(long, env = "TRACKCHILD_LOGIN_BASE_DELAY_SECS", default_value_t = 2)]
    login_base_delay_secs: u64,
    /// Longest wait, in seconds, after repeated failed logins (never a permanent lockout).
    #[arg(long, env = "TRACKCHILD_LOGIN_MAX_DELAY_SECS", default_value_t = 900)]
    login_max_delay_secs: u64,
    /// Login, refresh and token requests one client address may make per minute.
    #[arg(
        long,
        env = "TRACKCHILD_LOGIN_ATTEMPTS_PER_MINUTE",
        default_value_t = 30
    )]
    login_attempts_per_minute: u32,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Spec => {
            print!("{}", openapi::document_json());
            Ok(())
        }
        Command::Serve(args) => serve(args),
        Command::Audit(AuditCommand::Verify(args)) => verify_audit(&args),
        Command::BootstrapAdmin(args) => bootstrap_admin(&args),
        Command::MatchFiles(args) => exit_with(batch::run_match_files(&args)?),
        Command::Synth(args) => exit_with(batch::run_synth(&args)?),
        Command::Eval(args) => exit_with(batch::run_eval(&args)?),
    }
}

/// Ends the process with `code` unless it is 0.
fn exit_with(code: i32) -> anyhow::Result<()> {
    if code != 0 {
        std::process::exit(code);
    }
    Ok(())
}

fn bootstrap_admin(args: &BootstrapArgs) -> anyhow::Result<()> {
    use trackchild_domain::access::{OrgType, Role};
    use trackchild_store::orgs::{NewOrganisation, NewUser};

    let username = args.username.trim().to_lowercase();
    trackchild_domain::access::password::check_password(&username, &args.password)
        .map_err(|m| anyhow::anyhow!("password rejected: {m}"))?;
    let store = args.database.open()?;
    let hash = trackchild_server::auth::hash_password(&args.password)?;
    store.write(|conn| {
        let existing = orgs::list_organisations(conn, None, 1000)?;
        if existing.iter().any(|o| o.org_type == OrgType::SystemAdmin.as_str()) {
            return Err(trackchild_store::StoreError::Conflict("a system administration organisation exists already; its administrators create further users".into()));
        }
        if orgs::find_user_by_username(conn, &username)?.is_some() {
            return Err(trackchild_store::StoreError::Conflict(format!("user name {username} is taken")));
        }
        let org = orgs::insert_organisation(conn, &NewOrganisation::active("TrackChild system administration", OrgType::SystemAdmin, None, None))?;
        let user = NewUser { username: &username, display_name: "System administrator", password_hash: &hash, organisation_id: org, role: Role::OrgAdmin, is_demo: false, service_scopes: None };
        orgs::insert_user(conn, &user)?;
        Ok(())
    })?;
    println!("created system administrator {username}");
    Ok(())
}

fn verify_audit(args: &DatabaseArgs) -> anyhow::Result<()> {
    let store = args.open()?;
    let outcome = store.read(trackchild_store::audit::verify)?;
    match outcome {
        Ok(verified) => {
            println!(
                "audit log intact: {} entries; head hash {}",
                verified.entries, verified.head_hash
            );
            Ok(())
        }
        Err(broken) => {
            eprintln!("audit log broken: {broken}");
            std::process::exit(1);
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let store = DatabaseArgs {
        data_dir: args.data_dir.clone(),
        database_url: args.database_url.clone(),
    }
    .open()?;
    tracing::info!(backend = ?store.backend(), "database ready, migrations applied");

    let models_dir = std::env::var_os("TRACKCHILD_MODELS_DIR")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("models")))
        .filter(|dir| dir.is_dir());
    let login_policy = trackchild_server::auth::LoginPolicy {
        account_free_failures: args.login_free_failures,
        account_base_delay: std::time::Duration::from_secs(args.login_base_delay_secs),
        account_max_delay: std::time::Duration::from_secs(args.login_max_delay_secs),
        address_attempts_per_window: args.login_attempts_per_minute,
        address_window: std::time::Duration::from_secs(60),
    };
    let settings = Settings {
        static_dir: Some(args.static_dir.clone()),
        photo_dir: args.data_dir.join("photos"),
        models_dir,
        login_policy,
        ..Settings::default()
    };
    if args.demo {
        let today = chrono::Utc::now()
            .with_timezone(&settings.reporting_offset)
            .date_naive();
        match demo::seed(
            &store,
            &demo::DemoOptions {
                password: &args.demo_password,
                today,
                reports: true,
            },
        )? {
            demo::Seeded::AlreadyPopulated => {
                tracing::info!("database not empty; demo data not added")
            }
            demo::Seeded::Created { missing, found } => {
                tracing::info!(missing, found, "demo accounts and reports created")
            }
        }
    }
    let has_demo_accounts = store.read(orgs::demo_accounts_exist)?;
    if has_demo_accounts && !args.bind.ip().is_loopback() {
        anyhow::bail!(
            "refusing to listen on {}: demo accounts exist and their password is public; bind to 127.0.0.1 or use a database without demo data",
            args.bind
        );
    }
    if !args.static_dir.join("index.html").is_file() {
        tracing::warn!(static_dir = %args.static_dir.display(), "SPA not built; / shows how to build it");
    }

    let listener =
        TcpListener::bind(args.bind).with_context(|| format!("binding {}", args.bind))?;
    let address = listener.local_addr()?;
    let workers = args.workers.max(1);
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let state = app::build_state(store, settings, token_keys()?)?;
        let server = app::serve(listener, state, workers)?;
        announce(
            address,
            has_demo_accounts.then_some(args.demo_password.as_str()),
        );
        server.await.context("running the HTTP server")
    })
}

/// Prints where the server listens and, for demo databases, the demo password, on standard
/// output only (never into the log).
fn announce(address: SocketAddr, demo_password: Option<&str>) {
    let mut out = std::io::stdout().lock();
    if let Some(password) = demo_password {
        let _ = writeln!(
            out,
            "demo accounts: demo-police, demo-cwc, demo-cci, demo-dcpu, demo-state, demo-admin; password: {password}"
        );
    }
    let _ = writeln!(out, "listening on http://{address}");
    let _ = out.flush();
}

/// Access-token keys from `TRACKCHILD_TOKEN_SECRET` (at least 32 bytes; shared by every instance
/// behind one load balancer), else random for this process.
fn token_keys() -> anyhow::Result<TokenKeys> {
    match std::env::var("TRACKCHILD_TOKEN_SECRET") {
        Ok(secret) if secret.len() >= 32 => TokenKeys::from_secret(secret.as_bytes()),
        Ok(_) => anyhow::bail!(
            "TRACKCHILD_TOKEN_SECRET must be at least 32 bytes; generate one with `openssl rand -base64 48`"
        ),
        Err(_) => Ok(TokenKeys::random()),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
