//! The real `sitrep serve` binary on a free loopback port, for the API and
//! browser tests, with a small HTTP client.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a server may take to print its startup line: the first start in
/// a folder without an index indexes ./corpus first.
const STARTUP: Duration = Duration::from_secs(120);

/// A running `sitrep serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    /// The startup line as printed.
    pub startup_line: String,
    agent: ureq::Agent,
}

/// An HTTP answer: status, content type and body.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub csp: String,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    /// `sitrep --index INDEX serve --addr 127.0.0.1:0`, run in the crate's folder.
    pub fn start(index: &Path) -> Server {
        Self::start_in(Path::new(env!("CARGO_MANIFEST_DIR")), Some(index))
    }

    /// `sitrep [--index INDEX] serve` in `cwd` (without an index, the default
    /// `.sitrep` there, built from `cwd/corpus` on first use).
    pub fn start_in(cwd: &Path, index: Option<&Path>) -> Server {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("sitrep"));
        cmd.current_dir(cwd).env_remove("SITREP_INDEX");
        if let Some(index) = index {
            cmd.arg("--index").arg(index);
        }
        let mut child = cmd
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sitrep serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, first) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let startup_line = match first.recv_timeout(STARTUP) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("output");
                panic!(
                    "no startup line from sitrep serve; stderr:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        };
        let base = startup_line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the startup line `{startup_line}`"))
            .trim_end_matches('/')
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Server {
            child,
            base,
            startup_line,
            agent,
        }
    }

    /// GET `path` (which starts with `/`).
    pub fn get(&self, path: &str) -> Reply {
        let url = format!("{}{path}", self.base);
        let response = self
            .agent
            .get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        Self::reply(&url, response)
    }

    /// POST `body` to `path` with this content type.
    pub fn post(&self, path: &str, content_type: &str, body: &str) -> Reply {
        let url = format!("{}{path}", self.base);
        let response = self
            .agent
            .post(&url)
            .header("Content-Type", content_type)
            .send(body)
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        Self::reply(&url, response)
    }

    fn reply(url: &str, mut response: ureq::http::Response<ureq::Body>) -> Reply {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let (content_type, csp) = (header("content-type"), header("content-security-policy"));
        Reply {
            status: response.status().as_u16(),
            content_type,
            csp,
            body: response
                .body_mut()
                .read_to_string()
                .unwrap_or_else(|e| panic!("{url}: body: {e}")),
        }
    }

    /// GET `path` and expect JSON with `status`.
    pub fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let reply = self.get(path);
        assert_eq!(reply.status, status, "GET {path}: {}", reply.body);
        assert!(
            reply.content_type.starts_with("application/json"),
            "GET {path}: content type {}",
            reply.content_type
        );
        reply.json()
    }

    /// Sends SIGTERM and waits for the exit; returns the status and stderr.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let mut stderr = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
                }
                return (status, stderr);
            }
            assert!(Instant::now() < deadline, "sitrep serve ignored SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a query parameter value or a path segment.
pub fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
