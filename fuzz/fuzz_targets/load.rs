//! Fuzz target `load`: see `gazette_fuzz::load`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::load(data));

#[cfg(not(fuzzing))]
fn main() {
    gazette_fuzz::run_stable("load", gazette_fuzz::load);
}
