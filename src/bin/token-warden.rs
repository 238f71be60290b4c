//! The `token-warden` command: all of it lives in `token_warden::cli`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    token_warden::cli::main()
}

// The crate is also built for wasm32 (the extension); the CLI has nothing to do there.
#[cfg(target_arch = "wasm32")]
fn main() {}
