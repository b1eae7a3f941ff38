// demo::write_svg: the demo's picture (decision boundary + loss curve) as hand-written SVG.
//
// Part of the demo, not of the library: plain SVG text through C stdio, no dependencies, and
// no <string>/<iostream>/<filesystem> so that the demo's translation unit stays fast to build.
// The file is replaced atomically: written to "<path>.tmp-<pid>", flushed to disk, renamed.
// Every function is [[gnu::cold]]: it runs once, so it is optimised for size, which also
// takes the compiler a third less time than -O3's speed optimisations.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <span>

#include <fcntl.h>
#include <unistd.h>

namespace demo {

/// One data point of the picture: its coordinates, its label (±1) and whether the trained
/// network classifies it correctly.
struct point {
    double x1 = 0;
    double x2 = 0;
    double label = 0;
    bool correct = true;
};

/// The region of the input plane the picture shows: the data's bounding box plus a margin,
/// widened to multiples of `tick` (the axes' tick spacing).
struct plane_box {
    double x_min = 0;
    double x_max = 1;
    double y_min = 0;
    double y_max = 1;
    double tick = 0.5;
};

/// The box around `points` that the picture shows (margin 0.25, ticks every 0.5).
[[gnu::cold]] inline plane_box box_around(std::span<const point> points) {
    plane_box b{points[0].x1, points[0].x1, points[0].x2, points[0].x2, 0.5};
    for (const point& p : points) {
        b.x_min = p.x1 < b.x_min ? p.x1 : b.x_min;
        b.x_max = p.x1 > b.x_max ? p.x1 : b.x_max;
        b.y_min = p.x2 < b.y_min ? p.x2 : b.y_min;
        b.y_max = p.x2 > b.y_max ? p.x2 : b.y_max;
    }
    const double margin = 0.25;
    b.x_min = std::floor((b.x_min - margin) / b.tick) * b.tick;
    b.x_max = std::ceil((b.x_max + margin) / b.tick) * b.tick;
    b.y_min = std::floor((b.y_min - margin) / b.tick) * b.tick;
    b.y_max = std::ceil((b.y_max + margin) / b.tick) * b.tick;
    return b;
}

/// Cells per side of the grid on which the picture samples the network's score.
inline constexpr std::size_t grid_cells = 160;

/// The network's score sampled over a plane_box: `nodes` at the (grid_cells + 1)^2 grid
/// corners (for the contour lines), `cells` at the grid_cells^2 cell centres (for the
/// shading); both row-major, row 0 at y_min, column 0 at x_min.
struct score_grid {
    std::span<const double> nodes;
    std::span<const double> cells;
};

/// Everything the picture shows.
struct figure {
    const char* title = "";
    const char* subtitle = "";
    plane_box box;
    score_grid scores;
    std::span<const point> points;
    std::span<const double> loss;      ///< per epoch
    std::span<const double> accuracy;  ///< per epoch, fraction in [0, 1]
};

namespace detail {

struct rgb {
    int r, g, b;
};

inline constexpr rgb negative_color{37, 99, 235};  // class -1: blue
inline constexpr rgb positive_color{234, 88, 12};  // class +1: orange
inline constexpr rgb loss_color{124, 58, 237};     // violet
inline constexpr rgb accuracy_color{5, 150, 105};  // green
inline constexpr const char* ink = "#1f2937";
inline constexpr const char* frame = "#9ca3af";
inline constexpr const char* font = "DejaVu Sans, Helvetica, Arial, sans-serif";

// Shading levels per side of the boundary: |score| in [0, 1) (inside the hinge margin),
// [1, 2), [2, 3), [3, 4), >= 4.
inline constexpr int shade_levels = 5;

[[gnu::cold]] inline void hex(std::FILE* f, rgb c) {
    std::fprintf(f, "#%02x%02x%02x", c.r, c.g, c.b);
}

// The class colour mixed with white: weight 0 is white, 1 the full colour.
[[gnu::cold]] inline rgb tint(rgb c, double weight) {
    const auto mix = [weight](int v) {
        return static_cast<int>(std::lround(255 + (v - 255) * weight));
    };
    return {mix(c.r), mix(c.g), mix(c.b)};
}

// The shading level of a score: negative levels below the boundary, positive above, never 0.
[[gnu::cold]] inline int shade_of(double score) {
    const double a = std::fabs(score);
    int level = a >= shade_levels - 1 ? shade_levels : static_cast<int>(a) + 1;
    return score > 0 ? level : -level;
}

[[gnu::cold]] inline rgb shade_color(int level) {
    const double weight = 0.07 + 0.07 * ((level < 0 ? -level : level) - 1);
    return tint(level < 0 ? negative_color : positive_color, weight);
}

// 1, 2 or 5 times a power of ten: a readable tick step for about `count` ticks over `range`.
[[gnu::cold]] inline double nice_step(double range, int count) {
    const double raw = range / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double m = raw / power;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

// A tick label: %g, with a typographic minus sign.
[[gnu::cold]] inline void number_label(char* out, std::size_t size, double v) {
    if (std::fabs(v) < 1e-12) v = 0;  // no "-0" from accumulated steps
    if (v < 0)
        std::snprintf(out, size, "&#8722;%g", -v);
    else
        std::snprintf(out, size, "%g", v);
}

// A plot area on the canvas and the data range it maps.
struct frame_map {
    double left, top, width, height;
    double x_lo, x_hi, y_lo, y_hi;
    double x(double v) const { return left + (v - x_lo) / (x_hi - x_lo) * width; }
    double y(double v) const { return top + height - (v - y_lo) / (y_hi - y_lo) * height; }
};

// Segments of the level set score = level over the grid (marching squares), as one path.
[[gnu::cold]] inline void contour(std::FILE* f, const frame_map& m, const plane_box& b,
                                  std::span<const double> nodes, double level,
                                  const char* attributes) {
    constexpr std::size_t n = grid_cells;
    const double dx = (b.x_max - b.x_min) / n, dy = (b.y_max - b.y_min) / n;
    std::fprintf(f, "<path %s d=\"", attributes);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t i = 0; i < n; ++i) {
            // Corners counter-clockwise from bottom-left, and the edges between them.
            const double v[4] = {nodes[j * (n + 1) + i] - level, nodes[j * (n + 1) + i + 1] - level,
                                 nodes[(j + 1) * (n + 1) + i + 1] - level,
                                 nodes[(j + 1) * (n + 1) + i] - level};
            const double cx[4] = {b.x_min + i * dx, b.x_min + (i + 1) * dx, b.x_min + (i + 1) * dx,
                                  b.x_min + i * dx};
            const double cy[4] = {b.y_min + j * dy, b.y_min + j * dy, b.y_min + (j + 1) * dy,
                                  b.y_min + (j + 1) * dy};
            double px[4], py[4];
            int crossings = 0;
            for (int e = 0; e < 4; ++e) {
                const int k = (e + 1) % 4;
                if ((v[e] > 0) != (v[k] > 0)) {
                    const double t = v[e] / (v[e] - v[k]);
                    px[crossings] = m.x(cx[e] + t * (cx[k] - cx[e]));
                    py[crossings] = m.y(cy[e] + t * (cy[k] - cy[e]));
                    ++crossings;
                }
            }
            // Two crossings: one segment. Four (a saddle): pair them so that the segments
            // separate the corners that disagree with the cell's mean.
            if (crossings == 4 && ((v[0] + v[1] + v[2] + v[3] > 0) != (v[0] > 0))) {
                const double x0 = px[0], y0 = py[0];
                px[0] = px[1], py[0] = py[1], px[1] = px[2], py[1] = py[2];
                px[2] = px[3], py[2] = py[3], px[3] = x0, py[3] = y0;
            }
            for (int s = 0; s + 1 < crossings; s += 2)
                std::fprintf(f, "M%.1f %.1fL%.1f %.1f", px[s], py[s], px[s + 1], py[s + 1]);
        }
    }
    std::fputs("\"/>\n", f);
}

[[gnu::cold]] inline void text(std::FILE* f, double x, double y, const char* anchor,
                               const char* style, const char* content) {
    std::fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n", x, y, anchor,
                 style, content);
}

