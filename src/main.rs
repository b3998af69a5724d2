// glibc's allocator spends a third of a bulk read (check, first load) consolidating
// the many small strings freed between chunks; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t`, which the sys
/// crate leaves unnamed).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the process before it is returned, in
/// milliseconds. mimalloc 3 keeps it a second (version 2 kept it 10 ms): the screen
/// frees a list's and a corpus's building tables within that second, and kept
/// them counted in its memory (69 MiB peak at 100,000 cases, 55 MiB at 10 ms).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

fn main() -> std::process::ExitCode {
    // SAFETY: set before any other thread starts (the function is not thread
    // safe); the option only times when freed pages go back to the system.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    nhitrace::cli::main()
}
