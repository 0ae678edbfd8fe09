// Sections: 1. pages  2. text  3. the body map
#include "print/pdf_canvas.hpp"

#include <algorithm>
#include <cmath>

namespace infusion::print::detail {

PageSize page_size(Paper paper) {
    // ISO 216 A4 is 210 x 297 mm; US Letter 8.5 x 11 in.
    return paper == Paper::a4 ? PageSize{595.28, 841.89} : PageSize{612.0, 792.0};
}

// ---- 1. pages ----------------------------------------------------------------------------------------
Canvas::Canvas(cairo_t* cr, PageSize size) : m_cr(cr), m_size(size) {}

void Canvas::set_running(std::string header, std::string footer) {
    m_header = std::move(header);
    m_footer = std::move(footer);
}

void Canvas::begin_page() {
    ++m_page;
    m_open = true;
    font(Weight::normal, 7.5);
    cairo_set_source_rgb(m_cr, 0.35, 0.35, 0.35);
    show(m_margin, m_margin - 14.0, m_header);
    const std::string footer = m_footer + "   page " + std::to_string(m_page);
    show(m_margin, m_size.height - m_margin + 18.0, footer);
    cairo_set_source_rgb(m_cr, 0, 0, 0);
    m_y = m_margin;
}

void Canvas::end_page() {
    if (!m_open) return;
    cairo_show_page(m_cr);
    m_open = false;
}

void Canvas::ensure(double height) {
    if (!m_open) begin_page();
    if (m_y + height > bottom()) {
        end_page();
        begin_page();
    }
}

// ---- 2. text -----------------------------------------------------------------------------------------
// cairo draws a letter its face lacks as an empty box and looks in no other face by itself: a name in Chinese,
// Japanese or Korean printed as boxes (found from outside). Such letters are drawn from WenQuanYi Micro Hei
// (fonts-wqy-microhei, which the window uses for them too), run by run.
void Canvas::select(bool fallback) const {
    cairo_select_font_face(m_cr, fallback ? "WenQuanYi Micro Hei" : "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           m_weight == Weight::bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
}

void Canvas::font(Weight weight, double size) const {
    m_weight = weight;
    select(false);
    cairo_set_font_size(m_cr, size);
}

std::vector<std::pair<bool, std::string>> Canvas::runs(const std::string& text) const {
    std::vector<std::pair<bool, std::string>> out;
    cairo_scaled_font_t* face = cairo_get_scaled_font(m_cr);  // DejaVu Sans, as font() selected it
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        const std::string letter = text.substr(i, length);
        bool missing = false;
        if (lead >= 0x80) {
            cairo_glyph_t* glyphs = nullptr;
            int count = 0;
            if (cairo_scaled_font_text_to_glyphs(face, 0, 0, letter.c_str(), static_cast<int>(letter.size()), &glyphs,
                                                 &count, nullptr, nullptr, nullptr) == CAIRO_STATUS_SUCCESS) {
                missing = count > 0 && glyphs[0].index == 0;
            }
            cairo_glyph_free(glyphs);
        }
        if (out.empty() || out.back().first != missing) out.emplace_back(missing, std::string{});
        out.back().second += letter;
        i += length;
    }
    return out;
}

void Canvas::show(double x, double y, const std::string& text) const {
    cairo_move_to(m_cr, x, y);
    const bool ascii =
        std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        cairo_show_text(m_cr, text.c_str());
        return;
    }
    for (const auto& [fallback, piece] : runs(text)) {
        select(fallback);
        cairo_show_text(m_cr, piece.c_str());  // each piece goes on where the last ended
    }
    select(false);
}

double Canvas::advance(const std::string& text) const {
    cairo_text_extents_t e;
    const bool ascii =
        std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        cairo_text_extents(m_cr, text.c_str(), &e);
        return e.x_advance;
    }
    double total = 0.0;
    for (const auto& [fallback, piece] : runs(text)) {
        select(fallback);
        cairo_text_extents(m_cr, piece.c_str(), &e);
        total += e.x_advance;
    }
    select(false);
    return total;
}

