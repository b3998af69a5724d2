fn main() -> std::process::ExitCode {
    nhitrace::cli::main()
}
