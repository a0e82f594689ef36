//! `rehearse model` and `rehearse model install`: a download from a local HTTP server (a small
//! fake ggml file) checked before it takes its name, a wrong checksum or a file that is not a
//! model refused with nothing left behind, and the one line a build without the feature says.

mod common;

use common::{Sandbox, assert_bad_input};

#[cfg(not(feature = "transcribe"))]
#[test]
fn without_the_feature_model_and_transcribe_say_how_to_get_it() {
    let sandbox = Sandbox::new();
    for args in [
        &["model", "install"][..],
        &["transcribe", "--all"][..],
        &["model"][..],
    ] {
        assert_bad_input(sandbox.cmd().args(args), "--features transcribe");
    }
}

#[cfg(feature = "transcribe")]
mod installing {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::path::PathBuf;

    use sha2::{Digest, Sha256};

    use super::*;

    /// The start of a ggml file (magic, an English-only vocabulary, base's six layers) and
    /// filler: what the installer checks, in a few KB.
    fn fake_model() -> Vec<u8> {
        let mut bytes = Vec::new();
        for word in [0x6767_6d6c_u32, 51_864, 1500, 512, 8, 6] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.resize(64 * 1024, 42);
        bytes
    }

    /// Serves `body` once over HTTP on a free local port; returns the URL.
    fn serve_once(body: Vec<u8>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/ggml-base.en.bin", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                line.clear();
            }
            let mut stream = stream;
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .unwrap();
            stream.write_all(&body).unwrap();
        });
        url
    }

    fn sha256_hex(bytes: &[u8]) -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The sandbox and where its model goes (a folder of its own, not the data home).
    fn sandbox_with_model_path() -> (Sandbox, PathBuf) {
        let sandbox = Sandbox::new();
        let model = sandbox.root().join("models/whisper.bin");
        (sandbox, model)
    }

    fn files_in(folder: &std::path::Path) -> Vec<String> {
        std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_download_with_its_checksum_is_installed_and_shown() {
        let (sandbox, model) = sandbox_with_model_path();
        let body = fake_model();
        let url = serve_once(body.clone());
        let output = sandbox
            .cmd()
            .env("REHEARSE_MODEL", &model)
            .args([
                "model",
                "install",
                "--url",
                &url,
                "--checksum",
                &sha256_hex(&body),
            ])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{said}");
        assert!(said.contains("installed ggml-base.en"), "{said}");
        assert_eq!(std::fs::read(&model).unwrap(), body);
        assert_eq!(files_in(model.parent().unwrap()), ["whisper.bin"]);

        let shown = common::stdout_of(sandbox.cmd().env("REHEARSE_MODEL", &model).arg("model"));
        assert!(shown.contains("ggml-base.en"), "{shown}");
        assert!(shown.contains(&sha256_hex(&body)), "{shown}");
        assert!(shown.contains(&format!("{} bytes", body.len())), "{shown}");
        // The model is never among the sessions.
        assert!(!sandbox.home().join("sessions").exists());
    }

    #[test]
    fn a_download_with_the_wrong_checksum_is_refused_and_nothing_is_left() {
        let (sandbox, model) = sandbox_with_model_path();
        let url = serve_once(fake_model());
        let wrong = "0".repeat(40);
        let output = sandbox
            .cmd()
            .env("REHEARSE_MODEL", &model)
            .args(["model", "install", "--url", &url, "--checksum", &wrong])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{said}");
        // After the note that it is downloading, one line says why nothing was kept.
        let last = said.lines().last().unwrap_or_default();
        assert!(last.contains("should have sha1 0000"), "{said}");
        assert!(last.contains("nothing was installed"), "{said}");
        assert!(!model.exists());
        assert_eq!(files_in(model.parent().unwrap()), Vec::<String>::new());
    }

    #[test]
    fn a_file_that_is_not_a_model_is_refused() {
        let (sandbox, model) = sandbox_with_model_path();
        let wav = sandbox.root().join("answer.wav");
        std::fs::write(&wav, b"RIFF\0\0\0\0WAVEfmt a recording, not a model").unwrap();
        assert_bad_input(
            sandbox
                .cmd()
                .env("REHEARSE_MODEL", &model)
                .args(["model", "install", "--from"])
                .arg(&wav),
            "not a ggml model",
        );
        assert!(!model.exists());
        let shown = common::stdout_of(sandbox.cmd().env("REHEARSE_MODEL", &model).arg("model"));
        assert!(shown.contains("rehearse model install"), "{shown}");
    }
}