// The left panel: shaded score, contour lines, data points, axes.
[[gnu::cold]] inline void boundary_panel(std::FILE* f, const frame_map& m, const figure& fig) {
    const plane_box& b = fig.box;
    constexpr std::size_t n = grid_cells;
    // In grid units (one cell = 1 x 1, row 0 at the top), so every coordinate is a small
    // integer. One rect per run of equal shading along a row (~10x fewer elements than one per
    // cell); each reaches to the end of its row and down over the next row, which is drawn
    // later over it, so no background shows between neighbours. Shades are CSS classes.
    std::fprintf(f,
                 "<g clip-path=\"url(#plane)\"><g transform=\"translate(%.2f %.2f) scale(%.4f "
                 "%.4f)\" shape-rendering=\"crispEdges\">\n",
                 m.left, m.top, m.width / n, m.height / n);
    for (std::size_t row = 0; row < n; ++row) {
        const std::size_t j = n - 1 - row;  // cells are stored bottom row first
        std::size_t start = 0;
        for (std::size_t i = 1; i <= n; ++i) {
            const int level = shade_of(fig.scores.cells[j * n + start]);
            if (i < n && shade_of(fig.scores.cells[j * n + i]) == level) continue;
            std::fprintf(f,
                         "<rect x=\"%zu\" y=\"%zu\" width=\"%zu\" height=\"2\" class=\"%c%d\"/>\n",
                         start, row, n - start, level < 0 ? 'n' : 'p', level < 0 ? -level : level);
            start = i;
        }
    }
    std::fputs("</g></g>\n", f);

    std::fprintf(f, "<g clip-path=\"url(#plane)\">\n");
    contour(f, m, b, fig.scores.nodes, -1.0,
            "fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1\" stroke-dasharray=\"4 3\"");
    contour(f, m, b, fig.scores.nodes, 1.0,
            "fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1\" stroke-dasharray=\"4 3\"");
    contour(f, m, b, fig.scores.nodes, 0.0,
            "fill=\"none\" stroke=\"#1f2937\" stroke-width=\"2\" stroke-linecap=\"round\"");
    std::fputs("</g>\n", f);

    for (const point& p : fig.points) {
        std::fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"", m.x(p.x1), m.y(p.x2));
        hex(f, p.label > 0 ? positive_color : negative_color);
        std::fputs("\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>\n", f);
        if (!p.correct)
            std::fprintf(f,
                         "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7.5\" fill=\"none\" stroke=\"%s\" "
                         "stroke-width=\"1.5\"/>\n",
                         m.x(p.x1), m.y(p.x2), ink);
    }

    std::fprintf(f,
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                 "stroke=\"%s\"/>\n",
                 m.left, m.top, m.width, m.height, frame);
    char label[32];
    const char* tick_style = "font-size=\"11\" fill=\"#4b5563\"";
    for (double v = b.x_min; v <= b.x_max + 1e-9; v += b.tick) {
        std::fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                     m.x(v), m.top + m.height, m.x(v), m.top + m.height + 4, frame);
        number_label(label, sizeof label, v);
        text(f, m.x(v), m.top + m.height + 17, "middle", tick_style, label);
    }
    for (double v = b.y_min; v <= b.y_max + 1e-9; v += b.tick) {
        std::fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                     m.left - 4, m.y(v), m.left, m.y(v), frame);
        number_label(label, sizeof label, v);
        text(f, m.left - 7, m.y(v) + 4, "end", tick_style, label);
    }
    text(f, m.left + m.width / 2, m.top + m.height + 38, "middle", "font-size=\"13\"",
         "x<tspan baseline-shift=\"sub\" font-size=\"9\">1</tspan>");
    std::fprintf(
        f,
        "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\" "
        "font-size=\"13\">x<tspan baseline-shift=\"sub\" font-size=\"9\">2</tspan></text>\n",
        m.left - 38, m.top + m.height / 2);
    text(f, m.left, m.top - 10, "start", "font-size=\"14\" font-weight=\"bold\"",
         "Decision boundary of the trained network");
}

