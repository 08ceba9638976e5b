//! The SPA at `/`: the built files when present, else a page saying how to build them. Paths
//! without a file (client-side routes such as `/missing/new`) get `index.html`.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

const NOT_BUILT_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TrackChild</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>TrackChild</h1>
<p>The server is running, but the web application has not been built.</p>
<p>Build it with <code>just build</code> (or <code>scripts/build-spa.sh --release</code>) and restart,
or pass <code>--static-dir</code> with the folder of a built SPA.</p>
<p>The API works already: see <a href="/docs/">the API documentation</a>.</p>
</body></html>"#;

pub fn configure(cfg: &mut web::ServiceConfig, static_dir: Option<&Path>) {
    let Some(dir) = static_dir.filter(|dir| dir.join("index.html").is_file()) else {
        cfg.default_service(web::to(|| async {
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(NOT_BUILT_PAGE)
        }));
        return;
    };
    let index: PathBuf = dir.join("index.html");
    cfg.service(
        Files::new("/", dir)
            .index_file("index.html")
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let file = NamedFile::open(&index)?;
                    let response = file.into_response(&req);
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    );
}
