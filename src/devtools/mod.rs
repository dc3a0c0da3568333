//! Developer tools behind the hidden `starboard dev` command: not part of the product, but kept in
//! the crate so benchmarks and load tests drive the real loader and renderers.

pub mod generate;
pub mod hugo;
mod names;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;

use generate::GenerateOptions;

/// `starboard dev …` — developer tools, not part of the product.
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Writes a synthetic province content directory (for benchmarks).
    Generate {
        /// Number of units (村/社区); 46000 gives 17 cities, 160 counties, 2,400 towns.
        #[arg(long)]
        units: usize,
        /// Content directory to create (must not exist or be empty).
        #[arg(long)]
        out: PathBuf,
        /// PRNG seed; the same seed always gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Writes the same site as a Hugo project (for the side-by-side benchmark).
    HugoSite {
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Hugo project directory to create (must not exist or be empty).
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs one dev command and returns its exit code.
pub fn run(command: DevCommand) -> ExitCode {
    match command {
        DevCommand::Generate { units, out, seed } => {
            let started = Instant::now();
            match generate::generate(&GenerateOptions { units, out: out.clone(), seed }) {
                Ok(g) => {
                    eprintln!(
                        "已生成模拟内容：{} 个市、{} 个县区、{} 个乡镇、{} 个村（社区） → {}（用时 {:.2} 秒） (generated {} cities, {} counties, {} towns, {} units)",
                        g.cities,
                        g.counties,
                        g.towns,
                        g.units,
                        out.display(),
                        started.elapsed().as_secs_f64(),
                        g.cities,
                        g.counties,
                        g.towns,
                        g.units
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(if e.kind() == std::io::ErrorKind::InvalidInput { 2 } else { 1 })
                }
            }
        }
        DevCommand::HugoSite { content, out } => {
            let checked = crate::pipeline::check(&content);
            crate::cli::print_diagnostics(&content, &checked.diagnostics);
            let Some((model, _)) = checked.site else { return ExitCode::from(1) };
            match hugo::export(&model, &out) {
                Ok(pages) => {
                    eprintln!("已写出 Hugo 项目：{pages} 个页面 → {} (wrote a Hugo project with {pages} pages)", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", out.display());
                    ExitCode::from(1)
                }
            }
        }
    }
}