// The right panel: loss (left axis) and accuracy (right axis) per epoch.
[[gnu::cold]] inline void training_panel(std::FILE* f, const frame_map& area, const figure& fig) {
    const std::size_t epochs = fig.loss.size();
    double top_loss = 0;
    for (double l : fig.loss) top_loss = l > top_loss ? l : top_loss;
    const double loss_step = nice_step(top_loss > 0 ? top_loss : 1, 5);
    const double loss_max = std::ceil(top_loss / loss_step) * loss_step;
    const double epoch_step = nice_step(static_cast<double>(epochs), 5);
    const frame_map m{area.left,  area.top,
                      area.width, area.height,
                      0,          static_cast<double>(epochs),
                      0,          loss_max > 0 ? loss_max : 1};

    char label[32];
    const char* tick_style = "font-size=\"11\" fill=\"#4b5563\"";
    for (double v = 0; v <= loss_max + 1e-9; v += loss_step) {
        std::fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                     m.left, m.y(v), m.left + m.width, m.y(v), v == 0 ? frame : "#e5e7eb");
        std::snprintf(label, sizeof label, "%g", v);
        text(f, m.left - 7, m.y(v) + 4, "end", tick_style, label);
    }
    for (double e = 0; e <= static_cast<double>(epochs) + 1e-9; e += epoch_step) {
        std::fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                     m.x(e), m.top + m.height, m.x(e), m.top + m.height + 4, frame);
        std::snprintf(label, sizeof label, "%g", e);
        text(f, m.x(e), m.top + m.height + 17, "middle", tick_style, label);
    }
    for (int a = 0; a <= 100; a += 20) {
        const double y = m.top + m.height * (1 - a / 100.0);
        std::fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                     m.left + m.width, y, m.left + m.width + 4, y, frame);
        std::snprintf(label, sizeof label, "%d%%", a);
        text(f, m.left + m.width + 7, y + 4, "start", tick_style, label);
    }
    std::fprintf(f,
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                 "stroke=\"%s\"/>\n",
                 m.left, m.top, m.width, m.height, frame);

    // Epoch k's value is plotted at x = k (epoch 1 is the loss before the first step).
    std::fputs("<polyline fill=\"none\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\" stroke=\"",
               f);
    hex(f, accuracy_color);
    std::fputs("\" points=\"", f);
    for (std::size_t k = 0; k < epochs; ++k)
        std::fprintf(f, "%.1f,%.1f ", m.x(static_cast<double>(k + 1)),
                     m.top + m.height * (1 - fig.accuracy[k]));
    std::fputs(
        "\"/>\n<polyline fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke=\"", f);
    hex(f, loss_color);
    std::fputs("\" points=\"", f);
    for (std::size_t k = 0; k < epochs; ++k)
        std::fprintf(f, "%.1f,%.1f ", m.x(static_cast<double>(k + 1)), m.y(fig.loss[k]));
    std::fputs("\"/>\n", f);

    text(f, m.left + m.width / 2, m.top + m.height + 38, "middle", "font-size=\"13\"",
         "epoch (one full-batch SGD step each)");
    std::fprintf(f,
                 "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\" "
                 "font-size=\"13\" fill=\"",
                 m.left - 42, m.top + m.height / 2);
    hex(f, loss_color);
    std::fputs("\">loss</text>\n", f);
    std::fprintf(f,
                 "<text transform=\"translate(%.1f %.1f) rotate(90)\" text-anchor=\"middle\" "
                 "font-size=\"13\" fill=\"",
                 m.left + m.width + 46, m.top + m.height / 2);
    hex(f, accuracy_color);
    std::fputs("\">training accuracy</text>\n", f);
    text(f, m.left, m.top - 10, "start", "font-size=\"14\" font-weight=\"bold\"",
         "Training: loss and accuracy per epoch");

    // The key, in the band between the two curves once training has settled: the loss ends
    // near 0 and the accuracy near 100%.
    const double kx = m.left + 0.45 * m.width, ky = m.top + 0.42 * m.height;
    std::fprintf(f,
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"150\" height=\"46\" fill=\"#ffffff\" "
                 "fill-opacity=\"0.85\" stroke=\"#e5e7eb\"/>\n",
                 kx, ky);
    std::fprintf(f,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"2\" "
                 "stroke=\"",
                 kx + 10, ky + 15, kx + 30, ky + 15);
    hex(f, loss_color);
    std::fputs("\"/>\n", f);
    text(f, kx + 38, ky + 19, "start", "font-size=\"12\"", "loss");
    std::fprintf(f,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"1.6\" "
                 "stroke-dasharray=\"5 3\" stroke=\"",
                 kx + 10, ky + 32, kx + 30, ky + 32);
    hex(f, accuracy_color);
    std::fputs("\"/>\n", f);
    text(f, kx + 38, ky + 36, "start", "font-size=\"12\"", "training accuracy");
}

