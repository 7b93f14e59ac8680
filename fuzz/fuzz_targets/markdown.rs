//! Fuzz target `markdown`: see `gazette_fuzz::markdown`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::markdown(data));

#[cfg(not(fuzzing))]
fn main() {
    gazette_fuzz::run_stable("markdown", gazette_fuzz::markdown);
}
