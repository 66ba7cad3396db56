//! `sitrep serve`: the web page and the JSON API over the index.

use std::net::{SocketAddr, ToSocketAddrs};

use anyhow::{Context, Result};
use clap::Args;

use sitrep::serve::{self, AppState};

use super::args::PreferArgs;
use super::{Outcome, Session};

/// Shown after `sitrep serve --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep serve                                  then open http://127.0.0.1:7878/
  sitrep serve --addr localhost:7991
  sitrep --index /data/idx serve --addr 127.0.0.1:0   a free port
  curl 'http://127.0.0.1:7878/api/search?q=wagner&region=mali&limit=3'";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, a name or an IP (localhost:7991,
    /// 127.0.0.1:7878); the default is reachable from this machine only.
    /// Port 0 picks a free port (the startup line shows which).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT",
          value_parser = resolve_addr)]
    addr: SocketAddr,
    // For `/api/search` requests that give no `prefer`.
    #[command(flatten)]
    pub prefer: PreferArgs,
}

/// `HOST:PORT` with HOST an IP address or a name (`localhost`), resolved to
/// its first address.
fn resolve_addr(text: &str) -> std::result::Result<SocketAddr, String> {
    text.to_socket_addrs()
        .map_err(|e| format!("cannot resolve `{text}`: {e} (give HOST:PORT, e.g. localhost:7878)"))?
        .next()
        .ok_or_else(|| format!("`{text}` resolves to no address"))
}

pub fn run(session: &Session, args: &ServeArgs) -> Result<Outcome> {
    let index = session.open_index()?;
    let dir = index.dir.display().to_string();
    // The server owns its gazetteer: it resolves the names of every request.
    let state = AppState::new(index, session.load_gazetteer()?, args.prefer.prefer.clone())?;
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "warning: {} is reachable from other machines: anyone who can connect can read the index",
            args.addr
        );
    }
    serve::run(state, args.addr, |bound| {
        println!("sitrep serve: http://{bound}/ (index {dir}; Ctrl-C to stop)");
    })
    .with_context(|| format!("cannot serve on {}", args.addr))?;
    eprintln!("sitrep serve: stopped");
    Ok(Outcome::Found)
}