std::vector<std::string> Canvas::wrap(const std::string& text, double width) const {
    std::vector<std::string> lines;
    const auto fits = [&](const std::string& s) { return advance(s) <= width; };
    // A word wider than the column (a long hash, a note typed without spaces) is cut where it must be, never
    // inside a UTF-8 sequence; the rest goes on the next line. Only a word that began a line was cut: one
    // after others went whole onto its own line, ran past the page's edge and lost its middle (found from
    // outside).
    const auto cut_to_fit = [&](std::string& line) {
        while (!fits(line) && line.size() > 1) {
            std::size_t cut = line.size() - 1;
            while (cut > 1 && !fits(line.substr(0, cut))) --cut;
            while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) --cut;
            lines.push_back(line.substr(0, cut));
            line = line.substr(cut);
        }
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto newline = text.find('\n', start);
        const std::string para = text.substr(start, newline == std::string::npos ? std::string::npos : newline - start);
        std::string line;
        std::size_t i = 0;
        while (i < para.size()) {
            const auto space = para.find(' ', i);
            const std::string word = para.substr(i, space == std::string::npos ? std::string::npos : space - i);
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (fits(candidate) || line.empty()) {
                line = candidate;
            } else {
                lines.push_back(line);
                line = word;
            }
            cut_to_fit(line);
            if (space == std::string::npos) break;
            i = space + 1;
        }
        lines.push_back(line);
        if (newline == std::string::npos) break;
        start = newline + 1;
    }
    return lines;
}

void Canvas::title(const std::string& text) {
    ensure(24.0);
    font(Weight::bold, 14.0);
    m_y += 14.0;
    show(m_margin, m_y, text);
    m_y += 8.0;
}

void Canvas::section(const std::string& text) {
    ensure(34.0);  // a heading never ends a page alone
    m_y += 8.0;
    font(Weight::bold, 10.5);
    m_y += 10.5;
    show(m_margin, m_y, text);
    m_y += 3.0;
    cairo_set_line_width(m_cr, 0.6);
    cairo_move_to(m_cr, m_margin, m_y);
    cairo_line_to(m_cr, m_margin + content_width(), m_y);
    cairo_stroke(m_cr);
    m_y += 3.0;
}

void Canvas::paragraph(const std::string& text, double indent, Weight weight, double size, double width) {
    font(weight, size);
    const double w = width > 0.0 ? width : content_width() - indent;
    for (const auto& line : wrap(text, w)) {
        ensure(size * 1.35);
        font(weight, size);
        m_y += size * 1.35;
        show(m_margin + indent, m_y, line);
    }
}

void Canvas::field(const std::string& label, const std::string& value, double label_width, double indent) {
    font(Weight::normal, 9.0);
    const auto lines = wrap(value.empty() ? "-" : value, content_width() - indent - label_width);
    ensure(12.2 * static_cast<double>(std::min<std::size_t>(lines.size(), 3)));
    m_y += 12.2;
    font(Weight::bold, 9.0);
    show(m_margin + indent, m_y, label);
    font(Weight::normal, 9.0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            ensure(12.2);
            m_y += 12.2;
        }
        show(m_margin + indent + label_width, m_y, lines[i]);
    }
}

void Canvas::row(const std::vector<std::string>& cells, const std::vector<double>& x, Weight weight) {
    font(weight, 8.5);
    std::vector<std::vector<std::string>> wrapped;
    std::size_t height = 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const double right = i + 1 < x.size() ? x[i + 1] - 6.0 : content_width();
        wrapped.push_back(wrap(cells[i], right - x[i]));
        height = std::max(height, wrapped.back().size());
    }
    ensure(11.5 * static_cast<double>(height) + 2.0);
    font(weight, 8.5);
    for (std::size_t i = 0; i < wrapped.size(); ++i) {
        for (std::size_t j = 0; j < wrapped[i].size(); ++j) {
            show(m_margin + x[i], m_y + 11.5 * static_cast<double>(j + 1), wrapped[i][j]);
        }
    }
    m_y += 11.5 * static_cast<double>(height) + 2.0;
}

void Canvas::rule() {
    ensure(6.0);
    m_y += 3.0;
    cairo_set_line_width(m_cr, 0.3);
    cairo_move_to(m_cr, m_margin, m_y);
    cairo_line_to(m_cr, m_margin + content_width(), m_y);
    cairo_stroke(m_cr);
    m_y += 3.0;
}

