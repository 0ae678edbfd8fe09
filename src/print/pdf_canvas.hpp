#pragma once
// A page-flowing text canvas over cairo's PDF surface: the record is written top to bottom and a new
// page starts when the next block would not fit. Internal to print/ (cairo appears nowhere else).
#include "print/visit_record.hpp"

#include <cairo.h>

#include <string>

namespace infusion::print::detail {

struct PageSize {
    double width;  // points (1/72 inch)
    double height;
};
[[nodiscard]] PageSize page_size(Paper paper);

enum class Weight { normal, bold };

class Canvas {
public:
    Canvas(cairo_t* cr, PageSize size);

    // The running header and footer drawn on each new page (clinic, record, page number).
    void set_running(std::string header, std::string footer);
    void begin_page();
    void end_page();
    // Starts a new page unless `height` points still fit above the bottom margin.
    void ensure(double height);

    void title(const std::string& text);
    void section(const std::string& text);
    // Wrapped text at `indent` points from the left margin, within `width` (0: to the right margin).
    void paragraph(const std::string& text, double indent = 0.0, Weight weight = Weight::normal, double size = 9.0,
                   double width = 0.0);
    // "Label: value" in two columns, the value wrapped.
    void field(const std::string& label, const std::string& value, double label_width = 92.0, double indent = 0.0);
    // A row of cells at the given x offsets (from the left margin); the tallest cell sets the height.
    void row(const std::vector<std::string>& cells, const std::vector<double>& x, Weight weight = Weight::normal);
    void rule();
    void gap(double points) { m_y += points; }

    [[nodiscard]] cairo_t* cr() const { return m_cr; }
    [[nodiscard]] double y() const { return m_y; }
    void set_y(double y) { m_y = y; }
    [[nodiscard]] double left() const { return m_margin; }
    [[nodiscard]] double content_width() const { return m_size.width - 2 * m_margin; }
    [[nodiscard]] double bottom() const { return m_size.height - m_margin; }
    [[nodiscard]] int page() const { return m_page; }

    // Lines of `text` wrapped to `width` at the current font.
    [[nodiscard]] std::vector<std::string> wrap(const std::string& text, double width) const;
    void font(Weight weight, double size) const;
    void show(double x, double y, const std::string& text) const;
    // How far `text` advances at the current font (letters DejaVu lacks measured in the fallback face).
    [[nodiscard]] double advance(const std::string& text) const;

private:
    // Pieces of `text` by the face that draws them: DejaVu Sans, or (true) the fallback face.
    [[nodiscard]] std::vector<std::pair<bool, std::string>> runs(const std::string& text) const;
    void select(bool fallback) const;

    cairo_t* m_cr;
    mutable Weight m_weight = Weight::normal;
    PageSize m_size;
    double m_margin = 38.0;
    double m_y = 0.0;
    int m_page = 0;
    bool m_open = false;
    std::string m_header;
    std::string m_footer;
};

// The body map: front and back figures in a box at (x, y) of width w, with each site of each set-up
// marked by its set-up number (a crossed mark: needle removed, blood return).
void draw_body_map(const Canvas& canvas, double x, double y, double w, const core::Visit& visit,
                   const std::vector<core::CatalogSite>& sites);
[[nodiscard]] double body_map_height(double w);

}  // namespace infusion::print::detail
