//! Cargo's build script (not to be confused with `src/build.rs`, the build stage of a site).
//!
//! `gazette init` embeds `themes/default/` and `src/starter/` with `include_dir!`, which on
//! stable Rust makes cargo notice a changed file but not an added or removed one. Watching
//! the two folders here rebuilds the crate whenever either changes, so the binary always
//! carries the theme and the starter site as they are in the repository.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/starter");
}
