//! The `apigen` command line used as a spec author uses it in their own repository: in a folder
//! outside this workspace, a new spec is generated into a crate that depends on the runtime by a
//! path, then by a `file://` git URL of a clone of this repository; each crate is built and its
//! tests run there, and `generate --check` passes, then fails after an edit to the spec; the edited
//! spec, publishable, is generated with a registry dependency and packaged with `cargo package`.

use std::path::Path;
use std::process::Command;

/// Runs the whole check; the error says which step failed and how.
pub fn check(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = root.join("target");
    run(root, &cargo, &["build", "--locked", "-p", "apigen", "--bin", "apigen"], &[])?;
    let apigen = target.join("debug").join(if cfg!(windows) { "apigen.exe" } else { "apigen" });
    let dir = std::env::temp_dir().join(format!("apigen-outside-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let result = steps(root, &dir, &apigen, &cargo, &target);
    // The folder is kept when a step fails, to look at.
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn steps(root: &Path, dir: &Path, apigen: &Path, cargo: &str, target: &Path) -> Result<(), String> {
    let target_env = target.to_string_lossy().into_owned();
    // The crates share this workspace's target folder and its lock file's versions, so what the
    // workspace built is not built again.
    let envs = [("CARGO_TARGET_DIR", target_env.as_str())];
    let apigen = apigen.to_string_lossy().into_owned();
    run(dir, &apigen, &["new", "shop", "--dir", "specs"], &[])?;
    run(dir, &apigen, &["validate", "specs/shop.yaml"], &[])?;

    // A path dependency on this checkout's runtime (the default from a checkout).
    run(dir, &apigen, &["generate", "--spec", "specs/shop.yaml", "--out", "clients/shop"], &[])?;
    build_and_test(root, &dir.join("clients/shop"), cargo, &envs)?;
    run(dir, &apigen, &["generate", "--spec", "specs/shop.yaml", "--out", "clients/shop", "--check"], &[])?;

    // A git dependency on a clone of this repository.
    let clone = dir.join("apigen-clone");
    run(dir, "git", &["clone", "--quiet", &root.to_string_lossy(), &clone.to_string_lossy()], &[])?;
    let url = format!("file://{}", clone.to_string_lossy());
    let git = ["generate", "--spec", "specs/shop.yaml", "--out", "clients/shop-git", "--runtime-git", url.as_str()];
    run(dir, &apigen, &git, &[])?;
    build_and_test(root, &dir.join("clients/shop-git"), cargo, &envs)?;
    let mut check = git.to_vec();
    check.push("--check");
    run(dir, &apigen, &check, &[])?;

    // An edit to the spec is drift: the check below must fail (its list of stale files is expected).
    // The edit makes the crate publishable.
    println!("==> the spec is edited; the next check must fail");
    let spec = dir.join("specs/shop.yaml");
    let text = std::fs::read_to_string(&spec).map_err(|error| format!("cannot read {}: {error}", spec.display()))?;
    let package = "package:\n  version: 1.0.0\n  publish: true\n  license: MIT\n  categories: [api-bindings]\nbase_url: ";
    let edited = text.replacen("base_url: ", package, 1);
    std::fs::write(&spec, &edited).map_err(|error| format!("cannot write {}: {error}", spec.display()))?;
    if run(dir, &apigen, &check, &[]).is_ok() {
        return Err("`apigen generate --check` passed after the spec was edited".to_owned());
    }

    // A registry dependency: the crate is what `cargo publish` would upload. Its lock file is left
    // out because it would resolve the runtime from crates.io, which need not have this version.
    let registry = ["generate", "--spec", "specs/shop.yaml", "--out", "clients/shop-registry", "--runtime-version", apigen::RUNTIME_VERSION];
    run(dir, &apigen, &registry, &[])?;
    run(&dir.join("clients/shop-registry"), cargo, &["package", "--no-verify", "--exclude-lockfile", "--quiet"], &[])
}

/// Builds the crate in `crate_dir` and runs its tests there, with this workspace's lock file.
fn build_and_test(root: &Path, crate_dir: &Path, cargo: &str, envs: &[(&str, &str)]) -> Result<(), String> {
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|error| format!("cannot copy Cargo.lock: {error}"))?;
    run(crate_dir, cargo, &["test", "--quiet"], envs)
}

fn run(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    println!("==> {}: {program} {}", dir.display(), args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{program} {}` in {} failed ({status})", args.join(" "), dir.display())) }
}
