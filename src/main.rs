// glibc's allocator spends a third of a bulk read (check, first load) consolidating
// the many small strings freed between chunks; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nhitrace::cli::main()
}
