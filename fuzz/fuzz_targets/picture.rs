//! Fuzz target `picture`: see `gazette_fuzz::picture`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::picture(data));

#[cfg(not(fuzzing))]
fn main() {
    gazette_fuzz::run_stable("picture", gazette_fuzz::picture);
}
