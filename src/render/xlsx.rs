//! `data/units.xlsx` — the records back out as the township 汇总表 staff already know, one sheet
//! per year, in exactly the layout `starboard import` reads: a title row, the header 乡镇（街道）,
//! 村（社区）名称, one ✓ column per star, 星级, 村集体经济收入（元）. Re-importing it changes nothing.
//!
//! Villages and communities share one sheet: the five village stars come first, then the three
//! stars only communities have (共建共享星, 幸福和谐星, 宜业兴业星); each row marks only its own
//! kind's stars. A unit without a rating that year has a blank 星级 (无星 means rated, no star).
//! The file is reproducible: its creation date is the build date, and the zip has fixed times.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::model::star::{ALL_STARS, level_name};
use crate::model::{Model, Star, UnitYear, Year};

use super::output::Staging;
use super::{RenderContext, RenderError, Renderer};

/// Output path of the workbook.
pub const UNITS_XLSX: &str = "data/units.xlsx";

/// Writes `data/units.xlsx`.
pub struct XlsxRenderer;

impl Renderer for XlsxRenderer {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn whole_in_memory(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        let created = ExcelDateTime::from_ymd(ctx.today.year.clamp(1900, 9999) as u16, ctx.today.month as u8, ctx.today.day as u8)
            .map_err(xlsx_error)?;
        let bytes = workbook(ctx.model, created, out.dir()).map_err(xlsx_error)?;
        out.write(UNITS_XLSX, &bytes)?;
        // Sheets start with a title row, so no table schema: the description says what is in it.
        super::opendata::register_written(
            out,
            &super::opendata::Described {
                file: UNITS_XLSX.trim_start_matches("data/").to_string(),
                title: "各村（社区）星级与集体经济收入汇总表（Excel）".into(),
                description: format!(
                    "每个年度一个工作表，首行为标题，第二行为表头：{}；可用 starboard import 导回 (one sheet per year, re-importable)",
                    header().join("、")
                ),
                fields: None,
            },
            &bytes,
        )?;
        Ok(())
    }
}

fn xlsx_error(e: XlsxError) -> RenderError {
    RenderError(format!("生成 {UNITS_XLSX} 失败 (writing {UNITS_XLSX} failed): {e}"))
}

/// Star columns: the village set, then the stars only communities have.
pub fn star_columns() -> Vec<Star> {
    ALL_STARS.to_vec()
}

/// Header of every sheet.
pub fn header() -> Vec<String> {
    let mut h = vec!["乡镇（街道）".to_string(), "村（社区）名称".to_string()];
    h.extend(star_columns().iter().map(|s| s.name().to_string()));
    h.push("星级".into());
    h.push("村集体经济收入（元）".into());
    h
}

/// One row of a year's sheet.
struct SheetRow<'a> {
    town: &'a str,
    name: &'a str,
    year: UnitYear,
}

/// The workbook's bytes. Each sheet's rows go to a temporary file in `scratch` as they are
/// written (rust_xlsxwriter's low-memory mode; the shared strings stay in memory): a province's
/// five sheets held ~600 MB as cells otherwise, for the same file.
fn workbook(model: &Model, created: ExcelDateTime, scratch: &std::path::Path) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_tempdir(scratch)?;
    // Zip level 3 (of 1–9), as Excel writes: ~30 % less saving time than the default 6 for ~5 %
    // more bytes (rust_xlsxwriter's performance notes).
    wb.set_zip_compression_level(3);
    let root = &model.root().name;
    wb.set_properties(
        &DocProperties::new().set_title(format!("{root}“五星”支部创建汇总表")).set_author("starboard").set_creation_datetime(&created),
    );
    let mut years: Vec<Year> = model.units.iter().flat_map(|u| u.years.keys().copied()).collect();
    years.sort_unstable();
    years.dedup();
    if years.is_empty() {
        years.push(model.site.current_year);
    }
    for year in years {
        let rows: Vec<SheetRow<'_>> = model
            .units
            .iter()
            .filter_map(|u| {
                let y = u.years.get(&year).copied().filter(|y| y.stars.is_some() || y.income.is_some())?;
                Some(SheetRow { town: &model.regions[u.region].name, name: &u.name, year: y })
            })
            .collect();
        let ws = wb.add_worksheet_with_low_memory()?;
        write_sheet(ws, &format!("{root}{year}年度“五星”支部创建汇总表"), &format!("{year}年"), &rows)?;
    }
    wb.save_to_buffer()
}

/// Writes one year's sheet row by row, left to right: in low-memory mode a row is final once the
/// next one starts.
fn write_sheet(ws: &mut Worksheet, title: &str, name: &str, rows: &[SheetRow<'_>]) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let head = header();
    let last_col = (head.len() - 1) as u16;
    let title_fmt = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let head_fmt = Format::new().set_bold().set_align(FormatAlign::Center).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let cell = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let center = cell.clone().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    let money = cell.clone().set_num_format("#,##0.00");
    ws.merge_range(0, 0, 0, last_col, title, &title_fmt)?;
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &head_fmt)?;
    }
    ws.set_freeze_panes(2, 0)?;
    let mut widths: Vec<usize> = head.iter().map(|h| display_width(h)).collect();
    let stars = star_columns();
    let mut i = 0;
    while i < rows.len() {
        // The town cell is merged over its consecutive rows, as offices lay it out.
        let run = rows[i..].iter().take_while(|r| r.town == rows[i].town).count();
        let (first, last) = (2 + i as u32, 2 + (i + run) as u32 - 1);
        if run > 1 {
            ws.merge_range(first, 0, last, 0, rows[i].town, &center)?;
        } else {
            ws.write_string_with_format(first, 0, rows[i].town, &center)?;
        }
        widths[0] = widths[0].max(display_width(rows[i].town));
        for (k, row) in rows[i..i + run].iter().enumerate() {
            let r = first + k as u32;
            ws.write_string_with_format(r, 1, row.name, &cell)?;
            widths[1] = widths[1].max(display_width(row.name));
            for (j, s) in stars.iter().enumerate() {
                let mark = if row.year.stars.is_some_and(|set| set.contains(*s)) { "✓" } else { "" };
                ws.write_string_with_format(r, 2 + j as u16, mark, &center)?;
            }
            let level_col = 2 + stars.len() as u16;
            let level = row.year.stars.map(|s| level_name(s.level())).unwrap_or("");
            ws.write_string_with_format(r, level_col, level, &center)?;
            match row.year.income {
                // The plain decimal text parses to the nearest f64, whose shortest form reads back
                // as the same decimal: the import gets the exact amount again.
                Some(m) => ws.write_number_with_format(r, level_col + 1, m.plain().parse::<f64>().unwrap_or(0.0), &money)?,
                None => ws.write_string_with_format(r, level_col + 1, "", &cell)?,
            };
            if let Some(m) = row.year.income {
                widths[level_col as usize + 1] = widths[level_col as usize + 1].max(m.grouped().len());
            }
        }
        i += run;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2) as f64)?;
    }
    Ok(())
}

/// Columns a text takes in a spreadsheet: CJK and full-width characters count two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_what_the_importer_reads() {
        use crate::import::table::{Role, role};
        let h = header();
        assert_eq!(role(&h[0]), Some(Role::Town));
        assert_eq!(role(&h[1]), Some(Role::Name));
        assert_eq!(role(&h[2]), Some(Role::Star(Star::Branch)));
        assert_eq!(role(&h[h.len() - 2]), Some(Role::Level));
        assert_eq!(role(&h[h.len() - 1]), Some(Role::Income(false)));
        assert_eq!(display_width("村（社区）名称"), 14);
    }
}
