//! Turns a ratatui `Buffer` (what the app's own renderer drew) into an SVG image,
//! cell by cell, keeping colours and bold/reversed/underlined text.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const FONT_SIZE: f32 = 14.0;
const DEFAULT_FG: &str = "#d0d0d0";
const DEFAULT_BG: &str = "#1c1c1c";

/// The SVG document for `buffer`.
pub fn render(buffer: &Buffer) -> String {
    let area = buffer.area;
    let width = f32::from(area.width) * CELL_W;
    let height = f32::from(area.height) * CELL_H;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{DEFAULT_BG}"/>"#
    );
    let _ = writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{FONT_SIZE}" xml:space="preserve">"#
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let start = x;
            let (fg, bg, modifier) = colours(buffer, start, y);
            let mut text = String::new();
            while x < area.width && colours(buffer, x, y) == (fg.clone(), bg.clone(), modifier) {
                if let Some(cell) = buffer.cell((area.x + x, area.y + y)) {
                    text.push_str(cell.symbol());
                }
                x += 1;
            }
            let px = f32::from(start) * CELL_W;
            let py = f32::from(y) * CELL_H;
            let run_w = f32::from(x - start) * CELL_W;
            if bg != DEFAULT_BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{px}" y="{py}" width="{run_w}" height="{CELL_H}" fill="{bg}"/>"#
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            let mut attrs = String::new();
            if modifier.contains(Modifier::BOLD) {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if modifier.contains(Modifier::UNDERLINED) {
                attrs.push_str(r#" text-decoration="underline""#);
            }
            if modifier.contains(Modifier::DIM) {
                attrs.push_str(r#" opacity="0.6""#);
            }
            let _ = writeln!(
                out,
                r#"<text x="{px}" y="{}" fill="{fg}" textLength="{run_w}" lengthAdjust="spacingAndGlyphs"{attrs}>{}</text>"#,
                py + CELL_H * 0.78,
                escape(&text)
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn colours(buffer: &Buffer, x: u16, y: u16) -> (String, String, Modifier) {
    let Some(cell) = buffer.cell((buffer.area.x + x, buffer.area.y + y)) else {
        return (DEFAULT_FG.into(), DEFAULT_BG.into(), Modifier::empty());
    };
    let mut fg = hex(cell.fg).unwrap_or_else(|| DEFAULT_FG.into());
    let mut bg = hex(cell.bg).unwrap_or_else(|| DEFAULT_BG.into());
    if cell.modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    let kept = cell.modifier & (Modifier::BOLD | Modifier::UNDERLINED | Modifier::DIM);
    (fg, bg, kept)
}

/// A palette close to a common dark terminal theme.
fn hex(color: Color) -> Option<String> {
    Some(
        match color {
            Color::Reset => return None,
            Color::Black => "#1c1c1c",
            Color::Red => "#e06c75",
            Color::Green => "#98c379",
            Color::Yellow => "#e5c07b",
            Color::Blue => "#61afef",
            Color::Magenta => "#c678dd",
            Color::Cyan => "#56b6c2",
            Color::Gray => "#abb2bf",
            Color::DarkGray => "#5c6370",
            Color::LightRed => "#ff7b86",
            Color::LightGreen => "#b5e890",
            Color::LightYellow => "#ffd787",
            Color::LightBlue => "#87cefa",
            Color::LightMagenta => "#e0a0ff",
            Color::LightCyan => "#8be9fd",
            Color::White => "#ffffff",
            Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
            Color::Indexed(_) => "#d0d0d0",
        }
        .to_string(),
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
