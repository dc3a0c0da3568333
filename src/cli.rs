//! Command line: parses arguments, runs a pipeline command, prints diagnostics in one place and
//! maps outcomes to the exit-code contract (0 ok, 1 content errors, 2 usage errors).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::devtools::{self, DevCommand};
use crate::diag::{self, Diagnostic, Severity};
use crate::import::{self, ImportFailure, ImportOptions};
use crate::init::{self, InitError};
use crate::model::{Date, PaperSize};
use crate::pipeline::{self, BuildError, BuildOptions};
use crate::print::{self, PrintError};
use crate::serve::{self, ServeError, ServeOptions};

/// 星级公开栏 — static site generator for village transparency boards.
#[derive(Debug, Parser)]
#[command(
    name = "starboard",
    version,
    about = "星级公开栏：把村级星级评定、集体经济收入等 YAML 记录生成公开网站 (static site generator for village transparency boards)"
)]
pub struct Cli {
    /// Subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成网站 (build the site into the output directory).
    Build {
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 输出目录 (output directory; replaced as a whole on success).
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// 构建日期 YYYY-MM-DD，用于“数据截至”和公示状态 (build date, for reproducible output).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// 主题目录 (theme directory; default: themes/default beside the content dir, else built-in).
        #[arg(long)]
        theme: Option<PathBuf>,
        /// 网站公开地址，覆盖 site.yaml 的 base_url (public address; overrides site.yaml base_url).
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// 即使内容未变也重新生成 (rebuild even when nothing changed since the last build).
        #[arg(long)]
        force: bool,
    },
    /// 只检查内容，不生成文件 (validate only; writes nothing).
    Check {
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// 从乡镇汇总表（Excel/CSV）导入星级和集体经济收入 (import stars and income from a township's spreadsheet).
    Import {
        /// 汇总表文件：.xlsx .xls .ods .csv (spreadsheet files).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 表中乡镇所属的区域：目录（如 zaolin）或名称，默认根区域 (region the sheet's towns are in).
        #[arg(long)]
        into: Option<String>,
        /// 年度，用于没有“年度”列的表 (year of sheets without a 年度 column).
        #[arg(long)]
        year: Option<u16>,
        /// 只显示将要进行的修改，不写入 (show what would change; write nothing).
        #[arg(long)]
        dry_run: bool,
    },
    /// 本机预览，保存后自动刷新 (preview on 127.0.0.1 with live reload).
    Serve {
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 端口，0 表示任选一个空闲端口 (port; 0 picks a free one and prints it).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// 构建日期 YYYY-MM-DD (build date).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// 主题目录 (theme directory).
        #[arg(long)]
        theme: Option<PathBuf>,
    },
    /// 新建一个示例网站，可直接修改 (write a starter site into DIR, which must be empty or new).
    Init {
        /// 新网站的目录 (directory of the new site).
        dir: PathBuf,
        /// CI 安装 starboard 用的源码 git 地址，写进 .gitlab-ci.yml 和 GitHub 工作流
        /// (git URL the CI files install starboard from with `cargo install --git`).
        #[arg(long, value_name = "URL", default_value = init::DEFAULT_STARBOARD_GIT, hide_default_value = true)]
        starboard_git: String,
    },
    /// 输出内容文件的 JSON Schema，供编辑器检查 (write JSON Schemas of the content files).
    Schema {
        /// 输出目录 (output directory).
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
    /// 比较两个版本的公开数据变化，供审核 (what a change does to the published figures).
    Diff {
        /// 基准版本，默认 HEAD (base revision; default HEAD).
        base: Option<String>,
        /// 对比版本，默认工作区 (head revision; default the working tree).
        head: Option<String>,
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 输出格式 (output format).
        #[arg(long, value_enum, default_value = "text")]
        format: crate::diff::format::Format,
    },
    /// 把公开栏海报打印成 PDF（需要本机安装 Chromium）(print the posters to PDF with a local Chromium).
    Print {
        /// 页面，如 zaolin 或 zaolin/sangcun，根区域写 /；默认全部 (pages to print; default all).
        pages: Vec<String>,
        /// 纸张 a4、a3 或 a2；默认 site.yaml 的 poster_size (paper size; default: site.yaml poster_size).
        #[arg(long, value_parser = parse_size)]
        size: Option<PaperSize>,
        /// 内容目录 (content directory).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 输出目录：先在这里生成网站 (output directory; the site is built here first).
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// PDF 存放目录 (directory for the PDFs: <pdf-dir>/<page>/poster-<size>.pdf).
        #[arg(long, default_value = "poster-pdf")]
        pdf_dir: PathBuf,
        /// 构建日期 YYYY-MM-DD (build date, as for build).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// 不重新生成，直接打印输出目录里已有的海报 (print the posters already in the output directory).
        #[arg(long)]
        no_build: bool,
    },
    /// Developer tools (benchmarks); hidden from `--help`.
    #[command(hide = true, subcommand)]
    Dev(DevCommand),
}

fn parse_base_url(s: &str) -> Result<String, String> {
    crate::validate::site::normalize_base_url(s)
        .ok_or_else(|| format!("网址无效，应以 https:// 开头 (invalid address \"{s}\", expected http(s)://…)"))
}

fn parse_size(s: &str) -> Result<PaperSize, String> {
    PaperSize::parse(s).ok_or_else(|| format!("纸张应为 a4、a3 或 a2 (paper size \"{s}\" is invalid; use a4, a3 or a2)"))
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("日期无效，应为 YYYY-MM-DD (invalid date \"{s}\", expected YYYY-MM-DD)"))
}

/// Entry point used by `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    run(cli.command)
}

