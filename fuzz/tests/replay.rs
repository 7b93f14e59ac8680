//! Every input of `fuzz/seeds/` (the shapes authors write and known hard cases, and each
//! crash a fuzzing run ever found) through every target, as an ordinary test on the
//! stable toolchain: `cargo test --manifest-path fuzz/Cargo.toml`.

use std::path::Path;

#[test]
fn every_corpus_input_passes_every_target() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut inputs = 0;
    for entry in std::fs::read_dir(&corpus).expect("fuzz/seeds/ is committed") {
        let path = entry.expect("read fuzz/seeds/").path();
        let data = std::fs::read(&path).expect("read a corpus input");
        for (name, target) in [
            ("front_matter", gazette_fuzz::front_matter as fn(&[u8])),
            ("load", gazette_fuzz::load),
            ("markdown", gazette_fuzz::markdown),
            ("permalink", gazette_fuzz::permalink),
            ("picture", gazette_fuzz::picture),
        ] {
            let result = std::panic::catch_unwind(|| target(&data));
            assert!(result.is_ok(), "{name} panicked on {}", path.display());
        }
        inputs += 1;
    }
    assert!(inputs >= 10, "only {inputs} inputs in fuzz/seeds/");
}
