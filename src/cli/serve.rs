//! `sitrep serve`: the web page and the JSON API over the index.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use clap::Args;

use sitrep::serve::{self, AppState};

use super::{Outcome, Session};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; the default is reachable from this machine
    /// only. Port 0 picks a free port (the startup line shows which).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    addr: SocketAddr,
}

pub fn run(session: &Session, args: &ServeArgs) -> Result<Outcome> {
    let index = session.open_index()?;
    let dir = index.dir.display().to_string();
    // The server owns its gazetteer: it resolves the names of every request.
    let state = AppState::new(index, session.load_gazetteer()?)?;
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