/// Runs one command and returns its exit code.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Build { content, output, today, theme, base_url, force } => {
            let started = Instant::now();
            match pipeline::build(&BuildOptions { content: content.clone(), output: output.clone(), today, theme, base_url, force }) {
                Ok(report) if report.unchanged => {
                    eprintln!(
                        "无变化：内容、主题和选项与上次生成时相同，{} 未改动（用时 {:.2} 秒） (no change since the last build; output left as it was)",
                        output.display(),
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Ok(report) => {
                    print_diagnostics(&content, &report.warnings);
                    eprintln!(
                        "已生成 {} 个区域、{} 个村（社区）的页面 → {}（用时 {:.2} 秒） (built {} regions, {} units in {:.2}s)",
                        report.regions,
                        report.units,
                        output.display(),
                        started.elapsed().as_secs_f64(),
                        report.regions,
                        report.units,
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags)) => {
                    print_diagnostics(&content, &diags);
                    ExitCode::from(1)
                }
                Err(BuildError::Render(msg)) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Import { files, content, into, year, dry_run } => run_import(&ImportOptions { files, content, into, year, dry_run }),
        Command::Print { pages, size, content, output, pdf_dir, today, no_build } => {
            run_print(&pages, size, &content, &output, &pdf_dir, today, no_build)
        }
        Command::Dev(cmd) => devtools::run(cmd),
        Command::Diff { base, head, content, format } => run_diff(&content, base, head, format),
        Command::Check { content } => {
            let checked = pipeline::check(&content);
            print_diagnostics(&content, &checked.diagnostics);
            match checked.site {
                Some((m, _)) => {
                    eprintln!(
                        "检查通过：{} 个区域、{} 个村（社区） (check passed: {} regions, {} units)",
                        m.regions.len(),
                        m.units.len(),
                        m.regions.len(),
                        m.units.len()
                    );
                    ExitCode::SUCCESS
                }
                None => ExitCode::from(1),
            }
        }
        Command::Serve { content, port, today, theme } => match serve::serve(&ServeOptions { content, port, theme, today }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(ServeError::Port(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(2)
            }
            Err(ServeError::Setup(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(1)
            }
        },
        Command::Init { dir, starboard_git } => match init::init(&dir, Date::today(), &starboard_git) {
            Ok(files) => {
                for f in &files {
                    eprintln!("  {}", dir.join(f).display());
                }
                let d = dir.display();
                eprintln!(
                    "已创建新网站 {d}（{} 个文件）。下一步：cd {d} && starboard serve，在浏览器里预览并修改 content/ 里的记录 (created a starter site; next: cd {d} && starboard serve)",
                    files.len()
                );
                if starboard_git.is_empty() {
                    eprintln!(
                        "CI 文件（.gitlab-ci.yml、.github/workflows/starboard.yml）从源码安装 starboard：请在 CI 设置里把变量 STARBOARD_GIT 设为 starboard 源码的 git 地址，或用 init --starboard-git URL 写入 (set the CI variable STARBOARD_GIT to starboard's git URL, or pass --starboard-git URL)"
                    );
                }
                ExitCode::SUCCESS
            }
            Err(InitError::NotEmpty(dir)) => {
                let d = dir.display();
                eprintln!(
                    "error: 目录 {d} 不是空的，为避免覆盖文件，请指定一个新目录或空目录 (refusing to write into non-empty directory {d})"
                );
                ExitCode::from(2)
            }
            Err(InitError::Io(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(1)
            }
        },
        Command::Schema { out } => match init::write_schemas(&out) {
            Ok(files) => {
                for f in &files {
                    eprintln!("  {}", f.display());
                }
                eprintln!("已写入 {} 个 JSON Schema 文件 (wrote {} JSON Schema files)", files.len(), files.len());
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::from(1)
            }
        },
    }
}

/// `starboard import`: prints the table on success, every error otherwise.
fn run_import(opts: &ImportOptions) -> ExitCode {
    match import::run(opts) {
        Ok(report) => {
            print!("{}", report.table());
            ExitCode::SUCCESS
        }
        Err(ImportFailure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(ImportFailure::Content(diags)) => {
            print_diagnostics(&opts.content, &diags);
            eprintln!(
                "内容目录本身有错误，请先修正再导入，未修改任何文件 (the content has errors; fix them before importing; nothing was changed)"
            );
            ExitCode::from(1)
        }
        Err(ImportFailure::Sheets(errors)) => {
            for e in &errors {
                eprintln!("{e}");
            }
            let n = errors.len();
            eprintln!("共 {n} 个错误，未修改任何文件 ({n} errors; no file was changed)");
            ExitCode::from(1)
        }
        Err(ImportFailure::Result(resolved)) => {
            for r in &resolved {
                eprintln!("{}", r.with_snippet());
            }
            let n = resolved.len();
            eprintln!(
                "导入后的内容将无法通过检查（共 {n} 个错误），未修改任何文件 (the imported content would fail check with {n} errors; no file was changed)"
            );
            ExitCode::from(1)
        }
        Err(ImportFailure::Io(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// `starboard diff`: prints the report; exit 1 when a revision has content errors, 2 for git trouble.
fn run_diff(content: &Path, base: Option<String>, head: Option<String>, format: crate::diff::format::Format) -> ExitCode {
    use crate::diff::{DiffError, Side};
    let base = Side::Rev(base.unwrap_or_else(|| "HEAD".into()));
    let head = head.map_or(Side::WorkTree, Side::Rev);
    match crate::diff::diff(content, &base, &head) {
        Ok(report) => {
            print!("{}", crate::diff::format::render(&report, format, &base.label(), &head.label()));
            ExitCode::SUCCESS
        }
        Err(DiffError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(DiffError::Content(sides)) => {
            for (label, resolved) in &sides {
                eprintln!("版本 {label} 的内容有错误，无法比较 (revision {label} has content errors):");
                let (errors, warnings) = print_resolved(resolved);
                eprintln!("版本 {label}：共 {errors} 个错误、{warnings} 个警告 (revision {label}: {errors} errors, {warnings} warnings)");
            }
            ExitCode::from(1)
        }
    }
}

/// `starboard print`: exit 0 when every PDF was written, 1 on content or browser failures,
/// 2 for an unknown page, 3 when no Chromium is installed.
fn run_print(
    pages: &[String],
    size: Option<PaperSize>,
    content: &Path,
    output: &Path,
    pdf_dir: &Path,
    today: Option<Date>,
    no_build: bool,
) -> ExitCode {
    let fail = |e: PrintError| {
        let (msg, code) = match e {
            PrintError::NoBrowser(m) => (m, 3),
            PrintError::UnknownPage(m) => (m, 2),
            PrintError::Failed(m) => (m, 1),
        };
        eprintln!("error: {msg}");
        ExitCode::from(code)
    };
    let chromium = match print::find_chromium() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let checked = pipeline::check(content);
    let Some((model, _)) = checked.site else {
        print_diagnostics(content, &checked.diagnostics);
        return ExitCode::from(1);
    };
    let selected = match print::select_pages(&model, pages) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if !no_build {
        let opts =
            BuildOptions { content: content.to_path_buf(), output: output.to_path_buf(), today, theme: None, base_url: None, force: false };
        match pipeline::build(&opts) {
            Ok(report) => print_diagnostics(content, &report.warnings),
            Err(BuildError::Content(diags)) => {
                print_diagnostics(content, &diags);
                return ExitCode::from(1);
            }
            Err(BuildError::Render(msg)) => {
                eprintln!("error: {msg}");
                return ExitCode::from(1);
            }
        }
    }
    let jobs = print::jobs(output, pdf_dir, &selected, size, model.site.poster_size);
    let started = Instant::now();
    match print::print_all(&chromium, &jobs, 2) {
        Ok(pdfs) => {
            eprintln!(
                "已打印 {} 张海报 → {}（用时 {:.1} 秒） (printed {} posters in {:.1}s)",
                pdfs.len(),
                pdf_dir.display(),
                started.elapsed().as_secs_f64(),
                pdfs.len(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// Prints diagnostics (sorted, with source snippets) and a summary line to stderr.
pub fn print_diagnostics(content: &Path, diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let (errors, warnings) = print_resolved(&diag::resolve(content, diags));
    if errors > 0 {
        eprintln!("共 {errors} 个错误、{warnings} 个警告，未生成网站 ({errors} errors, {warnings} warnings; nothing was built)");
    } else {
        eprintln!("共 {warnings} 个警告 ({warnings} warnings)");
    }
}

/// Prints resolved diagnostics with their source lines to stderr; returns (errors, warnings).
fn print_resolved(resolved: &[diag::Resolved]) -> (usize, usize) {
    for r in resolved {
        eprintln!("{}", r.with_snippet());
    }
    let errors = resolved.iter().filter(|r| r.severity == Severity::Error).count();
    (errors, resolved.len() - errors)
}