// One legend entry: a swatch drawn by `swatch` at (x, y), then its label; returns the x
// after it.
template <class Swatch>
[[gnu::cold]] double legend_entry(std::FILE* f, double x, double y, const char* label,
                                  double label_width, Swatch swatch) {
    swatch(x, y);
    text(f, x + 20, y + 4, "start", "font-size=\"12\"", label);
    return x + 20 + label_width + 22;
}

[[gnu::cold]] inline void legend(std::FILE* f, double x, double y, const figure& fig) {
    const auto dot = [f](rgb c) {
        return [f, c](double cx, double cy) {
            std::fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"", cx + 7, cy);
            hex(f, c);
            std::fputs("\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>\n", f);
        };
    };
    const auto patch = [f](rgb c) {
        return [f, c](double cx, double cy) {
            std::fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"", cx,
                         cy - 5);
            hex(f, c);
            std::fprintf(f, "\" stroke=\"%s\" stroke-width=\"0.5\"/>\n", frame);
        };
    };
    const auto line = [f](const char* attributes) {
        return [f, attributes](double cx, double cy) {
            std::fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", cx, cy,
                         cx + 16, cy, attributes);
        };
    };
    x = legend_entry(f, x, y, "class &#8722;1", 48, dot(negative_color));
    x = legend_entry(f, x, y, "class +1", 48, dot(positive_color));
    std::size_t wrong = 0;
    for (const point& p : fig.points) wrong += !p.correct;
    if (wrong != 0)
        x = legend_entry(f, x, y, "misclassified", 80, [f](double cx, double cy) {
            std::fprintf(f,
                         "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6.5\" fill=\"none\" stroke=\"%s\" "
                         "stroke-width=\"1.5\"/>\n",
                         cx + 7, cy, ink);
        });
    x = legend_entry(f, x, y, "score &lt; 0", 56, patch(shade_color(-3)));
    x = legend_entry(f, x, y, "score &gt; 0", 56, patch(shade_color(3)));
    x = legend_entry(f, x, y, "boundary (score 0)", 116,
                     line("stroke=\"#1f2937\" stroke-width=\"2\""));
    x = legend_entry(f, x, y, "margin (score &#177;1)", 124,
                     line("stroke=\"#6b7280\" stroke-dasharray=\"4 3\""));
}