// ---- 3. the body map ---------------------------------------------------------------------------------
namespace {

// The same plain silhouette as the window's body map (ui/body_map.cpp), as vector paths.
void figure(cairo_t* cr, double ox, double oy, double w, double h) {
    const auto rounded = [&](double x0, double y0, double x1, double y1, double r) {
        x0 = ox + x0 * w, x1 = ox + x1 * w, y0 = oy + y0 * h, y1 = oy + y1 * h;
        r = std::min({r, (x1 - x0) / 2, (y1 - y0) / 2});
        cairo_new_sub_path(cr);
        cairo_arc(cr, x1 - r, y0 + r, r, -M_PI / 2, 0);
        cairo_arc(cr, x1 - r, y1 - r, r, 0, M_PI / 2);
        cairo_arc(cr, x0 + r, y1 - r, r, M_PI / 2, M_PI);
        cairo_arc(cr, x0 + r, y0 + r, r, M_PI, 3 * M_PI / 2);
        cairo_close_path(cr);
    };
    cairo_new_path(cr);
    cairo_arc(cr, ox + 0.5 * w, oy + 0.08 * h, 0.075 * w, 0, 2 * M_PI);
    rounded(0.47, 0.13, 0.53, 0.17, 0.0);
    rounded(0.33, 0.17, 0.67, 0.56, 0.06 * w);
    for (double side : {-1.0, 1.0}) {
        const double sx = 0.5 + side * 0.225;
        rounded(sx - 0.055, 0.18, sx + 0.055, 0.52, 0.05 * w);
        const double lx = 0.5 + side * 0.09;
        rounded(lx - 0.075, 0.55, lx + 0.075, 0.97, 0.05 * w);
    }
    cairo_set_source_rgb(cr, 0.91, 0.885, 0.855);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.45, 0.42, 0.4);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
}

}  // namespace

double body_map_height(double w) { return (w * 0.5 - 6.0) * 1.7 + 14.0; }

void draw_body_map(const Canvas& canvas, double x, double y, double w, const core::Visit& visit,
                   const std::vector<core::CatalogSite>& sites) {
    cairo_t* cr = canvas.cr();
    const double fw = w * 0.5 - 6.0;
    const double fh = fw * 1.7;
    const double back_x = x + w * 0.5 + 6.0;
    cairo_save(cr);
    figure(cr, x, y, fw, fh);
    figure(cr, back_x, y, fw, fh);
    cairo_set_source_rgb(cr, 0, 0, 0);
    canvas.font(Weight::normal, 7.5);
    canvas.show(x + fw / 2 - 10, y + fh + 10, "Front");
    canvas.show(back_x + fw / 2 - 10, y + fh + 10, "Back");
    const double r = 5.5;
    for (std::size_t i = 0; i < visit.pump_setups.size(); ++i) {
        for (const auto& s : visit.pump_setups[i].sites) {
            const auto* site = [&]() -> const core::CatalogSite* {
                for (const auto& c : sites) {
                    if (c.id == s.location) return &c;
                }
                return nullptr;
            }();
            if (site == nullptr) continue;
            const double ox = site->view == core::BodyView::front ? x : back_x;
            const double cx = ox + static_cast<double>(site->x) * fw;
            const double cy = y + static_cast<double>(site->y) * fh;
            cairo_new_path(cr);
            cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
            if (s.usable()) {
                cairo_set_source_rgb(cr, 0.16, 0.38, 0.72);
            } else {
                cairo_set_source_rgb(cr, 0.78, 0.16, 0.16);
            }
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            canvas.font(Weight::bold, 6.5);
            const std::string label = std::to_string(i + 1);
            canvas.show(cx - 1.9 * static_cast<double>(label.size()), cy + 2.3, label);
            if (!s.usable()) {  // removed: crossed out
                cairo_set_line_width(cr, 1.0);
                cairo_move_to(cr, cx - r, cy - r);
                cairo_line_to(cr, cx + r, cy + r);
                cairo_stroke(cr);
            }
        }
    }
    cairo_restore(cr);
}

}  // namespace infusion::print::detail
