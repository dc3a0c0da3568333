//! `starboard` binary: all logic lives in the library; this only hands over the exit code.

/// mimalloc: the build allocates many small strings on two threads; glibc's malloc and free
/// were a sixth of a province build (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    starboard::cli::main()
}