[[gnu::cold]] inline void svg(std::FILE* f, const figure& fig) {
    const plane_box& b = fig.box;
    // The plane is drawn to scale (one unit is as long on both axes), so the moons keep
    // their shape; its height follows from its width.
    const double plane_width = 440;
    double plane_height = plane_width * (b.y_max - b.y_min) / (b.x_max - b.x_min);
    plane_height = plane_height < 220 ? 220 : plane_height > 440 ? 440 : plane_height;
    const double top = 96, left = 64;
    const frame_map plane{left, top, plane_width, plane_height, b.x_min, b.x_max, b.y_min, b.y_max};
    const frame_map training{left + plane_width + 96, top, 340, plane_height, 0, 1, 0, 1};
    const double width = training.left + training.width + 72;
    const double height = top + plane_height + 96;

    std::fprintf(f,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                 "viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" fill=\"%s\">\n",
                 width, height, width, height, font, ink);
    std::fprintf(f,
                 "<defs><clipPath id=\"plane\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                 "height=\"%.1f\"/></clipPath></defs>\n",
                 plane.left, plane.top, plane.width, plane.height);
    std::fputs("<style>", f);
    for (int level = 1; level <= shade_levels; ++level) {
        std::fprintf(f, ".n%d{fill:", level);
        hex(f, shade_color(-level));
        std::fprintf(f, "}.p%d{fill:", level);
        hex(f, shade_color(level));
        std::fputs("}", f);
    }
    std::fputs("</style>\n", f);
    std::fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    text(f, left - 40, 34, "start", "font-size=\"20\" font-weight=\"bold\"", fig.title);
    text(f, left - 40, 58, "start", "font-size=\"13\" fill=\"#4b5563\"", fig.subtitle);
    boundary_panel(f, plane, fig);
    training_panel(f, training, fig);
    legend(f, left - 40, top + plane_height + 72, fig);
    std::fputs("</svg>\n", f);
}

}  // namespace detail

/// Writes `fig` as an SVG file at `path`, atomically: the picture goes to a temporary file
/// next to `path`, is flushed to disk, then renamed over `path`, so that a reader (or a
/// crash) never sees half a picture. Returns 0, or the errno of the step that failed, with
/// a description in `error` (the temporary file is removed).
[[gnu::cold]] inline int write_svg(const char* path, const figure& fig, char* error,
                                   std::size_t error_size) {
    char temporary[4096];
    const int length = std::snprintf(temporary, sizeof temporary, "%s.tmp-%ld", path,
                                     static_cast<long>(::getpid()));
    if (length < 0 || static_cast<std::size_t>(length) >= sizeof temporary) {
        std::snprintf(error, error_size, "the path is too long");
        return ENAMETOOLONG;
    }
    const int fd = ::open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    std::FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "w");
    if (f == nullptr) {
        const int e = errno;
        if (fd >= 0) ::close(fd);
        std::snprintf(error, error_size, "cannot create %s: %s", temporary, std::strerror(e));
        return e;
    }
    detail::svg(f, fig);
    const bool written = std::fflush(f) == 0 && !std::ferror(f) && ::fsync(::fileno(f)) == 0;
    const int e = errno;
    if (std::fclose(f) != 0 || !written) {
        const int why = written ? errno : e;
        ::unlink(temporary);
        std::snprintf(error, error_size, "cannot write %s: %s", temporary, std::strerror(why));
        return why;
    }
    if (std::rename(temporary, path) != 0) {
        const int why = errno;
        ::unlink(temporary);
        std::snprintf(error, error_size, "cannot rename %s to %s: %s", temporary, path,
                      std::strerror(why));
        return why;
    }
    return 0;
}

}  // namespace demo
