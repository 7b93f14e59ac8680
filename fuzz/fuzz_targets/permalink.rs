//! Fuzz target `permalink`: see `gazette_fuzz::permalink`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::permalink(data));

#[cfg(not(fuzzing))]
fn main() {
    gazette_fuzz::run_stable("permalink", gazette_fuzz::permalink);
}
