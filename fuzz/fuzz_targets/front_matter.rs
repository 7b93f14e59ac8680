//! Fuzz target `front_matter`: see `gazette_fuzz::front_matter`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::front_matter(data));

#[cfg(not(fuzzing))]
fn main() {
    gazette_fuzz::run_stable("front_matter", gazette_fuzz::front_matter);
}
