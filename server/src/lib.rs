//! zhibu's server: the JSON API under `/api/v1` and the built SPA, over one database.
//!
//! Start it from the command line (`zhibu-server --help`), with [`serve`], or, in a test,
//! with [`Server::bind`] on port 0 and [`Server::run_until`].

pub mod admin;
pub mod auth;
pub mod branch_year;
pub mod clock;
pub mod config;
pub mod demo;
pub mod demo_events;
pub mod demo_pledges;
pub mod error;
pub mod events;
pub mod middleware;
pub mod name_order;
pub mod org_access;
pub mod repo;
pub mod roster_file;
pub mod routes;
mod static_files;
pub mod study;
pub mod sync;

pub use config::{Config, PasswordCost};
pub use error::{AppError, BoxError};

use crate::auth::Passwords;
use crate::middleware::{csrf, json_errors, refusals, security_headers};
use crate::repo::Repo;
use axum::Router;
use axum::routing::get;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::trace::TraceLayer;

/// The largest request body the API reads; the app's forms are far smaller.
pub const API_BODY_LIMIT: usize = 64 * 1024;

/// Answers at least this long are compressed for browsers that accept it. A shorter one
/// fits in one TCP segment anyway (about 1,400 bytes after headers), so compressing it
/// saves the phone no round trip.
pub const COMPRESS_ABOVE: u16 = 1024;

/// What every handler shares. Cheap to clone; holds no per-user state, so any number of
/// instances can serve the same database.
#[derive(Clone)]
pub struct AppState {
    pub repo: Repo,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    /// The sync pushes waiting to be written (group commit; see `sync::Pushes`).
    pub pushes: sync::Pushes,
    /// How many refusals may still be logged this minute (`middleware::refusals`).
    pub refusal_log: Arc<middleware::refusals::Budget>,
}

impl AppState {
    /// Opens (and migrates) the database.
    pub async fn new(config: Config) -> Result<Self, BoxError> {
        let repo = Repo::connect(&config.database_url).await?;
        let passwords = Passwords::new(config.password_cost, config.max_concurrent_hashes).await?;
        Ok(Self {
            refusal_log: Arc::new(middleware::refusals::Budget::new(
                middleware::refusals::PER_MINUTE,
            )),
            pushes: sync::Pushes::new(repo.clone()),
            repo,
            config: Arc::new(config),
            passwords,
        })
    }
}

/// The whole HTTP surface.
pub fn app(state: AppState) -> Router {
    let (api, _) = routes::api_router().split_for_parts();
    let api = api
        .fallback(routes::api_not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refusals::log_refusals,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::guard_writes,
        ))
        .layer(axum::middleware::from_fn(json_errors::json_errors))
        .layer(security_headers::no_store());
    let https = state.config.secure_cookies;
    let router = Router::new()
        .nest("/api", api)
        .route("/healthz", get(routes::health::healthz))
        .fallback_service(static_files::router(&state.config.dist))
        .with_state(state);
    security_headers::add(router, https)
        .layer(compression())
        .layer(TraceLayer::new_for_http())
}

/// Brotli or gzip for API answers (brotli at quality 4, tower-http's default: quality 11
/// costs far more CPU per answer than it saves bytes). The app's files are compressed at
/// build time and carry their `Content-Encoding` already, which this leaves alone.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .compress_when(
            SizeAbove::new(COMPRESS_ABOVE)
                .and(NotForContentType::GRPC)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE),
        )
}

/// A server bound to its address, with its database ready, not yet serving.
pub struct Server {
    listener: TcpListener,
    state: AppState,
    demo_seeded: bool,
}

impl Server {
    /// Opens the database, seeds the demo organisation if asked (and the database has no
    /// branch yet), and binds the listening socket.
    pub async fn bind(config: Config) -> Result<Self, BoxError> {
        let bind = config.bind;
        let demo = config.demo;
        // The demo's accounts share a published password: never on a reachable address.
        if demo && !bind.ip().is_loopback() {
            return Err(format!(
                "--demo serves accounts with a published password, so only on a loopback \
                 address (127.0.0.1 or ::1), not {bind}"
            )
            .into());
        }
        let state = AppState::new(config).await?;
        let demo_seeded = if demo {
            demo::seed(&state).await?
        } else {
            false
        };
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        Ok(Self {
            listener,
            state,
            demo_seeded,
        })
    }

    /// The bound address (the real port when bound to port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound TCP listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Whether this start seeded the demo organisation.
    pub fn demo_seeded(&self) -> bool {
        self.demo_seeded
    }

    /// Serves until `shutdown` completes, lets in-flight requests finish, then closes the
    /// database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let service = app(self.state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        self.state.repo.close().await;
        result
    }
}

/// Runs the server as the command line does: binds, prints `zhibu listening on
/// http://ADDR` (one line on stdout, which scripts and test harnesses wait for), prints
/// the demo logins under `--demo`, and serves until SIGTERM or ctrl-c.
pub async fn serve(config: Config) -> Result<(), BoxError> {
    let demo = config.demo;
    let server = Server::bind(config).await?;
    if server.demo_seeded() {
        demo_events::seed(server.state()).await?;
        demo_pledges::seed(server.state()).await?;
    }
    let url = format!("http://{}", server.local_addr());
    println!("zhibu listening on {url}");
    if server.state().repo.branch_count().await? == 0 {
        tracing::warn!(
            "no organisation yet: set one up with `zhibu-server admin init --org <name> \
             --login <login> --name <姓名>` (see the README)"
        );
    }
    if demo {
        if !server.demo_seeded() {
            println!(
                "(the database already has branches; the demo organisation was not re-seeded)"
            );
        }
        print!("{}", demo::logins_table(&url));
    }
    server.run_until(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
