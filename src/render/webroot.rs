//! Files a web server and search engines expect at the site root: `sitemap.xml` (split into a
//! sitemap index when a province has more than 50,000 pages), `robots.txt` and `404.html`.
//!
//! These are the only outputs that use absolute addresses (`base_url`): sitemaps require them,
//! and a 404 page is served at whatever address was mistyped, where relative links would break.

use serde::Serialize;

use super::output::Staging;
use super::view::pages::free_page_path;
use super::{RenderContext, RenderError, Renderer, render_template};

/// The sitemap protocol's limit of URLs per file.
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// Writes `sitemap.xml` (+ `sitemaps/sitemap-N.xml`), `robots.txt` and `404.html`.
pub struct WebRootRenderer;

#[derive(Serialize)]
struct SitemapView<'a> {
    urls: &'a [String],
}

#[derive(Serialize)]
struct SitemapIndexView {
    sitemaps: Vec<String>,
}

#[derive(Serialize)]
struct RobotsView<'a> {
    sitemap: String,
    base_url: &'a str,
}

#[derive(Serialize)]
struct NotFoundView<'a> {
    site_title: &'a str,
    home: &'a str,
    hotline: Option<&'a str>,
}

/// Absolute addresses of every public page: regions, units, free pages (posters and kiosk
/// displays are for printing and screens, not for search).
pub fn page_urls(ctx: &RenderContext<'_>) -> Vec<String> {
    let m = ctx.model;
    let base = &m.site.base_url;
    let abs = |path: &str| format!("{base}{}", path.trim_start_matches('/'));
    let mut urls: Vec<String> = m.regions.iter().map(|r| abs(&r.path)).collect();
    urls.extend(m.units.iter().map(|u| abs(&u.path)));
    urls.extend(m.pages.iter().map(|p| abs(&free_page_path(&p.slug))));
    urls
}

impl Renderer for WebRootRenderer {
    fn name(&self) -> &'static str {
        "webroot"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        let site = &ctx.model.site;
        let urls = page_urls(ctx);
        if urls.len() <= SITEMAP_MAX_URLS {
            out.write("sitemap.xml", &render_template(ctx, "sitemap.xml", &SitemapView { urls: &urls }, "sitemap.xml")?)?;
        } else {
            let mut sitemaps = Vec::new();
            for (i, chunk) in urls.chunks(SITEMAP_MAX_URLS).enumerate() {
                let file = format!("sitemaps/sitemap-{}.xml", i + 1);
                out.write(&file, &render_template(ctx, "sitemap.xml", &SitemapView { urls: chunk }, &file)?)?;
                sitemaps.push(format!("{}{file}", site.base_url));
            }
            out.write("sitemap.xml", &render_template(ctx, "sitemap_index.xml", &SitemapIndexView { sitemaps }, "sitemap.xml")?)?;
        }
        let robots = RobotsView { sitemap: format!("{}sitemap.xml", site.base_url), base_url: &site.base_url };
        out.write("robots.txt", &render_template(ctx, "robots.txt", &robots, "robots.txt")?)?;
        let not_found = NotFoundView { site_title: &site.title, home: &site.base_url, hotline: site.hotline.as_deref() };
        out.write("404.html", &render_template(ctx, "404.html", &not_found, "404.html")?)?;
        Ok(())
    }
}
